/// How Parley writes a string in JSON, everywhere it writes JSON by hand (the API's hot paths,
/// render corpora, flat JSON files): UTF-8 kept as it is, and only what JSON requires escaped, in
/// its short forms (`\"`, `\\`, `\n`, `\r`, `\t`, `\b`, `\f`), other control characters as
/// `\u00XX`. The same bytes as ICU4C's peer writes, so corpora compare byte for byte.
public enum JSONText {
    /// Appends `text` as a JSON string, quotes included. (Inlinable: the API's render path calls
    /// it for every string it answers.)
    @inlinable
    public static func append(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        // Most texts need no escape at all: append them whole.
        let plain = text.utf8.withContiguousStorageIfAvailable { utf8 -> Bool in
            guard !utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: utf8)
            return true
        }
        if plain != true {
            for byte in text.utf8 { escape(byte, into: &bytes) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// `text` as a JSON string, quotes included.
    public static func quoted(_ text: String) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count + 2)
        append(text, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @usableFromInline
    static func escape(_ byte: UInt8, into bytes: inout [UInt8]) {
        func two(_ letter: Character) { bytes.append(UInt8(ascii: "\\")); bytes.append(letter.asciiValue!) }
        switch byte {
        case UInt8(ascii: "\""): two("\"")
        case UInt8(ascii: "\\"): two("\\")
        case 0x0A: two("n")
        case 0x0D: two("r")
        case 0x09: two("t")
        case 0x08: two("b")
        case 0x0C: two("f")
        case 0..<0x20:
            bytes.append(contentsOf: Array("\\u00".utf8))
            bytes.append(hex[Int(byte >> 4)])
            bytes.append(hex[Int(byte & 0xF)])
        default: bytes.append(byte)
        }
    }

    @usableFromInline
    static let hex = Array("0123456789abcdef".utf8)
}
