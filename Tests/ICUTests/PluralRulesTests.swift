import Foundation
import ICU
import TestSupport
import Testing

@Suite("Plural rules")
struct PluralRulesTests {
    struct Sample: Decodable, CustomTestStringConvertible {
        var locale: String
        var type: String
        var category: String
        var integers: [Double]
        var decimals: [String]
        var testDescription: String { "\(locale) \(type) \(category)" }
    }

    struct File: Decodable {
        var cases: [Sample]
    }

    static func allSamples() throws -> [Sample] {
        try JSONDecoder().decode(File.self, from: Fixture.data("plural-samples.json")).cases
    }

    @Test("CLDR's samples reach every category", arguments: try allSamples())
    func samples(_ sample: Sample) throws {
        let rules = try PluralRules(locale: LocaleID(sample.locale), type: sample.type == "ordinal" ? .ordinal : .cardinal)
        let expected = try #require(PluralCategory(keyword: sample.category))
        #expect(rules.categories.contains(expected))
        for value in sample.integers {
            #expect(rules.category(for: value) == expected, "\(value)")
        }
        for text in sample.decimals {
            #expect(rules.category(forDecimal: text) == expected, "\(text)")
        }
    }

    @Test("every category of en, fr, ru, ar, cy and ja has samples")
    func coverage() throws {
        let samples = try Self.allSamples()
        for (locale, type) in [("en", "cardinal"), ("en", "ordinal"), ("fr", "cardinal"), ("ru", "cardinal"),
                               ("ar", "cardinal"), ("cy", "cardinal"), ("ja", "cardinal")] {
            let rules = try PluralRules(locale: LocaleID(locale), type: type == "ordinal" ? .ordinal : .cardinal)
            let covered = Set(samples.filter { $0.locale == locale && $0.type == type }.compactMap { PluralCategory(keyword: $0.category) })
            #expect(covered == rules.categories, "\(locale) \(type)")
        }
    }

    @Test("the category depends on the number as displayed")
    func displayedNumber() throws {
        let english = try PluralRules(locale: LocaleID("en"))
        let plain = try NumberFormat(.decimal, locale: LocaleID("en"))
        let twoDecimals = try NumberFormat(.pattern("0.00"), locale: LocaleID("en"))
        #expect(english.category(for: 1, formattedBy: plain) == .one)
        #expect(english.category(for: 1, formattedBy: twoDecimals) == .other)  // "1.00"
        #expect(english.category(forDecimal: "1") == .one)
        #expect(english.category(forDecimal: "1.0") == .other)
    }

    @Test("knows which categories a locale uses")
    func categories() throws {
        #expect(try PluralRules(locale: LocaleID("ja")).categories == [.other])
        #expect(try PluralRules(locale: LocaleID("ru")).categories == [.one, .few, .many, .other])
        #expect(try PluralRules(locale: LocaleID("ar")).categories == Set(PluralCategory.allCases))
        #expect(try PluralRules(locale: LocaleID("pl")).categories == [.one, .few, .many, .other])
    }
}
