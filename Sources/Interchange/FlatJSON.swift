import Catalog
import ICU

/// A flat JSON object per locale: `{"KEY[:CHANNEL]": "message", …}`, one entry per line.
///
/// Read by a small parser of its own because a problem must be reported at its line, and
/// Foundation's JSON reader gives the position of syntax errors only, not of the values read.
enum FlatJSONFormat {
    /// A unit's line, without its separator (nil when the unit is untranslated).
    static func entry(_ unit: ExportUnit) -> String? {
        unit.target.map { "  \(quoted(unit.name.description)): \(quoted($0.message))" }
    }

    /// The end of an object of `entries` entries.
    static func tail(entries: Int) -> String { entries == 0 ? "{}\n" : "\n}\n" }

    static func quoted(_ text: String) -> String { JSONText.quoted(text) }

    static func read(_ file: InterchangeFile, locale: LocaleID) throws(FileProblems) -> [TextSpec] {
        var scanner = JSONScanner(text: Array(file.contents.unicodeScalars))
        var texts: [TextSpec] = []
        var problems: [FileProblem] = []
        do throws(JSONScanner.Failure) {
            scanner.skipSpace()
            try scanner.expect("{", "the file must be one JSON object of names to messages")
            scanner.skipSpace()
            if scanner.peek() == "}" { scanner.advance() } else {
                while true {
                    scanner.skipSpace()
                    let nameLine = scanner.line
                    let name = try scanner.string()
                    scanner.skipSpace()
                    try scanner.expect(":", "expected ':' after a name")
                    scanner.skipSpace()
                    let messageLine = scanner.line
                    guard scanner.peek() == "\"" else {
                        throw JSONScanner.Failure(line: scanner.line, message: "the value of '\(name)' is not a string: flat JSON maps names to messages")
                    }
                    let message = try scanner.string()
                    if let textName = TextName(name) {
                        texts.append(TextSpec(key: textName.key, locale: locale, channel: textName.channel, message: message, namesSyntax: false,
                                              origin: FilePosition(file: file.name, line: messageLine), marks: .unspecified))
                    } else {
                        problems.append(FileProblem(FilePosition(file: file.name, line: nameLine), "'\(name)' is not KEY or KEY:CHANNEL"))
                    }
                    scanner.skipSpace()
                    if scanner.peek() == "," { scanner.advance(); continue }
                    try scanner.expect("}", "expected ',' or '}'")
                    break
                }
            }
            scanner.skipSpace()
            if scanner.peek() != nil { throw JSONScanner.Failure(line: scanner.line, message: "text after the object") }
        } catch {
            problems.append(FileProblem(FilePosition(file: file.name, line: error.line), "JSON: \(error.message)"))
        }
        guard problems.isEmpty else { throw FileProblems(problems: problems) }
        return texts.filter { !$0.message.isEmpty }
    }
}

/// A cursor over JSON text that knows its line.
struct JSONScanner {
    struct Failure: Error {
        var line: Int
        var message: String
    }

    let text: [Unicode.Scalar]
    var index = 0
    var line = 1

    init(text: [Unicode.Scalar]) { self.text = text }

    func peek() -> Unicode.Scalar? { index < text.count ? text[index] : nil }

    mutating func advance() {
        if text[index] == "\n" { line += 1 }
        index += 1
    }

    mutating func skipSpace() {
        while let scalar = peek(), scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" { advance() }
    }

    mutating func expect(_ scalar: Unicode.Scalar, _ message: String) throws(Failure) {
        guard peek() == scalar else { throw Failure(line: line, message: message) }
        advance()
    }

    /// A JSON string, escapes decoded (surrogate pairs joined).
    mutating func string() throws(Failure) -> String {
        try expect("\"", "expected a string in double quotes")
        var value = String.UnicodeScalarView()
        while true {
            guard let scalar = peek() else { throw Failure(line: line, message: "the string is not closed") }
            advance()
            switch scalar {
            case "\"":
                return String(value)
            case "\\":
                guard let escaped = peek() else { throw Failure(line: line, message: "the string is not closed") }
                advance()
                switch escaped {
                case "\"": value.append("\"")
                case "\\": value.append("\\")
                case "/": value.append("/")
                case "b": value.append("\u{08}")
                case "f": value.append("\u{0C}")
                case "n": value.append("\n")
                case "r": value.append("\r")
                case "t": value.append("\t")
                case "u":
                    var code = try hex4()
                    if (0xD800..<0xDC00).contains(code) {
                        guard peek() == "\\" else { throw Failure(line: line, message: "a lone surrogate in \\u escape") }
                        advance()
                        try expect("u", "a lone surrogate in \\u escape")
                        let low = try hex4()
                        guard (0xDC00..<0xE000).contains(low) else { throw Failure(line: line, message: "a lone surrogate in \\u escape") }
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                    }
                    guard let decoded = Unicode.Scalar(code) else { throw Failure(line: line, message: "an invalid \\u escape") }
                    value.append(decoded)
                default:
                    throw Failure(line: line, message: "unknown escape '\\\(escaped)'")
                }
            case _ where scalar.value < 0x20:
                throw Failure(line: line, message: "a control character in a string (write \\n for a line break)")
            default:
                value.append(scalar)
            }
        }
    }

    private mutating func hex4() throws(Failure) -> UInt32 {
        var code: UInt32 = 0
        for _ in 0..<4 {
            guard let scalar = peek(), let digit = UInt32(String(scalar), radix: 16) else {
                throw Failure(line: line, message: "an invalid \\u escape")
            }
            advance()
            code = code * 16 + digit
        }
        return code
    }
}
