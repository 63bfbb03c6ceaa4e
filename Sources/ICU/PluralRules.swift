import CICU

/// A CLDR plural category.
public enum PluralCategory: Int, Sendable, CaseIterable, Comparable, CustomStringConvertible {
    case zero, one, two, few, many, other

    /// The CLDR keyword (`"few"`).
    public var keyword: String {
        switch self {
        case .zero: "zero"
        case .one: "one"
        case .two: "two"
        case .few: "few"
        case .many: "many"
        case .other: "other"
        }
    }

    /// The category named by a CLDR keyword, or nil.
    public init?(keyword: some StringProtocol) {
        guard let match = Self.allCases.first(where: { $0.keyword == keyword }) else { return nil }
        self = match
    }

    public var description: String { keyword }

    public static func < (lhs: PluralCategory, rhs: PluralCategory) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// Cardinal ("3 videos") or ordinal ("3rd") plural rules.
public enum PluralType: Sendable, Hashable {
    case cardinal, ordinal
}

/// A locale's CLDR plural rules.
///
/// Categories depend on the number *as displayed*: in English `1` is `one` but `1.0` is `other`,
/// so ``category(for:formattedBy:)`` takes the format that will show it.
public final class PluralRules: @unchecked Sendable {
    // The handle is immutable after creation and ICU's select is const: safe to share.
    private let handle: OpaquePointer
    /// The locale the rules are for.
    public let locale: LocaleID
    /// Cardinal or ordinal.
    public let type: PluralType
    /// The categories this locale uses (always including `other`).
    public let categories: Set<PluralCategory>
    /// Categories of the integers 0..<1024, computed once: counts in support messages are
    /// small integers, and a table look-up is far cheaper than evaluating the rules.
    private let smallIntegers: [PluralCategory]

    public init(locale: LocaleID, type: PluralType = .cardinal) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = parley_plurals_open(locale.tag, type == .ordinal ? 1 : 0, &status), !isFailure(status) else {
            throw ICUError(status: status, operation: "open plural rules for \(locale)")
        }
        self.handle = handle
        self.locale = locale
        self.type = type
        let bits = parley_plurals_categories(handle)
        self.categories = Set(PluralCategory.allCases.filter { bits & (1 << $0.rawValue) != 0 })
        self.smallIntegers = (0..<1024).map { PluralCategory(rawValue: Int(parley_plurals_select(handle, Double($0)))) ?? .other }
    }

    deinit { parley_plurals_close(handle) }

    /// The category of the number taken as it is (no fraction digits beyond its own).
    public func category(for number: Double) -> PluralCategory {
        if number >= 0, number < 1024, number.rounded(.towardZero) == number { return smallIntegers[Int(number)] }
        return PluralCategory(rawValue: Int(parley_plurals_select(handle, number))) ?? .other
    }

    /// The category of the number as `format` displays it. With a format that is not decimal
    /// (spellout, a skeleton), the number itself decides, as in ICU's MessageFormat.
    public func category(for number: Double, formattedBy format: NumberFormat) -> PluralCategory {
        var status: Int32 = 0
        let raw = parley_plurals_select_formatted(handle, format.handle, number, &status)
        return PluralCategory(rawValue: Int(raw)) ?? .other
    }

    /// The category of a decimal written as a string, with its visible fraction digits
    /// (`"1.50"` has two). Nil when the string is not a decimal number.
    public func category(forDecimal decimal: String) -> PluralCategory? {
        var status: Int32 = 0
        var text = decimal
        let raw = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                parley_plurals_select_decimal(handle, $0.baseAddress, Int32($0.count), &status)
            }
        }
        return isFailure(status) ? nil : PluralCategory(rawValue: Int(raw))
    }

    /// The category of a decimal written as a string, as `format` displays it (a percent's
    /// scale, a skeleton's fraction digits). Nil when the string is not a decimal number.
    public func category(forDecimal decimal: String, formattedBy format: NumberFormat) -> PluralCategory? {
        var status: Int32 = 0
        var text = decimal
        let raw = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) {
                parley_plurals_select_decimal_formatted(handle, format.handle, $0.baseAddress, Int32($0.count), &status)
            }
        }
        return isFailure(status) ? nil : PluralCategory(rawValue: Int(raw))
    }
}
