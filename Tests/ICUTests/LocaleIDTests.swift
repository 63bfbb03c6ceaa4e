import ICU
import Testing

@Suite("Locale tags")
struct LocaleIDTests {
    @Test("canonicalizes BCP 47 tags", arguments: [
        ("en-us", "en-US"), ("iw", "he"), ("es_419", "es-419"), ("zh-hant-tw", "zh-Hant-TW"),
        ("sr-latn", "sr-Latn"), ("in", "id"), ("EN", "en"), ("und", "und"),
    ])
    func canonical(input: String, expected: String) throws {
        #expect(try LocaleID(input).tag == expected)
    }

    @Test("rejects tags that are not well-formed", arguments: ["", "not a tag", "en-", "e", "en--US", "x"])
    func rejects(input: String) {
        #expect(throws: ICUError.self) { try LocaleID(input) }
    }

    @Test("adds and removes likely subtags")
    func likelySubtags() throws {
        #expect(try LocaleID("zh-TW").maximized.tag == "zh-Hant-TW")
        #expect(try LocaleID("ja").maximized.tag == "ja-Jpan-JP")
        #expect(try LocaleID("sr").maximized.tag == "sr-Cyrl-RS")
        #expect(try LocaleID("zh-Hant-TW").minimized.tag == "zh-TW")
        #expect(try LocaleID("en-Latn-US").minimized.tag == "en")
    }

    @Test("splits subtags")
    func subtags() throws {
        let tag = try LocaleID("zh-Hant-TW")
        #expect(tag.language == "zh")
        #expect(tag.script == "Hant")
        #expect(tag.region == "TW")
        #expect(try LocaleID("es-419").region == "419")
        #expect(try LocaleID("de").script == nil)
    }

    @Test("names locales in other languages")
    func displayNames() throws {
        #expect(try LocaleID("es-MX").displayName(in: LocaleID("en")) == "Spanish (Mexico)")
        #expect(try LocaleID("de").displayName(in: LocaleID("fr")) == "allemand")
        #expect(try LocaleID("ja").displayName(in: LocaleID("ja")) == "日本語")
    }

    @Test("fallback chains follow CLDR parent locales, not truncation", arguments: [
        ("es-MX", ["es-MX", "es-419", "es"]),
        ("es-AR", ["es-AR", "es-419", "es"]),
        ("pt-AO", ["pt-AO", "pt-PT", "pt"]),
        ("pt-BR", ["pt-BR", "pt"]),
        ("zh-HK", ["zh-HK", "zh-Hant-HK", "zh-Hant"]),
        ("zh-TW", ["zh-TW", "zh-Hant-TW", "zh-Hant"]),
        ("zh-Hant", ["zh-Hant"]),
        ("zh-CN", ["zh-CN", "zh"]),
        ("en-IN", ["en-IN", "en-001", "en"]),
        ("en-AU", ["en-AU", "en-001", "en"]),
        ("en-US", ["en-US", "en"]),
        ("sr-Latn-RS", ["sr-Latn-RS", "sr-Latn"]),
        ("de-CH", ["de-CH", "de"]),
        ("fr", ["fr"]),
    ])
    func fallbackChain(tag: String, expected: [String]) throws {
        #expect(try LocaleID(tag).fallbackChain.map(\.tag) == expected)
    }

    @Test("reads Accept-Language by weight, then order")
    func acceptLanguage() {
        #expect(AcceptLanguage.parse("fr-CH, fr;q=0.9, en;q=0.8, de;q=0.7, *;q=0.5").map(\.tag) == ["fr-CH", "fr", "en", "de"])
        #expect(AcceptLanguage.parse("en;q=0.5, es-MX").map(\.tag) == ["es-MX", "en"])
        #expect(AcceptLanguage.parse("da, en-gb;q=0.8, en;q=0").map(\.tag) == ["da", "en-GB"])
        #expect(AcceptLanguage.parse("!!, ;;, ").isEmpty)
    }
}
