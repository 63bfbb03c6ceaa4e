import ICU
import TestSupport
import Testing

@Suite("Number and date formats")
struct FormattingTests {
    @Test("number skeletons", arguments: [
        ("en", "currency/EUR", 1234.5, "€1,234.50"),
        ("de", "currency/EUR", 1234.5, "1.234,50\u{A0}€"),
        ("en", "percent", 0.25, "0.25%"),
        ("en", "percent scale/100", 0.25, "25%"),
        ("en", "compact-short", 12345, "12K"),
        ("ja", "compact-short", 12345, "1.2万"),
        ("en", ".00", 3, "3.00"),
        ("fr", ".00", 1234.5, "1\u{202F}234,50"),
        ("en-IN", "group-auto", 12345678, "1,23,45,678"),
    ])
    func skeleton(locale: String, skeleton: String, value: Double, expected: String) throws {
        #expect(try NumberFormat(.skeleton(skeleton), locale: LocaleID(locale)).format(value) == expected)
    }

    @Test("a bad skeleton is an error with an offset")
    func badSkeleton() throws {
        let error = try #require(throws: ICUError.self) { try NumberFormat(.skeleton("currency/EURO"), locale: LocaleID("en")) }
        #expect(error.name == "U_NUMBER_SKELETON_SYNTAX_ERROR")
    }

    @Test("decimal strings are formatted exactly")
    func decimals() throws {
        let format = try NumberFormat(.skeleton(".00"), locale: LocaleID("en"))
        #expect(try format.format(decimal: "12345678901234567.25") == "12,345,678,901,234,567.25")
        #expect(throws: ICUError.self) { try format.format(decimal: "twelve") }
    }

    /// The verified integer layout must agree with ICU's own formatting beyond its samples.
    @Test("integers are written as ICU writes them, in every numbering system",
          arguments: ["en", "ar", "ar-EG", "hi", "en-IN", "fa", "bn", "es", "pl", "fr", "de-CH", "my", "mr", "ru", "zh"])
    func integers(locale: String) throws {
        for style in [NumberFormat.Style.decimal, .integer] {
            let format = try NumberFormat(style, locale: LocaleID(locale))
            var generator = SplitMix(seed: 7)
            for _ in 0..<2000 {
                let value = Int64(generator.next() % 1_000_000_000_000) >> (generator.next() % 40)
                #expect(format.format(value) == format.formatWithICU(value), "\(value)")
                #expect(format.format(Double(value)) == format.formatWithICU(Double(value)), "\(value)")
            }
            #expect(format.format(Int64(-1234)) == format.formatWithICU(Int64(-1234)))
        }
        #expect(try NumberFormat(.decimal, locale: LocaleID("en")).format(Int64(1_234_567)) == "1,234,567")
        #expect(try NumberFormat(.decimal, locale: LocaleID("ar")).format(Int64(1_234)) == "١٬٢٣٤")
    }

    @Test("spelled-out and ordinal numbers")
    func ruleBased() throws {
        #expect(try NumberFormat(.spellout(ruleSet: ""), locale: LocaleID("en")).format(Int64(42)) == "forty-two")
        #expect(try NumberFormat(.ordinal(ruleSet: ""), locale: LocaleID("en")).format(Int64(3)) == "3rd")
        let ordinalWords = try NumberFormat(.spellout(ruleSet: "%spellout-ordinal"), locale: LocaleID("en"))
        #expect(ordinalWords.format(Int64(3)) == "third")
        #expect(ordinalWords.hasRuleSet("%spellout-ordinal"))
        #expect(!ordinalWords.hasRuleSet("%nonsense"))
    }

    @Test("date styles in a time zone")
    func dates() throws {
        let instant = 1_773_477_000_000.0  // 2026-03-14T08:30:00Z
        #expect(try DateFormat(date: .long, locale: LocaleID("de")).format(millisecondsSince1970: instant) == "14. März 2026")
        #expect(try DateFormat(date: nil, time: .short, locale: LocaleID("en"), timeZone: "America/New_York")
            .format(millisecondsSince1970: instant) == "4:30\u{202F}AM")
        #expect(try DateFormat(skeleton: "yMMMd", locale: LocaleID("ja")).format(millisecondsSince1970: instant) == "2026年3月14日")
        #expect(try DateFormat(pattern: "EEEE d MMMM", locale: LocaleID("fr")).format(millisecondsSince1970: instant) == "samedi 14 mars")
        #expect(DateFormat.isKnownTimeZone("Europe/Paris"))
        #expect(!DateFormat.isKnownTimeZone("Mars/Olympus_Mons"))
    }

    /// The verified date layout must agree with ICU's own formatting on instants it was not checked on.
    @Test("dates written without ICU match ICU", arguments: ["en", "fr", "de", "ru", "ar-EG", "ja", "zh-Hant-TW", "ko", "es-MX", "hi", "pl", "tr", "th", "fa", "he", "vi"])
    func layoutMatchesICU(locale: String) throws {
        var generator = SplitMix(seed: 42)
        for style in [DateFormat.Length.full, .long, .medium, .short] {
            let layoutFormat = try DateFormat(date: style, time: style, locale: LocaleID(locale))
            for _ in 0..<300 {
                let instant = Double(generator.next() % 8_000_000_000_000) - 2_000_000_000_000
                #expect(layoutFormat.format(millisecondsSince1970: instant) == layoutFormat.formatWithICU(millisecondsSince1970: instant),
                        "\(locale) \(style) \(instant)")
            }
        }
    }

    @Test("collation orders by the locale's rules")
    func collation() throws {
        let swedish = try Collator(locale: LocaleID("sv"))
        #expect(["ö", "z", "a", "å"].sorted(by: swedish.areInIncreasingOrder) == ["a", "z", "å", "ö"])
        let german = try Collator(locale: LocaleID("de"))
        #expect(["ö", "z", "a"].sorted(by: german.areInIncreasingOrder) == ["a", "ö", "z"])
        let loose = try Collator(locale: LocaleID("fr"), strength: .primary)
        #expect(loose.areEqual("résumé", "RESUME"))
        let numeric = try Collator(locale: LocaleID("en"), numeric: true)
        #expect(["item 10", "item 2"].sorted(by: numeric.areInIncreasingOrder) == ["item 2", "item 10"])
        #expect(swedish.sortKey("a").lexicographicallyPrecedes(swedish.sortKey("ö")))
    }

    @Test("word breaking uses dictionaries where words have no spaces")
    func words() throws {
        #expect(try WordBreaker(locale: LocaleID("en")).words(in: "Where's my refund? #123").map(String.init) == ["Where's", "my", "refund", "123"])
        #expect(try WordBreaker(locale: LocaleID("th")).words(in: "สวัสดีครับ").count == 2)
        #expect(try WordBreaker(locale: LocaleID("ja")).words(in: "返金はまだですか").count >= 3)
        let segments = try WordBreaker(locale: LocaleID("en")).segments(of: "a, b")
        #expect(segments.map(\.text).joined() == "a, b")
    }

    @Test("scripts of code points")
    func scripts() {
        #expect(Script.of("a") == .latin)
        #expect(Script.of("ж") == .cyrillic)
        #expect(Script.of("中") == .han)
        #expect(Script.of("あ") == .hiragana)
        #expect(Script.of("ア") == .katakana)
        #expect(Script.of("한") == .hangul)
        #expect(Script.of("ก") == .thai)
        #expect(Script.of("ー").isShared)
        #expect(Script.hiragana.isUsed(with: "ー") && Script.katakana.isUsed(with: "ー"))
        #expect(Script.of("1") == .common)
        #expect(Script(identifier: "Grek") == .greek)
        #expect(Script.arabic.identifier == "Arab")
    }
}
