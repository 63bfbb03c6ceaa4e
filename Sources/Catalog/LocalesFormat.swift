import ICU
import MessageFormat
import Yams

/// The catalog format of the `Locales/` folder: YAML, one file per locale per workspace, made
/// to be read and diffed by people. See `Locales/README.md` for the full description.
///
/// ```yaml
/// # Locales/support/workspace.yaml
/// format: 1
/// workspace: support
/// default_locale: en
/// locales: [en, es, ru]
///
/// # Locales/support/en.yaml: the source locale carries each template's fields
/// format: 1
/// locale: en
/// templates:
///   payments.refund_status:
///     category: payments
///     tags: [refund]
///     shortcut: /refund
///     aliases: [utter_refund_status]   # names bots know it by (Rasa responses)
///     description: The customer asks where their refund is. amount is a number, when a date.
///     message: Your refund of {amount, number, ::currency/USD} was issued on {when, date, long}.
///     state: approved         # the state of `message`, and of channel texts given as text
///     syntax: mf1             # mf1 (ICU MessageFormat, the default) or mf2 (MessageFormat 2), likewise
///     channels:
///       email: |
///         Hello {name},
///         …
///       sms:                  # a channel's text in a state of its own
///         state: needs_review
///         message: Refund issued {when, date, short}.
///
/// # Locales/support/ru.yaml: translations only
/// format: 1
/// locale: ru
/// templates:
///   payments.refund_status:
///     message: Возврат на сумму {amount, number, ::currency/USD} оформлен {when, date, long}.
/// ```
public enum LocalesFormat {
    /// The version this code reads and writes.
    public static let version = 1

    /// Reads one workspace folder's files (name → contents). Every problem is collected.
    public static func read(workspaceFile: (name: String, contents: String), localeFiles: [(name: String, contents: String)]) throws(FileProblems) -> CatalogBundle {
        var problems: [FileProblem] = []
        let workspace = readWorkspace(workspaceFile, &problems)
        var templates: [String: TemplateSpec] = [:]
        var templateOrigin: [String: FilePosition] = [:]
        var texts: [TextSpec] = []
        var examples: [ExampleSpec] = []
        // Each file is read on its own, on every core (YAML is most of the time a large catalog
        // takes), and the files are merged in name order, so "already has its template fields"
        // names the same file whatever the timing.
        for file in readLocaleFiles(localeFiles.sorted(by: { $0.name < $1.name })) {
            problems += file.problems
            for (spec, at) in file.templates {
                if let earlier = templateOrigin[spec.key] {
                    problems.append(FileProblem(at, "'\(spec.key)' already has its template fields in \(earlier)"))
                } else {
                    templates[spec.key] = spec
                    templateOrigin[spec.key] = at
                }
            }
            texts += file.texts
            examples += file.examples
        }
        for example in examples where templates[example.key] == nil {
            problems.append(FileProblem(example.origin ?? FilePosition(file: "?", line: 1),
                "'\(example.key)' has no template fields (category, description…) in its source locale's file"))
        }
        for text in texts where templates[text.key] == nil {
            problems.append(FileProblem(text.origin ?? FilePosition(file: "?", line: 1),
                "'\(text.key)' has no template fields (category, description…) in its source locale's file"))
        }
        if let workspace {
            for text in texts where !workspace.locales.contains(text.locale) {
                problems.append(FileProblem(text.origin ?? FilePosition(file: "?", line: 1),
                    "\(text.locale) is not one of the workspace's locales (\(workspace.locales.map(\.tag).joined(separator: ", ")))"))
            }
        }
        guard problems.isEmpty, let workspace else { throw FileProblems(problems: problems) }
        let ordered = templates.values.sorted { $0.key < $1.key }
        return CatalogBundle(workspace: workspace, templates: ordered, texts: texts, examples: examples)
    }

    private static func readWorkspace(_ file: (name: String, contents: String), _ problems: inout [FileProblem]) -> WorkspaceSpec? {
        guard let root = compose(file, &problems) else { return nil }
        checkFormat(root, file.name, &problems)
        let at = FilePosition(file: file.name, line: line(of: root))
        guard let name = root["workspace"]?.string, !name.isEmpty else {
            problems.append(FileProblem(at, "missing 'workspace' (the workspace's name)"))
            return nil
        }
        guard let defaultTag = root["default_locale"]?.string, let defaultLocale = try? LocaleID(defaultTag) else {
            problems.append(FileProblem(at, "missing or invalid 'default_locale'"))
            return nil
        }
        var locales: [LocaleID] = []
        for node in root["locales"]?.array() ?? [] {
            guard let tag = node.string, let locale = try? LocaleID(tag) else {
                problems.append(FileProblem(FilePosition(file: file.name, line: line(of: node)), "'\(node.string ?? "?")' is not a valid locale tag"))
                continue
            }
            locales.append(locale)
        }
        if !locales.contains(defaultLocale) { locales.insert(defaultLocale, at: 0) }
        return WorkspaceSpec(name: name, defaultLocale: defaultLocale, locales: locales)
    }

    /// What one locale file holds, read on its own.
    private struct LocaleFile: Sendable {
        /// Template fields, with where each was given (a template's fields belong in one file only).
        var templates: [(TemplateSpec, FilePosition)] = []
        var texts: [TextSpec] = []
        var examples: [ExampleSpec] = []
        var problems: [FileProblem] = []
    }

    /// Reads the files concurrently; the results keep the files' order.
    private static func readLocaleFiles(_ files: [(name: String, contents: String)]) -> [LocaleFile] {
        files.concurrentMap { file in
            var read = LocaleFile()
            readLocaleFile(file, &read)
            return read
        }
    }

    private static func readLocaleFile(_ file: (name: String, contents: String), _ read: inout LocaleFile) {
        var problems: [FileProblem] = []
        var texts: [TextSpec] = []
        defer {
            read.problems += problems
            read.texts += texts
        }
        guard let root = compose(file, &problems) else { return }
        checkFormat(root, file.name, &problems)
        guard let tag = root["locale"]?.string, let locale = try? LocaleID(tag) else {
            problems.append(FileProblem(FilePosition(file: file.name, line: line(of: root)), "missing or invalid 'locale'"))
            return
        }
        guard let entries = root["templates"]?.mapping else {
            problems.append(FileProblem(FilePosition(file: file.name, line: line(of: root)), "missing 'templates'"))
            return
        }
        let lines = file.contents.split(separator: "\n", omittingEmptySubsequences: false)
        for (keyNode, entry) in entries {
            let key = keyNode.string ?? ""
            let at = FilePosition(file: file.name, line: line(of: keyNode))
            guard Template.isValidKey(key) else {
                problems.append(FileProblem(at, "'\(key)' is not a valid template key (lowercase letters, digits, '.', '_', '-')"))
                continue
            }
            guard entry.mapping != nil else {
                problems.append(FileProblem(at, "'\(key)' must be a mapping with at least 'message'"))
                continue
            }
            let known: Set<String> = ["category", "tags", "shortcut", "aliases", "description", "message", "channels", "state", "syntax", "examples"]
            for (field, _) in entry.mapping! where !known.contains(field.string ?? "") {
                problems.append(FileProblem(FilePosition(file: file.name, line: line(of: field)), "unknown field '\(field.string ?? "?")' in '\(key)'"))
            }
            let aliases = (entry["aliases"]?.array() ?? []).compactMap(\.string)
            if let node = entry["aliases"], node.sequence == nil || aliases.count != node.array().count {
                problems.append(FileProblem(FilePosition(file: file.name, line: line(of: node)), "'aliases' of '\(key)' must be a list of names"))
            } else if let problem = Template.aliasProblem(aliases) {
                problems.append(FileProblem(FilePosition(file: file.name, line: line(of: entry["aliases"]!)), "\(problem) in '\(key)'"))
            }
            if entry["category"] != nil || entry["description"] != nil || entry["tags"] != nil || entry["shortcut"] != nil || entry["aliases"] != nil {
                read.templates.append((TemplateSpec(
                    key: key, category: entry["category"]?.string ?? "",
                    tags: (entry["tags"]?.array() ?? []).compactMap(\.string),
                    shortcut: entry["shortcut"]?.string, aliases: aliases, description: entry["description"]?.string ?? "",
                    sourceLocale: locale), at))
            }
            if let node = entry["examples"] {
                let position = FilePosition(file: file.name, line: line(of: node))
                let phrases = node.array().compactMap(\.string)
                if node.sequence == nil || phrases.count != node.array().count {
                    problems.append(FileProblem(position, "'examples' of '\(key)' must be a list of texts"))
                } else {
                    for problem in ExampleRules.problems(phrases) { problems.append(FileProblem(position, "'\(key)': \(problem)")) }
                    read.examples.append(ExampleSpec(key: key, locale: locale, phrases: phrases, origin: position))
                }
                // A locale may collect customers' phrasings before its texts are translated.
                if entry["message"] == nil, entry["channels"] == nil { continue }
            }
            readTexts(of: entry, key: key, locale: locale, at: at, in: (file.name, lines), &texts, &problems)
        }
    }

    /// The texts of one template entry: `message` with the entry's `state`, and each channel's,
    /// given as text (the entry's state) or as `{state, message}` (a state of its own).
    private static func readTexts(
        of entry: Node, key: String, locale: LocaleID, at: FilePosition, in file: (name: String, lines: [Substring]),
        _ texts: inout [TextSpec], _ problems: inout [FileProblem]
    ) {
        guard let state = readState(entry["state"], otherwise: .approved, at: at, &problems),
              let syntax = readSyntax(entry["syntax"], otherwise: .mf1, in: file.name, &problems) else { return }
        if let message = entry["message"] {
            guard let text = message.string else {
                problems.append(FileProblem(FilePosition(file: file.name, line: line(of: message)), "'message' of '\(key)' must be text"))
                return
            }
            texts.append(TextSpec(key: key, locale: locale, channel: .default, message: text, syntax: syntax, state: state,
                                  origin: textStart(of: message, file: file.name, lines: file.lines)))
        } else {
            problems.append(FileProblem(at, "'\(key)' has no 'message' (the text for every channel)"))
            return
        }
        for (channelNode, value) in entry["channels"]?.mapping ?? [:] {
            let channel = ReplyChannel(rawValue: channelNode.string ?? "")
            let position = FilePosition(file: file.name, line: line(of: channelNode))
            guard channel.isValid, channel != .default else {
                problems.append(FileProblem(position, "'\(channel.rawValue)' is not a valid channel name"))
                continue
            }
            var message = value
            var channelState = state
            var channelSyntax = syntax
            if let fields = value.mapping {
                for (field, _) in fields where !["state", "syntax", "message"].contains(field.string ?? "") {
                    problems.append(FileProblem(FilePosition(file: file.name, line: line(of: field)),
                                                "unknown field '\(field.string ?? "?")' in the '\(channel.rawValue)' text of '\(key)'"))
                }
                guard let given = value["message"] else {
                    problems.append(FileProblem(position, "the '\(channel.rawValue)' text of '\(key)' has no 'message'"))
                    continue
                }
                guard let own = readState(value["state"], otherwise: state, at: position, &problems),
                      let ownSyntax = readSyntax(value["syntax"], otherwise: syntax, in: file.name, &problems) else { continue }
                (message, channelState, channelSyntax) = (given, own, ownSyntax)
            }
            guard let text = message.string else {
                problems.append(FileProblem(position, "the '\(channel.rawValue)' text of '\(key)' must be text"))
                continue
            }
            texts.append(TextSpec(key: key, locale: locale, channel: channel, message: text, syntax: channelSyntax, state: channelState,
                                  origin: textStart(of: message, file: file.name, lines: file.lines)))
        }
    }

    /// A `state` field's value (`otherwise` when there is none); nil, with a problem, when it names no state.
    private static func readState(_ node: Node?, otherwise: ReviewState, at: FilePosition, _ problems: inout [FileProblem]) -> ReviewState? {
        guard let node else { return otherwise }
        guard let text = node.string, let state = ReviewState(rawValue: text) else {
            problems.append(FileProblem(at, "'\(node.string ?? "?")' is not a review state (draft, needs_review, approved)"))
            return nil
        }
        return state
    }

    /// A `syntax` field's value (`otherwise` when there is none); nil, with a problem, when it names no syntax.
    private static func readSyntax(_ node: Node?, otherwise: MessageSyntax, in file: String, _ problems: inout [FileProblem]) -> MessageSyntax? {
        guard let node else { return otherwise }
        guard let text = node.string, let syntax = MessageSyntax(rawValue: text) else {
            problems.append(FileProblem(FilePosition(file: file, line: line(of: node)), "'\(node.string ?? "?")' is not a syntax (mf1, mf2)"))
            return nil
        }
        return syntax
    }

    private static func compose(_ file: (name: String, contents: String), _ problems: inout [FileProblem]) -> Node? {
        do {
            // Every value is read as text (`int` parses it when asked), so no scalar's tag needs
            // resolving: Yams's default resolver tries several regular expressions on each, which
            // took most of the time a million-text catalog took to read.
            guard let node = try Yams.compose(yaml: file.contents, .basic), node.mapping != nil else {
                problems.append(FileProblem(FilePosition(file: file.name, line: 1), "expected a YAML mapping"))
                return nil
            }
            return node
        } catch let error as YamlError {
            problems.append(FileProblem(FilePosition(file: file.name, line: yamlLine(error)), "not valid YAML: \(yamlMessage(error))"))
            return nil
        } catch {
            problems.append(FileProblem(FilePosition(file: file.name, line: 1), "not valid YAML"))
            return nil
        }
    }

    private static func checkFormat(_ root: Node, _ name: String, _ problems: inout [FileProblem]) {
        guard let format = root["format"]?.int else {
            problems.append(FileProblem(FilePosition(file: name, line: 1), "missing 'format: \(version)'"))
            return
        }
        if format != version {
            problems.append(FileProblem(FilePosition(file: name, line: line(of: root["format"]!)),
                                        "format \(format) is not supported (this version reads format \(version))"))
        }
    }

    static func line(of node: Node) -> Int { (node.mark?.line ?? 0) + (node.mark == nil ? 1 : 0) }

    /// Where a text's first character is in its file. A quoted text starts after its quote; a
    /// block text (`|`, `>`) on the line below its indicator, at the block's indentation (every
    /// line of a literal block starts at that column).
    static func textStart(of node: Node, file: String, lines: [Substring]) -> FilePosition {
        guard case .scalar(let scalar) = node, let mark = node.mark else { return FilePosition(file: file, line: line(of: node)) }
        switch scalar.style {
        case .literal, .folded:
            let content = lines.dropFirst(mark.line).first { !$0.allSatisfy(\.isWhitespace) }
            let indentation = content?.unicodeScalars.prefix { $0 == " " }.count ?? 0
            return FilePosition(file: file, line: mark.line + 1, column: indentation + 1)
        case .singleQuoted, .doubleQuoted:
            return FilePosition(file: file, line: mark.line, column: mark.column + 1)
        default:
            return FilePosition(file: file, line: mark.line, column: mark.column)
        }
    }

    static func yamlLine(_ error: YamlError) -> Int {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _): mark.line
        default: 1
        }
    }

    static func yamlMessage(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _): problem
        default: "\(error)"
        }
    }

    // MARK: Writing

    /// The files of a bundle: `workspace.yaml` and one `<locale>.yaml` per locale, in a stable
    /// order (templates by key, channels by name) so that diffs show only what changed.
    public static func write(_ bundle: CatalogBundle) -> [(name: String, contents: String)] {
        var files: [(name: String, contents: String)] = []
        let workspace: Node = [
            "format": Node(String(version)),
            "workspace": Node(bundle.workspace.name),
            "default_locale": Node(bundle.workspace.defaultLocale.tag),
            "locales": Node(bundle.workspace.locales.map { Node($0.tag) }, Tag(.seq), .flow),
        ]
        files.append(("workspace.yaml", serialize(workspace)))
        let templates = Dictionary(uniqueKeysWithValues: bundle.templates.map { ($0.key, $0) })
        for locale in bundle.workspace.locales {
            let texts = bundle.texts.filter { $0.locale == locale }
            let examples = Dictionary(bundle.examples.filter { $0.locale == locale && !$0.phrases.isEmpty }.map { ($0.key, $0.phrases) },
                                      uniquingKeysWith: { first, _ in first })
            let keys = Set(texts.map(\.key)).union(examples.keys)
                .union(templates.values.filter { $0.sourceLocale == locale }.map(\.key)).sorted()
            guard !keys.isEmpty else { continue }
            var entries: [(Node, Node)] = []
            for key in keys {
                var fields: [(Node, Node)] = []
                if let template = templates[key], template.sourceLocale == locale {
                    fields.append(("category", Node(template.category)))
                    fields.append(("tags", Node(template.tags.map { Node($0) }, Tag(.seq), .flow)))
                    if let shortcut = template.shortcut { fields.append(("shortcut", Node(shortcut))) }
                    if !template.aliases.isEmpty { fields.append(("aliases", Node(template.aliases.map { Node($0) }, Tag(.seq), .flow))) }
                    fields.append(("description", text(template.description)))
                }
                let own = texts.filter { $0.key == key }.sorted { $0.channel < $1.channel }
                // The entry's state and syntax are the default text's; a channel text with another
                // state or syntax says its own.
                let entryState = own.first?.state ?? .approved
                let entrySyntax = own.first?.syntax ?? .mf1
                if entryState != .approved { fields.append(("state", Node(entryState.rawValue))) }
                if entrySyntax != .mf1 { fields.append(("syntax", Node(entrySyntax.rawValue))) }
                if let base = own.first(where: { $0.channel == .default }) { fields.append(("message", text(base.message))) }
                let variants = own.filter { $0.channel != .default }
                if !variants.isEmpty {
                    fields.append(("channels", Node(variants.map { variant in
                        guard variant.state != entryState || variant.syntax != entrySyntax else {
                            return (Node(variant.channel.rawValue), text(variant.message))
                        }
                        var own: [(Node, Node)] = [("state", Node(variant.state.rawValue))]
                        if variant.syntax != entrySyntax { own.append(("syntax", Node(variant.syntax.rawValue))) }
                        own.append(("message", text(variant.message)))
                        return (Node(variant.channel.rawValue), Node(own))
                    })))
                }
                if let phrases = examples[key] {
                    fields.append(("examples", Node(phrases.map { Node($0, Tag(.str), .doubleQuoted) })))
                }
                entries.append((Node(key), Node(fields)))
            }
            let root: Node = ["format": Node(String(version)), "locale": Node(locale.tag), "templates": Node(entries)]
            files.append(("\(locale.tag).yaml", serialize(root)))
        }
        return files
    }

    /// Multi-line text as a literal block (`|`), the rest as YAML chooses.
    private static func text(_ value: String) -> Node {
        value.contains("\n") ? Node(value, Tag(.str), .literal) : Node(value, Tag(.str))
    }

    private static func serialize(_ node: Node) -> String {
        (try? Yams.serialize(node: node, indent: 2, width: -1, allowUnicode: true, sortKeys: false)) ?? ""
    }
}
