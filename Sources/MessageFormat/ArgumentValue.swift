/// A typed value for a message argument.
///
/// ```swift
/// let arguments: [String: ArgumentValue] = [
///     "name": "Alex", "count": 3, "amount": .decimal("19.99"),
///     "when": .date(iso8601: "2026-01-05T10:00:00Z")!,
/// ]
/// ```
public enum ArgumentValue: Sendable, Hashable, CustomStringConvertible {
    case string(String)
    case integer(Int64)
    case double(Double)
    /// A decimal number written out ("19.99"), formatted exactly, without binary rounding.
    case decimal(String)
    /// An instant, in milliseconds since 1970-01-01T00:00:00Z.
    case date(millisecondsSince1970: Double)

    /// An instant from an ISO 8601 date or date-time (`2026-01-05`, `2026-01-05T10:00:00Z`,
    /// `2026-01-05T10:00:00.250+02:00`); nil when the text is not one. A date-time without an
    /// offset is taken as UTC.
    public static func date(iso8601 text: String) -> ArgumentValue? {
        ISO8601.millisecondsSince1970(text).map { .date(millisecondsSince1970: $0) }
    }

    /// The value as a number, when it is one (a numeric string counts).
    var number: Double? {
        switch self {
        case .integer(let value): Double(value)
        case .double(let value): value
        case .decimal(let text): Double(text)
        case .string(let text): Double(text.trimmingASCIISpaces)
        case .date: nil
        }
    }

    public var description: String {
        switch self {
        case .string(let text): text
        case .integer(let value): String(value)
        case .double(let value): String(value)
        case .decimal(let text): text
        case .date(let millis): "date(\(millis))"
        }
    }

    /// The name of the value's type, for messages about wrong types.
    var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .double, .decimal: "number"
        case .date: "date"
        }
    }
}

extension ArgumentValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral {
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .integer(value) }
    public init(floatLiteral value: Double) { self = .double(value) }
}

extension String {
    var trimmingASCIISpaces: Substring {
        let start = firstIndex { $0 != " " } ?? endIndex
        let end = lastIndex { $0 != " " }.map { index(after: $0) } ?? endIndex
        return start < end ? self[start..<end] : ""
    }
}

/// ISO 8601 date and date-time reading, without Foundation (its calendar data is not ICU's).
enum ISO8601 {
    static func millisecondsSince1970(_ text: String) -> Double? {
        var reader = Reader(bytes: Array(text.utf8))
        guard let year = reader.digits(4), reader.take("-"), let month = reader.digits(2), reader.take("-"),
            let day = reader.digits(2), (1...12).contains(month), (1...daysIn(month, year)).contains(day)
        else { return nil }
        var seconds = Double(daysFromCivil(year, month, day)) * 86_400
        if reader.atEnd { return seconds * 1000 }
        guard reader.take("T") || reader.take(" ") || reader.take("t"), let hour = reader.digits(2), reader.take(":"),
            let minute = reader.digits(2), hour < 24, minute < 60
        else { return nil }
        seconds += Double(hour * 3600 + minute * 60)
        if reader.take(":") {
            guard let second = reader.digits(2), second < 61 else { return nil }
            seconds += Double(second)
            if reader.take(".") || reader.take(",") {
                var scale = 0.1
                guard let first = reader.digit() else { return nil }
                seconds += Double(first) * scale
                while let digit = reader.digit() {
                    scale /= 10
                    seconds += Double(digit) * scale
                }
            }
        }
        if reader.take("Z") || reader.take("z") || reader.atEnd {
            return reader.atEnd ? (seconds * 1000).rounded() : nil
        }
        let sign: Double = reader.take("+") ? 1 : (reader.take("-") ? -1 : 0)
        guard sign != 0, let offsetHours = reader.digits(2) else { return nil }
        _ = reader.take(":")
        let offsetMinutes = reader.digits(2) ?? 0
        guard reader.atEnd, offsetHours < 24, offsetMinutes < 60 else { return nil }
        seconds -= sign * Double(offsetHours * 3600 + offsetMinutes * 60)
        return (seconds * 1000).rounded()
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(_ month: Int, _ year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var index = 0

        var atEnd: Bool { index == bytes.count }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard index < bytes.count, bytes[index] == UInt8(character.value) else { return false }
            index += 1
            return true
        }

        mutating func digit() -> Int? {
            guard index < bytes.count, (48...57).contains(bytes[index]) else { return nil }
            index += 1
            return Int(bytes[index - 1] - 48)
        }

        mutating func digits(_ count: Int) -> Int? {
            var value = 0
            for _ in 0..<count {
                guard let digit = digit() else { return nil }
                value = value * 10 + digit
            }
            return value
        }
    }
}

/// The arguments of one render: names and typed values.
///
/// Kept as two small arrays rather than a dictionary: a message names a handful of arguments,
/// and comparing a few short names is cheaper than hashing them.
///
/// ```swift
/// let arguments: MessageArguments = ["name": "Alex", "count": 3]
/// ```
public struct MessageArguments: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    public private(set) var names: [String] = []
    public private(set) var values: [ArgumentValue] = []

    public init() {}

    public init(dictionaryLiteral elements: (String, ArgumentValue)...) {
        for (name, value) in elements { self[name] = value }
    }

    public init(_ dictionary: [String: ArgumentValue]) {
        names.reserveCapacity(dictionary.count)
        values.reserveCapacity(dictionary.count)
        for (name, value) in dictionary.sorted(by: { $0.key < $1.key }) {
            names.append(name)
            values.append(value)
        }
    }

    /// The value named `name`; setting replaces an earlier value of that name.
    public subscript(name: String) -> ArgumentValue? {
        get {
            for index in names.indices where names[index] == name { return values[index] }
            return nil
        }
        set {
            if let index = names.firstIndex(of: name) {
                if let newValue {
                    values[index] = newValue
                } else {
                    names.remove(at: index)
                    values.remove(at: index)
                }
            } else if let newValue {
                names.append(name)
                values.append(newValue)
            }
        }
    }

    public var isEmpty: Bool { names.isEmpty }

    /// The arguments as a dictionary.
    public var dictionary: [String: ArgumentValue] {
        Dictionary(zip(names, values), uniquingKeysWith: { first, _ in first })
    }
}
