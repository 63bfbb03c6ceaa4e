import CICU

/// Text that passed through the wrong charset somewhere (an old mail gateway, a database in
/// Latin-1) and the readings that undo it, with ICU's converters.
///
/// - UTF-8 read as a single-byte charset (`fÃ¼r` for `für`, `РџСЂРёРІРµС‚` for `Привет`): the
///   bytes of the text in that charset are valid UTF-8 again. Valid UTF-8 rarely arises by
///   chance, so this reading is taken whenever it exists.
/// - One single-byte charset read as another (`yýlýnda`: Turkish Windows-1254 read as
///   Windows-1252; `Ïðèâåò`: Windows-1251 as Windows-1252; KOI8-R as Windows-1252 or as
///   Windows-1251, and the reverse):
///   every byte means something in both, so such a reading is only a guess, taken when the text
///   as it came fits no language and the reading does.
enum Mojibake {
    /// How text was garbled: the charset it was written in and the one it was read as.
    struct Reading: Sendable, Hashable {
        var writtenAs: String
        var readAs: String
    }

    /// UTF-8 text read as one of these.
    static let utf8Readings = ["windows-1252", "ISO-8859-1", "windows-1251", "windows-1254"]
        .map { Reading(writtenAs: $0, readAs: "UTF-8") }

    /// The text as UTF-8 read as a single-byte charset would undo, if one reading does.
    static func utf8Repair(of text: String) -> String? {
        guard looksLikeReadUTF8(text) else { return nil }
        for reading in utf8Readings {
            if let repaired = reread(text, reading), repaired != text { return repaired }
        }
        return nil
    }

    /// Whether the text holds what a UTF-8 lead byte followed by a continuation byte (0x80–0xBF)
    /// looks like when read as one of `utf8Readings`: `Ã¼`, `â€™`, `Рџ`. Checked on every
    /// detection, so it reads scalars once and converts nothing; clean accented text (`été`, where
    /// a letter follows the accented one) passes it by.
    static func looksLikeReadUTF8(_ text: String) -> Bool {
        var previousIsLead = false
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if previousIsLead && isContinuationAsRead(value) { return true }
            // Lead bytes 0xC2–0xF4 read as Latin-1, Windows-1252 or -1254, or as Windows-1251 (Р С for 0xD0 0xD1).
            previousIsLead = (0xC2...0xF4).contains(value) || value == 0x0420 || value == 0x0421
        }
        return false
    }

    /// A byte 0x80–0xBF as Latin-1 (C1 controls, U+00A0–U+00BF), Windows-1252/-1254 (‚ ƒ „ … † ‡ ˆ
    /// ‰ Š ‹ Œ Ž ‘ ’ “ ” • – — ˜ ™ š › œ ž Ÿ) or Windows-1251 (Ђ Ѓ ђ ѓ Љ Њ Ќ Ћ Џ … Ў ў Ј Ґ Ё Є Ї І і
    /// ґ ё № є ј Ѕ ѕ ї) reads it.
    private static func isContinuationAsRead(_ value: UInt32) -> Bool {
        switch value {
        case 0x0080...0x00BF, 0x0152...0x0153, 0x0160...0x0161, 0x0178, 0x017D...0x017E, 0x0192, 0x02C6, 0x02DC,
             0x0401...0x040F, 0x0451...0x045F, 0x0490...0x0491, 0x2013...0x2014, 0x2018...0x201E, 0x2020...0x2022,
             0x2026, 0x2030, 0x2039...0x203A, 0x20AC, 0x2116, 0x2122:
            return true
        default:
            return false
        }
    }

    /// Readings of single-byte text read as another charset, likeliest first, for text that fits
    /// no language as it is.
    static func guesses(for text: String) -> [(String, Reading)] {
        var cyrillic = 0, latinHigh = 0, letters = 0, turkishSigns = 0
        for scalar in text.unicodeScalars where scalar.properties.isAlphabetic {
            letters += 1
            switch scalar.value {
            case 0x0400...0x04FF: cyrillic += 1
            case 0x00C0...0x00FF:
                latinHigh += 1
                // ð ý þ Ð Ý Þ: Windows-1254's ğ ı ş Ğ İ Ş at the same bytes.
                if [0xF0, 0xFD, 0xFE, 0xD0, 0xDD, 0xDE].contains(scalar.value) { turkishSigns += 1 }
            default: break
            }
        }
        guard letters > 0 else { return [] }
        var readings: [Reading] = []
        if turkishSigns > 0 { readings.append(Reading(writtenAs: "windows-1252", readAs: "windows-1254")) }
        if latinHigh * 2 > letters {
            readings.append(Reading(writtenAs: "windows-1252", readAs: "windows-1251"))
            readings.append(Reading(writtenAs: "windows-1252", readAs: "KOI8-R"))
        }
        if cyrillic * 2 > letters {
            readings.append(Reading(writtenAs: "windows-1251", readAs: "KOI8-R"))
            readings.append(Reading(writtenAs: "KOI8-R", readAs: "windows-1251"))
        }
        return readings.compactMap { reading in
            reread(text, reading).flatMap { $0 == text ? nil : ($0, reading) }
        }
    }

    /// The text written in `reading.writtenAs` and read back as `reading.readAs`, or nil when
    /// either step meets a character or byte the charset does not have.
    static func reread(_ text: String, _ reading: Reading) -> String? {
        var text = text
        return text.withUTF8 { input -> String? in
            input.withMemoryRebound(to: CChar.self) { source -> String? in
                var capacity = input.count * 3 + 16
                for _ in 0..<2 {
                    var output = [UInt8](repeating: 0, count: capacity)
                    let length = output.withUnsafeMutableBufferPointer { out in
                        out.withMemoryRebound(to: CChar.self) {
                            Int(parley_reread_utf8(source.baseAddress, Int32(source.count), reading.writtenAs, reading.readAs,
                                                   $0.baseAddress, Int32(capacity)))
                        }
                    }
                    if length < 0 { return nil }
                    if length <= capacity { return String(decoding: output[0..<length], as: UTF8.self) }
                    capacity = length
                }
                return nil
            }
        }
    }
}
