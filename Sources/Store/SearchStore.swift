import Catalog
import ICU
import Logging
import PostgresNIO

/// Customer phrasings per template and locale, with their version.
public struct Examples: Sendable, Hashable {
    public var locale: LocaleID
    public var phrases: [String]
    public var version: Int
    public var author: String
    /// ISO 8601.
    public var updatedAt: String
}

/// An agent's verdict on a suggested reply, as stored.
public struct StoredFeedback: Sendable, Hashable {
    public var templateID: Int64
    public var text: String
    public var locale: LocaleID
    public var accepted: Bool
    public var voter: String
}

/// What the search index needs of a workspace beyond the render texts: live templates' fields,
/// their examples and the agents' feedback.
public struct SearchData: Sendable {
    public var templates: [Template]
    public var examples: [Int64: [LocaleID: [String]]]
    public var feedback: [Int64: [StoredFeedback]]
}

extension CatalogStore {
    /// The votes kept per template: the newest count, older ones have had their say.
    static let feedbackKept = 500

    /// The search data of a workspace's live templates, or of one template.
    public func searchData(workspaceID: Int64, templateID: Int64? = nil, from source: ReadFrom = .standby) async throws -> SearchData {
        var data = SearchData(templates: [], examples: [:], feedback: [:])
        for try await row in try await pool(source).query("""
            SELECT \(unescaped: Self.templateColumns.sql) FROM templates
            WHERE workspace_id = \(workspaceID) AND NOT archived AND (\(templateID)::bigint IS NULL OR id = \(templateID)::bigint)
            """, logger: logger).decode(TemplateRow.self) {
            data.templates.append(try Self.template(row))
        }
        for try await (id, locale, phrases) in try await pool(source).query("""
            SELECT template_id, locale, phrases FROM examples
            WHERE workspace_id = \(workspaceID) AND (\(templateID)::bigint IS NULL OR template_id = \(templateID)::bigint)
            """, logger: logger).decode((Int64, String, [String]).self) {
            guard let locale = try? LocaleID(locale) else { continue }
            data.examples[id, default: [:]][locale] = phrases
        }
        for try await (id, text, locale, accepted, voter) in try await pool(source).query("""
            SELECT template_id, text, locale, accepted, voter FROM (
                SELECT *, row_number() OVER (PARTITION BY template_id ORDER BY id DESC) AS age FROM suggestion_feedback
                WHERE workspace_id = \(workspaceID) AND (\(templateID)::bigint IS NULL OR template_id = \(templateID)::bigint)
            ) recent WHERE age <= \(Self.feedbackKept)
            """, logger: logger).decode((Int64, String, String, Bool, String).self) {
            guard let locale = try? LocaleID(locale) else { continue }
            data.feedback[id, default: []].append(StoredFeedback(templateID: id, text: text, locale: locale, accepted: accepted, voter: voter))
        }
        return data
    }

    // MARK: Examples

    /// A template's examples in every locale that has some.
    public func examples(of template: Template, in workspace: Workspace) async throws -> [Examples] {
        var result: [Examples] = []
        for try await row in try await client.query("""
            SELECT \(unescaped: Self.examplesColumns.sql) FROM examples
            WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) ORDER BY locale
            """, logger: logger).decode(ExamplesRow.self) {
            result.append(try Self.examples(row))
        }
        return result
    }

    /// Sets a template's examples in one locale, if they are as the caller expects
    /// (``Expectation``). They must pass ``ExampleRules``.
    public func putExamples(of template: Template, in workspace: Workspace, locale: LocaleID, phrases: [String],
                            expecting expectation: Expectation, author: String) async throws -> Examples {
        guard workspace.locales.contains(locale) else { throw StoreError(.invalid, "\(locale) is not one of the workspace's locales") }
        return try await client.transaction(logger: logger) { connection in
            let current = try await self.lockExamples(connection, workspace: workspace, template: template, locale: locale)
            try Self.check(expectation, current.map { VersionStamp(version: $0.version, author: $0.author, at: $0.updatedAt) },
                           what: "the set of examples of \(template.key) in \(locale)", absent: "\(template.key) has no examples in \(locale) yet")
            return try await self.writeExamples(connection, workspace: workspace, template: template, locale: locale,
                                                phrases: phrases, current: current, author: author)
        }
    }

    /// Writes examples in the caller's transaction (nothing when they are unchanged) and logs the change.
    func writeExamples(_ connection: PostgresConnection, workspace: Workspace, template: Template, locale: LocaleID,
                       phrases: [String], current: Examples?, author: String) async throws -> Examples {
        let problems = ExampleRules.problems(phrases)
        guard problems.isEmpty else { throw StoreError(.invalid, "the examples of \(template.key) in \(locale): " + problems.joined(separator: "; ")) }
        if let current, current.phrases == phrases { return current }
        let rows = try await connection.query("""
            INSERT INTO examples (workspace_id, template_id, locale, phrases, version, author)
            VALUES (\(workspace.id), \(template.id), \(locale.tag), \(phrases), 1, \(author))
            ON CONFLICT (workspace_id, template_id, locale) DO UPDATE
                SET phrases = excluded.phrases, version = examples.version + 1, author = excluded.author, updated_at = now()
            RETURNING \(unescaped: Self.examplesColumns.sql)
            """, logger: logger)
        for try await row in rows.decode(ExamplesRow.self) {
            try await recordChange(connection, workspaceID: workspace.id, templateID: template.id)
            return try Self.examples(row)
        }
        throw StoreError(.unavailable, "the examples were not written")
    }

    func lockExamples(_ connection: PostgresConnection, workspace: Workspace, template: Template, locale: LocaleID) async throws -> Examples? {
        for try await row in try await connection.query("""
            SELECT \(unescaped: Self.examplesColumns.sql) FROM examples
            WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) AND locale = \(locale.tag) FOR UPDATE
            """, logger: logger).decode(ExamplesRow.self) {
            return try Self.examples(row)
        }
        return nil
    }

    typealias ExamplesRow = (String, [String], Int, String, String)
    static let examplesColumns: PostgresQuery =
        #"locale, phrases, version, author, to_char(updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#

    static func examples(_ row: ExamplesRow) throws -> Examples {
        Examples(locale: try LocaleID(row.0), phrases: row.1, version: row.2, author: row.3, updatedAt: row.4)
    }

    // MARK: Feedback

    /// Records an agent's verdict on a suggested reply (a live template of the workspace).
    public func addFeedback(in workspace: Workspace, key: String, text: String, locale: LocaleID, accepted: Bool, voter: String) async throws {
        try await client.transaction(logger: logger) { connection in
            let template = try await self.lockTemplate(connection, workspace: workspace, key: key)
            guard !template.archived else { throw StoreError(.notFound, "template '\(key)' is archived") }
            _ = try await connection.query("""
                INSERT INTO suggestion_feedback (workspace_id, template_id, text, locale, accepted, voter)
                VALUES (\(workspace.id), \(template.id), \(text), \(locale.tag), \(accepted), \(voter))
                """, logger: self.logger)
            try await self.recordChange(connection, workspaceID: workspace.id, templateID: template.id)
        }
    }

    /// Erases every verdict on one template; returns how many there were.
    public func eraseFeedback(in workspace: Workspace, key: String) async throws -> Int {
        try await client.transaction(logger: logger) { connection in
            let template = try await self.lockTemplate(connection, workspace: workspace, key: key)
            var erased = 0
            for try await count in try await connection.query("""
                WITH gone AS (DELETE FROM suggestion_feedback WHERE workspace_id = \(workspace.id) AND template_id = \(template.id) RETURNING 1)
                SELECT count(*)::int FROM gone
                """, logger: self.logger).decode(Int.self) { erased = count }
            if erased > 0 { try await self.recordChange(connection, workspaceID: workspace.id, templateID: template.id) }
            return erased
        }
    }
}
