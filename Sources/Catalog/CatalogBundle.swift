import ICU
import MessageFormat

/// A whole workspace catalog as files carry it: the workspace, its templates and every text.
public struct CatalogBundle: Sendable, Hashable {
    public var workspace: WorkspaceSpec
    public var templates: [TemplateSpec]
    public var texts: [TextSpec]
    /// Customer phrasings per template and locale (catalog files carry them; other formats do not).
    public var examples: [ExampleSpec]

    public init(workspace: WorkspaceSpec, templates: [TemplateSpec] = [], texts: [TextSpec] = [], examples: [ExampleSpec] = []) {
        self.workspace = workspace
        self.templates = templates
        self.texts = texts
        self.examples = examples
    }

    /// The texts of one template, source locale first, then by locale and channel.
    public func texts(of key: String) -> [TextSpec] {
        texts.filter { $0.key == key }
    }

    /// Every text checked as a write is (it must parse and lint without errors for its locale,
    /// against its source text), with the warnings too, each at its file and line when known.
    /// `included` picks the texts to check; their source texts come from the whole bundle.
    public func diagnostics(of included: @Sendable (TextSpec) -> Bool = { _ in true }) -> [TextDiagnostic] {
        let templates = Dictionary(templates.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        let sources = Dictionary(
            texts.filter { $0.channel == .default && $0.locale == templates[$0.key]?.sourceLocale }.map { ($0.key, $0) },
            uniquingKeysWith: { first, _ in first })
        @Sendable func check(_ texts: ArraySlice<TextSpec>) -> [TextDiagnostic] {
            var diagnostics: [TextDiagnostic] = []
            for text in texts where included(text) {
                let template = templates[text.key]
                let source = sources[text.key]
                let isSource = text.locale == template?.sourceLocale
                let (errors, warnings) = MessageCheck.check(text.message, syntax: text.syntax, locale: text.locale,
                                                            source: isSource ? nil : source.map { ($0.message, $0.syntax) })
                for (severity, problems) in [(FileProblem.Severity.error, errors), (.warning, warnings)] {
                    for problem in problems {
                        diagnostics.append(TextDiagnostic(text: text, severity: severity, problem: problem))
                    }
                }
            }
            return diagnostics
        }
        // Each text is checked on its own, so a large catalog is checked on every core, in slices;
        // the diagnostics keep the texts' order.
        guard texts.count > 2_000 else { return check(texts[...]) }
        return texts.chunks(of: 2_000).concurrentMap(check).flatMap { $0 }
    }

    /// The errors of ``diagnostics()`` as file problems (`file:line: error: …`).
    public func lintErrors() -> [FileProblem] {
        diagnostics().filter { $0.severity == .error }.map(\.fileProblem)
    }
}

/// A problem in one text of a catalog.
public struct TextDiagnostic: Sendable, Hashable {
    public var text: TextSpec
    public var severity: FileProblem.Severity
    public var problem: MessageProblem

    /// The file, line and column of the problem: the text's start plus the problem's line and
    /// column in it. Every line of a block text starts at the text's column (its indentation).
    /// The column is nil when the text's own is unknown (formats that give lines only).
    public var position: FilePosition {
        let origin = text.origin ?? FilePosition(file: TextIdentity(text).description, line: 1)
        return FilePosition(file: origin.file, line: origin.line + problem.line - 1,
                            column: origin.column.map { $0 + problem.column - 1 })
    }

    public var fileProblem: FileProblem {
        FileProblem(position, severity, "\(TextIdentity(text)): column \(problem.column): \(problem.message)")
    }

    /// Compiler style: `file:line:column: severity: key (locale[, channel]): message [code]` (the
    /// column in the text when the file's is unknown), then the text's line and a caret.
    public var rendered: String {
        let position = position
        return "\(position.file):\(position.line):\(position.column ?? problem.column): \(severity.rawValue): \(TextIdentity(text)): \(problem.message) [\(problem.code)]\n\(problem.caret)"
    }
}

/// A workspace as a file names it.
public struct WorkspaceSpec: Sendable, Hashable, Codable {
    public var name: String
    public var defaultLocale: LocaleID
    public var locales: [LocaleID]

    public init(name: String, defaultLocale: LocaleID, locales: [LocaleID]) {
        self.name = name
        self.defaultLocale = defaultLocale
        self.locales = locales
    }
}

/// A template's language-independent fields, as a file gives them.
public struct TemplateSpec: Sendable, Hashable, Codable {
    /// Stable identifier, dotted by topic (`account.hacked_recovery`).
    public var key: String
    public var category: String
    public var tags: [String]
    /// What agents type to insert it (`/hacked`).
    public var shortcut: String?
    /// Other names bots know it by (a Rasa response such as `utter_refund_status`).
    public var aliases: [String]
    /// Context for translators: when the reply is used, what the arguments are.
    public var description: String
    /// The locale translations are made from.
    public var sourceLocale: LocaleID

    public init(key: String, category: String = "", tags: [String] = [], shortcut: String? = nil, aliases: [String] = [],
                description: String = "", sourceLocale: LocaleID) {
        self.key = key
        self.category = category
        self.tags = tags
        self.shortcut = shortcut
        self.aliases = aliases
        self.description = description
        self.sourceLocale = sourceLocale
    }
}

/// One text: a template in a locale, for a channel.
public struct TextSpec: Sendable, Hashable, Codable {
    public var key: String
    public var locale: LocaleID
    public var channel: ReplyChannel
    public var message: String
    /// The syntax `message` is written in.
    public var syntax: MessageSyntax
    /// Whether its file or request named the syntax: a translator's file without a mark, or a
    /// change without `syntax`, leaves the text's own (``CatalogBundle/withUnnamedSyntax(_:)``).
    public var namesSyntax: Bool
    public var state: ReviewState
    /// Where it was read from, for diagnostics (`Locales/support/ru.yaml:42`).
    public var origin: FilePosition?
    /// What the file's marks say of the state, where they say less than `state` (PO, JSON, CSV):
    /// nil when the file names the state exactly.
    public var marks: StateMarks?
    /// The source text the file showed beside this one (XLIFF `<source>`, PO `msgid`), if any.
    public var shownSource: String?
    /// Made from an older source text than the current one (as the server knows it).
    public var outdated: Bool
    /// For an outdated text, the source text it was made from (PO's `#| msgid`), when known.
    public var previousSource: String?

    public init(key: String, locale: LocaleID, channel: ReplyChannel = .default, message: String, syntax: MessageSyntax = .mf1,
                namesSyntax: Bool = true, state: ReviewState = .approved, origin: FilePosition? = nil, marks: StateMarks? = nil,
                shownSource: String? = nil, outdated: Bool = false, previousSource: String? = nil) {
        self.key = key
        self.locale = locale
        self.channel = channel
        self.message = message
        self.syntax = syntax
        self.namesSyntax = namesSyntax
        self.state = state
        self.origin = origin
        self.marks = marks
        self.shownSource = shownSource
        self.outdated = outdated
        self.previousSource = previousSource
    }

    /// The marks to judge a write by: the file's, or exactly `state`.
    public var stateMarks: StateMarks { marks ?? .exactly(state) }

    /// Equality of content, whatever file and line it came from.
    public func sameContent(as other: TextSpec) -> Bool {
        key == other.key && locale == other.locale && channel == other.channel && message == other.message && state == other.state
    }
}

/// A text's identity: template, locale and channel (what two versions of one text share).
public struct TextIdentity: Sendable, Hashable {
    public var key: String
    public var locale: LocaleID
    public var channel: ReplyChannel

    public init(key: String, locale: LocaleID, channel: ReplyChannel) {
        self.key = key
        self.locale = locale
        self.channel = channel
    }

    public init(_ text: TextSpec) {
        self.init(key: text.key, locale: text.locale, channel: text.channel)
    }
}

extension TextIdentity: CustomStringConvertible {
    /// How messages name a text: `key (locale)`, or `key (locale, channel)` for a channel's text.
    public var description: String { Self.name(key: key, locale: locale.tag, channel: channel.rawValue) }

    /// The name of a text given by its parts as the API spells them (see ``description``).
    public static func name(key: String, locale: String, channel: String) -> String {
        channel == ReplyChannel.default.rawValue ? "\(key) (\(locale))" : "\(key) (\(locale), \(channel))"
    }
}

/// A file, a 1-based line and, when known, a 1-based column (counting Unicode scalars, as YAML
/// readers and the message linter do).
public struct FilePosition: Sendable, Hashable, Codable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int?

    public init(file: String, line: Int, column: Int? = nil) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line`: problems with the file itself are reported by line.

    public var description: String { "\(file):\(line)" }
}

/// A problem in a catalog file: `file:line: severity: message`.
public struct FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable { case error, warning }

    public var position: FilePosition
    public var severity: Severity
    public var message: String

    public init(_ position: FilePosition, _ severity: Severity, _ message: String) {
        self.position = position
        self.severity = severity
        self.message = message
    }

    /// An error.
    public init(_ position: FilePosition, _ message: String) {
        self.init(position, .error, message)
    }

    public var description: String { "\(position): \(severity.rawValue): \(message)" }
}

/// Every problem found in a set of files (reading stops at none of them, so all are reported).
public struct FileProblems: Error, Sendable, CustomStringConvertible {
    public var problems: [FileProblem]

    public init(problems: [FileProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

extension MessageSyntax {
    /// The syntax of a text written without naming one (a write that leaves it out; translators'
    /// formats, which do not carry it): the text's own, else its source text's, else MessageFormat 1.
    public static func unnamed(current: MessageSyntax?, source: MessageSyntax?) -> MessageSyntax {
        current ?? source ?? .mf1
    }
}

extension CatalogBundle {
    /// `texts`, each that names no syntax with the syntax a text written without naming one takes
    /// (``MessageSyntax/unnamed(current:source:)``) in this catalog: the source text is the
    /// channel's in the source locale, else its default text.
    public func withUnnamedSyntax(_ incoming: [TextSpec]) -> [TextSpec] {
        let sourceLocales = Dictionary(templates.map { ($0.key, $0.sourceLocale) }, uniquingKeysWith: { first, _ in first })
        let syntaxes = Dictionary(texts.map { (TextIdentity($0), $0.syntax) }, uniquingKeysWith: { first, _ in first })
        var sourceSyntaxes: [String: [ReplyChannel: MessageSyntax]] = [:]
        for text in texts where text.locale == sourceLocales[text.key] && sourceSyntaxes[text.key]?[text.channel] == nil {
            sourceSyntaxes[text.key, default: [:]][text.channel] = text.syntax
        }
        return incoming.map { text in
            guard !text.namesSyntax else { return text }
            var text = text
            let source = SourceText.followed(by: text.channel, in: sourceSyntaxes[text.key] ?? [:])
            text.syntax = MessageSyntax.unnamed(current: syntaxes[TextIdentity(text)], source: source)
            return text
        }
    }
}
