import CICU

/// A writing system (ISO 15924), as ICU's Unicode data assigns it to characters.
///
/// ```swift
/// Script.of("ア")             // Kana
/// Script.of("ー").isShared    // true: the long-vowel mark is used by Hiragana and Katakana
/// ```
public struct Script: Hashable, Sendable, CustomStringConvertible {
    /// ICU's UScriptCode.
    public let code: Int32

    public init(code: Int32) { self.code = code }

    /// The script of a four-letter ISO 15924 code ("Cyrl"), or nil.
    public init?(identifier: String) {
        let code = parley_script_from_code(identifier)
        guard code >= 0 else { return nil }
        self.code = code
    }

    /// The script of a code point (`Common` for punctuation and digits, `Inherited` for combining marks).
    public static func of(_ scalar: Unicode.Scalar) -> Script {
        Script(code: parley_script_of(scalar.value))
    }

    /// Whether `scalar` is used with this script, by its Script_Extensions property
    /// (the Japanese long-vowel mark `ー` is used with both Hiragana and Katakana).
    public func isUsed(with scalar: Unicode.Scalar) -> Bool {
        parley_script_has(scalar.value, code) != 0
    }

    /// The four-letter code ("Latn").
    public var identifier: String { String(cString: parley_script_code(code)) }

    /// Common or Inherited: shared by many scripts, deciding nothing by itself.
    public var isShared: Bool { self == .common || self == .inherited }

    public var description: String { identifier }

    public static let common = Script(code: 0)
    public static let inherited = Script(code: 1)
    public static let arabic = Script(code: 2)
    public static let armenian = Script(code: 3)
    public static let bengali = Script(code: 4)
    public static let cyrillic = Script(code: 8)
    public static let devanagari = Script(code: 10)
    public static let georgian = Script(code: 12)
    public static let greek = Script(code: 14)
    public static let gujarati = Script(code: 15)
    public static let gurmukhi = Script(code: 16)
    public static let han = Script(code: 17)
    public static let hangul = Script(code: 18)
    public static let hebrew = Script(code: 19)
    public static let hiragana = Script(code: 20)
    public static let kannada = Script(code: 21)
    public static let katakana = Script(code: 22)
    public static let khmer = Script(code: 23)
    public static let lao = Script(code: 24)
    public static let latin = Script(code: 25)
    public static let malayalam = Script(code: 26)
    public static let tamil = Script(code: 35)
    public static let telugu = Script(code: 36)
    public static let thai = Script(code: 38)
    public static let ethiopic = Script(code: 11)
    public static let sinhala = Script(code: 33)
    public static let myanmar = Script(code: 28)
}
