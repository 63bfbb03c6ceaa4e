import Catalog
import ICU
import Logging
import MessageFormat
import PostgresNIO

extension CatalogStore {
    /// What an import did.
    public struct ImportSummary: Sendable, Hashable, Codable {
        public var templatesCreated = 0
        public var textsCreated = 0
        public var textsUpdated = 0
        public var textsUnchanged = 0
    }

    /// Loads a bundle into its workspace (created when missing), in one transaction: every
    /// template and text, or nothing. Every text is checked first as a write would be. New texts
    /// are created; texts that differ are updated (a new version and revision); equal ones are
    /// left alone.
    ///
    /// Written in bulk: the workspace's templates and texts are read (and locked) once, what
    /// changes is worked out in memory, and rows go in batches of ``importBatch`` through
    /// `unnest`, so a million texts take a few dozen statements, not millions of round trips. The
    /// import logs one change for the whole workspace: replicas reload it once.
    ///
    /// The checks run while the rows are written, in the same transaction's time, and a problem
    /// they find rolls it back: compiling a million texts keeps both cores busy, and the writes
    /// mostly keep PostgreSQL busy, so together they take less time than one after the other.
    public func importBundle(_ bundle: CatalogBundle, author: String) async throws -> (Workspace, ImportSummary) {
        let checks = Task.detached { bundle.lintErrors() }
        return try await client.transaction(logger: logger) { connection in
            var summary = ImportSummary()
            let workspace = try await self.workspaceForImport(connection, bundle.workspace)
            var templates = try await self.lockTemplates(connection, workspace: workspace)
            let new = bundle.templates.filter { templates[$0.key] == nil }
            // Aliases are checked against the workspace's others one template at a time; the rest go in batches.
            for spec in new where !spec.aliases.isEmpty {
                templates[spec.key] = try await self.insertTemplate(connection, workspace: workspace, spec, recordsChange: false)
            }
            for batch in new.filter(\.aliases.isEmpty).chunks(of: Self.importBatch) {
                for template in try await self.insertTemplates(connection, workspace: workspace, batch) { templates[template.key] = template }
            }
            summary.templatesCreated = new.count
            let plan = try ImportPlan(bundle.texts, templates: templates, current: try await self.lockTexts(connection, workspace: workspace))
            (summary.textsCreated, summary.textsUpdated, summary.textsUnchanged) = (plan.created, plan.updated, plan.unchanged)
            for batch in plan.writes.chunks(of: Self.importBatch) {
                try await self.writeTexts(connection, workspace: workspace, batch, author: author)
            }
            for example in bundle.examples {
                guard let template = templates[example.key] else {
                    throw StoreError(.invalid, "'\(example.key)' has no template in the import")
                }
                let current = try await self.lockExamples(connection, workspace: workspace, template: template, locale: example.locale)
                _ = try await self.writeExamples(connection, workspace: workspace, template: template, locale: example.locale,
                                                 phrases: example.phrases, current: current, author: author)
            }
            let problems = await checks.value
            guard problems.isEmpty else {
                throw StoreError(.invalid, "the import has texts that do not pass the checks; nothing was imported:\n"
                                 + problems.map(\.description).joined(separator: "\n"))
            }
            if !new.isEmpty || !plan.writes.isEmpty {
                try await self.recordChange(connection, workspaceID: workspace.id, templateID: nil)
            }
            return (workspace, summary)
        }
    }

    /// Rows per statement of a bulk import.
    static let importBatch = 5_000

    /// The workspace's templates by key, locked for the import.
    func lockTemplates(_ connection: PostgresConnection, workspace: Workspace) async throws -> [String: Template] {
        var templates: [String: Template] = [:]
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.templateColumns.sql) FROM templates WHERE workspace_id = \(workspace.id) FOR UPDATE", logger: logger)
        for try await row in rows.decode(TemplateRow.self) {
            let template = try Self.template(row)
            templates[template.key] = template
        }
        return templates
    }

    /// Inserts templates without aliases in one statement; their tags travel as JSON arrays.
    func insertTemplates(_ connection: PostgresConnection, workspace: Workspace, _ specs: ArraySlice<TemplateSpec>) async throws -> [Template] {
        let tags = specs.map { spec in "[" + spec.tags.map(JSONText.quoted).joined(separator: ",") + "]" }
        let rows: PostgresRowSequence
        do {
            rows = try await connection.query("""
                INSERT INTO templates (workspace_id, key, category, tags, shortcut, description, source_locale)
                SELECT \(workspace.id), k, c, ARRAY(SELECT jsonb_array_elements_text(t::jsonb)), NULLIF(s, ''), d, l
                FROM unnest(\(specs.map(\.key))::text[], \(specs.map(\.category))::text[], \(tags)::text[],
                            \(specs.map { $0.shortcut ?? "" })::text[], \(specs.map(\.description))::text[],
                            \(specs.map(\.sourceLocale.tag))::text[]) AS u(k, c, t, s, d, l)
                RETURNING id, key
                """, logger: logger)
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError(.conflict, "the import names a template twice")
        }
        let byKey = Dictionary(specs.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        var templates: [Template] = []
        for try await (id, key) in rows.decode((Int64, String).self) {
            if let spec = byKey[key] { templates.append(Template(id: id, spec: spec)) }
        }
        return templates
    }

    /// The workspace's texts, locked for the import.
    func lockTexts(_ connection: PostgresConnection, workspace: Workspace) async throws -> [Translation] {
        var texts: [Translation] = []
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.translationColumns.sql) FROM translations WHERE workspace_id = \(workspace.id) FOR UPDATE",
            logger: logger)
        for try await row in rows.decode(TranslationRow.self) { texts.append(try Self.translation(row)) }
        return texts
    }

    /// Writes texts and their revisions, two statements for the batch.
    func writeTexts(_ connection: PostgresConnection, workspace: Workspace, _ writes: ArraySlice<ImportPlan.Write>, author: String) async throws {
        // unnest takes no nulls in an int array bound from Swift: -1 stands for "no source version".
        let columns = (templateIDs: writes.map(\.templateID), locales: writes.map(\.locale.tag), channels: writes.map(\.channel.rawValue),
                       messages: writes.map(\.message), states: writes.map(\.state.rawValue), versions: writes.map(\.version),
                       sourceVersions: writes.map { $0.sourceVersion ?? -1 }, syntaxes: writes.map(\.syntax.rawValue))
        _ = try await connection.query("""
            INSERT INTO translations (workspace_id, template_id, locale, channel, message, state, version, source_version, author, syntax)
            SELECT \(workspace.id), t, l, c, m, s, v, NULLIF(sv, -1), \(author), x
            FROM unnest(\(columns.templateIDs)::bigint[], \(columns.locales)::text[], \(columns.channels)::text[], \(columns.messages)::text[],
                        \(columns.states)::text[], \(columns.versions)::int[], \(columns.sourceVersions)::int[], \(columns.syntaxes)::text[])
                 AS u(t, l, c, m, s, v, sv, x)
            ON CONFLICT (workspace_id, template_id, locale, channel) DO UPDATE SET message = EXCLUDED.message,
                syntax = EXCLUDED.syntax, state = EXCLUDED.state, version = EXCLUDED.version, source_version = EXCLUDED.source_version,
                author = EXCLUDED.author, updated_at = now()
            """, logger: logger)
        _ = try await connection.query("""
            INSERT INTO revisions (workspace_id, template_id, locale, channel, version, message, state, source_version, author, action, syntax)
            SELECT \(workspace.id), t, l, c, v, m, s, NULLIF(sv, -1), \(author), 'import', x
            FROM unnest(\(columns.templateIDs)::bigint[], \(columns.locales)::text[], \(columns.channels)::text[], \(columns.messages)::text[],
                        \(columns.states)::text[], \(columns.versions)::int[], \(columns.sourceVersions)::int[], \(columns.syntaxes)::text[])
                 AS u(t, l, c, m, s, v, sv, x)
            """, logger: logger)
    }

    func workspaceForImport(_ connection: PostgresConnection, _ spec: WorkspaceSpec) async throws -> Workspace {
        let rows = try await connection.query(
            "SELECT id, name, default_locale, locales FROM workspaces WHERE name = \(spec.name) FOR UPDATE", logger: logger)
        for try await row in rows.decode((Int64, String, String, [String]).self) {
            var workspace = try Self.workspace(row)
            let missing = spec.locales.filter { !workspace.locales.contains($0) }
            if !missing.isEmpty {
                workspace.locales += missing
                _ = try await connection.query(
                    "UPDATE workspaces SET locales = \(workspace.locales.map(\.tag)) WHERE id = \(workspace.id)", logger: logger)
            }
            return workspace
        }
        let inserted = try await connection.query("""
            INSERT INTO workspaces (name, default_locale, locales) VALUES (\(spec.name), \(spec.defaultLocale.tag), \(spec.locales.map(\.tag)))
            RETURNING id
            """, logger: logger)
        for try await id in inserted.decode(Int64.self) {
            return Workspace(id: id, name: spec.name, defaultLocale: spec.defaultLocale, locales: spec.locales)
        }
        throw StoreError(.unavailable, "workspace was not created")
    }

    func findTemplate(_ connection: PostgresConnection, workspace: Workspace, key: String) async throws -> Template? {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.templateColumns.sql) FROM templates WHERE workspace_id = \(workspace.id) AND key = \(key)",
            logger: logger)
        for try await row in rows.decode(TemplateRow.self) { return try Self.template(row) }
        return nil
    }
}

/// What an import writes, worked out in memory from the bundle and the texts as they are: each
/// text created or changed, at its next version, with the version of the source text it follows
/// (the source's new version when the import changes the source too).
struct ImportPlan {
    struct Write {
        var templateID: Int64
        var locale: LocaleID
        var channel: ReplyChannel
        var message: String
        var syntax: MessageSyntax
        var state: ReviewState
        var version: Int
        var sourceVersion: Int?
    }

    private(set) var writes: [Write] = []
    private(set) var created = 0
    private(set) var updated = 0
    private(set) var unchanged = 0

    init(_ texts: [TextSpec], templates: [String: Template], current: [Translation]) throws {
        struct Place: Hashable { var templateID: Int64; var locale: LocaleID; var channel: ReplyChannel }
        var existing: [Place: Translation] = [:]
        var sourceVersions: [Int64: [ReplyChannel: Int]] = [:]
        let sourceLocales = Dictionary(templates.values.map { ($0.id, $0.sourceLocale) }, uniquingKeysWith: { first, _ in first })
        for text in current {
            existing[Place(templateID: text.templateID, locale: text.locale, channel: text.channel)] = text
            if sourceLocales[text.templateID] == text.locale { sourceVersions[text.templateID, default: [:]][text.channel] = text.version }
        }
        // Source texts first, so translations record the source version they follow.
        let ordered = texts.sorted { lhs, rhs in
            (templates[lhs.key]?.sourceLocale == lhs.locale) && !(templates[rhs.key]?.sourceLocale == rhs.locale)
        }
        for text in ordered {
            guard let template = templates[text.key] else { throw StoreError(.invalid, "'\(text.key)' has no template in the import") }
            let current = existing[Place(templateID: template.id, locale: text.locale, channel: text.channel)]
            if let current, current.message == text.message, current.syntax == text.syntax, current.state == text.state {
                unchanged += 1
                continue
            }
            let isSource = text.locale == template.sourceLocale
            let version = (current?.version ?? 0) + 1
            let sourceVersion = isSource ? nil : SourceText.version(for: text.channel, in: sourceVersions[template.id] ?? [:])
            if isSource { sourceVersions[template.id, default: [:]][text.channel] = version }
            writes.append(Write(templateID: template.id, locale: text.locale, channel: text.channel, message: text.message,
                                syntax: text.syntax, state: text.state, version: version, sourceVersion: sourceVersion))
            if current == nil { created += 1 } else { updated += 1 }
        }
    }
}
