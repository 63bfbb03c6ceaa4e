import MessageFormat

/// A JSON value as Parley's readers hand it on: numbers keep the text they were written as, so an
/// integer stays exact however large and a decimal is not rounded through binary.
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number as written, and whether it has no fraction or exponent.
    case number(String, isInteger: Bool)
    case string(String)
    case array([JSONValue])
    /// Members in the order written.
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): true
        case (.bool(let a), .bool(let b)): a == b
        case (.number(let a, _), .number(let b, _)): a == b
        case (.string(let a), .string(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.object(let a), .object(let b)): a.map(\.0) == b.map(\.0) && a.map(\.1) == b.map(\.1)
        default: false
        }
    }

    /// An object's member, the first of that name; nil for other values.
    @inlinable
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.0 == key }?.1
    }
}

extension JSONValue: Decodable {
    /// For readers that go through Codable (render corpora): integers that fit 64 bits keep their
    /// digits, other numbers are read as doubles.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let flag = try? container.decode(Bool.self) {
            self = .bool(flag)
        } else if let integer = try? container.decode(Int64.self) {
            self = .number(String(integer), isInteger: true)
        } else if let number = try? container.decode(Double.self) {
            self = .number(String(number), isInteger: false)
        } else if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if let items = try? container.decode([JSONValue].self) {
            self = .array(items)
        } else {
            let members = try decoder.container(keyedBy: AnyKey.self)
            self = .object(try members.allKeys.map { ($0.stringValue, try members.decode(JSONValue.self, forKey: $0)) })
        }
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

/// A message argument as JSON gives it, the one mapping every reader uses (render, batch, suggest,
/// Rasa's slots and the CLI's corpora):
///
/// - a string is text, a boolean is the text `true` or `false`;
/// - an integer that fits 64 bits is an integer, any other number a double;
/// - `{"date": "2026-01-05T10:00:00Z"}` (any ISO 8601 date or date-time) or `{"date": milliseconds}`
///   is an instant;
/// - `{"decimal": "19.99"}` is a decimal number formatted exactly, without binary rounding.
public enum JSONArgument {
    /// Why a JSON value is not an argument.
    public struct Problem: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The argument `value` gives for `name`.
    public static func value(of value: JSONValue, name: String) throws(Problem) -> ArgumentValue {
        switch value {
        case .string(let text): return .string(text)
        case .bool(let flag): return .string(flag ? "true" : "false")
        case .number(let text, let isInteger):
            if isInteger, let integer = Int64(text) { return .integer(integer) }
            guard let double = Double(text), double.isFinite else { throw Problem(description: "argument '\(name)' is not a usable number") }
            return .double(double)
        case .object:
            if let date = value["date"] { return try instant(date, name: name) }
            if let decimal = value["decimal"] {
                guard case .string(let text) = decimal, isDecimal(text) else {
                    throw Problem(description: "argument '\(name)': a decimal is a number written as a string, such as \"19.99\"")
                }
                return .decimal(text)
            }
            throw Problem(description: "argument '\(name)' as an object is {\"date\": …} or {\"decimal\": …}")
        case .null, .array:
            throw Problem(description: "argument '\(name)' must be a string, a number, a boolean, a date or a decimal")
        }
    }

    /// Every member of a JSON object, as arguments.
    public static func arguments(of members: [(String, JSONValue)]) throws(Problem) -> MessageArguments {
        var arguments = MessageArguments()
        for (name, value) in members { arguments[name] = try Self.value(of: value, name: name) }
        return arguments
    }

    private static func instant(_ value: JSONValue, name: String) throws(Problem) -> ArgumentValue {
        switch value {
        case .string(let text):
            guard let date = ArgumentValue.date(iso8601: text) else { throw Problem(description: "argument '\(name)': '\(text)' is not an ISO 8601 date") }
            return date
        case .number(let text, _):
            guard let milliseconds = Double(text), milliseconds.isFinite else { throw Problem(description: "argument '\(name)': \(text) is not a usable date") }
            return .date(millisecondsSince1970: milliseconds)
        default:
            throw Problem(description: "argument '\(name)': a date is ISO 8601 text or milliseconds since 1970")
        }
    }

    /// `19.99`, `-3`, `1.5e3`: what ICU's decimal formatting reads exactly.
    static func isDecimal(_ text: String) -> Bool {
        var bytes = Substring(text).utf8[...]
        func digits() -> Int {
            let count = bytes.prefix { (48...57).contains($0) }.count
            bytes = bytes.dropFirst(count)
            return count
        }
        if bytes.first == UInt8(ascii: "-") { bytes = bytes.dropFirst() }
        guard digits() > 0 else { return false }
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            guard digits() > 0 else { return false }
        }
        if bytes.first == UInt8(ascii: "e") || bytes.first == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            if bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") { bytes = bytes.dropFirst() }
            guard (1...4).contains(digits()) else { return false }
        }
        return bytes.isEmpty
    }
}
