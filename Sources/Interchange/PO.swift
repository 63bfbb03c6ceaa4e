import Foundation
import Catalog
import ICU

/// gettext PO, one file per locale. The text's name is the `msgctxt`, the source text the
/// `msgid`, the translation the `msgstr`; ICU plurals stay inline in the message (no
/// `msgid_plural`), as most platforms do; the translator's description is an extracted comment
/// (`#.`). A draft is `#, fuzzy`; other states are not expressed in PO and read as approved.
enum POFormat {
    static func write(_ units: [ExportUnit], workspace: String, locale: LocaleID) -> String {
        let sourceLocale = units.first?.template.sourceLocale.tag ?? locale.tag
        var out = """
            # \(workspace): \(locale.tag)
            msgid ""
            msgstr ""
            "Project-Id-Version: \(workspace)\\n"
            "Language: \(locale.tag)\\n"
            "MIME-Version: 1.0\\n"
            "Content-Type: text/plain; charset=UTF-8\\n"
            "Content-Transfer-Encoding: 8bit\\n"
            "X-Source-Language: \(sourceLocale)\\n"

            """
        for unit in units {
            out += "\n"
            for line in unit.template.description.split(separator: "\n", omittingEmptySubsequences: false) {
                out += "#. \(line)\n"
            }
            if unit.target?.state == .draft { out += "#, fuzzy\n" }
            out += "msgctxt \(quoted(unit.name.description))\n"
            out += "msgid \(quoted(unit.source))\n"
            out += "msgstr \(quoted(unit.target?.message ?? ""))\n"
        }
        return out
    }

    /// A PO string: one line, or `""` followed by one line per line of the text.
    static func quoted(_ text: String) -> String {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard lines.count > 1 else { return "\"\(escape(text))\"" }
        var out = "\"\""
        for (index, line) in lines.enumerated() {
            let ending = index < lines.count - 1 ? "\\n" : ""
            if index == lines.count - 1 && line.isEmpty { break }
            out += "\n\"\(escape(String(line)))\(ending)\""
        }
        return out
    }

    private static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    // MARK: Reading

    private struct Entry {
        var line = 0
        var fuzzy = false
        var context: String?
        var id: String?
        var text: String?
        var textLine = 0
        var plural = false
        /// A string of it could not be read (reported already).
        var broken = false
    }

    static func read(_ file: InterchangeFile) throws(FileProblems) -> [TextSpec] {
        var problems: [FileProblem] = []
        func problem(_ line: Int, _ message: String) { problems.append(FileProblem(FilePosition(file: file.name, line: line), message)) }
        var entries: [Entry] = []
        var entry = Entry()
        var field: WritableKeyPath<Entry, String?>?
        var flags: [String] = []

        func finish() {
            if entry.id != nil || entry.context != nil || entry.text != nil {
                entry.fuzzy = flags.contains("fuzzy")
                entries.append(entry)
            }
            entry = Entry()
            field = nil
            flags = []
        }

        for (index, rawLine) in file.contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = index + 1
            let line = rawLine.hasSuffix("\r") ? rawLine.dropLast() : rawLine
            let trimmed = line.drop { $0 == " " || $0 == "\t" }
            if trimmed.isEmpty { finish(); continue }
            if trimmed.hasPrefix("#~") { continue }
            if trimmed.hasPrefix("#") {
                if entry.text != nil { finish() }
                if trimmed.hasPrefix("#,") {
                    flags += trimmed.dropFirst(2).split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                }
                continue
            }
            if trimmed.hasPrefix("\"") {
                guard let field else { problem(number, "a string outside msgctxt, msgid or msgstr"); continue }
                guard let value = unquote(trimmed, at: FilePosition(file: file.name, line: number), &problems) else { entry.broken = true; continue }
                if field == \Entry.text && (entry.text ?? "").isEmpty && entry.textLine == 0 { entry.textLine = number }
                entry[keyPath: field] = (entry[keyPath: field] ?? "") + value
                continue
            }
            let keyword = trimmed.prefix { $0 != " " && $0 != "\t" && $0 != "\"" }
            let rest = trimmed.dropFirst(keyword.count).drop { $0 == " " || $0 == "\t" }
            let target: WritableKeyPath<Entry, String?>
            switch keyword {
            case "msgctxt":
                if entry.text != nil { finish() }
                entry.line = number
                target = \.context
            case "msgid":
                if entry.text != nil { finish() }
                if entry.line == 0 { entry.line = number }
                target = \.id
            case "msgstr":
                target = \.text
            case "msgid_plural":
                entry.plural = true
                field = nil
                continue
            default:
                if keyword.hasPrefix("msgstr[") { entry.plural = true; field = nil; continue }
                problem(number, "unknown keyword '\(keyword)'")
                field = nil
                continue
            }
            guard let value = unquote(rest, at: FilePosition(file: file.name, line: number), &problems) else {
                entry.broken = true
                field = nil
                continue
            }
            entry[keyPath: target] = value
            if target == \Entry.text { entry.textLine = value.isEmpty ? 0 : number }
            field = target
        }
        finish()

        var locale: LocaleID?
        var texts: [TextSpec] = []
        for entry in entries where !entry.broken {
            if entry.context == nil && entry.id == "" {
                let header = entry.text ?? ""
                for line in header.split(separator: "\n") where line.hasPrefix("Language:") {
                    let tag = line.dropFirst("Language:".count).trimmingCharacters(in: .whitespaces)
                    locale = try? LocaleID(tag)  // accepts gettext's pt_BR
                    if locale == nil { problem(entry.line, "the header's Language '\(tag)' is not a valid locale") }
                }
                continue
            }
            guard !entry.plural else {
                problem(entry.line, "msgid_plural/msgstr[N] are not used: plurals stay inline in ICU MessageFormat"); continue
            }
            guard let context = entry.context else {
                problem(entry.line, "an entry without msgctxt: the context names the text (KEY or KEY:CHANNEL)"); continue
            }
            guard let name = TextName(context) else {
                problem(entry.line, "msgctxt '\(context)' is not KEY or KEY:CHANNEL"); continue
            }
            guard entry.id != nil, let message = entry.text else {
                problem(entry.line, "'\(context)' lacks msgid or msgstr"); continue
            }
            guard !message.isEmpty, let locale else { continue }
            texts.append(TextSpec(key: name.key, locale: locale, channel: name.channel, message: message,
                                  state: entry.fuzzy ? .draft : .approved,
                                  origin: FilePosition(file: file.name, line: entry.textLine == 0 ? entry.line : entry.textLine)))
        }
        if locale == nil && problems.isEmpty {
            problem(1, "no header entry with 'Language: …' (the locale of the translations)")
        }
        guard problems.isEmpty else { throw FileProblems(problems: problems) }
        return texts
    }

    /// The value of one quoted PO string (`"…"`, nothing after it but spaces or a comment).
    private static func unquote(_ text: Substring, at position: FilePosition, _ problems: inout [FileProblem]) -> String? {
        func fail(_ message: String) -> String? {
            problems.append(FileProblem(position, message))
            return nil
        }
        var scalars = text.unicodeScalars.makeIterator()
        guard scalars.next() == "\"" else { return fail("expected a quoted string") }
        var value = String.UnicodeScalarView()
        while let scalar = scalars.next() {
            switch scalar {
            case "\"":
                while let trailing = scalars.next() {
                    if trailing == " " || trailing == "\t" { continue }
                    return fail("text after the closing quote")
                }
                return String(value)
            case "\\":
                switch scalars.next() {
                case "n": value.append("\n")
                case "t": value.append("\t")
                case "r": value.append("\r")
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case let other?: return fail("unknown escape '\\\(other)'")
                case nil: return fail("the string ends in a backslash")
                }
            default:
                value.append(scalar)
            }
        }
        return fail("the string is not closed (a missing '\"')")
    }
}
