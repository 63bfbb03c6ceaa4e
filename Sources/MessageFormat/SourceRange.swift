/// A range of a message's source text, in UTF-8 bytes from its start.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var start: Int
    public var end: Int

    public init(_ start: Int, _ end: Int) {
        self.start = start
        self.end = max(start, end)
    }

    public var description: String { "\(start)..<\(end)" }
}

/// A human position in a source text: 1-based line and column (columns count Unicode scalars).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var column: Int

    /// The location of a UTF-8 offset in `source`.
    public init(offset: Int, in source: String) {
        var line = 1
        var column = 1
        for (index, byte) in source.utf8.enumerated() {
            if index >= offset { break }
            if byte == UInt8(ascii: "\n") {
                line += 1
                column = 1
            } else if byte & 0xC0 != 0x80 {
                column += 1  // count scalars, not bytes
            }
        }
        self.line = line
        self.column = column
    }

    public init(line: Int, column: Int) {
        self.line = line
        self.column = column
    }

    public var description: String { "\(line):\(column)" }
}

/// Compiler-style rendering of a problem at a place in a source text:
///
/// ```
/// greeting.txt:1:12: error: expected '{' after the selector 'one'
/// {n, plural, one # item}
///                 ^
/// ```
public enum Caret {
    /// `file:line:col: severity: message`, the source line, and a caret under the column.
    public static func render(
        source: String, range: SourceRange, severity: String, message: String, file: String? = nil,
        lineOffset: Int = 0
    ) -> String {
        let location = SourceLocation(offset: range.start, in: source)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false)
        let text = location.line - 1 < lines.count ? String(lines[location.line - 1]) : ""
        let prefix = file.map { "\($0):" } ?? ""
        let end = SourceLocation(offset: range.end, in: source)
        let width = end.line == location.line ? end.column - location.column : text.unicodeScalars.count - (location.column - 1)
        let underline = max(1, min(width, text.unicodeScalars.count - (location.column - 1)))
        let pad = String(text.unicodeScalars.prefix(location.column - 1).map { $0 == "\t" ? "\t" : " " })
        let caret = "^" + String(repeating: "~", count: max(0, underline - 1))
        return "\(prefix)\(location.line + lineOffset):\(location.column): \(severity): \(message)\n\(text)\n\(pad)\(caret)"
    }
}
