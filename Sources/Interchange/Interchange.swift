import Catalog
import ICU
import MessageFormat

/// Export of a catalog to translators' formats, and import back with every problem reported at
/// its file and line.
public enum Interchange {
    /// The files of a catalog in `format`: one per locale (all the workspace's locales, or
    /// `locales`), or one CSV file. Texts a locale lacks are exported untranslated where the
    /// format can say so (XLIFF, PO), so translators see what is missing.
    public static func export(_ bundle: CatalogBundle, as format: InterchangeFormat, locales: [LocaleID]? = nil) -> [InterchangeFile] {
        let chosen = locales ?? bundle.workspace.locales
        func file(_ locales: [LocaleID]) -> InterchangeFile {
            var writer = ExportWriter(format, workspace: bundle.workspace.name, locale: locales.first ?? bundle.workspace.defaultLocale)
            let contents = locales.map { writer.write(bundle, for: $0) }.joined() + writer.finish()
            return InterchangeFile(name: writer.fileName, contents: contents)
        }
        return format.isPerLocale ? chosen.map { file([$0]) } : [file(chosen)]
    }

    /// The texts of one file. The locale comes from the file itself (XLIFF's target language,
    /// PO's `Language` header, CSV's column) or, where the file names none, from `locale` (for
    /// flat JSON, also from the file name, `support.fr.json`). Units and entries of other tools'
    /// files that do not carry a text's name are found in `catalog` by their source text.
    /// Untranslated entries are skipped. Every problem is collected. Without `format`,
    /// the file's name or else its contents tell it.
    public static func read(_ file: InterchangeFile, as format: InterchangeFormat? = nil, locale: LocaleID? = nil,
                            catalog: CatalogBundle? = nil) throws(FileProblems) -> [TextSpec] {
        let names = TextNames(catalog)
        let texts: [TextSpec]
        switch format ?? InterchangeFormat.guess(fileName: file.name, contents: file.contents) {
        case .xliff2, .xliff12: texts = try XLIFFReader.read(file, locale: locale, names: names)
        case .po: texts = try POFormat.read(file, locale: locale, names: names)
        case .json:
            guard let locale = locale ?? localeFromName(file.name) else {
                throw FileProblems(problems: [FileProblem(FilePosition(file: file.name, line: 1),
                    "flat JSON carries no locale: name the file LOCALE.json or give the locale")])
            }
            texts = try FlatJSONFormat.read(file, locale: locale)
        case .csv: texts = try CSVFormat.read(file)
        }
        // A text without a syntax mark keeps its own (or takes its source's).
        return catalog?.withUnnamedSyntax(texts) ?? texts
    }

    /// `bundle` with `texts` put in (replacing texts of the same key, locale and channel), if
    /// every text names a template and a locale of the workspace and passes the checks a write
    /// passes. Otherwise every problem, at its file and line, and nothing changes.
    public static func apply(_ texts: [TextSpec], to bundle: CatalogBundle) throws(FileProblems) -> CatalogBundle {
        var problems: [FileProblem] = []
        let keys = Set(bundle.templates.map(\.key))
        var seen: [TextIdentity: FilePosition] = [:]
        for text in texts {
            let position = text.origin ?? FilePosition(file: "?", line: 1)
            if !keys.contains(text.key) {
                problems.append(FileProblem(position, "no template '\(text.key)' in workspace '\(bundle.workspace.name)'"))
            }
            if !bundle.workspace.locales.contains(text.locale) {
                problems.append(FileProblem(position, "\(text.locale) is not one of the workspace's locales (\(bundle.workspace.locales.map(\.tag).joined(separator: ", ")))"))
            }
            if let earlier = seen.updateValue(position, forKey: TextIdentity(text)) {
                problems.append(FileProblem(position, "\(TextName(key: text.key, channel: text.channel)) (\(text.locale)) is given twice (first at \(earlier))"))
            }
        }
        guard problems.isEmpty else { throw FileProblems(problems: problems) }
        var merged = bundle
        let incoming = Set(texts.map(TextIdentity.init))
        let existing = Dictionary(bundle.texts.map { (TextIdentity($0), $0) }, uniquingKeysWith: { first, _ in first })
        merged.texts.removeAll { incoming.contains(TextIdentity($0)) }
        // A text the file leaves as it was keeps its state; a changed one takes what its marks ask.
        merged.texts += texts.map { text in
            var text = text
            let current = existing[TextIdentity(text)]
            let write = TextUpdate.plan(current: current.map { TextUpdate.Current(message: $0.message, state: $0.state, sourceVersion: nil) },
                                        message: text.message, marks: text.stateMarks, mayApprove: true, source: .none)
            text.state = write?.state ?? current?.state ?? text.state
            return text
        }
        // Only the incoming texts, and translations whose source text changes, are judged.
        let sourceLocales = Dictionary(bundle.templates.map { ($0.key, $0.sourceLocale) }, uniquingKeysWith: { first, _ in first })
        let changedSources = Set(texts.filter { sourceLocales[$0.key] == $0.locale }.map(\.key))
        let errors = merged.diagnostics { incoming.contains(TextIdentity($0)) || changedSources.contains($0.key) }
            .filter { $0.severity == .error }
        guard errors.isEmpty else { throw FileProblems(problems: errors.map(\.fileProblem)) }
        return merged
    }

    /// The locale a file name ends with before its extension: `support.fr.json`, `pt-BR.po`.
    public static func localeFromName(_ name: String) -> LocaleID? {
        let base = name.split(separator: "/").last.map(String.init) ?? name
        let parts = base.split(separator: ".")
        guard parts.count >= 2 else { return nil }
        let candidate = String(parts[parts.count - 2])
        guard candidate.unicodeScalars.allSatisfy({ $0.properties.isASCIIHexDigit || ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "-" || $0 == "_" }) else { return nil }
        return try? LocaleID(candidate)
    }
}

/// One row of a per-locale export: a text's name, its template, the source text and the
/// locale's text (nil when untranslated).
struct ExportUnit {
    var name: TextName
    var template: TemplateSpec
    var source: String
    var target: TextSpec?
    /// The target's syntax, or the source text's when there is no target yet: a file marks
    /// MessageFormat 2 units (``SyntaxMark``), so the translator knows what to write and an
    /// import knows what came back.
    var syntax: MessageSyntax

    /// Every template in order; for each, the default text, then the channels the source or the
    /// locale has.
    static func units(of bundle: CatalogBundle, for locale: LocaleID) -> [ExportUnit] {
        var units: [ExportUnit] = []
        let textsByKey = Dictionary(grouping: bundle.texts, by: \.key)
        for template in bundle.templates {
            let texts = textsByKey[template.key] ?? []
            let sources = texts.filter { $0.locale == template.sourceLocale }
            let targets = texts.filter { $0.locale == locale }
            let channels = Set(sources.map(\.channel) + targets.map(\.channel)).sorted()
            let sourceDefault = sources.first { $0.channel == .default }
            for channel in channels {
                let source = sources.first { $0.channel == channel } ?? sourceDefault
                let target = targets.first { $0.channel == channel }
                units.append(ExportUnit(
                    name: TextName(key: template.key, channel: channel), template: template,
                    source: source?.message ?? "", target: target, syntax: target?.syntax ?? source?.syntax ?? .mf1))
            }
        }
        return units
    }
}

/// Finds the text a unit or entry of a translators' file means: by a name it carries (XLIFF's
/// `resname`, `name` or `id`, PO's `msgctxt`) when that is a text of the catalog, else by its
/// source text when exactly one text of the catalog has it (files that went through
/// `po2xliff`, `xliff2po` or a CAT tool that numbers its units).
struct TextNames {
    /// The catalog's keys (nil: no catalog, any well-formed name is taken).
    private let keys: Set<String>?
    private let bySource: [String: [TextName]]

    init(_ catalog: CatalogBundle?) {
        keys = catalog.map { Set($0.templates.map(\.key)) }
        var bySource: [String: [TextName]] = [:]
        if let catalog {
            let sourceLocales = Dictionary(catalog.templates.map { ($0.key, $0.sourceLocale) }, uniquingKeysWith: { first, _ in first })
            for text in catalog.texts where sourceLocales[text.key] == text.locale {
                bySource[text.message, default: []].append(TextName(key: text.key, channel: text.channel))
            }
        }
        self.bySource = bySource
    }

    /// The first of `names` that names a text, else the one text whose source is `source`.
    func resolve(_ names: [String?], source: String?) -> TextName? {
        for case let name? in names {
            if let textName = TextName(name), keys?.contains(textName.key) ?? true { return textName }
        }
        guard let source, let matches = bySource[source], matches.count == 1 else { return nil }
        return matches[0]
    }

    /// How many texts have `source` as their source text, in words for a problem's message.
    func describeMatches(_ source: String?) -> String {
        guard keys != nil else { return "nothing (no catalog to look it up in)" }
        switch source.flatMap({ bySource[$0] })?.count ?? 0 {
        case 0: return "no text of the workspace"
        case let count: return "\(count) texts of the workspace: name it by its key"
        }
    }
}

/// How XLIFF and PO files mark a MessageFormat 2 text (MessageFormat 1, the default, has no mark):
/// an XLIFF 2.0 `<note category="parley:syntax">mf2</note>`, an XLIFF 1.2
/// `<note from="parley:syntax">mf2</note>`, a PO extracted comment `#. parley:syntax mf2`. Notes
/// and comments are what CAT tools keep. Flat JSON and CSV have no place for one.
enum SyntaxMark {
    static let name = "parley:syntax"

    /// The syntax a mark's text names, or nil when it names none.
    static func syntax(_ text: String) -> MessageSyntax? { MessageSyntax(rawValue: text.trimmingCharacters(in: .whitespaces)) }
}
