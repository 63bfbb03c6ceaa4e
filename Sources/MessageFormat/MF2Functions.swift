import ICU

extension MF2 {
    /// The default registry: `:number`, `:integer`, `:percent`, `:currency`, `:offset`,
    /// `:string`, `:date`, `:time` and `:datetime`.
    public static let builtInFunctions: [String: any MF2Function] = [
        "number": NumberFunction(kind: .number),
        "integer": NumberFunction(kind: .integer),
        "percent": NumberFunction(kind: .percent),
        "currency": NumberFunction(kind: .currency),
        "offset": OffsetFunction(),
        "string": StringFunction(),
        "date": DateTimeFunction(kind: .date),
        "time": DateTimeFunction(kind: .time),
        "datetime": DateTimeFunction(kind: .datetime),
    ]
}

// MARK: Numbers

extension MF2 {
    /// A number and the options it formats and selects with.
    public struct NumberValue: MF2Value {
        public enum Kind: Sendable, Hashable { case number, integer, percent, currency }

        /// The number, written as a number literal.
        public var decimal: String
        public var kind: Kind
        /// Options in effect: written on the expression, or inherited from the operand.
        public var options: [String: String]
        /// False when `select` was given by a variable: selection then fails, as the
        /// specification asks, so that tools can see how a message selects.
        public var selectable = true

        public init(decimal: String, kind: Kind, options: [String: String] = [:]) {
            self.decimal = decimal
            self.kind = kind
            self.options = options
        }

        public var argument: ArgumentValue { .decimal(decimal) }

        public func format(_ context: Context) throws(Issue) -> String {
            do {
                return try numberFormat(context).format(decimal: decimal)
            } catch {
                throw Issue(.badOption, "ICU cannot format the number with these options: \(error)")
            }
        }

        public func select(_ keys: [String], _ context: Context) throws(Issue) -> [String] {
            guard selectable else { throw Issue(.badSelector, "`select` was set by a variable") }
            guard kind != .currency else { throw Issue(.badSelector, ":currency does not select") }
            let mode = options["select"] ?? "plural"
            let format: NumberFormat
            do { format = try numberFormat(context) } catch { throw Issue(.badSelector, "\(error)") }
            // The exact text takes a format of its own: only number keys need it.
            let numberKeys = keys.filter(MF2.isNumberLiteral)
            var matches: [String] = []
            if !numberKeys.isEmpty {
                let exact = exactText(context)
                matches = numberKeys.filter { $0 == exact }
            }
            if mode != "exact" {
                let type: PluralType = mode == "ordinal" ? .ordinal : .cardinal
                if let rules = try? context.provider.pluralRules(type, locale: context.locale),
                   let category = rules.category(forDecimal: decimal, formattedBy: format),
                   keys.contains(category.keyword) {
                    matches.append(category.keyword)
                }
            }
            return matches
        }

        public func direction(_ context: Context) -> Direction { context.localeDirection }

        /// The ICU number format of the options. Without options, the locale's own decimal,
        /// integer and percent formats: those ICU MessageFormat 1 uses, so that a number shows
        /// the same in either syntax.
        func numberFormat(_ context: Context) throws(ICUError) -> NumberFormat {
            if options.keys.allSatisfy({ $0 == "select" }) {
                switch kind {
                case .number: return try context.provider.numberFormat(.decimal, locale: context.locale)
                case .integer: return try context.provider.numberFormat(.integer, locale: context.locale)
                case .percent: return try context.provider.numberFormat(.percent, locale: context.locale)
                case .currency: break
                }
            }
            return try context.provider.numberFormat(.skeleton(skeleton(grouping: true)), locale: context.locale)
        }

        /// The number as the options show it, in ASCII digits without grouping: what an exact key is compared with.
        func exactText(_ context: Context) -> String {
            let plain = (try? context.provider.numberFormat(.skeleton(skeleton(grouping: false)), locale: .root))
            return (try? plain?.format(decimal: decimal)) ?? decimal
        }

        /// An ICU number skeleton for the kind and options.
        func skeleton(grouping: Bool) -> String {
            var parts: [String] = []
            switch kind {
            case .percent: parts += ["percent", "scale/100"]
            case .currency:
                if let code = options["currency"] { parts.append("currency/" + code) }
                switch options["currencyDisplay"] {
                case "narrowSymbol": parts.append("unit-width-narrow")
                case "code": parts.append("unit-width-iso-code")
                case "name": parts.append("unit-width-full-name")
                case "formalSymbol": parts.append("unit-width-formal")
                case "never": parts.append("unit-width-hidden")
                default: break
                }
            case .number, .integer: break
            }
            if let precision = precisionStem() { parts.append(precision) }
            if let digits = options["minimumIntegerDigits"].flatMap(Int.init), digits > 1 {
                parts.append("integer-width/*" + String(repeating: "0", count: digits))
            }
            if grouping {
                switch options["useGrouping"] {
                case "never": parts.append("group-off")
                case "always": parts.append("group-on-aligned")
                case "min2": parts.append("group-min2")
                default: break
                }
                switch options["notation"] {
                case "scientific": parts.append("scientific")
                case "engineering": parts.append("engineering")
                case "compact": parts.append(options["compactDisplay"] == "long" ? "compact-long" : "compact-short")
                default: break
                }
                let accounting = kind == .currency && options["currencySign"] == "accounting"
                switch options["signDisplay"] {
                case "always": parts.append(accounting ? "sign-accounting-always" : "sign-always")
                case "exceptZero": parts.append(accounting ? "sign-accounting-except-zero" : "sign-except-zero")
                case "negative": parts.append(accounting ? "sign-accounting-negative" : "sign-negative")
                case "never": parts.append("sign-never")
                default: if accounting { parts.append("sign-accounting") }
                }
            } else {
                parts.append("group-off")
            }
            return parts.joined(separator: " ")
        }

        func precisionStem() -> String? {
            if kind == .integer { return "precision-integer" }
            let minSignificant = options["minimumSignificantDigits"].flatMap(Int.init)
            let maxSignificant = options["maximumSignificantDigits"].flatMap(Int.init)
            if minSignificant != nil || maxSignificant != nil {
                let low = max(1, minSignificant ?? 1)
                guard let high = maxSignificant else { return String(repeating: "@", count: low) + "+" }
                return String(repeating: "@", count: min(low, high)) + String(repeating: "#", count: max(0, high - low))
            }
            if kind == .currency, let digits = options["fractionDigits"].flatMap(Int.init) {
                return digits == 0 ? "precision-integer" : "." + String(repeating: "0", count: digits)
            }
            let minFraction = options["minimumFractionDigits"].flatMap(Int.init)
            let maxFraction = options["maximumFractionDigits"].flatMap(Int.init)
            // Defaults as ICU MessageFormat 1's (and JavaScript's Intl): at most three fraction
            // digits for a number, none for a percent.
            guard minFraction != nil || maxFraction != nil else { return kind == .percent ? "precision-integer" : kind == .number ? ".###" : nil }
            let low = minFraction ?? 0
            let high = max(low, maxFraction ?? max(low, kind == .percent ? 0 : 3))
            if high == 0 { return "precision-integer" }
            return "." + String(repeating: "0", count: low) + String(repeating: "#", count: high - low)
        }
    }

    /// `:number`, `:integer`, `:percent` and `:currency`.
    struct NumberFunction: MF2Function {
        let kind: NumberValue.Kind

        static let digitOptions: Set<String> = [
            "minimumIntegerDigits", "minimumFractionDigits", "maximumFractionDigits",
            "minimumSignificantDigits", "maximumSignificantDigits",
        ]
        static let keywordOptions: [String: Set<String>] = [
            "select": ["plural", "ordinal", "exact"],
            "signDisplay": ["auto", "always", "exceptZero", "negative", "never"],
            "useGrouping": ["auto", "always", "never", "min2"],
            "notation": ["standard", "scientific", "engineering", "compact"],
            "compactDisplay": ["short", "long"],
            "currencyDisplay": ["narrowSymbol", "symbol", "name", "code", "formalSymbol", "never"],
            "currencySign": ["accounting", "standard"],
        ]

        func resolve(_ operand: (any MF2Value)?, _ options: Options, _ context: Context,
                     _ issues: inout [Issue]) throws(Issue) -> any MF2Value {
            guard let operand, let number = MF2.numberOperand(operand) else {
                throw Issue(.badOperand, "\(kindName) needs a number")
            }
            var settings = number.inherited
            var selectFromVariable = number.inherited["select"] != nil
            for entry in options.entries {
                guard let text = MF2.text(of: entry.value.argument) else {
                    issues.append(Issue(.badOption, "the option \(entry.name) needs a number or a word"))
                    continue
                }
                if Self.digitOptions.contains(entry.name) || (kind == .currency && entry.name == "fractionDigits" && text != "auto") {
                    guard let digits = Int(text), (0...99).contains(digits) else {
                        issues.append(Issue(.badOption, "\(entry.name) takes a whole number from 0 to 99, not \(text)"))
                        continue
                    }
                    settings[entry.name] = String(digits)
                } else if let allowed = Self.keywordOptions[entry.name] {
                    guard allowed.contains(text) else {
                        issues.append(Issue(.badOption, "\(entry.name) is one of \(allowed.sorted().joined(separator: ", ")), not \(text)"))
                        continue
                    }
                    settings[entry.name] = text
                    if entry.name == "select" { selectFromVariable = entry.fromVariable }
                } else if entry.name == "currency" && kind == .currency {
                    guard text.count == 3, text.allSatisfy({ $0.isASCII && $0.isLetter }) else {
                        issues.append(Issue(.badOption, "currency is a three-letter ISO 4217 code, not \(text)"))
                        continue
                    }
                    settings["currency"] = text.uppercased()
                } else if entry.name == "fractionDigits" && kind == .currency {
                    settings.removeValue(forKey: "fractionDigits")
                }
            }
            if kind == .currency && settings["currency"] == nil {
                throw Issue(.badOperand, ":currency needs a currency: currency=EUR, or a value from :currency")
            }
            var decimal = number.decimal
            if kind == .integer, let value = Double(decimal) { decimal = MF2.decimalText(value.rounded(.toNearestOrEven)) }
            var value = NumberValue(decimal: decimal, kind: kind, options: settings)
            if selectFromVariable, settings["select"] != nil {
                issues.append(Issue(.badOption, "`select` must be written as a literal, so that tools can see how the message selects"))
                value.selectable = false
            }
            return value
        }

        var kindName: String {
            switch kind {
            case .number: ":number"
            case .integer: ":integer"
            case .percent: ":percent"
            case .currency: ":currency"
            }
        }
    }

    /// `:offset add=n` or `subtract=n`: the operand moved by n, formatted and selected like it.
    struct OffsetFunction: MF2Function {
        func resolve(_ operand: (any MF2Value)?, _ options: Options, _ context: Context,
                     _ issues: inout [Issue]) throws(Issue) -> any MF2Value {
            guard let operand, let number = MF2.numberOperand(operand), let base = Double(number.decimal) else {
                throw Issue(.badOperand, ":offset needs a number")
            }
            let add = options.text("add"), subtract = options.text("subtract")
            guard (add == nil) != (subtract == nil), let amount = (add ?? subtract).flatMap(Int.init), amount >= 0 else {
                throw Issue(.badOption, ":offset takes one of add or subtract, a whole number")
            }
            let moved = add != nil ? base + Double(amount) : base - Double(amount)
            var value = NumberValue(decimal: MF2.decimalText(moved), kind: number.kind, options: number.inherited)
            value.selectable = number.selectable
            return value
        }
    }

    /// Whether a number literal's exponent has at most four digits, as the API's decimals: ICU
    /// writes every digit of `1e888888006`, which would take minutes and a gigabyte.
    static func hasBoundedExponent(_ text: String) -> Bool {
        guard let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) else { return true }
        return text[text.index(after: e)...].filter(\.isNumber).count <= 4
    }

    /// A number operand: a value from a number function (with its options, which a function
    /// given it inherits), a number argument, or a string that is a number literal.
    static func numberOperand(_ value: any MF2Value) -> (decimal: String, kind: NumberValue.Kind, inherited: [String: String], selectable: Bool)? {
        if let number = value as? NumberValue {
            return (number.decimal, number.kind == .currency ? .number : number.kind, number.options, number.selectable)
        }
        switch value.argument {
        case .integer, .double, .decimal: return (text(of: value.argument) ?? "0", .number, [:], true)
        case .string(let text) where isNumberLiteral(text) && hasBoundedExponent(text): return (text, .number, [:], true)
        case .string, .date: return nil
        }
    }
}

// MARK: Strings

extension MF2 {
    /// `:string`: the operand as text; selects by exact (normalized) match.
    struct StringFunction: MF2Function {
        struct Value: MF2Value {
            let text: String
            var argument: ArgumentValue { .string(text) }
            func format(_ context: Context) throws(Issue) -> String { text }
            func select(_ keys: [String], _ context: Context) throws(Issue) -> [String] { keys.filter { $0 == text } }
        }

        func resolve(_ operand: (any MF2Value)?, _ options: Options, _ context: Context,
                     _ issues: inout [Issue]) throws(Issue) -> any MF2Value {
            guard let operand, let text = MF2.text(of: operand.argument) else {
                throw Issue(.badOperand, ":string needs a string or a number")
            }
            return Value(text: text)
        }

        /// A string that could not be resolved still selects (matching no key, so `*`) and
        /// shows as its fallback, without a second error: `:string` accepts any operand.
        func resolveUnresolved(_ source: String) -> (any MF2Value)? { Unresolved(source: source) }

        struct Unresolved: MF2Value {
            let source: String
            var argument: ArgumentValue { .string("{" + source + "}") }
            func format(_ context: Context) throws(Issue) -> String { "{" + source + "}" }
            func select(_ keys: [String], _ context: Context) throws(Issue) -> [String] { [] }
        }
    }
}

// MARK: Dates and times

extension MF2 {
    /// An instant and how it shows.
    public struct DateValue: MF2Value {
        public var millisecondsSince1970: Double
        public var style: DateStyle

        /// How a date argument shows without a function: short date and time, as in ICU MessageFormat 1.
        public static let defaultStyle = DateStyle.lengths(date: .short, time: .short)

        public init(millisecondsSince1970: Double, style: DateStyle) {
            self.millisecondsSince1970 = millisecondsSince1970
            self.style = style
        }

        public var argument: ArgumentValue { .date(millisecondsSince1970: millisecondsSince1970) }

        public func format(_ context: Context) throws(Issue) -> String {
            do {
                return try context.provider.dateFormat(style, locale: context.locale, timeZone: context.timeZone)
                    .format(millisecondsSince1970: millisecondsSince1970)
            } catch {
                throw Issue(.badOption, "ICU cannot format the date with these options: \(error)")
            }
        }

        public func direction(_ context: Context) -> Direction { context.localeDirection }
    }

    /// `:date`, `:time` and `:datetime`, with the specification's semantic options
    /// (`fields`/`dateFields`, `length`/`dateLength`, `precision`/`timePrecision`, `timeZoneStyle`, `hour12`).
    struct DateTimeFunction: MF2Function {
        enum Kind { case date, time, datetime }
        let kind: Kind

        static let dateFields: [String: (long: String, medium: String, short: String)] = [
            "weekday": ("EEEE", "EEE", "E"),
            "day-weekday": ("dEEEE", "dEEE", "dE"),
            "month-day": ("MMMMd", "MMMd", "Md"),
            "month-day-weekday": ("MMMMEEEEd", "MMMEEEd", "MdE"),
            "year-month-day": ("yMMMMd", "yMMMd", "yMd"),
            "year-month-day-weekday": ("yMMMMEEEEd", "yMMMEEEd", "yMdE"),
        ]
        static let timePrecisions: [String: String] = ["hour": "j", "minute": "jm", "second": "jms"]

        func resolve(_ operand: (any MF2Value)?, _ options: Options, _ context: Context,
                     _ issues: inout [Issue]) throws(Issue) -> any MF2Value {
            guard let operand, let millis = Self.instant(operand.argument) else {
                throw Issue(.badOperand, "a date function needs a date or an ISO 8601 date-time")
            }
            func option(_ name: String, in allowed: some Collection<String>, default value: String?) -> String? {
                guard let text = options.text(name) else { return value }
                guard allowed.contains(text) else {
                    issues.append(Issue(.badOption, "\(name) is one of \(allowed.sorted().joined(separator: ", ")), not \(text)"))
                    return value
                }
                return text
            }
            let lengths = ["long", "medium", "short"]
            // The locale's own date and time formats where the options name one of them (as ICU
            // MessageFormat 1's styles do); a skeleton for the other combinations.
            var skeleton = ""
            var dateLength: DateFormat.Length?, timeLength: DateFormat.Length?
            var standard = true
            if kind != .time {
                let fields = option(kind == .date ? "fields" : "dateFields", in: Self.dateFields.keys, default: "year-month-day")!
                let length = option(kind == .date ? "length" : "dateLength", in: lengths, default: "medium")!
                let forms = Self.dateFields[fields]!
                skeleton += length == "long" ? forms.long : length == "short" ? forms.short : forms.medium
                switch (fields, length) {
                case ("year-month-day", "long"): dateLength = .long
                case ("year-month-day", "short"): dateLength = .short
                case ("year-month-day", _): dateLength = .medium
                case ("year-month-day-weekday", "long"): dateLength = .full
                default: standard = false
                }
            }
            if kind != .date {
                let precision = option(kind == .time ? "precision" : "timePrecision", in: Self.timePrecisions.keys, default: "minute")!
                var time = Self.timePrecisions[precision]!
                let hour12 = option("hour12", in: ["true", "false"], default: nil)
                switch hour12 {
                case "true": time = "h" + time.dropFirst()
                case "false": time = "H" + time.dropFirst()
                default: break
                }
                skeleton += time
                let zone = option("timeZoneStyle", in: ["long", "short"], default: nil)
                switch zone {
                case "long": skeleton += "zzzz"
                case "short": skeleton += "z"
                default: break
                }
                switch (precision, zone, hour12) {
                case ("minute", nil, nil): timeLength = .short
                case ("second", nil, nil): timeLength = .medium
                case ("second", "short", nil): timeLength = .long
                case ("second", "long", nil): timeLength = .full
                default: standard = false
                }
            }
            if standard {
                return DateValue(millisecondsSince1970: millis, style: .lengths(date: dateLength, time: timeLength))
            }
            return DateValue(millisecondsSince1970: millis, style: .skeleton(skeleton))
        }

        static func instant(_ argument: ArgumentValue) -> Double? {
            switch argument {
            case .date(let millis): millis
            case .string(let text):
                if case .date(let millis)? = ArgumentValue.date(iso8601: text) { millis } else { nil }
            case .integer, .double, .decimal: nil
            }
        }
    }
}
