import ArgumentParser
import Catalog
import Foundation
import ICU
import Logging
import Store

extension Role: ExpressibleByArgument {}

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys.",
        discussion: """
            Works on the database directly (DATABASE_URL, or the embedded PostgreSQL). Roles: render < agent < \
            translator < reviewer < admin.

            Example: parley keys create --name alice --role translator --workspace support --locales fr,de
            """,
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; its secret is printed once.",
            discussion: """
                A translator key edits only the locales it names: give --locales (comma-separated), or \
                --locales all for every locale. Each locale must be one of the workspace's when --workspace is given.

                Example: parley keys create --name alice --role translator --workspace support --locales fr,de
                """)

        @Option(help: "A name to recognise the key by.") var name: String
        @Option(help: "render, agent, translator, reviewer or admin.") var role: Role
        @Option(help: "Limit the key to this workspace.") var workspace: String?
        @Option(help: "The locales a translator may edit, comma-separated, or `all`.") var locales: String?
        @Option(help: ArgumentHelp("When the key stops working: a duration (90m, 12h, 30d, 2w) or a date (2026-12-31, 2026-12-31T18:00:00Z).",
                                   valueName: "when")) var expires: String?
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        /// What `--json` prints: the key, and its secret (shown this once).
        struct Created: Encodable { var key: APIKey; var secret: String }

        private var tags: [String]? { locales.map(KeyLocales.tags) }

        func validate() throws {
            do {
                _ = try KeyLocales.resolve(tags, role: role)
            } catch {
                throw ValidationError(error.description)
            }
            do throws(KeyExpiry.Refusal) {
                if let expires { _ = try KeyExpiry.parse(expires) }
            } catch {
                throw ValidationError(error.description)
            }
        }

        func run() async throws {
            try await KeysCommand.withStores(database) { store, keys in
                var workspaceID: Int64?
                var workspaceLocales: [LocaleID]?
                if let workspace {
                    let found = try await store.workspace(named: workspace)
                    (workspaceID, workspaceLocales) = (found.id, found.locales)
                }
                let allowed: [LocaleID]?
                do {
                    allowed = try KeyLocales.resolve(tags, role: role, workspaceLocales: workspaceLocales)
                } catch {
                    throw CommandFailure("\(error)", status: Status.problems)
                }
                // Counted from now, not from when the flags were checked.
                let expiresAt = try expires.map { try KeyExpiry.parse($0) }
                let (key, secret) = try await keys.create(name: name, role: role, workspaceID: workspaceID, locales: allowed,
                                                          expiresAt: expiresAt)
                if output.json { Output.json(Created(key: key, secret: secret)); return }
                let expiry = key.expiresAt.map { ", expires \($0)" } ?? ""
                print("Created key \(key.id) (\(key.role.rawValue)\(expiry)). Secret, shown once:\n\(secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List keys (never their secrets).",
            discussion: "Example: DATABASE_URL=postgres://parley@db/parley parley keys list")
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        func run() async throws {
            let json = output.json
            try await KeysCommand.withStores(database) { _, keys in
                let all = try await keys.list()
                if json { Output.json(all); return }
                for key in all {
                    let scope = key.locales.map { " locales=" + $0.map(\.tag).joined(separator: ",") } ?? ""
                    let expiry = key.expiresAt.map { "\t\(key.expired ? "expired" : "expires") \($0)" } ?? ""
                    let marks = (key.bootstrap ? "\tPARLEY_ADMIN_KEY" : "") + (key.revoked ? "\trevoked" : "")
                    print("\(key.id)\t\(key.prefix)…\t\(key.role.rawValue)\t\(key.name)\(scope)\(expiry)\(marks)")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Revoke a key by its id.",
            discussion: """
                Also revokes the key PARLEY_ADMIN_KEY names (the API does not): it stays revoked across restarts. \
                The last active admin key for every workspace is not revoked: create another first.

                Example: parley keys revoke 12
                """)
        @Argument(help: "The key's id (see list).") var id: Int64
        @OptionGroup var database: DatabaseOptions
        @OptionGroup var output: OutputOptions

        struct Revoked: Encodable { var revoked: Int64 }

        func run() async throws {
            let (id, json) = (id, output.json)
            try await KeysCommand.withStores(database) { _, keys in
                try await keys.revoke(id: id, allowingBootstrapKey: true)
                if json { Output.json(Revoked(revoked: id)) } else { print("Revoked key \(id).") }
            }
        }
    }

    static func withStores(_ options: DatabaseOptions, _ body: @Sendable @escaping (CatalogStore, KeyStore) async throws -> Void) async throws {
        try await DatabaseSession.with(options) { database in
            _ = try await Migrator().migrate(database)
            try await body(CatalogStore(database: database), KeyStore(database: database))
        }
    }
}
