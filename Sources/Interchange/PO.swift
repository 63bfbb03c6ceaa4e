import Foundation
import Catalog
import ICU

/// gettext PO, one file per locale. The text's name is the `msgctxt`, the source text the
/// `msgid`, the translation the `msgstr`; ICU plurals stay inline in the message (no
/// `msgid_plural`), as most platforms do; the translator's description is an extracted comment
/// (`#.`).
///
/// States, as gettext's own tools mark them: a draft is `#, fuzzy`; so is an outdated text, with
/// `#| msgid` holding the source text it was translated from, as `msgmerge` writes it (Poedit and
/// Weblate show what changed). Any other entry is finished: PO cannot tell a text waiting for
/// review from an approved one, so an untouched entry keeps whichever it was, and a changed one
/// is written in the state its writer's role gives.
enum POFormat {
    static func head(workspace: String, sourceLocale: LocaleID, locale: LocaleID) -> String {
        """
        # \(workspace): \(locale.tag)
        msgid ""
        msgstr ""
        "Project-Id-Version: \(workspace)\\n"
        "Language: \(locale.tag)\\n"
        "MIME-Version: 1.0\\n"
        "Content-Type: text/plain; charset=UTF-8\\n"
        "Content-Transfer-Encoding: 8bit\\n"
        "X-Source-Language: \(sourceLocale.tag)\\n"

        """
    }

    static func entry(_ unit: ExportUnit) -> String {
        var out = "\n"
        for line in unit.template.description.split(separator: "\n", omittingEmptySubsequences: false) {
            out += "#. \(line)\n"
        }
        if unit.syntax != .mf1 { out += "#. \(SyntaxMark.name) \(unit.syntax.rawValue)\n" }
        if let target = unit.target, target.state == .draft || target.outdated { out += "#, fuzzy\n" }
        if let target = unit.target, target.outdated, let previous = target.previousSource {
            out += quoted(previous).split(separator: "\n").enumerated()
                .map { "#| \($0.offset == 0 ? "msgid " : "")\($0.element)\n" }.joined()
        }
        out += "msgctxt \(quoted(unit.name.description))\n"
        out += "msgid \(quoted(unit.source))\n"
        out += "msgstr \(quoted(unit.target?.message ?? ""))\n"
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
        /// `#| msgid`: the source text an outdated translation was made from.
        var previousID: String?
        /// `#. parley:syntax mf2`, with its line.
        var syntaxMark: (text: String, line: Int)?
        /// A string of it could not be read (reported already).
        var broken = false
    }

    static func read(_ file: InterchangeFile, locale givenLocale: LocaleID?, names: TextNames) throws(FileProblems) -> [TextSpec] {
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
            if trimmed.hasPrefix("#|") {
                if entry.text != nil { finish() }
                readPrevious(trimmed.dropFirst(2), into: &entry, at: FilePosition(file: file.name, line: number), &problems)
                continue
            }
            if trimmed.hasPrefix("#") {
                if entry.text != nil { finish() }
                if trimmed.hasPrefix("#. \(SyntaxMark.name) ") {
                    entry.syntaxMark = (String(trimmed.dropFirst("#. \(SyntaxMark.name) ".count)), number)
                }
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

        var locale: LocaleID? = givenLocale
        var texts: [TextSpec] = []
        for entry in entries where !entry.broken {
            if entry.context == nil && entry.id == "" {
                let header = entry.text ?? ""
                for line in header.split(separator: "\n") where line.hasPrefix("Language:") {
                    let tag = line.dropFirst("Language:".count).trimmingCharacters(in: .whitespaces)
                    if tag.isEmpty { continue }  // xliff2po and msginit may leave it empty
                    locale = try? LocaleID(tag)  // accepts gettext's pt_BR
                    if locale == nil { problem(entry.line, "the header's Language '\(tag)' is not a valid locale") }
                    if let locale, let givenLocale, locale != givenLocale {
                        problem(entry.line, "the header's Language is \(locale), not \(givenLocale)")
                    }
                }
                locale = locale ?? givenLocale
                continue
            }
            guard !entry.plural else {
                problem(entry.line, "msgid_plural/msgstr[N] are not used: plurals stay inline in ICU MessageFormat"); continue
            }
            guard let name = names.resolve([entry.context], source: entry.id) else {
                problem(entry.line, entry.context.map { "msgctxt '\($0)' names no text (KEY or KEY:CHANNEL)" }
                        ?? "an entry without msgctxt (the text's name), and its msgid matches \(names.describeMatches(entry.id))")
                continue
            }
            guard entry.id != nil, let message = entry.text else {
                problem(entry.line, "'\(name)' lacks msgid or msgstr"); continue
            }
            guard !message.isEmpty, let locale else { continue }
            let syntax = entry.syntaxMark.flatMap { SyntaxMark.syntax($0.text) }
            if let mark = entry.syntaxMark, syntax == nil { problem(mark.line, "'\(mark.text)' is not a syntax (mf1, mf2)"); continue }
            texts.append(TextSpec(key: name.key, locale: locale, channel: name.channel, message: message,
                                  syntax: syntax ?? .mf1, namesSyntax: syntax != nil,
                                  state: entry.fuzzy ? .draft : .approved,
                                  origin: FilePosition(file: file.name, line: entry.textLine == 0 ? entry.line : entry.textLine),
                                  marks: marks(entry), shownSource: entry.id.flatMap { $0.isEmpty ? nil : $0 }))
        }
        if locale == nil && problems.isEmpty {
            problem(1, "no header entry with 'Language: …' (the locale of the translations): give it with --locale")
        }
        guard problems.isEmpty else { throw FileProblems(problems: problems) }
        return texts
    }

    /// What an entry's flags say of its state (see the type's description).
    private static func marks(_ entry: Entry) -> StateMarks {
        switch (entry.fuzzy, entry.previousID != nil) {
        case (true, true): StateMarks(states: Set(ReviewState.allCases), outdated: true, requested: .draft)
        case (true, false): StateMarks(states: [.draft], requested: .draft)
        case (false, _): StateMarks(states: [.needsReview, .approved], outdated: false, requested: nil)
        }
    }

    /// One `#|` line: `msgid "…"` starts the previous source text, a bare string continues it;
    /// `#| msgctxt` is read past (the context is the text's name, which does not change).
    private static func readPrevious(_ rest: Substring, into entry: inout Entry, at position: FilePosition, _ problems: inout [FileProblem]) {
        let trimmed = rest.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("msgid ") || trimmed.hasPrefix("msgid\"") {
            let value = trimmed.dropFirst("msgid".count).drop { $0 == " " || $0 == "\t" }
            entry.previousID = unquote(value, at: position, &problems)
        } else if trimmed.hasPrefix("\""), let previous = entry.previousID {
            entry.previousID = previous + (unquote(trimmed, at: position, &problems) ?? "")
        }
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
