import ICU
import MessageFormat
import Testing

@Suite("Rendering with typed arguments")
struct RenderTests {
    let english = try! LocaleID("en")

    @Test("a missing argument shows as {name} and is reported")
    func missing() throws {
        let message = try CompiledMessage("Hi {name}, {n, plural, one {# item} other {# items}}", locale: english)
        let rendered = message.render([:])
        #expect(rendered.text == "Hi {name}, {n}")
        #expect(rendered.issues.map(\.kind) == [.missingArgument, .missingArgument])
        #expect(rendered.issues.map(\.argument) == ["name", "n"])
    }

    @Test("strict rendering refuses problems")
    func strict() throws {
        let message = try CompiledMessage("Hi {name}", locale: english)
        #expect(throws: RenderError.self) { try message.renderStrict([:]) }
        #expect(try message.renderStrict(["name": "Ana"]) == "Hi Ana")
    }

    @Test("values of the wrong type are reported")
    func wrongType() throws {
        let number = try CompiledMessage("{n, number}", locale: english)
        #expect(number.render(["n": "many"]).text == "{n}")
        #expect(number.render(["n": "many"]).issues.first?.kind == .wrongType)
        #expect(number.render(["n": "12.5"]).text == "12.5")  // a numeric string is a number
        let plural = try CompiledMessage("{n, plural, one {one} other {other}}", locale: english)
        #expect(plural.render(["n": "lots"]).text == "other")
        #expect(plural.render(["n": "lots"]).issues.first?.kind == .wrongType)
        let select = try CompiledMessage("{g, select, a {A} other {O}}", locale: english)
        #expect(select.render(["g": 1]).text == "O")
        #expect(select.render(["g": 1]).issues.first?.kind == .wrongType)
    }

    @Test("typed values: decimals exactly, dates from ISO 8601 or milliseconds, in a time zone")
    func typedValues() throws {
        let money = try CompiledMessage("{a, number, ::currency/USD}", locale: english)
        #expect(money.render(["a": .decimal("12345678901234.56")]).text == "$12,345,678,901,234.56")
        let date = try CompiledMessage("{d, date, medium} {d, time, short}", locale: english, timeZone: "Asia/Tokyo")
        #expect(date.render(["d": .date(iso8601: "2026-01-05T23:30:00Z")!]).text == "Jan 6, 2026 8:30\u{202F}AM")
        #expect(date.render(["d": .date(millisecondsSince1970: 1_767_655_800_000)]).text == "Jan 6, 2026 8:30\u{202F}AM")
        #expect(date.render(["d": "2026-01-05T23:30:00+01:00"]).text == "Jan 6, 2026 7:30\u{202F}AM")
        #expect(date.render(["d": "not a date"]).issues.first?.kind == .wrongType)
    }

    @Test("ISO 8601 forms", arguments: [
        ("1970-01-01", 0.0), ("1970-01-01T00:00:01Z", 1000), ("2026-01-05T10:00:00Z", 1_767_607_200_000),
        ("2026-01-05T10:00:00.250Z", 1_767_607_200_250), ("2026-01-05T12:00:00+02:00", 1_767_607_200_000),
        ("1969-12-31T23:59:59Z", -1000),
    ])
    func iso8601(text: String, millis: Double) {
        #expect(ArgumentValue.date(iso8601: text) == .date(millisecondsSince1970: millis))
    }

    @Test("malformed ISO 8601 is not a date", arguments: ["2026-13-01", "2026-02-30", "2026-01-05T25:00:00Z", "yesterday", "2026-01-05T10:00:00X"])
    func notISO8601(text: String) {
        #expect(ArgumentValue.date(iso8601: text) == nil)
    }

    @Test("output is limited and cut on a character boundary")
    func outputLimit() throws {
        let message = try CompiledMessage("{a}{a}{a}{a}", locale: english)
        let rendered = message.render(["a": .string(String(repeating: "é", count: 100))], options: RenderOptions(maxOutputBytes: 301))
        #expect(rendered.text.utf8.count <= 301)
        #expect(rendered.text.allSatisfy { $0 == "é" })
        #expect(rendered.issues.contains { $0.kind == .outputLimit })
    }

    @Test("rendering into a byte buffer gives the same text")
    func intoBuffer() throws {
        let message = try CompiledMessage("{n, plural, one {# vidéo} other {# vidéos}} pour {name}", locale: LocaleID("fr"))
        var buffer = UTF8Buffer()
        buffer.append("> ")
        let issues = message.render(["n": 3, "name": "Léa"], into: &buffer)
        #expect(issues.isEmpty)
        #expect(buffer.string == "> 3 vidéos pour Léa")
    }

    @Test("compiled messages render concurrently")
    func concurrent() async throws {
        let message = try CompiledMessage("{n, plural, one {# report} other {# reports}} on {d, date, long}", locale: english)
        let results = await withTaskGroup(of: String.self) { group in
            for n in 0..<64 {
                group.addTask { message.render(["n": .integer(Int64(n)), "d": .date(iso8601: "2026-01-05")!]).text }
            }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(results).count == 64)
        #expect(results.contains("1 report on January 5, 2026"))
    }

    @Test("arguments behave as a small dictionary")
    func arguments() {
        var arguments: MessageArguments = ["a": 1, "b": "x"]
        arguments["a"] = 2
        arguments["c"] = 3.5
        arguments["b"] = nil
        #expect(arguments["a"] == 2)
        #expect(arguments["b"] == nil)
        #expect(arguments.dictionary == ["a": 2, "c": 3.5])
    }
}
