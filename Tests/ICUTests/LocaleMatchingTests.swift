import Foundation
import ICU
import TestSupport
import Testing

/// The 13 locale-negotiation cases of `shared/conformance/locale-matching`, cross-checked by
/// their authors against ICU4J.
@Suite("Locale matching", .enabled(if: Shared.exists("conformance/locale-matching/locale-match-fixtures.json"),
                                   "needs ../shared/conformance/locale-matching (not in a plain clone)"))
struct LocaleMatchingTests {
    struct Case: Decodable, CustomTestStringConvertible {
        var description: String
        var requested: [String]
        var supported: [String]
        var expected: String
        var testDescription: String { description }
    }

    static func cases() throws -> [Case] {
        guard Shared.exists("conformance/locale-matching/locale-match-fixtures.json") else { return [] }
        let data = try Data(contentsOf: Shared.url("conformance/locale-matching/locale-match-fixtures.json"))
        return try JSONDecoder().decode([Case].self, from: data)
    }

    @Test("all fixtures are present")
    func count() throws {
        #expect(try Self.cases().count == 13)
    }

    @Test("negotiates as ICU's LocaleMatcher", arguments: try cases())
    func negotiates(_ fixture: Case) throws {
        let supported = try fixture.supported.map { try LocaleID($0) }
        let index = LocaleID.bestMatch(for: try fixture.requested.map { try LocaleID($0) }, in: supported)
        let chosen = try #require(index)
        #expect(fixture.supported[chosen] == fixture.expected)
    }

    @Test("finds no match when nothing is close")
    func noMatch() throws {
        #expect(LocaleID.bestMatch(for: [try LocaleID("ja")], in: [try LocaleID("de"), try LocaleID("fr")]) == nil)
    }
}
