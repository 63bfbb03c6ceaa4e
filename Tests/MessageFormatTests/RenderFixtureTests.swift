import Foundation
import ICU
import MessageFormat
import RenderCorpus
import TestSupport
import Testing

/// Renders must match ICU4C's MessageFormat byte for byte. The expected texts were produced by
/// ICU4C itself (Tools/make-render-fixtures.py).
@Suite("Rendering matches ICU4C")
struct RenderFixtureTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var line: CorpusLine
        var expected: String
        var testDescription: String { "\(line.locale): \(line.message) \(line.arguments.dictionary)" }
    }

    struct Expected: Decodable {
        var expected: String
    }

    struct File<T: Decodable>: Decodable {
        var cases: [T]
    }

    static func cases() throws -> [Case] {
        let data = try Fixture.data("render.json")
        let lines = try JSONDecoder().decode(File<CorpusLine>.self, from: data).cases
        let expected = try JSONDecoder().decode(File<Expected>.self, from: data).cases
        return zip(lines, expected).map { Case(line: $0, expected: $1.expected) }
    }

    @Test("fixtures from ICU4C", arguments: try cases())
    func fixture(_ fixture: Case) throws {
        let compiled = try CompiledMessage(fixture.line.message, locale: LocaleID(fixture.line.locale))
        #expect(compiled.render(fixture.line.arguments).text == fixture.expected)
    }

    @Test("many plural forms are covered", arguments: ["ar", "cy", "ru", "pl", "lt", "ga", "sl"])
    func pluralLocales(locale: String) throws {
        let rules = try PluralRules(locale: LocaleID(locale))
        let cases = try Self.cases().filter { $0.line.locale == locale && $0.line.message.contains("plural") }
        var reached: Set<PluralCategory> = []
        for fixture in cases {
            if case .integer(let value) = fixture.line.arguments["n"] { reached.insert(rules.category(for: Double(value))) }
            if case .double(let value) = fixture.line.arguments["n"] { reached.insert(rules.category(for: value, formattedBy: try NumberFormat(.decimal, locale: LocaleID(locale)))) }
        }
        #expect(reached == rules.categories)
    }

    @Test("the shared corpus renders exactly as ICU4C",
          .enabled(if: Shared.exists("bench/render-corpus.icu4c.jsonl"), "needs ../shared/bench (not in a plain clone)"))
    func sharedCorpus() throws {
        let lines = try CorpusLine.read(contentsOf: Shared.url("bench/render-corpus.jsonl").path)
        let reference = try String(contentsOf: Shared.url("bench/render-corpus.icu4c.jsonl"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        #expect(lines.count == reference.count)
        for (line, expected) in zip(lines, reference) {
            #expect(CorpusRenderer.render(line) == expected)
        }
    }
}
