import Catalog
import ICU
import Testing
import TestSupport

@Suite("Usage: how requested locales are named")
struct UsageLocaleTests {
    let workspace = Workspace(id: 1, name: "support", defaultLocale: try! LocaleID("en"),
                              locales: ["en", "es-419", "ko", "zh-Hans", "pt-BR"].map { try! LocaleID($0) })

    func label(_ tag: String) throws -> String {
        UsageLocale.label(for: try LocaleID(tag), in: workspace)
    }

    @Test("a workspace locale, or one meaning the same, is named as the workspace names it")
    func workspaceLocales() throws {
        #expect(try label("es-419") == "es-419")
        #expect(try label("ko-KR") == "ko")
        #expect(try label("zh-CN") == "zh-Hans")
        #expect(try label("pt") == "pt-BR")  // pt means pt-Latn-BR
        #expect(try label("en-US") == "en")
    }

    @Test("other locales keep language, script and region when ICU knows the locale, else the language, else und")
    func otherLocales() throws {
        #expect(try label("es-MX") == "es-MX")
        #expect(try label("pt-AO") == "pt-AO")
        #expect(try label("zh-Hant-HK") == "zh-Hant-HK")
        #expect(try label("es-MX-u-ca-buddhist") == "es-MX")
        #expect(try label("de-AQ") == "de")     // a region ICU has no German for
        #expect(try label("sw") == "sw")
        #expect(try label("qab-QM") == UsageLocale.unknown)
        #expect(try label("tlh") == UsageLocale.unknown)
    }

    @Test("100 000 random valid tags fall into a few hundred names at most")
    func bounded() throws {
        var random = SplitMix(seed: 15)
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var names: Set<String> = []
        for _ in 0..<100_000 {
            let language = String((0..<(2 + Int(random.next() % 2))).map { _ in letters[Int(random.next() % 26)] })
            let region = String((0..<2).map { _ in letters[Int(random.next() % 26)] }).uppercased()
            guard let locale = try? LocaleID("\(language)-\(region)") else { continue }
            names.insert(UsageLocale.label(for: locale, in: workspace))
        }
        // Every name is a workspace locale, a locale ICU has data for, or und.
        for name in names where name != UsageLocale.unknown && !workspace.locales.map(\.tag).contains(name) {
            #expect(try LocaleID(name).hasOwnData, "\(name)")
        }
        #expect(names.count < 1_000)
    }
}
