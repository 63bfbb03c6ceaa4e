import CICU

/// A number format from ICU, in one of the forms ICU MessageFormat names.
///
/// ```swift
/// let euros = try NumberFormat(.skeleton("currency/EUR"), locale: LocaleID("de"))
/// euros.format(1234.5)   // "1.234,50 €"
/// ```
public final class NumberFormat: @unchecked Sendable {
    // Immutable after creation; ICU's formatting calls are const: safe to share across tasks.
    @usableFromInline let handle: OpaquePointer
    /// The form and its argument.
    public let style: Style
    /// The locale the format is for.
    public let locale: LocaleID
    /// For plain decimal formats: a verified way to write integers without calling ICU.
    @usableFromInline let integerLayout: IntegerLayout?

    /// The forms of number format.
    public enum Style: Sendable, Hashable {
        /// The locale's default decimal format (what `{n}` and `#` use).
        case decimal
        /// The locale's currency format with its default currency.
        case currency
        /// The locale's percent format.
        case percent
        /// The decimal format without fraction digits.
        case integer
        /// A DecimalFormat pattern (`#,##0.00`).
        case pattern(String)
        /// A number skeleton without the leading `::` (`currency/EUR`, `compact-short`, `.00`).
        case skeleton(String)
        /// Rule-based spelled-out numbers, with an optional rule set (`%spellout-ordinal`).
        case spellout(ruleSet: String)
        /// Rule-based ordinal numbers ("3rd").
        case ordinal(ruleSet: String)
        /// Rule-based durations (seconds to "1:02:03").
        case duration(ruleSet: String)

        var kind: Int32 {
            switch self {
            case .decimal: Int32(PARLEY_NUMBER_DECIMAL)
            case .currency: Int32(PARLEY_NUMBER_CURRENCY)
            case .percent: Int32(PARLEY_NUMBER_PERCENT)
            case .integer: Int32(PARLEY_NUMBER_INTEGER)
            case .pattern: Int32(PARLEY_NUMBER_PATTERN)
            case .skeleton: Int32(PARLEY_NUMBER_SKELETON)
            case .spellout: Int32(PARLEY_NUMBER_SPELLOUT)
            case .ordinal: Int32(PARLEY_NUMBER_ORDINAL)
            case .duration: Int32(PARLEY_NUMBER_DURATION)
            }
        }

        var argument: String {
            switch self {
            case .decimal, .currency, .percent, .integer: ""
            case .pattern(let text), .skeleton(let text): text
            case .spellout(let name), .ordinal(let name), .duration(let name): name
            }
        }
    }

    /// Opens the format. A bad pattern or skeleton throws, with the offset ICU reports.
    public init(_ style: Style, locale: LocaleID) throws(ICUError) {
        var status: Int32 = 0
        var offset: Int32 = -1
        var argument = style.argument
        let handle = argument.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                parley_number_open(style.kind, $0.baseAddress, Int32($0.count), locale.tag, &offset, &status)
            }
        }
        guard let handle, !isFailure(status) else {
            throw ICUError(status: status, operation: "open number format", offset: offset >= 0 ? Int(offset) : nil)
        }
        self.handle = handle
        self.style = style
        self.locale = locale
        switch style {
        case .decimal, .integer:
            integerLayout = IntegerLayout(handle: handle) { value in
                (try? readUTF8("format number") { parley_number_format_int64(handle, value, $0, $1, $2) }) ?? ""
            } referenceDouble: { value in
                (try? readUTF8("format number") { parley_number_format_double(handle, value, $0, $1, $2) }) ?? ""
            }
        default:
            integerLayout = nil
        }
    }

    deinit { parley_number_close(handle) }

    /// Whether ICU treats this as a DecimalFormat (plural selection then uses its output).
    public var isDecimal: Bool { parley_number_is_decimal(handle) != 0 }

    /// For a rule-based format: whether the rule set it was given exists (ICU ignores an unknown one).
    public func hasRuleSet(_ name: String) -> Bool {
        var name = name
        return name.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                parley_number_has_rule_set(handle, $0.baseAddress, Int32($0.count)) != 0
            }
        }
    }

    public func format(_ value: Double) -> String {
        (try? readUTF8("format number") { parley_number_format_double(handle, value, $0, $1, $2) }) ?? ""
    }

    public func format(_ value: Int64) -> String {
        if let integerLayout, value >= 0 {
            var buffer = UTF8Buffer(capacity: 32)
            integerLayout.write(value, into: &buffer)
            return buffer.string
        }
        return (try? readUTF8("format number") { parley_number_format_int64(handle, value, $0, $1, $2) }) ?? ""
    }

    /// Formats through ICU itself, bypassing the verified integer layout (for checking the layout).
    public func formatWithICU(_ value: Int64) -> String {
        (try? readUTF8("format number") { parley_number_format_int64(handle, value, $0, $1, $2) }) ?? ""
    }

    public func formatWithICU(_ value: Double) -> String {
        (try? readUTF8("format number") { parley_number_format_double(handle, value, $0, $1, $2) }) ?? ""
    }

    /// Formats a decimal number written as a string ("1234.50"), exactly, without a detour through Double.
    public func format(decimal: String) throws(ICUError) -> String {
        let length = Int32(decimal.utf8.count)
        return try readUTF8("format decimal") { out, capacity, status in
            decimal.withCString { parley_number_format_decimal(handle, $0, length, out, capacity, status) }
        }
    }
}
