import Catalog
import ICU

/// XLIFF 2.0: `<unit id="KEY[:CHANNEL]">` with the translator's description as a note and one
/// segment whose `state` carries the review state: `initial` a draft, `translated` waiting for
/// review, `final` approved (`reviewed` is read as approved too). An outdated text is
/// `translated` (a CAT tool must not take it as final) with `subState="parley:outdated"`. Source and
/// target keep their white space (`xml:space="preserve"`): a message's line breaks are content.
enum XLIFF2Format {
    static let outdatedSubState = "parley:outdated"

    static func head(workspace: String, sourceLocale: LocaleID, locale: LocaleID) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="\(sourceLocale.tag)" trgLang="\(locale.tag)">
          <file id="\(XMLElement.escape(workspace, attribute: true))">

        """
    }

    static func unit(_ unit: ExportUnit) -> String {
        var out = ""
        let id = XMLElement.escape(unit.name.description, attribute: true)
        out += "    <unit id=\"\(id)\" name=\"\(id)\">\n"
        var notes = ""
        if !unit.template.description.isEmpty {
            notes += "        <note category=\"description\">\(XMLElement.escape(unit.template.description))</note>\n"
        }
        if unit.syntax != .mf1 { notes += "        <note category=\"\(SyntaxMark.name)\">\(unit.syntax.rawValue)</note>\n" }
        if !notes.isEmpty { out += "      <notes>\n" + notes + "      </notes>\n" }
        var state = unit.target.map { StateNames.xliff2($0.state) } ?? "initial"
        var subState = ""
        if let target = unit.target, target.outdated {
            if target.state == .approved { state = StateNames.xliff2(.needsReview) }
            subState = " subState=\"\(outdatedSubState)\""
        }
        out += "      <segment state=\"\(state)\"\(subState)>\n"
        out += "        <source xml:space=\"preserve\">\(XMLElement.escape(unit.source))</source>\n"
        if let target = unit.target {
            out += "        <target xml:space=\"preserve\">\(XMLElement.escape(target.message))</target>\n"
        }
        out += "      </segment>\n    </unit>\n"
        return out
    }

    static let tail = "  </file>\n</xliff>\n"
}

/// XLIFF 1.2: `<trans-unit id="KEY[:CHANNEL]" resname="…">`, the description as a developer
/// note, the review state in `target/@state` and the unit's `approved`: a draft is
/// `needs-translation`, a text waiting for review `translated`, an approved one `final` with
/// `approved="yes"` (which translate-toolkit and the CAT tools read as not fuzzy), an outdated one
/// `needs-review-translation` and not approved.
enum XLIFF12Format {
    static let outdatedState = "needs-review-translation"
    static func head(workspace: String, sourceLocale: LocaleID, locale: LocaleID) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
          <file original="\(XMLElement.escape(workspace, attribute: true))" source-language="\(sourceLocale.tag)" target-language="\(locale.tag)" datatype="plaintext">
            <body>

        """
    }

    static func unit(_ unit: ExportUnit) -> String {
        var out = ""
        let id = XMLElement.escape(unit.name.description, attribute: true)
        let approved = unit.target.map { $0.state == .approved && !$0.outdated } == true ? " approved=\"yes\"" : ""
        out += "      <trans-unit id=\"\(id)\" resname=\"\(id)\" xml:space=\"preserve\"\(approved)>\n"
        out += "        <source>\(XMLElement.escape(unit.source))</source>\n"
        if let target = unit.target {
            let state = target.outdated && target.state != .draft ? outdatedState : StateNames.xliff12(target.state)
            out += "        <target state=\"\(state)\">\(XMLElement.escape(target.message))</target>\n"
        }
        if !unit.template.description.isEmpty {
            out += "        <note from=\"developer\">\(XMLElement.escape(unit.template.description))</note>\n"
        }
        if unit.syntax != .mf1 { out += "        <note from=\"\(SyntaxMark.name)\">\(unit.syntax.rawValue)</note>\n" }
        out += "      </trans-unit>\n"
        return out
    }

    static let tail = "    </body>\n  </file>\n</xliff>\n"
}

/// Reads XLIFF 2.0, 1.2 and 1.1 (told apart by the root's `version`), every `<file>` in the
/// document, as the CAT tools, Okapi and translate-toolkit write them: a unit is found by its
/// `resname` or `id` when that names a text, else by its source text; a file without a target
/// language takes `locale`.
enum XLIFFReader {
    /// The `version` attribute decides the flavour, whatever the file was named.
    static func read(_ file: InterchangeFile, locale: LocaleID?, names: TextNames) throws(FileProblems) -> [TextSpec] {
        let root = try XMLElement.parse(file)
        var problems: [FileProblem] = []
        func problem(_ line: Int, _ message: String) { problems.append(FileProblem(FilePosition(file: file.name, line: line), message)) }
        guard root.localName == "xliff" else {
            throw FileProblems(problems: [FileProblem(FilePosition(file: file.name, line: root.line), "the root element is <\(root.name)>, not <xliff>")])
        }
        /// The file's target locale, or the one given when the file names none.
        func targetLocale(_ tag: String?, _ element: XMLElement, _ attribute: String) -> LocaleID? {
            guard let tag else {
                if locale == nil { problem(element.line, "<\(element.localName)> has no \(attribute) (the target locale): give it with --locale") }
                return locale
            }
            guard let named = try? LocaleID(tag) else { problem(element.line, "\(attribute) '\(tag)' is not a valid locale"); return nil }
            if let locale, locale != named { problem(element.line, "the file's \(attribute) is \(named), not \(locale)") }
            return named
        }
        /// The unit's text, when it has a target: its name, its wording (plain text, no inline
        /// markup) and what its marks say; an empty draft is untranslated and skipped.
        func add(_ unit: XMLElement, ids: [String?], source: XMLElement?, target: XMLElement, _ locale: LocaleID,
                 marks: StateMarks?, stateName: String?, stateLine: Int, syntaxNote: XMLElement?, into texts: inout [TextSpec]) {
            guard let name = names.resolve(ids, source: source?.text) else {
                let shown = ids.compactMap { $0 }.first ?? ""
                return problem(unit.line, "unit '\(shown)' names no text (KEY or KEY:CHANNEL), and its source text matches \(names.describeMatches(source?.text))")
            }
            if let markup = target.children.first {
                return problem(markup.line, "inline markup <\(markup.localName)> in '\(name)': a message is plain ICU MessageFormat text")
            }
            guard let marks else { return problem(stateLine, "unknown state '\(stateName ?? "")'") }
            if target.text.isEmpty && marks.states == [.draft] { return }
            let syntax = syntaxNote.flatMap { SyntaxMark.syntax($0.text) }
            if let syntaxNote, syntax == nil { return problem(syntaxNote.line, "'\(syntaxNote.text)' is not a syntax (mf1, mf2)") }
            texts.append(TextSpec(key: name.key, locale: locale, channel: name.channel, message: target.text,
                                  syntax: syntax ?? .mf1, namesSyntax: syntax != nil,
                                  state: marks.requested ?? .approved, origin: FilePosition(file: file.name, line: target.textLine),
                                  marks: marks, shownSource: source?.text))
        }
        let version = root.attributes["version"] ?? ""
        var texts: [TextSpec] = []
        switch version {
        case "2.0", "2.1", "2.2":
            guard let target = targetLocale(root.attributes["trgLang"], root, "trgLang") else { break }
            for fileElement in root.children(named: "file") {
                for unit in units(named: "unit", in: fileElement) {
                    let segments = unit.children(named: "segment")
                    guard segments.count == 1, let segment = segments.first else {
                        problem(unit.line, "unit '\(unit.attributes["id"] ?? "")' has \(segments.count) segments; a message is one segment"); continue
                    }
                    guard let element = segment.child(named: "target") else { continue }
                    let stateName = segment.attributes["state"]
                    add(unit, ids: [unit.attributes["name"], unit.attributes["id"]], source: segment.child(named: "source"), target: element,
                        target, marks: StateNames.xliff2(stateName, subState: segment.attributes["subState"]),
                        stateName: stateName, stateLine: segment.line,
                        syntaxNote: unit.child(named: "notes")?.children(named: "note").first { $0.attributes["category"] == SyntaxMark.name },
                        into: &texts)
                }
            }
        case "1.2", "1.1", "1.0":
            for fileElement in root.children(named: "file") {
                guard let target = targetLocale(fileElement.attributes["target-language"], fileElement, "target-language") else { continue }
                for body in fileElement.children(named: "body") {
                    // po2xliff carries the PO header over as a unit of its own.
                    for unit in units(named: "trans-unit", in: body) where unit.attributes["restype"] != "x-gettext-domain-header" {
                        guard let element = unit.child(named: "target") else { continue }
                        let stateName = element.attributes["state"]
                        add(unit, ids: [unit.attributes["resname"], unit.attributes["id"]], source: unit.child(named: "source"),
                            target: element, target,
                            marks: StateNames.xliff12(stateName, approved: unit.attributes["approved"]),
                            stateName: stateName, stateLine: element.line,
                            syntaxNote: unit.children(named: "note").first { $0.attributes["from"] == SyntaxMark.name },
                            into: &texts)
                    }
                }
            }
        default:
            problem(root.line, "unsupported XLIFF version '\(version)' (2.0, 1.2 and 1.1 are read)")
        }
        guard problems.isEmpty else { throw FileProblems(problems: problems) }
        return texts
    }

    /// The elements named `name` (`unit`, `trans-unit`) directly in a file or in its (nested) groups.
    private static func units(named name: String, in element: XMLElement) -> [XMLElement] {
        element.children.flatMap { child -> [XMLElement] in
            switch child.localName {
            case name: [child]
            case "group": units(named: name, in: child)
            default: []
            }
        }
    }
}
