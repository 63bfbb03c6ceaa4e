import ICU

extension MF2 {
    /// A problem met while formatting. The message still formats: the expression where it
    /// happened shows as its fallback (`{$name}`), as the specification defines.
    public struct Issue: Error, Sendable, Hashable, CustomStringConvertible {
        /// The specification's error names.
        public enum Kind: String, Sendable, Hashable {
            case unresolvedVariable = "unresolved-variable"
            case unknownFunction = "unknown-function"
            case badOperand = "bad-operand"
            case badOption = "bad-option"
            case badSelector = "bad-selector"
            case badVariantKey = "bad-variant-key"
            /// A value that can select but not be formatted (or the other way round).
            case messageFunction = "message-function-error"
            /// The text reached the formatter's output limit and was cut (Parley's own; the
            /// specification has no limit).
            case outputLimit = "output-limit"
        }

        public var kind: Kind
        public var message: String
        /// The variable concerned, when there is one.
        public var variable: String?

        public init(_ kind: Kind, _ message: String, variable: String? = nil) {
            self.kind = kind
            self.message = message
            self.variable = variable
        }

        public var description: String { "\(kind.rawValue): \(message)" }
    }

    /// The direction of a formatted value, for bidi isolation.
    public enum Direction: Sendable, Hashable {
        case leftToRight, rightToLeft
        /// Not known: the text decides (isolated with U+2068 FIRST STRONG ISOLATE).
        case unknown
    }

    /// What a function formats with: the locale (after any `u:locale`), the time zone and the
    /// ICU formatters.
    public struct Context: Sendable {
        public var locale: LocaleID
        public var timeZone: String
        public var provider: any FormatterProvider

        public init(locale: LocaleID, timeZone: String = "UTC", provider: any FormatterProvider = CachingFormatterProvider.shared) {
            self.locale = locale
            self.timeZone = timeZone
            self.provider = provider
        }

        /// The locale's own direction, which numbers and dates formatted for it take.
        public var localeDirection: Direction { locale.isRightToLeft ? .rightToLeft : .leftToRight }
    }
}

/// What an expression resolves to: a string, a number with its options, a date, or a value a
/// custom function defines.
public protocol MF2Value: Sendable {
    /// What another function reads when given this value as its operand or option: the string,
    /// number or date underneath.
    var argument: ArgumentValue { get }
    /// The text of the value in a placeholder.
    func format(_ context: MF2.Context) throws(MF2.Issue) -> String
    /// Of `keys` (the literal keys of a `.match` column), those that match, best first.
    /// Values that cannot select throw.
    func select(_ keys: [String], _ context: MF2.Context) throws(MF2.Issue) -> [String]
    /// The direction of the formatted text.
    func direction(_ context: MF2.Context) -> MF2.Direction
}

extension MF2Value {
    public func select(_ keys: [String], _ context: MF2.Context) throws(MF2.Issue) -> [String] {
        throw MF2.Issue(.badSelector, "this value cannot be selected on; use a selector function such as :number or :string")
    }

    public func direction(_ context: MF2.Context) -> MF2.Direction { .unknown }
}

/// A function of the registry (`:number`, `:date`, or one of the caller's).
public protocol MF2Function: Sendable {
    /// Resolves the operand (nil when the expression has none) with the options. Problems that
    /// still leave a value (an option ignored) go to `issues`; a problem that leaves none throws.
    func resolve(_ operand: (any MF2Value)?, _ options: MF2.Options, _ context: MF2.Context,
                 _ issues: inout [MF2.Issue]) throws(MF2.Issue) -> any MF2Value

    /// The value when the operand could not be resolved (its problem already reported), or nil
    /// to report a bad operand. `source` is the expression's fallback text (`$name`).
    func resolveUnresolved(_ source: String) -> (any MF2Value)?
}

extension MF2Function {
    public func resolveUnresolved(_ source: String) -> (any MF2Value)? { nil }
}

extension MF2 {
    /// A function's options, resolved: each with its value and whether a variable gave it.
    public struct Options: Sendable {
        public struct Entry: Sendable {
            public var name: String
            public var value: any MF2Value
            /// Set by a variable (or inherited from an operand) rather than written as a literal.
            public var fromVariable: Bool

            public init(name: String, value: any MF2Value, fromVariable: Bool) {
                self.name = name
                self.value = value
                self.fromVariable = fromVariable
            }
        }

        public var entries: [Entry]

        public init(_ entries: [Entry] = []) { self.entries = entries }

        public subscript(name: String) -> Entry? { entries.last { $0.name == name } }

        /// The option's value as text (`2`, `always`), or nil when it is absent or is a date.
        public func text(_ name: String) -> String? { self[name].flatMap { MF2.text(of: $0.value.argument) } }
    }

    /// A value as option text: strings as they are, numbers as written.
    static func text(of argument: ArgumentValue) -> String? {
        switch argument {
        case .string(let text), .decimal(let text): text
        case .integer(let value): String(value)
        case .double(let value): MF2.decimalText(value)
        case .date: nil
        }
    }

    /// A double written as a decimal number, without an exponent where it can be avoided.
    static func decimalText(_ value: Double) -> String {
        if value == value.rounded(.towardZero), abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    /// Whether `text` is a number literal as the syntax defines it (a JSON number).
    public static func isNumberLiteral(_ text: some StringProtocol) -> Bool {
        var scalars = Array(text.unicodeScalars)[...]
        func digits() -> Int {
            var count = 0
            while let first = scalars.first, ("0"..."9").contains(first) { scalars.removeFirst(); count += 1 }
            return count
        }
        if scalars.first == "-" { scalars.removeFirst() }
        if scalars.first == "0" {
            scalars.removeFirst()
        } else if let first = scalars.first, ("1"..."9").contains(first) {
            _ = digits()
        } else {
            return false
        }
        if scalars.first == "." {
            scalars.removeFirst()
            guard digits() > 0 else { return false }
        }
        if scalars.first == "e" || scalars.first == "E" {
            scalars.removeFirst()
            if scalars.first == "+" || scalars.first == "-" { scalars.removeFirst() }
            guard digits() > 0 else { return false }
        }
        return scalars.isEmpty
    }
}

// MARK: Values without a function

extension MF2 {
    /// A literal, a string argument, or the value of `:string`.
    public struct StringValue: MF2Value {
        public var text: String
        /// The direction `u:dir` gave it, if any.
        public var explicitDirection: Direction?

        public init(_ text: String, direction: Direction? = nil) {
            self.text = text
            self.explicitDirection = direction
        }

        public var argument: ArgumentValue { .string(text) }
        public func format(_ context: Context) throws(Issue) -> String { text }
        public func direction(_ context: Context) -> Direction { explicitDirection ?? .unknown }
    }

    /// An argument given by the caller and used without a function: a number formats as
    /// `:number` does, a date as `:datetime` does, a string as itself.
    static func value(of argument: ArgumentValue) -> any MF2Value {
        switch argument {
        case .string(let text): StringValue(text)
        case .integer, .double, .decimal: NumberValue(decimal: text(of: argument) ?? "0", kind: .number)
        case .date(let millis): DateValue(millisecondsSince1970: millis, style: DateValue.defaultStyle)
        }
    }
}
