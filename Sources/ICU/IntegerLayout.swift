import CICU

/// A DecimalFormat's way of writing non-negative integers, read from ICU and checked against
/// ICU's own output before it is trusted.
///
/// Why: integers ("3 videos", "24 hours") are most of what support messages format, and writing
/// them from the format's digits and grouping costs a small fraction of a call into ICU's
/// formatting pipeline. A format whose layout does not reproduce ICU's output for every sample
/// gets no layout, and ICU formats its integers as before.
@usableFromInline
struct IntegerLayout: Sendable {
    let digits: [[UInt8]]
    let separator: [UInt8]
    let primary: Int
    let secondary: Int
    let minimumGrouping: Int
    let prefix: [UInt8]
    let suffix: [UInt8]
    /// All digits are single bytes (ASCII), so a digit is one store.
    let asciiDigits: Bool

    /// The layout of `handle`'s format, or nil when it cannot be read or does not match ICU.
    init?(handle: OpaquePointer, reference: (Int64) -> String, referenceDouble: (Double) -> String) {
        var symbols = [CChar](repeating: 0, count: 256)
        var grouping = [Int32](repeating: 0, count: 5)
        var prefix = [CChar](repeating: 0, count: 64)
        var suffix = [CChar](repeating: 0, count: 64)
        let ok = parley_number_integer_layout(handle, &symbols, 256, &grouping, &prefix, 64, &suffix, 64)
        guard ok != 0, grouping[3] <= 64, grouping[4] <= 64 else { return nil }
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in symbols {
            if byte == 0 {
                pieces.append(current)
                current = []
                if pieces.count == 11 { break }
            } else {
                current.append(UInt8(bitPattern: byte))
            }
        }
        guard pieces.count == 11, pieces.allSatisfy({ !$0.isEmpty || true }) else { return nil }
        digits = Array(pieces[0..<10])
        separator = pieces[10]
        primary = Int(grouping[0])
        secondary = grouping[1] > 0 ? Int(grouping[1]) : Int(grouping[0])
        minimumGrouping = max(1, Int(grouping[2]))
        self.prefix = prefix.prefix(Int(grouping[3])).map { UInt8(bitPattern: $0) }
        self.suffix = suffix.prefix(Int(grouping[4])).map { UInt8(bitPattern: $0) }
        asciiDigits = digits.allSatisfy { $0.count == 1 }
        guard digits.allSatisfy({ !$0.isEmpty }) else { return nil }
        for sample in Self.samples {
            var buffer = UTF8Buffer(capacity: 64)
            write(sample, into: &buffer)
            guard buffer.string == reference(sample) else { return nil }
            if sample < 1_000_000_000_000_000 { guard buffer.string == referenceDouble(Double(sample)) else { return nil } }
        }
    }

    /// Values that exercise every grouping decision up to 18 digits.
    static let samples: [Int64] = {
        var values: [Int64] = [0, 1, 7, 12, 100, 999, 1000, 1234, 9999, 10_000, 12_345, 99_999, 100_000]
        var power: Int64 = 1
        for _ in 0..<18 {
            power *= 10
            values += [power, power - 1, power + power / 3]
        }
        return values + [Int64.max]
    }()

    /// Writes a non-negative integer.
    @usableFromInline
    func write(_ value: Int64, into buffer: inout UTF8Buffer) {
        var remaining = UInt64(value)
        var reversed: (UInt64, UInt64, UInt64) = (0, 0, 0)  // up to 20 digits, 8 bits each
        var count = 0
        withUnsafeMutableBytes(of: &reversed) { raw in
            repeat {
                raw[count] = UInt8(remaining % 10)
                remaining /= 10
                count += 1
            } while remaining > 0
        }
        let grouped = primary > 0 && count >= primary + minimumGrouping
        buffer.reserve(prefix.count + suffix.count + count * (asciiDigits ? 1 : 4) + count / max(1, secondary) * separator.count + 8)
        if !prefix.isEmpty { buffer.append(prefix) }
        withUnsafeBytes(of: &reversed) { raw in
            for position in stride(from: count - 1, through: 0, by: -1) {
                let digit = Int(raw[position])
                if asciiDigits {
                    buffer.append(byte: digits[digit][0])
                } else {
                    buffer.append(digits[digit])
                }
                if grouped && position > 0 && position >= primary && (position - primary) % secondary == 0 {
                    buffer.append(separator)
                }
            }
        }
        if !suffix.isEmpty { buffer.append(suffix) }
    }
}
