import Catalog
import ICU
import Logging
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
    /// template and text, or nothing. Every text is checked first as a write would be. New texts are created; texts that differ are updated
    /// (a new version and revision); equal ones are left alone.
    public func importBundle(_ bundle: CatalogBundle, author: String) async throws -> (Workspace, ImportSummary) {
        let problems = bundle.lintErrors()
        guard problems.isEmpty else {
            throw StoreError(.invalid, "the import has texts that do not pass the checks; nothing was imported:\n"
                             + problems.map(\.description).joined(separator: "\n"))
        }
        return try await client.transaction(logger: logger) { connection in
            var summary = ImportSummary()
            let workspace = try await self.workspaceForImport(connection, bundle.workspace)
            var templates: [String: Template] = [:]
            for spec in bundle.templates {
                if let existing = try await self.findTemplate(connection, workspace: workspace, key: spec.key) {
                    templates[spec.key] = existing
                } else {
                    templates[spec.key] = try await self.insertTemplate(connection, workspace: workspace, spec)
                    summary.templatesCreated += 1
                }
            }
            // Source texts first, so translations record the source version they follow.
            let ordered = bundle.texts.sorted { lhs, rhs in
                let lhsSource = templates[lhs.key]?.sourceLocale == lhs.locale
                let rhsSource = templates[rhs.key]?.sourceLocale == rhs.locale
                return lhsSource && !rhsSource
            }
            for text in ordered {
                guard let template = templates[text.key] else {
                    throw StoreError(.invalid, "'\(text.key)' has no template in the import")
                }
                let current = try await self.lockTranslation(connection, workspace: workspace, template: template,
                                                              locale: text.locale, channel: text.channel)
                if let current, current.message == text.message, current.state == text.state {
                    summary.textsUnchanged += 1
                    continue
                }
                let sourceVersion = text.locale == template.sourceLocale
                    ? nil : try await self.sourceVersion(connection, workspace: workspace, template: template, channel: text.channel)
                _ = try await self.write(connection, workspace: workspace, template: template, locale: text.locale,
                                         channel: text.channel, message: text.message, state: text.state,
                                         sourceVersion: sourceVersion, current: current, author: author, action: "import")
                if current == nil { summary.textsCreated += 1 } else { summary.textsUpdated += 1 }
            }
            for example in bundle.examples {
                guard let template = templates[example.key] else {
                    throw StoreError(.invalid, "'\(example.key)' has no template in the import")
                }
                let current = try await self.lockExamples(connection, workspace: workspace, template: template, locale: example.locale)
                _ = try await self.writeExamples(connection, workspace: workspace, template: template, locale: example.locale,
                                                 phrases: example.phrases, current: current, author: author)
            }
            return (workspace, summary)
        }
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
