import Catalog
import ICU

/// XLIFF 2.0: `<unit id="KEY[:CHANNEL]">` with the translator's description as a note and one
/// segment whose `state` carries the review state (initial, translated, final).
enum XLIFF2Format {
    static func write(_ units: [ExportUnit], workspace: String, locale: LocaleID) -> String {
        let sourceLocale = units.first?.template.sourceLocale.tag ?? locale.tag
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="\(sourceLocale)" trgLang="\(locale.tag)">
              <file id="\(XMLElement.escape(workspace, attribute: true))">

            """
        for unit in units {
            let id = XMLElement.escape(unit.name.description, attribute: true)
            out += "    <unit id=\"\(id)\" name=\"\(id)\">\n"
            if !unit.template.description.isEmpty {
                out += "      <notes>\n        <note category=\"description\">\(XMLElement.escape(unit.template.description))</note>\n      </notes>\n"
            }
            let state = unit.target.map { StateNames.xliff2($0.state) } ?? "initial"
            out += "      <segment state=\"\(state)\">\n"
            out += "        <source>\(XMLElement.escape(unit.source))</source>\n"
            if let target = unit.target {
                out += "        <target>\(XMLElement.escape(target.message))</target>\n"
            }
            out += "      </segment>\n    </unit>\n"
        }
        out += "  </file>\n</xliff>\n"
        return out
    }
}

/// XLIFF 1.2: `<trans-unit id="KEY[:CHANNEL]" resname="…">`, the description as a developer
/// note, the review state in `target/@state` (needs-translation, needs-review-translation, final).
enum XLIFF12Format {
    static func write(_ units: [ExportUnit], workspace: String, locale: LocaleID) -> String {
        let sourceLocale = units.first?.template.sourceLocale.tag ?? locale.tag
        var out = """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">
              <file original="\(XMLElement.escape(workspace, attribute: true))" source-language="\(sourceLocale)" target-language="\(locale.tag)" datatype="plaintext">
                <body>

            """
        for unit in units {
            let id = XMLElement.escape(unit.name.description, attribute: true)
            out += "      <trans-unit id=\"\(id)\" resname=\"\(id)\" xml:space=\"preserve\">\n"
            out += "        <source>\(XMLElement.escape(unit.source))</source>\n"
            if let target = unit.target {
                out += "        <target state=\"\(StateNames.xliff12(target.state))\">\(XMLElement.escape(target.message))</target>\n"
            }
            if !unit.template.description.isEmpty {
                out += "        <note from=\"developer\">\(XMLElement.escape(unit.template.description))</note>\n"
            }
            out += "      </trans-unit>\n"
        }
        out += "    </body>\n  </file>\n</xliff>\n"
        return out
    }
}

/// Reads XLIFF 2.0 and 1.2 (told apart by the root's `version`), every `<file>` in the document.
enum XLIFFReader {
    /// The `version` attribute decides the flavour, whatever the file was named.
    static func read(_ file: InterchangeFile) throws(FileProblems) -> [TextSpec] {
        let root = try XMLElement.parse(file)
        var problems: [FileProblem] = []
        func problem(_ line: Int, _ message: String) { problems.append(FileProblem(FilePosition(file: file.name, line: line), message)) }
        guard root.localName == "xliff" else {
            throw FileProblems(problems: [FileProblem(FilePosition(file: file.name, line: root.line), "the root element is <\(root.name)>, not <xliff>")])
        }
        let version = root.attributes["version"] ?? ""
        var texts: [TextSpec] = []
        /// A unit's target as a text: plain text (no inline markup), in a known state; an empty draft is untranslated.
        func add(_ element: XMLElement, _ name: TextName, _ locale: LocaleID, state: ReviewState?, stateName: String, stateLine: Int) {
            if let markup = element.children.first {
                problem(markup.line, "inline markup <\(markup.localName)> in '\(name)': a message is plain ICU MessageFormat text")
                return
            }
            guard let state else { return problem(stateLine, "unknown state '\(stateName)'") }
            if element.text.isEmpty && state == .draft { return }
            texts.append(TextSpec(key: name.key, locale: locale, channel: name.channel, message: element.text,
                                  state: state, origin: FilePosition(file: file.name, line: element.textLine)))
        }
        switch version {
        case "2.0", "2.1", "2.2":
            let target = root.attributes["trgLang"].flatMap { try? LocaleID($0) }
            if target == nil { problem(root.line, "<xliff> has no valid trgLang (the target locale)") }
            for fileElement in root.children(named: "file") {
                for unit in units(named: "unit", in: fileElement) {
                    guard let target else { break }
                    let segments = unit.children(named: "segment")
                    guard let id = unit.attributes["id"], let name = TextName(id) else {
                        problem(unit.line, "<unit> id '\(unit.attributes["id"] ?? "")' is not KEY or KEY:CHANNEL"); continue
                    }
                    guard segments.count == 1, let segment = segments.first else {
                        problem(unit.line, "unit '\(id)' has \(segments.count) segments; a message is one segment"); continue
                    }
                    guard let element = segment.child(named: "target") else { continue }
                    let stateName = segment.attributes["state"] ?? "translated"
                    add(element, name, target, state: StateNames.xliff2(stateName), stateName: stateName, stateLine: segment.line)
                }
            }
        case "1.2", "1.1", "1.0":
            for fileElement in root.children(named: "file") {
                guard let target = fileElement.attributes["target-language"].flatMap({ try? LocaleID($0) }) else {
                    problem(fileElement.line, "<file> has no valid target-language"); continue
                }
                for body in fileElement.children(named: "body") {
                    for unit in units(named: "trans-unit", in: body) {
                        guard let id = unit.attributes["resname"] ?? unit.attributes["id"], let name = TextName(id) else {
                            problem(unit.line, "<trans-unit> id '\(unit.attributes["id"] ?? "")' is not KEY or KEY:CHANNEL"); continue
                        }
                        guard let element = unit.child(named: "target") else { continue }
                        let stateName = element.attributes["state"] ?? "translated"
                        add(element, name, target, state: StateNames.xliff12(stateName), stateName: stateName, stateLine: element.line)
                    }
                }
            }
        default:
            problem(root.line, "unsupported XLIFF version '\(version)' (2.0 and 1.2 are read)")
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
