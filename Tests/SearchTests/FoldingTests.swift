import ICU
import Testing
@testable import Search

/// Folding: terms compare as ICU's collation at primary strength compares words.
@Suite struct FoldingTests {
    func term(_ word: String, _ tag: String) throws -> Term {
        try TermFolder(locale: LocaleID(tag)).term(word)
    }

    @Test(arguments: [
        ("reembolso", "reembolsó", "es"), ("REEMBOLSO", "reembolso", "es"), ("ＲＥＦＵＮＤ", "refund", "en"),
        ("ばん", "バン", "ja"), ("Konto", "KONTO", "de"), ("hesabım", "HESABIM", "tr"), ("tài", "tai", "vi"),
    ])
    func foldsCaseAccentsAndWidth(_ a: String, _ b: String, _ tag: String) throws {
        #expect(try term(a, tag) == term(b, tag))
    }

    @Test func keepsDifferentLettersApart() throws {
        #expect(try term("refund", "en") != term("refunds", "en"))
        // Swedish sorts ö as its own letter, after z; German folds it to o.
        #expect(try term("ö", "sv") != term("o", "sv"))
        #expect(try term("ö", "de") == term("o", "de"))
    }

    @Test func aPrefixIsAKeyPrefix() throws {
        let folder = try TermFolder(locale: LocaleID("en"))
        #expect(folder.term("refunded").hasPrefix(folder.term("refund")))
        let spanish = try TermFolder(locale: LocaleID("es"))
        #expect(spanish.term("reembolsado").hasPrefix(spanish.term("REEMB")))
    }

    @Test func unspacedScriptsBreakIntoWords() throws {
        #expect(try TermFolder(locale: LocaleID("th")).words(in: "เหรียญไม่เข้า").count >= 2)
        #expect(try TermFolder(locale: LocaleID("zh-Hans")).words(in: "直播的时候观众说画面一直卡").count >= 5)
        #expect(try TermFolder(locale: LocaleID("ja")).words(in: "返金がまだ届きません").count >= 3)
    }
}
