import Catalog
import Foundation
import MessageFormat
import Testing

@Suite("JSON arguments: one mapping for the API and the corpora")
struct JSONArgumentTests {
    @Test("strings, booleans, integers and other numbers keep their type")
    func scalars() throws {
        #expect(try JSONArgument.value(of: .string("Alex"), name: "name") == .string("Alex"))
        #expect(try JSONArgument.value(of: .bool(true), name: "flag") == .string("true"))
        #expect(try JSONArgument.value(of: .number("3", isInteger: true), name: "count") == .integer(3))
        #expect(try JSONArgument.value(of: .number("2.5", isInteger: false), name: "rate") == .double(2.5))
        // Past 64 bits an integer is still a number, not an error.
        #expect(try JSONArgument.value(of: .number("18446744073709551616", isInteger: true), name: "big") == .double(18446744073709551616))
    }

    @Test("{\"date\": …} is an instant, from ISO 8601 text or milliseconds; {\"decimal\": …} an exact number")
    func objects() throws {
        let fromText = try JSONArgument.value(of: .object([("date", .string("2026-01-05T10:00:00Z"))]), name: "when")
        #expect(fromText == .date(millisecondsSince1970: 1_767_607_200_000))
        let fromDay = try JSONArgument.value(of: .object([("date", .string("2026-01-05"))]), name: "when")
        #expect(fromDay == .date(millisecondsSince1970: 1_767_571_200_000))
        let fromMilliseconds = try JSONArgument.value(of: .object([("date", .number("1767607200000", isInteger: true))]), name: "when")
        #expect(fromMilliseconds == fromText)
        #expect(try JSONArgument.value(of: .object([("decimal", .string("19.99"))]), name: "amount") == .decimal("19.99"))
    }

    @Test("what is not an argument is a problem naming the argument", arguments: [
        JSONValue.null, .array([]), .object([]), .object([("date", .string("next tuesday"))]), .object([("date", .bool(true))]),
        .object([("decimal", .string("19,99"))]), .object([("decimal", .number("19.99", isInteger: false))]),
        .object([("decimal", .string("1e99999"))]), .number("1e400", isInteger: false),
    ])
    func refused(_ value: JSONValue) {
        #expect(throws: JSONArgument.Problem.self) { try JSONArgument.value(of: value, name: "x") }
        do { _ = try JSONArgument.value(of: value, name: "amount") } catch { #expect(error.description.contains("'amount'")) }
    }

    @Test("a whole object of arguments, read through Codable as the corpora are")
    func decoded() throws {
        let json = #"{"name": "Alex", "count": 2, "when": {"date": "2026-01-05"}, "ok": false}"#
        let value = try JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
        guard case .object(let members) = value else { Issue.record("not an object: \(value)"); return }
        let arguments = try JSONArgument.arguments(of: members)
        #expect(arguments["name"] == .string("Alex"))
        #expect(arguments["count"] == .integer(2))
        #expect(arguments["when"] == .date(millisecondsSince1970: 1_767_571_200_000))
        #expect(arguments["ok"] == .string("false"))
    }
}
