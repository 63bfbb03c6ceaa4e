import Catalog
import Foundation
import ICU
import Logging
import MessageFormat
import PostgresNIO

/// The catalog in PostgreSQL: workspaces, templates, translations and their revisions.
///
/// Every write runs in one transaction that checks the version the caller names, appends a
/// revision, writes a change-log row and sends `NOTIFY parley_changes`, so every replica's render
/// cache hears of it (and finds it in the change log if it missed the notification).
public final class CatalogStore: Sendable {
    /// The primary: every write, and reads that must see the latest write.
    let client: BoundedClient
    /// The standby (`DATABASE_READ_URL`) for large reads, or the primary when there is none.
    let reader: BoundedClient
    /// Whether large reads go to a standby, which may lag behind the primary.
    public let readsFromStandby: Bool
    let logger: Logger

    /// The notification channel replicas listen on.
    public static let channel = "parley_changes"

    public init(database: Database) {
        self.client = BoundedClient(pool: database.client)
        self.reader = BoundedClient(pool: database.readClient ?? database.client)
        self.readsFromStandby = database.readClient != nil
        self.logger = database.logger
    }

    /// Throws `unavailable` when the database large reads go to does not answer (within the
    /// request's deadline): checked before an answer that streams starts.
    public func checkReadable() async throws {
        for try await _ in try await reader.query("SELECT 1", logger: logger).decode(Int.self) {}
    }

    /// The pool a read goes to.
    func pool(_ source: ReadFrom) -> BoundedClient {
        source == .primary ? client : reader
    }

    // MARK: Workspaces

    public func createWorkspace(name: String, defaultLocale: LocaleID, locales: [LocaleID]) async throws -> Workspace {
        let all = locales.contains(defaultLocale) ? locales : [defaultLocale] + locales
        do {
            let rows = try await client.query("""
                INSERT INTO workspaces (name, default_locale, locales) VALUES (\(name), \(defaultLocale.tag), \(all.map(\.tag)))
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int64.self) {
                return Workspace(id: id, name: name, defaultLocale: defaultLocale, locales: all)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError(.conflict, "workspace '\(name)' exists already")
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23514" {
            throw StoreError(.invalid, "'\(name)' is not a valid workspace name (lowercase letters, digits, '-', '_')")
        }
        throw StoreError(.unavailable, "workspace was not created")
    }

    public func workspace(named name: String) async throws -> Workspace {
        let rows = try await client.query(
            "SELECT id, name, default_locale, locales FROM workspaces WHERE name = \(name)", logger: logger)
        for try await row in rows.decode((Int64, String, String, [String]).self) {
            return try Self.workspace(row)
        }
        throw StoreError(.notFound, "no workspace '\(name)'")
    }

    public func workspace(id: Int64) async throws -> Workspace {
        let rows = try await client.query(
            "SELECT id, name, default_locale, locales FROM workspaces WHERE id = \(id)", logger: logger)
        for try await row in rows.decode((Int64, String, String, [String]).self) {
            return try Self.workspace(row)
        }
        throw StoreError(.notFound, "no workspace \(id)")
    }

    /// Workspaces by name: every one, or `limit` after the name `after`.
    public func workspaces(after: String? = nil, limit: Int = Int(Int32.max)) async throws -> [Workspace] {
        var result: [Workspace] = []
        let rows = try await reader.query("""
            SELECT id, name, default_locale, locales FROM workspaces
            WHERE \(after)::text IS NULL OR name > \(after)::text ORDER BY name LIMIT \(limit)
            """, logger: logger)
        for try await row in rows.decode((Int64, String, String, [String]).self) {
            result.append(try Self.workspace(row))
        }
        return result
    }

    /// Changes the locales a workspace serves.
    public func setLocales(of workspace: Workspace, defaultLocale: LocaleID, locales: [LocaleID]) async throws -> Workspace {
        let all = locales.contains(defaultLocale) ? locales : [defaultLocale] + locales
        try await client.transaction(logger: logger) { connection in
            _ = try await connection.query("""
                UPDATE workspaces SET default_locale = \(defaultLocale.tag), locales = \(all.map(\.tag)) WHERE id = \(workspace.id)
                """, logger: self.logger)
            try await self.recordChange(connection, workspaceID: workspace.id, templateID: nil)
        }
        return Workspace(id: workspace.id, name: workspace.name, defaultLocale: defaultLocale, locales: all)
    }

    static func workspace(_ row: (Int64, String, String, [String])) throws -> Workspace {
        Workspace(id: row.0, name: row.1, defaultLocale: try LocaleID(row.2), locales: row.3.compactMap { try? LocaleID($0) })
    }

    // MARK: Templates

    static let templateColumns: PostgresQuery = "id, key, category, tags, shortcut, description, source_locale, archived, version, aliases"
    typealias TemplateRow = (Int64, String, String, [String], String?, String, String, Bool, Int, [String])

    static func template(_ row: TemplateRow) throws -> Template {
        Template(id: row.0, spec: TemplateSpec(key: row.1, category: row.2, tags: row.3, shortcut: row.4, aliases: row.9, description: row.5,
                                               sourceLocale: try LocaleID(row.6)),
                 archived: row.7, version: row.8)
    }

    public func createTemplate(in workspace: Workspace, _ spec: TemplateSpec) async throws -> Template {
        guard Template.isValidKey(spec.key) else {
            throw StoreError(.invalid, "'\(spec.key)' is not a valid template key (lowercase letters, digits, '.', '_', '-')")
        }
        guard workspace.locales.contains(spec.sourceLocale) else {
            throw StoreError(.invalid, "\(spec.sourceLocale) is not one of the workspace's locales")
        }
        return try await client.transaction(logger: logger) { connection in
            try await self.insertTemplate(connection, workspace: workspace, spec)
        }
    }

    func insertTemplate(_ connection: PostgresConnection, workspace: Workspace, _ spec: TemplateSpec,
                        recordsChange: Bool = true) async throws -> Template {
        try await checkAliases(connection, workspace: workspace, spec.aliases, of: spec.key)
        do {
            let rows = try await connection.query("""
                INSERT INTO templates (workspace_id, key, category, tags, shortcut, aliases, description, source_locale)
                VALUES (\(workspace.id), \(spec.key), \(spec.category), \(spec.tags), \(spec.shortcut), \(spec.aliases), \(spec.description),
                        \(spec.sourceLocale.tag))
                RETURNING id
                """, logger: logger)
            for try await id in rows.decode(Int64.self) {
                if recordsChange { try await recordChange(connection, workspaceID: workspace.id, templateID: id) }
                return Template(id: id, spec: spec)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError(.conflict, "template '\(spec.key)' exists already")
        }
        throw StoreError(.unavailable, "template was not created")
    }

    public func template(in workspace: Workspace, key: String) async throws -> Template {
        let rows = try await client.query(
            "SELECT \(unescaped: Self.templateColumns.sql) FROM templates WHERE workspace_id = \(workspace.id) AND key = \(key)",
            logger: logger)
        for try await row in rows.decode(TemplateRow.self) { return try Self.template(row) }
        throw StoreError(.notFound, "no template '\(key)' in workspace '\(workspace.name)'")
    }

    /// Changes a template's own fields (not its texts), if it is still at `expectedVersion`.
    public func updateTemplate(in workspace: Workspace, key: String, expectedVersion: Int, _ change: TemplateChange) async throws -> Template {
        try await client.transaction(logger: logger) { connection in
            var current = try await self.lockTemplate(connection, workspace: workspace, key: key)
            guard current.version == expectedVersion else {
                throw StoreError(.stale, "template '\(key)' is at version \(current.version), not \(expectedVersion)",
                                 current: VersionStamp(version: current.version, author: "", at: ""))
            }
            if let category = change.category { current.category = category }
            if let tags = change.tags { current.tags = tags }
            if let shortcut = change.shortcut { current.shortcut = shortcut.isEmpty ? nil : shortcut }
            if let aliases = change.aliases {
                try await self.checkAliases(connection, workspace: workspace, aliases, of: current.key)
                current.aliases = aliases
            }
            if let description = change.description { current.description = description }
            if let archived = change.archived { current.archived = archived }
            current.version += 1
            _ = try await connection.query("""
                UPDATE templates SET category = \(current.category), tags = \(current.tags), shortcut = \(current.shortcut),
                    aliases = \(current.aliases), description = \(current.description), archived = \(current.archived), version = \(current.version), updated_at = now()
                WHERE workspace_id = \(workspace.id) AND id = \(current.id)
                """, logger: self.logger)
            try await self.recordChange(connection, workspaceID: workspace.id, templateID: current.id)
            return current
        }
    }

    /// Aliases must be valid, and name no other template of the workspace, by key or alias (a
    /// template created later under an alias's name wins over the alias: keys come first). Writers
    /// of aliases take the workspace's alias lock first, so two cannot both take one name.
    func checkAliases(_ connection: PostgresConnection, workspace: Workspace, _ aliases: [String], of key: String) async throws {
        guard !aliases.isEmpty else { return }
        if let problem = Template.aliasProblem(aliases) { throw StoreError(.invalid, problem) }
        _ = try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended('template aliases ' || \(workspace.id)::text, 0))",
                                       logger: logger)
        let rows = try await connection.query("""
            SELECT key, name FROM templates, unnest(array_append(aliases, key)) AS name
            WHERE workspace_id = \(workspace.id) AND key <> \(key) AND name = ANY (\(aliases))
            LIMIT 1
            """, logger: logger)
        for try await (other, name) in rows.decode((String, String).self) {
            throw StoreError(.conflict, "'\(name)' already names template '\(other)'")
        }
    }

    func lockTemplate(_ connection: PostgresConnection, workspace: Workspace, key: String) async throws -> Template {
        let rows = try await connection.query(
            "SELECT \(unescaped: Self.templateColumns.sql) FROM templates WHERE workspace_id = \(workspace.id) AND key = \(key) FOR UPDATE",
            logger: logger)
        for try await row in rows.decode(TemplateRow.self) { return try Self.template(row) }
        throw StoreError(.notFound, "no template '\(key)' in workspace '\(workspace.name)'")
    }

    /// A page of templates matching `filter`, ordered by key.
    public func templates(in workspace: Workspace, matching filter: TemplateFilter) async throws -> TemplatePage {
        let limit = filter.limit == TemplateFilter.everything ? 1_000_000 : max(1, min(filter.limit, 500))
        // One statement with every filter optional (a null parameter switches it off).
        let query: PostgresQuery = """
            SELECT \(unescaped: Self.templateColumns.sql) FROM templates t
            WHERE t.workspace_id = \(workspace.id) AND t.key > \(filter.after ?? "")
              AND (\(filter.includeArchived)::bool OR NOT t.archived)
              AND (\(filter.category)::text IS NULL OR t.category = \(filter.category)::text)
              AND (\(filter.tag)::text IS NULL OR \(filter.tag)::text = ANY (t.tags))
              AND (\(filter.keys)::text[] IS NULL OR t.key = ANY (\(filter.keys)::text[]))
              AND (\(filter.missingIn?.tag)::text IS NULL OR NOT EXISTS (
                   SELECT 1 FROM translations tr WHERE tr.workspace_id = t.workspace_id AND tr.template_id = t.id
                   AND tr.locale = \(filter.missingIn?.tag)::text AND tr.channel = 'default'))
              AND (\(filter.outdatedIn?.tag)::text IS NULL OR EXISTS (
                   SELECT 1 FROM translations tr
                   WHERE tr.workspace_id = t.workspace_id AND tr.template_id = t.id AND tr.locale = \(filter.outdatedIn?.tag)::text
                   AND tr.locale <> t.source_locale
                   AND tr.source_version < source_version(tr.workspace_id, tr.template_id, t.source_locale, tr.channel)))
              AND (\(filter.state?.1.tag)::text IS NULL OR EXISTS (
                   SELECT 1 FROM translations tr WHERE tr.workspace_id = t.workspace_id AND tr.template_id = t.id
                   AND tr.locale = \(filter.state?.1.tag)::text AND tr.channel = 'default' AND tr.state = \(filter.state?.0.rawValue)::text))
            ORDER BY t.key LIMIT \(limit + 1)
            """
        var templates: [Template] = []
        for try await row in try await reader.query(query, logger: logger).decode(TemplateRow.self) {
            templates.append(try Self.template(row))
        }
        let more = templates.count > limit
        if more { templates.removeLast() }
        return TemplatePage(templates: templates, next: more ? templates.last?.key : nil)
    }

    // MARK: Translations

    static let translationColumns: PostgresQuery = "template_id, locale, channel, message, state, version, source_version, author, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'), syntax"
    typealias TranslationRow = (Int64, String, String, String, String, Int, Int?, String, String, String)

    static func translation(_ row: TranslationRow) throws -> Translation {
        Translation(templateID: row.0, locale: try LocaleID(row.1), channel: ReplyChannel(rawValue: row.2), message: row.3,
                    syntax: MessageSyntax(rawValue: row.9) ?? .mf1, state: ReviewState(rawValue: row.4) ?? .draft,
                    version: row.5, sourceVersion: row.6, author: row.7, updatedAt: row.8)
    }

    /// Every text of a template, by locale and channel.
    public func translations(of template: Template, in workspace: Workspace) async throws -> [Translation] {
        var result: [Translation] = []
        let rows = try await client.query("""
            SELECT \(unescaped: Self.translationColumns.sql) FROM translations
            WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) ORDER BY locale, channel
            """, logger: logger)
        for try await row in rows.decode(TranslationRow.self) { result.append(try Self.translation(row)) }
        return result
    }

    /// The template's source-locale texts, every channel (what ``SourceText`` needs to tell a
    /// translation's source text and whether it is outdated).
    public func sourceTexts(of template: Template, in workspace: Workspace) async throws -> [Translation] {
        var result: [Translation] = []
        let rows = try await client.query("""
            SELECT \(unescaped: Self.translationColumns.sql) FROM translations
            WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) AND locale = \(template.sourceLocale.tag)
            ORDER BY channel
            """, logger: logger)
        for try await row in rows.decode(TranslationRow.self) { result.append(try Self.translation(row)) }
        return result
    }

    public func translation(of template: Template, in workspace: Workspace, locale: LocaleID, channel: ReplyChannel) async throws -> Translation? {
        let rows = try await client.query("""
            SELECT \(unescaped: Self.translationColumns.sql) FROM translations
            WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) AND locale = \(locale.tag) AND channel = \(channel.rawValue)
            """, logger: logger)
        for try await row in rows.decode(TranslationRow.self) { return try Self.translation(row) }
        return nil
    }

    /// What a write expects to find.
    public enum Expectation: Sendable, Hashable {
        /// No text yet (`If-None-Match: *`).
        case absent
        /// The text at this version (`If-Match`).
        case version(Int)
    }

    /// Creates or changes a text, if it is as the caller expects; appends a revision.
    public func putTranslation(
        of template: Template, in workspace: Workspace, locale: LocaleID, channel: ReplyChannel, message: String,
        syntax: MessageSyntax = .mf1, state: ReviewState, expecting expectation: Expectation, author: String, action: String = "update"
    ) async throws -> Translation {
        guard workspace.locales.contains(locale) else {
            throw StoreError(.invalid, "\(locale) is not one of the workspace's locales")
        }
        guard channel.isValid else { throw StoreError(.invalid, "'\(channel.rawValue)' is not a valid channel name") }
        return try await client.transaction(logger: logger) { connection in
            let current = try await self.lockTranslation(connection, workspace: workspace, template: template, locale: locale, channel: channel)
            try Self.check(expectation, current, what: "\(template.key) in \(locale)")
            let sourceVersion = locale == template.sourceLocale
                ? nil : try await self.sourceVersion(connection, workspace: workspace, template: template, channel: channel)
            let saved = try await self.write(connection, workspace: workspace, template: template, locale: locale, channel: channel,
                                             message: message, syntax: syntax, state: state, sourceVersion: sourceVersion,
                                             current: current, author: author, action: current == nil ? "create" : action)
            return saved
        }
    }

    /// Approves (and brings up to date with the source) or rejects (back to draft) a text.
    public func review(
        of template: Template, in workspace: Workspace, locale: LocaleID, channel: ReplyChannel, approve: Bool,
        expectedVersion: Int, author: String
    ) async throws -> Translation {
        try await client.transaction(logger: logger) { connection in
            let current = try await self.lockTranslation(connection, workspace: workspace, template: template, locale: locale, channel: channel)
            try Self.check(.version(expectedVersion), current, what: "\(template.key) in \(locale)")
            let existing = current!
            let sourceVersion = locale == template.sourceLocale
                ? nil : (approve ? try await self.sourceVersion(connection, workspace: workspace, template: template, channel: channel) : existing.sourceVersion)
            return try await self.write(connection, workspace: workspace, template: template, locale: locale, channel: channel,
                                        message: existing.message, syntax: existing.syntax, state: approve ? .approved : .draft,
                                        sourceVersion: sourceVersion,
                                        current: existing, author: author, action: "review")
        }
    }

    /// Restores the text of an earlier revision as a new version.
    public func rollback(
        of template: Template, in workspace: Workspace, locale: LocaleID, channel: ReplyChannel, toRevision revisionID: Int64,
        expectedVersion: Int, author: String, mayApprove: Bool
    ) async throws -> Translation {
        try await client.transaction(logger: logger) { connection in
            let current = try await self.lockTranslation(connection, workspace: workspace, template: template, locale: locale, channel: channel)
            try Self.check(.version(expectedVersion), current, what: "\(template.key) in \(locale)")
            let rows = try await connection.query("""
                SELECT message, state, source_version, syntax FROM revisions WHERE workspace_id = \(workspace.id) AND id = \(revisionID)
                AND template_id = \(template.id) AND locale = \(locale.tag) AND channel = \(channel.rawValue)
                """, logger: self.logger)
            for try await (message, state, sourceVersion, syntax) in rows.decode((String, String, Int?, String).self) {
                // Restoring an approved text is not approving it: only a reviewer's rollback may.
                let restored = TextUpdate.allowed(ReviewState(rawValue: state) ?? .needsReview, mayApprove: mayApprove)
                return try await self.write(connection, workspace: workspace, template: template, locale: locale, channel: channel,
                                            message: message, syntax: MessageSyntax(rawValue: syntax) ?? .mf1, state: restored,
                                            sourceVersion: sourceVersion, current: current, author: author, action: "rollback")
            }
            throw StoreError(.notFound, "no revision \(revisionID) of \(template.key) in \(locale)")
        }
    }

    /// The history of a text, newest first.
    /// A text's revisions, newest first: every one, or `limit` older than the revision `before`.
    public func revisions(of template: Template, in workspace: Workspace, locale: LocaleID, channel: ReplyChannel,
                          before: Int64? = nil, limit: Int = Int(Int32.max)) async throws -> [Revision] {
        var result: [Revision] = []
        let rows = try await reader.query("""
            SELECT id, version, message, state, source_version, author, action,
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), syntax
            FROM revisions WHERE workspace_id = \(workspace.id) AND template_id = \(template.id)
            AND locale = \(locale.tag) AND channel = \(channel.rawValue)
            AND (\(before)::bigint IS NULL OR id < \(before)::bigint) ORDER BY id DESC LIMIT \(limit)
            """, logger: logger)
        for try await row in rows.decode((Int64, Int, String, String, Int?, String, String, String, String).self) {
            result.append(Revision(id: row.0, version: row.1, message: row.2, syntax: MessageSyntax(rawValue: row.8) ?? .mf1,
                                   state: ReviewState(rawValue: row.3) ?? .draft,
                                   sourceVersion: row.4, author: row.5, action: row.6, createdAt: row.7))
        }
        return result
    }

    static func check(_ expectation: Expectation, _ current: Translation?, what: String) throws {
        try check(expectation, current.map { VersionStamp(version: $0.version, author: $0.author, at: $0.updatedAt) },
                  what: what, absent: "\(what) has no text yet")
    }

    /// Whether something versioned (a text, a set of examples) is as a write expects it: absent
    /// for `If-None-Match: *`, at the version `If-Match` names; else 412 with who changed it
    /// when, or `absent` (404) when there is nothing to change.
    static func check(_ expectation: Expectation, _ current: VersionStamp?, what: String, absent: String) throws {
        switch (expectation, current) {
        case (.absent, nil):
            return
        case (.absent, let current?):
            throw StoreError(.stale, "\(what) exists already (version \(current.version), by \(current.author) at \(current.at))",
                             current: current)
        case (.version, nil):
            throw StoreError(.notFound, absent)
        case (.version(let expected), let current?) where current.version != expected:
            throw StoreError(.stale, "\(what) changed since version \(expected): it is at version \(current.version), by \(current.author) at \(current.at)",
                             current: current)
        case (.version, _?):
            return
        }
    }

    func lockTranslation(_ connection: PostgresConnection, workspace: Workspace, template: Template, locale: LocaleID, channel: ReplyChannel) async throws -> Translation? {
        let rows = try await connection.query("""
            SELECT \(unescaped: Self.translationColumns.sql) FROM translations
            WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) AND locale = \(locale.tag) AND channel = \(channel.rawValue)
            FOR UPDATE
            """, logger: logger)
        for try await row in rows.decode(TranslationRow.self) { return try Self.translation(row) }
        return nil
    }

    /// The current version of the source-locale text for the channel (its default text when the
    /// channel has no variant in the source locale).
    func sourceVersion(_ connection: PostgresConnection, workspace: Workspace, template: Template, channel: ReplyChannel) async throws -> Int? {
        try await sourceText(connection, workspace: workspace, template: template, channel: channel)?.version
    }

    /// The source-locale text a channel's translations follow (``SourceText/channel(for:sourceChannels:)``).
    func sourceText(_ connection: PostgresConnection, workspace: Workspace, template: Template,
                    channel: ReplyChannel) async throws -> (channel: String, version: Int, message: String)? {
        let rows = try await connection.query("""
            SELECT channel, version, message FROM translations WHERE workspace_id = \(workspace.id) AND template_id = \(template.id)
            AND locale = \(template.sourceLocale.tag) AND channel IN (\(channel.rawValue), 'default')
            ORDER BY channel = 'default' LIMIT 1
            """, logger: logger)
        for try await row in rows.decode((String, Int, String).self) { return row }
        return nil
    }

    /// Where a translation's source stands: its current version, and the version of the source
    /// text a writer was shown (`shown`), found in the source's revisions when it is not the current
    /// text (nil when no revision has it: then the current one counts).
    func source(_ connection: PostgresConnection, workspace: Workspace, template: Template, channel: ReplyChannel,
                shown: String?) async throws -> TextUpdate.Source {
        guard let current = try await sourceText(connection, workspace: workspace, template: template, channel: channel) else {
            return TextUpdate.Source(currentVersion: nil)
        }
        guard let shown, shown != current.message else { return TextUpdate.Source(currentVersion: current.version) }
        let rows = try await connection.query("""
            SELECT max(version) FROM revisions WHERE workspace_id = \(workspace.id) AND template_id = \(template.id)
            AND locale = \(template.sourceLocale.tag) AND channel = \(current.channel) AND message = \(shown)
            """, logger: logger)
        var shownVersion: Int?
        for try await version in rows.decode(Int?.self) { shownVersion = version }
        return TextUpdate.Source(currentVersion: current.version, shownVersion: shownVersion)
    }

    func write(
        _ connection: PostgresConnection, workspace: Workspace, template: Template, locale: LocaleID, channel: ReplyChannel,
        message: String, syntax: MessageSyntax, state: ReviewState, sourceVersion: Int?, current: Translation?, author: String,
        action: String, recordsChange: Bool = true
    ) async throws -> Translation {
        let version = (current?.version ?? 0) + 1
        let rows = try await connection.query("""
            INSERT INTO translations (workspace_id, template_id, locale, channel, message, state, version, source_version, author, syntax)
            VALUES (\(workspace.id), \(template.id), \(locale.tag), \(channel.rawValue), \(message), \(state.rawValue), \(version), \(sourceVersion), \(author), \(syntax.rawValue))
            ON CONFLICT (workspace_id, template_id, locale, channel) DO UPDATE SET message = EXCLUDED.message,
                syntax = EXCLUDED.syntax, state = EXCLUDED.state, version = EXCLUDED.version, source_version = EXCLUDED.source_version,
                author = EXCLUDED.author, updated_at = now()
            RETURNING to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
            """, logger: logger)
        var updatedAt = ""
        for try await stamp in rows.decode(String.self) { updatedAt = stamp }
        _ = try await connection.query("""
            INSERT INTO revisions (workspace_id, template_id, locale, channel, version, message, state, source_version, author, action, syntax)
            VALUES (\(workspace.id), \(template.id), \(locale.tag), \(channel.rawValue), \(version), \(message), \(state.rawValue), \(sourceVersion), \(author), \(action), \(syntax.rawValue))
            """, logger: logger)
        if recordsChange { try await recordChange(connection, workspaceID: workspace.id, templateID: template.id) }
        return Translation(templateID: template.id, locale: locale, channel: channel, message: message, syntax: syntax, state: state,
                           version: version, sourceVersion: sourceVersion, author: author, updatedAt: updatedAt)
    }

    /// A change-log row and a notification, in the caller's transaction: both are seen only if it commits.
    func recordChange(_ connection: PostgresConnection, workspaceID: Int64, templateID: Int64?) async throws {
        let rows = try await connection.query(
            "INSERT INTO change_log (workspace_id, template_id) VALUES (\(workspaceID), \(templateID)) RETURNING id", logger: logger)
        for try await id in rows.decode(Int64.self) {
            let payload = Change(id: id, workspaceID: workspaceID, templateID: templateID).payload
            _ = try await connection.query("SELECT pg_notify(\(Self.channel), \(payload))", logger: logger)
        }
    }

    // MARK: Coverage

    /// Per locale: templates with a default text, approved, with an outdated text in any channel
    /// (``SourceText``'s rule), and missing.
    public func coverage(of workspace: Workspace) async throws -> [LocaleCoverage] {
        var total = 0
        for try await count in try await reader.query(
            "SELECT count(*) FROM templates WHERE workspace_id = \(workspace.id) AND NOT archived", logger: logger
        ).decode(Int.self) { total = count }
        var counts: [String: (Int, Int, Int)] = [:]
        let rows = try await reader.query("""
            SELECT tr.locale, (count(*) FILTER (WHERE tr.channel = 'default'))::int,
                   (count(*) FILTER (WHERE tr.channel = 'default' AND tr.state = 'approved'))::int,
                   (count(DISTINCT tr.template_id) FILTER (WHERE tr.locale <> t.source_locale
                        AND tr.source_version < source_version(tr.workspace_id, tr.template_id, t.source_locale, tr.channel)))::int
            FROM translations tr
            JOIN templates t ON t.workspace_id = tr.workspace_id AND t.id = tr.template_id AND NOT t.archived
            WHERE tr.workspace_id = \(workspace.id)
            GROUP BY tr.locale
            """, logger: logger)
        for try await (locale, translated, approved, outdated) in rows.decode((String, Int, Int, Int).self) {
            counts[locale] = (translated, approved, outdated)
        }
        return workspace.locales.map { locale in
            let (translated, approved, outdated) = counts[locale.tag] ?? (0, 0, 0)
            return LocaleCoverage(locale: locale, templates: total, translated: translated, approved: approved,
                                  outdated: outdated, missing: max(0, total - translated))
        }
    }

    // MARK: Render data and the change feed

    /// What rendering holds of a workspace's live templates, or of one template: their keys and
    /// aliases, and their texts that are not drafts, with their messages when `messages` says so.
    ///
    /// A workspace's templates are read apart from their texts, so a million texts do not each
    /// bring a copy of their key: two statements, not one transaction, as a change between them
    /// is logged and the render cache reads again or applies it (a text of a template not read is
    /// left out). One template's few dozen texts come in one statement with its key on each row,
    /// as each change to a template is read on every replica, and quickly.
    public func renderData(workspaceID: Int64, templateID: Int64? = nil, from source: ReadFrom = .standby,
                           messages: Bool = true) async throws -> RenderData {
        let client = pool(source)
        var data = RenderData()
        if let templateID {
            for try await (id, key, aliases, locale, channel, message, syntax) in try await client.query("""
                SELECT t.id, t.key, t.aliases, tr.locale, tr.channel, CASE WHEN \(messages) THEN tr.message END, tr.syntax FROM templates t
                LEFT JOIN translations tr ON tr.workspace_id = t.workspace_id AND tr.template_id = t.id AND tr.state <> 'draft'
                WHERE t.workspace_id = \(workspaceID) AND t.id = \(templateID) AND NOT t.archived
                """, logger: logger).decode((Int64, String, [String], String?, String?, String?, String?).self)
            {
                if data.templates.isEmpty { data.templates.append(RenderTemplate(id: id, key: key, aliases: aliases)) }
                guard let locale = locale.flatMap({ try? LocaleID($0) }), let channel else { continue }
                data.texts.append(RenderText(templateID: id, locale: locale, channel: ReplyChannel(rawValue: channel), message: message,
                                             syntax: syntax.flatMap(MessageSyntax.init(rawValue:)) ?? .mf1))
            }
            return data
        }
        for try await (id, key, aliases) in try await client.query("""
            SELECT id, key, aliases FROM templates WHERE workspace_id = \(workspaceID) AND NOT archived
            """, logger: logger).decode((Int64, String, [String]).self)
        {
            data.templates.append(RenderTemplate(id: id, key: key, aliases: aliases))
        }
        for try await (id, locale, channel, message, syntax) in try await client.query("""
            SELECT tr.template_id, tr.locale, tr.channel, CASE WHEN \(messages) THEN tr.message END, tr.syntax FROM translations tr
            JOIN templates t ON t.workspace_id = tr.workspace_id AND t.id = tr.template_id
            WHERE tr.workspace_id = \(workspaceID) AND NOT t.archived AND tr.state <> 'draft'
            """, logger: logger).decode((Int64, String, String, String?, String).self)
        {
            guard let locale = try? LocaleID(locale) else { continue }
            data.texts.append(RenderText(templateID: id, locale: locale, channel: ReplyChannel(rawValue: channel), message: message,
                                         syntax: MessageSyntax(rawValue: syntax) ?? .mf1))
        }
        return data
    }

    /// Changes logged after `id`, and those of the last 30 seconds (a transaction that took an
    /// earlier id may have committed later), oldest first; and the newest change id pruned from
    /// the log (``pruneChangeLog(olderThan:)``), read first: a reader that has not handled every
    /// change up to it cannot tell from the log what it missed.
    public func changes(after id: Int64, limit: Int = 10_000) async throws -> (changes: [Change], prunedThrough: Int64) {
        let prunedThrough = try await changeLogHorizon()
        var result: [Change] = []
        for try await (changeID, workspaceID, templateID) in try await reader.query("""
            SELECT id, workspace_id, template_id FROM change_log
            WHERE id > \(id) OR created_at > now() - interval '30 seconds' ORDER BY id LIMIT \(limit)
            """, logger: logger
        ).decode((Int64, Int64, Int64?).self) {
            result.append(Change(id: changeID, workspaceID: workspaceID, templateID: templateID))
        }
        return (result, prunedThrough)
    }

    /// The newest change id pruned from the log (0 before any pruning).
    public func changeLogHorizon() async throws -> Int64 {
        for try await id in try await reader.query("SELECT pruned_through FROM change_log_horizon", logger: logger).decode(Int64.self) {
            return id
        }
        return 0
    }

    /// Deletes the changes logged more than `retention` ago, in batches of `batch` rows so that no
    /// one statement holds the log for long, at most `batches` of them a call; records the newest
    /// id deleted. Returns how many rows went.
    @discardableResult
    public func pruneChangeLog(olderThan retention: Duration, batch: Int = 10_000, batches: Int = 100) async throws -> Int {
        let seconds = Double(retention.components.seconds) + Double(retention.components.attoseconds) / 1e18
        var deleted = 0
        for _ in 0..<batches {
            // One statement, so the rows and the horizon change together or not at all.
            let rows = try await client.query("""
                WITH gone AS (
                    DELETE FROM change_log WHERE id IN (
                        SELECT id FROM change_log WHERE created_at < now() - make_interval(secs => \(seconds))
                        ORDER BY created_at LIMIT \(batch))
                    RETURNING id),
                horizon AS (
                    UPDATE change_log_horizon SET pruned_through = greatest(pruned_through, (SELECT max(id) FROM gone)))
                SELECT count(*)::bigint FROM gone
                """, logger: logger)
            var count = 0
            for try await value in rows.decode(Int64.self) { count = Int(value) }
            deleted += count
            if count < batch { break }
        }
        return deleted
    }

    /// The newest change-log id, or the newest pruned when the log is empty (0 when there never was one).
    public func latestChangeID() async throws -> Int64 {
        for try await id in try await reader.query("""
            SELECT greatest((SELECT max(id) FROM change_log), (SELECT pruned_through FROM change_log_horizon), 0)::bigint
            """, logger: logger).decode(Int64.self) {
            return id
        }
        return 0
    }
}

/// Changes to a template's own fields; nil leaves a field as it is.
public struct TemplateChange: Sendable, Hashable, Codable {
    public var category: String?
    public var tags: [String]?
    public var shortcut: String?
    public var aliases: [String]?
    public var description: String?
    public var archived: Bool?

    public init(category: String? = nil, tags: [String]? = nil, shortcut: String? = nil, aliases: [String]? = nil,
                description: String? = nil, archived: Bool? = nil) {
        self.category = category
        self.tags = tags
        self.shortcut = shortcut
        self.aliases = aliases
        self.description = description
        self.archived = archived
    }
}

/// Which templates to list.
public struct TemplateFilter: Sendable {
    public var category: String?
    public var tag: String?
    /// Only these keys (the search index's answer to an agent's query).
    public var keys: [String]?
    /// With no text in this locale.
    public var missingIn: LocaleID?
    /// With a text in this locale made from an older source text.
    public var outdatedIn: LocaleID?
    /// With a text in this review state in this locale.
    public var state: (ReviewState, LocaleID)?
    public var includeArchived = false
    /// Keys after this one (the previous page's `next`).
    public var after: String?
    /// At most 500 a page, or ``everything`` (for a caller that orders and pages itself).
    public var limit = 100
    public static let everything = Int.max

    public init() {}
}

/// One page of templates; `next` continues the list.
public struct TemplatePage: Sendable, Hashable {
    public var templates: [Template]
    public var next: String?

    public init(templates: [Template], next: String?) {
        self.templates = templates
        self.next = next
    }
}

/// One entry of a text's history.
public struct Revision: Sendable, Hashable, Codable {
    public var id: Int64
    public var version: Int
    public var message: String
    public var syntax: MessageSyntax
    public var state: ReviewState
    public var sourceVersion: Int?
    public var author: String
    public var action: String
    public var createdAt: String
}

/// How complete a locale is.
public struct LocaleCoverage: Sendable, Hashable, Codable {
    public var locale: LocaleID
    public var templates: Int
    public var translated: Int
    public var approved: Int
    /// Templates with at least one outdated text in the locale, any channel.
    public var outdated: Int
    public var missing: Int
}

/// What the render cache reads: templates, and their texts.
public struct RenderData: Sendable, Hashable {
    public var templates: [RenderTemplate] = []
    public var texts: [RenderText] = []
}

/// A template as the render cache needs it.
public struct RenderTemplate: Sendable, Hashable {
    public var id: Int64
    public var key: String
    /// The template's other names (``Template/aliases``).
    public var aliases: [String]
}

/// A text as the render cache needs it.
public struct RenderText: Sendable, Hashable {
    public var templateID: Int64
    public var locale: LocaleID
    public var channel: ReplyChannel
    /// Nil when it was not read (``CatalogStore/renderData(workspaceID:templateID:from:messages:)``).
    public var message: String?
    public var syntax: MessageSyntax
}

/// A logged change: a template of a workspace changed (or the workspace itself, when `templateID` is nil).
public struct Change: Sendable, Hashable {
    public var id: Int64
    public var workspaceID: Int64
    public var templateID: Int64?

    public init(id: Int64, workspaceID: Int64, templateID: Int64?) {
        self.id = id
        self.workspaceID = workspaceID
        self.templateID = templateID
    }

    /// `id:workspace:template` (template empty for a workspace-wide change).
    public var payload: String { "\(id):\(workspaceID):\(templateID.map(String.init) ?? "")" }

    public init?(payload: String) {
        let parts = payload.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, let id = Int64(parts[0]), let workspaceID = Int64(parts[1]) else { return nil }
        self.init(id: id, workspaceID: workspaceID, templateID: Int64(parts[2]))
    }
}
