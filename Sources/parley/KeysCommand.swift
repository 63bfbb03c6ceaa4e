import ArgumentParser
import Catalog
import Foundation
import ICU
import Logging
import Store

struct KeysCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Create, list and revoke API keys.",
        discussion: "Works on the database directly (DATABASE_URL, or the embedded PostgreSQL). Roles: render < agent < translator < reviewer < admin.",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a key; its secret is printed once.")

        @Option(help: "A name to recognise the key by.") var name: String
        @Option(help: "render, agent, translator, reviewer or admin.") var role: String
        @Option(help: "Limit the key to this workspace.") var workspace: String?
        @Option(help: "For translators: the locales they may edit, comma-separated.") var locales: String?
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            guard let role = Role(rawValue: role) else { throw ValidationError("role is one of render, agent, translator, reviewer, admin") }
            let locales = try locales.map { list in
                try list.split(separator: ",").map { tag in
                    guard let locale = try? LocaleID(String(tag)) else { throw ValidationError("'\(tag)' is not a valid locale tag") }
                    return locale
                }
            }
            try await KeysCommand.withStores(database) { store, keys in
                var workspaceID: Int64?
                if let workspace { workspaceID = try await store.workspace(named: workspace).id }
                let (key, secret) = try await keys.create(name: name, role: role, workspaceID: workspaceID, locales: locales)
                print("Created key \(key.id) (\(key.role.rawValue)). Secret, shown once:\n\(secret)")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List keys (never their secrets).")
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await KeysCommand.withStores(database) { _, keys in
                for key in try await keys.list() {
                    let scope = key.locales.map { " locales=" + $0.map(\.tag).joined(separator: ",") } ?? ""
                    print("\(key.id)\t\(key.prefix)…\t\(key.role.rawValue)\t\(key.name)\(scope)\(key.revoked ? "\trevoked" : "")")
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key by its id.")
        @Argument(help: "The key's id (see list).") var id: Int64
        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await KeysCommand.withStores(database) { _, keys in
                try await keys.revoke(id: id)
                print("Revoked key \(id).")
            }
        }
    }

    static func withStores(_ options: DatabaseOptions, _ body: @Sendable @escaping (CatalogStore, KeyStore) async throws -> Void) async throws {
        let logger = Logs.bootstrap(level: .warning)
        let (configuration, embedded) = try options.open(logger: logger)
        defer { embedded?.stop() }
        let database = Database(configuration, logger: logger)
        try await DatabaseSession.with(database) {
            _ = try await Migrator().migrate(database)
            try await body(CatalogStore(database: database), KeyStore(database: database))
        }
    }
}
