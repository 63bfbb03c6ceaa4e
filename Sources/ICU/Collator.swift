import CICU

/// Language-sensitive string ordering (UCA with the locale's tailoring).
///
/// ```swift
/// let swedish = try Collator(locale: LocaleID("sv"))
/// ["ö", "z", "a"].sorted(by: swedish.areInIncreasingOrder)   // ["a", "z", "ö"]
/// ```
public final class Collator: @unchecked Sendable {
    // ICU collators are thread-safe for comparison once configured.
    private let handle: OpaquePointer
    public let locale: LocaleID

    /// How many differences count: base letters only, accents, case, or everything.
    public enum Strength: Int32, Sendable {
        case primary = 0, secondary = 1, tertiary = 2, quaternary = 3, identical = 15
    }

    /// - Parameter numeric: order digit runs by value ("2" before "10").
    public init(locale: LocaleID, strength: Strength = .tertiary, numeric: Bool = false) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = parley_collator_open(locale.tag, strength.rawValue, numeric ? 1 : 0, &status),
            !isFailure(status)
        else { throw ICUError(status: status, operation: "open collator for \(locale)") }
        self.handle = handle
        self.locale = locale
    }

    deinit { parley_collator_close(handle) }

    /// -1, 0 or 1, as the locale orders `a` and `b`.
    public func compare(_ a: String, _ b: String) -> Int {
        var a = a
        var b = b
        var status: Int32 = 0
        return a.withUTF8 { left in
            b.withUTF8 { right in
                left.withMemoryRebound(to: CChar.self) { l in
                    right.withMemoryRebound(to: CChar.self) { r in
                        Int(parley_collator_compare(handle, l.baseAddress, Int32(l.count), r.baseAddress, Int32(r.count), &status))
                    }
                }
            }
        }
    }

    /// For `sorted(by:)`.
    public func areInIncreasingOrder(_ a: String, _ b: String) -> Bool { compare(a, b) < 0 }

    /// equality at this collator's strength (with `.primary`, "résumé" equals "RESUME").
    public func areEqual(_ a: String, _ b: String) -> Bool { compare(a, b) == 0 }

    /// A binary key: comparing keys bytewise orders their strings as ``compare(_:_:)`` does.
    public func sortKey(_ text: String) -> [UInt8] {
        var text = text
        return text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                var status: Int32 = 0
                var key = [UInt8](repeating: 0, count: 64 + chars.count * 4)
                var length = key.withUnsafeMutableBufferPointer {
                    parley_collator_sort_key(handle, chars.baseAddress, Int32(chars.count), $0.baseAddress, Int32($0.count), &status)
                }
                if Int(length) > key.count {
                    key = [UInt8](repeating: 0, count: Int(length))
                    status = 0
                    length = key.withUnsafeMutableBufferPointer {
                        parley_collator_sort_key(handle, chars.baseAddress, Int32(chars.count), $0.baseAddress, Int32($0.count), &status)
                    }
                }
                return Array(key.prefix(Int(length)))
            }
        }
    }
}
