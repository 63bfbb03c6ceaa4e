import CICU

/// A Gregorian, always-UTC date format's pattern and symbols, read from ICU and checked against
/// ICU's own output before it is trusted.
///
/// Why: ICU formats a date by cloning its calendar and walking the pattern through several
/// layers, which costs as much as the rest of a typical reply together. Writing the same pattern
/// from the same symbols is much cheaper. A format with a field this layout does not know (time
/// zone names, day periods, week numbers…), another calendar, a zone that is not UTC, or any
/// difference from ICU on the samples gets no layout, and ICU formats its dates as before.
@usableFromInline
struct DateLayout: Sendable {
    enum Token: Sendable {
        case literal([UInt8])
        case field(UInt8, Int)
    }

    let tokens: [Token]
    let digits: [[UInt8]]
    /// Month names by list: format wide, abbreviated, narrow; standalone wide, abbreviated, narrow.
    let months: [[[UInt8]]]
    /// Weekday names (Sunday first) by list: format wide, abbreviated, short, narrow; standalone the same.
    let weekdays: [[[UInt8]]]
    /// Era names (BC, AD) by list: abbreviated, wide, narrow.
    let eras: [[[UInt8]]]
    let periods: [[UInt8]]

    /// Milliseconds of 1601-01-01 and 9999-01-01: the span where the proleptic Gregorian
    /// arithmetic here agrees with ICU's calendar (which switches to Julian before 1582).
    @usableFromInline static let range: ClosedRange<Double> = -11_644_473_600_000...253_370_764_800_000

    init?(handle: OpaquePointer, reference: (Double) -> String) {
        var buffer = [CChar](repeating: 0, count: 16_384)
        let length = Int(parley_date_layout(handle, &buffer, Int32(buffer.count)))
        guard length > 0 else { return nil }
        var pieces: [[UInt8]] = []
        var current: [UInt8] = []
        for byte in buffer.prefix(length) {
            if byte == 0 {
                pieces.append(current)
                current = []
            } else {
                current.append(UInt8(bitPattern: byte))
            }
        }
        guard pieces.count == 1 + 10 + 72 + 56 + 6 + 2, let tokens = Self.tokens(of: pieces[0]) else { return nil }
        self.tokens = tokens
        digits = Array(pieces[1...10])
        months = (0..<6).map { Array(pieces[11 + $0 * 12 ..< 23 + $0 * 12]) }
        weekdays = (0..<8).map { Array(pieces[83 + $0 * 7 ..< 90 + $0 * 7]) }
        eras = (0..<3).map { Array(pieces[139 + $0 * 2 ..< 141 + $0 * 2]) }
        periods = Array(pieces[145...146])
        guard digits.allSatisfy({ !$0.isEmpty }) else { return nil }
        for sample in Self.samples {
            var out = UTF8Buffer(capacity: 128)
            write(sample, into: &out)
            guard out.string == reference(sample) else { return nil }
        }
    }

    /// Every month, weekday and hour, both halves of the day, and years of different lengths.
    static let samples: [Double] = {
        var values: [Double] = []
        let day = 86_400_000.0
        let start2026 = 20_454 * day  // 2026-01-01
        for month in 0..<12 {
            values.append(start2026 + Double(month * 31 + month % 7) * day + Double(month * 2 + 1) * 3_600_000 + Double(month * 5) * 60_000 + Double(month * 4) * 1000)
        }
        for hour in 0..<24 { values.append(start2026 + 40 * day + Double(hour) * 3_600_000 + 7 * 60_000 + 9_000) }
        for dayOffset in 0..<7 { values.append(start2026 + Double(dayOffset + 100) * day + 12 * 3_600_000) }
        values += [0, 946_684_800_000, 4_102_444_800_000, 1_234_567_890_123, -1_000_000_000_000, 253_000_000_000_000]
        return values
    }()

    /// Splits a SimpleDateFormat pattern; nil when it has a field this layout does not write.
    static func tokens(of pattern: [UInt8]) -> [Token]? {
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var index = 0
        let quote = UInt8(ascii: "'")
        while index < pattern.count {
            let byte = pattern[index]
            if byte == quote {
                if index + 1 < pattern.count && pattern[index + 1] == quote {
                    literal.append(quote)
                    index += 2
                    continue
                }
                index += 1
                while index < pattern.count {
                    if pattern[index] == quote {
                        if index + 1 < pattern.count && pattern[index + 1] == quote {
                            literal.append(quote)
                            index += 2
                            continue
                        }
                        break
                    }
                    literal.append(pattern[index])
                    index += 1
                }
                index += 1
                continue
            }
            let isLetter = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            guard isLetter else {
                literal.append(byte)
                index += 1
                continue
            }
            var count = 1
            while index + count < pattern.count && pattern[index + count] == byte { count += 1 }
            guard supports(byte, count) else { return nil }
            if !literal.isEmpty {
                tokens.append(.literal(literal))
                literal = []
            }
            tokens.append(.field(byte, count))
            index += count
        }
        if !literal.isEmpty { tokens.append(.literal(literal)) }
        return tokens
    }

    static func supports(_ letter: UInt8, _ count: Int) -> Bool {
        switch Unicode.Scalar(letter) {
        case "G": count <= 5
        case "y", "d", "h", "H", "K", "k", "m", "s": count <= 4
        case "M", "L": count <= 5
        case "E": count <= 6
        case "c": (3...6).contains(count)
        case "a": count <= 3
        default: false
        }
    }

    /// Writes an instant (milliseconds since 1970, UTC).
    @usableFromInline
    func write(_ millis: Double, into out: inout UTF8Buffer) {
        let days = (millis / 86_400_000).rounded(.down)
        let msOfDay = Int(millis - days * 86_400_000)
        let (year, month, day) = Self.civil(fromDays: Int(days))
        let weekday = ((Int(days) % 7) + 11) % 7  // 1970-01-01 was a Thursday; Sunday is 0
        let hour = msOfDay / 3_600_000
        let minute = msOfDay / 60_000 % 60
        let second = msOfDay / 1000 % 60
        for token in tokens {
            switch token {
            case .literal(let bytes):
                out.append(bytes)
            case .field(let letter, let count):
                switch Unicode.Scalar(letter) {
                case "G": out.append(eras[count == 4 ? 1 : count == 5 ? 2 : 0][year > 0 ? 1 : 0])
                case "y": number(count == 2 ? year % 100 : year, minimum: count == 1 ? 1 : count, &out)
                case "M", "L":
                    let base = letter == UInt8(ascii: "M") ? 0 : 3
                    switch count {
                    case 1, 2: number(month, minimum: count, &out)
                    case 3: out.append(months[base + 1][month - 1])
                    case 4: out.append(months[base][month - 1])
                    default: out.append(months[base + 2][month - 1])
                    }
                case "d": number(day, minimum: count, &out)
                case "E", "c":
                    let base = letter == UInt8(ascii: "E") ? 0 : 4
                    let list = count == 4 ? 0 : count == 5 ? 3 : count == 6 ? 2 : 1
                    out.append(weekdays[base + list][weekday])
                case "a": out.append(periods[hour < 12 ? 0 : 1])
                case "h": number(hour % 12 == 0 ? 12 : hour % 12, minimum: count, &out)
                case "H": number(hour, minimum: count, &out)
                case "K": number(hour % 12, minimum: count, &out)
                case "k": number(hour == 0 ? 24 : hour, minimum: count, &out)
                case "m": number(minute, minimum: count, &out)
                case "s": number(second, minimum: count, &out)
                default: break
                }
            }
        }
    }

    private func number(_ value: Int, minimum: Int, _ out: inout UTF8Buffer) {
        var digitsOfValue: [Int] = []
        var rest = value
        repeat {
            digitsOfValue.append(rest % 10)
            rest /= 10
        } while rest > 0
        for _ in digitsOfValue.count..<max(minimum, digitsOfValue.count) { out.append(digits[0]) }
        for digit in digitsOfValue.reversed() { out.append(digits[digit]) }
    }

    /// Year, month and day of a day count from 1970-01-01 (Howard Hinnant's algorithm).
    static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
