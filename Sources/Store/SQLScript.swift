/// Splits an SQL script into statements, for servers that take one statement per query.
///
/// A `;` ends a statement unless it is inside a string (`'…'`, with `''`), a quoted identifier
/// (`"…"`), a comment (`-- …`, `/* … */`) or a dollar-quoted body (`$$…$$`, `$tag$…$tag$`).
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        let bytes = Array(script.utf8)
        var statements: [String] = []
        var start = 0
        var index = 0
        func at(_ offset: Int) -> UInt8? { index + offset < bytes.count ? bytes[index + offset] : nil }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                let quote = bytes[index]
                index += 1
                while index < bytes.count {
                    if bytes[index] == quote {
                        if at(1) == quote { index += 2; continue }
                        break
                    }
                    index += 1
                }
                index += 1
            case UInt8(ascii: "-") where at(1) == UInt8(ascii: "-"):
                while index < bytes.count && bytes[index] != UInt8(ascii: "\n") { index += 1 }
            case UInt8(ascii: "/") where at(1) == UInt8(ascii: "*"):
                index += 2
                while index < bytes.count && !(bytes[index] == UInt8(ascii: "*") && at(1) == UInt8(ascii: "/")) { index += 1 }
                index += 2
            case UInt8(ascii: "$"):
                // $tag$ … $tag$ (tag: letters, digits, underscores; may be empty)
                var end = index + 1
                while end < bytes.count, bytes[end] == UInt8(ascii: "_") || (bytes[end] >= 0x30 && bytes[end] <= 0x39)
                    || (bytes[end] | 0x20 >= 0x61 && bytes[end] | 0x20 <= 0x7a) { end += 1 }
                guard end < bytes.count, bytes[end] == UInt8(ascii: "$") else { index += 1; continue }
                let tag = Array(bytes[index...end])
                index = end + 1
                while index < bytes.count && !(bytes[index...].starts(with: tag)) { index += 1 }
                index += tag.count
            case UInt8(ascii: ";"):
                append(bytes[start..<index], to: &statements)
                index += 1
                start = index
            default:
                index += 1
            }
        }
        append(bytes[start..<min(index, bytes.count)], to: &statements)
        return statements
    }

    private static func append(_ bytes: ArraySlice<UInt8>, to statements: inout [String]) {
        let text = String(decoding: bytes, as: UTF8.self)
        // A piece made only of comments and blanks is no statement.
        let meaningful = text.split(separator: "\n").contains { line in
            let trimmed = line.drop { $0 == " " || $0 == "\t" || $0 == "\r" }
            return !trimmed.isEmpty && !trimmed.hasPrefix("--")
        }
        if meaningful { statements.append(text.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }
}

import Foundation
