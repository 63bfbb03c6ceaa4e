import Catalog
import ICU
import Logging
import MessageFormat
import PostgresNIO
import Synchronization

/// A whole workspace at one moment: what `pull` and `export` read, and what imports are checked
/// against.
public struct CatalogSnapshot: Sendable, Hashable {
    public var workspace: Workspace
    public var templates: [Template]
    /// Every text of the live templates, with its version, state and author.
    public var texts: [SnapshotText]
    /// The live templates' examples per locale, with their versions.
    public var examples: [PulledExamples] = []

    /// The catalog as files carry it (no versions).
    public var bundle: CatalogBundle {
        CatalogBundle(
            workspace: workspace.spec, templates: templates.map(\.spec), texts: texts.map(\.spec), examples: examples.map(\.spec))
    }
}

/// A text in a snapshot: its template key, the translation, and whether it is outdated.
public struct SnapshotText: Sendable, Hashable {
    public var key: String
    public var translation: Translation
    /// Made from an older version of the source text than the current one.
    public var outdated: Bool
    /// When outdated: the source text it was made from (nil when its revision is gone).
    public var previousSource: String?

    /// The text as files carry it (no version).
    public var spec: TextSpec {
        TextSpec(key: key, locale: translation.locale, channel: translation.channel, message: translation.message,
                 syntax: translation.syntax, state: translation.state, outdated: outdated, previousSource: previousSource)
    }
}

/// One text to write in a batch, with the version the writer saw.
public struct TextChange: Sendable, Hashable {
    public var key: String
    public var locale: LocaleID
    public var channel: ReplyChannel
    public var message: String
    public var syntax: MessageSyntax
    /// What the writer said of the state (see ``TextUpdate``).
    public var marks: StateMarks
    /// The source text the writer was shown beside it, when a file showed one.
    public var shownSource: String?
    public var expecting: CatalogStore.Expectation
    /// From a file that carries no versions: a wording the text had before a later change is the
    /// file's copy from before that change, not an edit, and is left as the text is now.
    public var keepsLaterChanges: Bool

    public init(key: String, locale: LocaleID, channel: ReplyChannel, message: String, syntax: MessageSyntax = .mf1, marks: StateMarks,
                shownSource: String? = nil, expecting: CatalogStore.Expectation, keepsLaterChanges: Bool = false) {
        self.key = key
        self.locale = locale
        self.channel = channel
        self.message = message
        self.syntax = syntax
        self.marks = marks
        self.shownSource = shownSource
        self.expecting = expecting
        self.keepsLaterChanges = keepsLaterChanges
    }
}

/// A text changed by someone else since the writer read it.
public struct TextConflict: Sendable, Hashable, Codable {
    public var key: String
    public var locale: String
    public var channel: String
    /// The version the writer expected (nil: expected no text).
    public var expected: Int?
    /// Now: version, who changed it and when.
    public var current: VersionStamp
}

/// What a batch did, or would do.
public struct BatchSummary: Sendable, Hashable, Codable {
    public var created = 0
    public var updated = 0
    /// Texts the batch named that were already as it asked: nothing was written for them.
    public var unchanged = 0
    /// Texts a file had as they were before someone's later change: left as they are now, counted
    /// in `unchanged` too (a file exported before a colleague's change does not undo it).
    public var kept: [PlannedText] = []
    public var dryRun = false
    /// Every text written (or, in a dry run, that would be), in the order written.
    public var changes: [PlannedText] = []
    /// The texts written, at their new versions (empty in a dry run): a writer continues from
    /// these without reading the workspace again, where someone else may have changed them since.
    public var written: [WrittenText] = []
}

/// A text a batch writes: created or updated, the state it gets and whether it stays outdated.
public struct PlannedText: Sendable, Hashable, Codable {
    public var key: String
    public var locale: String
    public var channel: String
    /// `created` or `updated`.
    public var action: String
    public var state: String
    public var outdated: Bool
}

/// A text a batch wrote.
public struct WrittenText: Sendable, Hashable, Codable {
    public var key: String
    public var locale: String
    public var channel: String
    public var version: Int
    public var state: String
}

/// A snapshot as it is read: every template first, then the texts in runs, then the examples.
public enum SnapshotPart: Sendable {
    case templates([Template])
    case texts([SnapshotText])
    case examples([PulledExamples])
}

extension CatalogStore {
    /// The workspace's live templates and all their texts, read in one transaction (from the
    /// standby unless `source` says otherwise: a write that is checked against it reads the primary).
    public func snapshot(of workspace: Workspace, from source: ReadFrom = .standby) async throws -> CatalogSnapshot {
        let parts = Mutex(CatalogSnapshot(workspace: workspace, templates: [], texts: []))
        try await streamSnapshot(of: workspace, from: source) { part in
            parts.withLock { snapshot in
                switch part {
                case .templates(let templates): snapshot.templates += templates
                case .texts(let texts): snapshot.texts += texts
                case .examples(let examples): snapshot.examples += examples
                }
            }
        }
        return parts.withLock { $0 }
    }

    /// The same snapshot handed to `emit` as it is read, in runs of at most `run` texts, so a
    /// reader can write it out in constant memory: the texts are read through a cursor, a run at
    /// a time. The templates are held while the texts are read, as the texts name them by id.
    public func streamSnapshot(of workspace: Workspace, from source: ReadFrom = .standby, run: Int = 1_000,
                               _ emit: @escaping @Sendable (SnapshotPart) async throws -> Void) async throws {
        try await pool(source).transaction(logger: logger) { connection in
            _ = try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let templates = try await self.liveTemplates(of: workspace, connection)
            for part in templates.chunks(of: run) { try await emit(.templates(Array(part))) }
            let byID = Dictionary(uniqueKeysWithValues: templates.map { ($0.id, $0) })

            _ = try await connection.query("""
                DECLARE snapshot_texts NO SCROLL CURSOR FOR
                SELECT \(unescaped: Self.translationColumns.sql) FROM translations
                WHERE workspace_id = \(workspace.id) ORDER BY template_id, locale, channel
                """, logger: self.logger)
            var pending: [Translation] = []
            while true {
                var fetched = 0
                for try await row in try await connection.query("FETCH \(unescaped: String(run)) FROM snapshot_texts", logger: self.logger)
                    .decode(TranslationRow.self)
                {
                    pending.append(try Self.translation(row))
                    fetched += 1
                }
                let last = fetched < run
                // A template's texts go out together (its source texts say which are outdated):
                // the run's last template waits for the next run, unless this run is the last.
                let cut = last ? pending.count : (pending.lastIndex { $0.templateID != pending.last?.templateID }.map { $0 + 1 } ?? 0)
                if cut > 0 {
                    let whole = Array(pending[..<cut])
                    pending.removeFirst(cut)
                    try await emit(.texts(try await self.snapshotTexts(whole, of: byID, connection, workspace: workspace)))
                }
                if last { break }
            }
            _ = try await connection.query("CLOSE snapshot_texts", logger: self.logger)

            var examples: [PulledExamples] = []
            for try await (templateID, locale, phrases, version) in try await connection.query("""
                SELECT template_id, locale, phrases, version FROM examples WHERE workspace_id = \(workspace.id) ORDER BY template_id, locale
                """, logger: self.logger).decode((Int64, String, [String], Int).self) {
                guard let template = byID[templateID], let locale = try? LocaleID(locale) else { continue }
                examples.append(PulledExamples(key: template.key, locale: locale, version: version, phrases: phrases))
            }
            for part in examples.chunks(of: run) { try await emit(.examples(Array(part))) }
        }
    }

    /// A workspace's templates in key order, a run at a time, each run with its texts in `locales`
    /// and in its templates' source locales: what an export writes, read in one transaction from
    /// the standby, in the memory of one run. Each of `locales` is read in a pass of its own, in
    /// order (a CSV file holds them one after another).
    public func streamExport(of workspace: Workspace, locales: [LocaleID], run: Int = 500,
                             _ emit: @escaping @Sendable (LocaleID, CatalogBundle) async throws -> Void) async throws {
        try await pool(.standby).transaction(logger: logger) { connection in
            _ = try await connection.query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY", logger: self.logger)
            let templates = try await self.liveTemplates(of: workspace, connection)
            let byID = Dictionary(uniqueKeysWithValues: templates.map { ($0.id, $0) })
            for locale in locales {
                for part in templates.chunks(of: run) {
                    let ids = part.map(\.id)
                    let wanted = Array(Set(part.map(\.sourceLocale.tag) + [locale.tag]))
                    var translations: [Translation] = []
                    for try await row in try await connection.query("""
                        SELECT \(unescaped: Self.translationColumns.sql) FROM translations
                        WHERE workspace_id = \(workspace.id) AND template_id = ANY(\(ids)) AND locale = ANY(\(wanted))
                        ORDER BY template_id, locale, channel
                        """, logger: self.logger).decode(TranslationRow.self)
                    {
                        translations.append(try Self.translation(row))
                    }
                    let texts = try await self.snapshotTexts(translations, of: byID, connection, workspace: workspace)
                    try await emit(locale, CatalogBundle(workspace: workspace.spec, templates: part.map(\.spec), texts: texts.map(\.spec)))
                }
            }
        }
    }

    /// The workspace's live templates, in key order.
    private func liveTemplates(of workspace: Workspace, _ connection: PostgresConnection) async throws -> [Template] {
        var templates: [Template] = []
        for try await row in try await connection.query("""
            SELECT \(unescaped: Self.templateColumns.sql) FROM templates
            WHERE workspace_id = \(workspace.id) AND NOT archived ORDER BY key
            """, logger: logger).decode(TemplateRow.self)
        {
            templates.append(try Self.template(row))
        }
        return templates
    }

    /// The texts of whole templates as a snapshot has them: whether each is outdated and, when it
    /// is, the source text it was made from (from the source's revisions).
    func snapshotTexts(_ translations: [Translation], of templates: [Int64: Template], _ connection: PostgresConnection,
                       workspace: Workspace) async throws -> [SnapshotText] {
        var sourceVersions: [Int64: [ReplyChannel: Int]] = [:]
        for text in translations where templates[text.templateID]?.sourceLocale == text.locale {
            sourceVersions[text.templateID, default: [:]][text.channel] = text.version
        }
        var texts = translations.compactMap { text -> SnapshotText? in
            guard let template = templates[text.templateID] else { return nil }
            return SnapshotText(key: template.key, translation: text,
                                outdated: SourceText.isOutdated(text, sourceLocale: template.sourceLocale,
                                                                sourceVersions: sourceVersions[text.templateID] ?? [:]))
        }
        let wanted = texts.indices.filter { texts[$0].outdated }.map { index in
            let text = texts[index].translation
            let channel = SourceText.channel(for: text.channel, sourceChannels: (sourceVersions[text.templateID] ?? [:]).keys)
            return (index, PreviousSource(templateID: text.templateID, channel: channel.rawValue, version: text.sourceVersion ?? 0))
        }
        if !wanted.isEmpty {
            let found = try await previousSources(connection, workspace: workspace, Set(wanted.map(\.1)))
            for (index, previous) in wanted { texts[index].previousSource = found[previous] }
        }
        return texts
    }

    /// A source text at one version: which template, channel and version.
    struct PreviousSource: Hashable {
        var templateID: Int64
        var channel: String
        var version: Int
    }

    /// The messages of source texts at the given versions, from their revisions.
    func previousSources(_ connection: PostgresConnection, workspace: Workspace, _ wanted: Set<PreviousSource>) async throws -> [PreviousSource: String] {
        let list = Array(wanted)
        var found: [PreviousSource: String] = [:]
        let rows = try await connection.query("""
            SELECT r.template_id, r.channel, r.version, r.message FROM revisions r
            JOIN templates t ON t.workspace_id = r.workspace_id AND t.id = r.template_id AND r.locale = t.source_locale
            JOIN unnest(\(list.map(\.templateID))::bigint[], \(list.map(\.channel))::text[], \(list.map(\.version))::int[]) AS w(template_id, channel, version)
              ON w.template_id = r.template_id AND w.channel = r.channel AND w.version = r.version
            WHERE r.workspace_id = \(workspace.id)
            """, logger: logger)
        for try await (templateID, channel, version, message) in rows.decode((Int64, String, Int, String).self) {
            found[PreviousSource(templateID: templateID, channel: channel, version: version)] = message
        }
        return found
    }

    /// Whether `message` is a wording the text had before its current version.
    func hadWording(_ connection: PostgresConnection, workspace: Workspace, template: Template, text: Translation,
                    message: String) async throws -> Bool {
        let rows = try await connection.query("""
            SELECT 1 FROM revisions WHERE workspace_id = \(workspace.id) AND template_id = \(template.id)
            AND locale = \(text.locale.tag) AND channel = \(text.channel.rawValue) AND version < \(text.version) AND message = \(message)
            LIMIT 1
            """, logger: logger)
        for try await _ in rows { return true }
        return false
    }

    /// Writes every change or none, in one transaction. A change that would leave its text as it
    /// is (the rule is ``TextUpdate``) writes nothing and is counted unchanged, whatever version it
    /// names; every other must find its text at the version it names. When some do not, none is
    /// written and the error lists every conflict with who changed the text and when. A dry run
    /// checks the same and writes nothing. Sources are written first, so translations record the
    /// source version they follow.
    public func apply(_ changes: [TextChange], in workspace: Workspace, author: String, mayApprove: Bool,
                      dryRun: Bool = false) async throws -> BatchSummary {
        for change in changes where !workspace.locales.contains(change.locale) {
            throw StoreError(.invalid, "\(change.locale) is not one of the workspace's locales")
        }
        return try await client.transaction(logger: logger) { connection in
            var templates: [String: Template] = [:]
            for key in Set(changes.map(\.key)).sorted() {
                guard let template = try await self.findTemplate(connection, workspace: workspace, key: key), !template.archived else {
                    throw StoreError(.notFound, "no template '\(key)' in workspace '\(workspace.name)'")
                }
                templates[key] = template
            }
            let ordered = changes.sorted { lhs, rhs in
                (templates[lhs.key]?.sourceLocale == lhs.locale ? 0 : 1, lhs.key, lhs.locale.tag, lhs.channel.rawValue)
                    < (templates[rhs.key]?.sourceLocale == rhs.locale ? 0 : 1, rhs.key, rhs.locale.tag, rhs.channel.rawValue)
            }
            var summary = BatchSummary(dryRun: dryRun)
            var conflicts: [TextConflict] = []
            var touched = Set<Int64>()
            for change in ordered {
                let template = templates[change.key]!
                let text = try await self.lockTranslation(connection, workspace: workspace, template: template,
                                                          locale: change.locale, channel: change.channel)
                let source = change.locale == template.sourceLocale
                    ? TextUpdate.Source.none
                    : try await self.source(connection, workspace: workspace, template: template, channel: change.channel, shown: change.shownSource)
                let current = text.map { TextUpdate.Current(message: $0.message, syntax: $0.syntax, state: $0.state, sourceVersion: $0.sourceVersion) }
                guard let write = TextUpdate.plan(current: current, message: change.message, syntax: change.syntax, marks: change.marks,
                                                  mayApprove: mayApprove, source: source) else {
                    summary.unchanged += 1
                    continue
                }
                if change.keepsLaterChanges, let text, text.message != change.message,
                   try await self.hadWording(connection, workspace: workspace, template: template, text: text, message: change.message)
                {
                    summary.unchanged += 1
                    summary.kept.append(PlannedText(key: change.key, locale: change.locale.tag, channel: change.channel.rawValue,
                                                    action: "kept", state: text.state.rawValue,
                                                    outdated: TextUpdate.isOutdated(sourceVersion: text.sourceVersion, currentVersion: source.currentVersion)))
                    continue
                }
                let expected: Int? = if case .version(let version) = change.expecting { version } else { nil }
                if let text, text.version != expected {
                    conflicts.append(TextConflict(key: change.key, locale: change.locale.tag, channel: change.channel.rawValue, expected: expected,
                                                  current: VersionStamp(version: text.version, author: text.author, at: text.updatedAt)))
                    continue
                } else if text == nil, let expected {
                    throw StoreError(.notFound, "\(change.key) in \(change.locale) has no text (expected version \(expected))")
                }
                if text == nil { summary.created += 1 } else { summary.updated += 1 }
                summary.changes.append(PlannedText(
                    key: change.key, locale: change.locale.tag, channel: change.channel.rawValue, action: text == nil ? "created" : "updated",
                    state: write.state.rawValue,
                    outdated: TextUpdate.isOutdated(sourceVersion: write.sourceVersion, currentVersion: source.currentVersion)))
                // After a conflict nothing is written: the transaction is rolled back below.
                guard !dryRun, conflicts.isEmpty else { continue }
                let written = try await self.write(connection, workspace: workspace, template: template, locale: change.locale,
                                                   channel: change.channel, message: change.message, syntax: change.syntax, state: write.state,
                                                   sourceVersion: write.sourceVersion, current: text, author: author,
                                                   action: text == nil ? "create" : "update", recordsChange: false)
                summary.written.append(WrittenText(key: change.key, locale: change.locale.tag, channel: change.channel.rawValue,
                                                   version: written.version, state: written.state.rawValue))
                touched.insert(template.id)
            }
            guard conflicts.isEmpty else {
                let lines = conflicts.map { conflict in
                    "\(conflict.key) (\(conflict.locale)\(conflict.channel == "default" ? "" : ", \(conflict.channel)")): "
                        + (conflict.expected.map { "expected version \($0)" } ?? "expected no text")
                        + ", it is at version \(conflict.current.version), changed by \(conflict.current.author) at \(conflict.current.at)"
                }
                throw StoreError(.stale, "\(conflicts.count) text(s) changed since you read them; nothing was written:\n"
                                 + lines.joined(separator: "\n"), current: conflicts[0].current, conflicts: conflicts)
            }
            // One change per template, not per text: replicas reload a template once.
            for id in touched.sorted() {
                try await self.recordChange(connection, workspaceID: workspace.id, templateID: id)
            }
            return summary
        }
    }
}
