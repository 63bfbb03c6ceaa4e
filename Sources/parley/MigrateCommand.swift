import ArgumentParser
import Logging
import ServiceLifecycle
import Store

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database migrations built into this binary.",
        discussion: "Applies what is pending, each migration in its own transaction; refuses a database whose applied migrations differ from this binary's. Uses DATABASE_URL, or the embedded PostgreSQL."
    )

    @Flag(name: .long, help: "Only list what would be applied.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let logger = Logs.bootstrap(level: .warning)
        let (configuration, embedded) = try database.open(logger: logger)
        defer { embedded?.stop() }
        let db = Database(configuration, logger: logger)
        try await DatabaseSession.with(db) {
            let migrator = Migrator()
            if dryRun {
                let pending = try await migrator.pending(db)
                print(pending.isEmpty ? "Up to date." : pending.map { "pending: \($0.name)" }.joined(separator: "\n"))
            } else {
                let applied = try await migrator.migrate(db)
                print(applied.isEmpty ? "Up to date." : applied.map { "applied: \($0)" }.joined(separator: "\n"))
            }
        }
    }
}

/// Runs the database pool for the duration of one command.
enum DatabaseSession {
    static func with<T: Sendable>(_ database: Database, _ body: @Sendable () async throws -> T) async throws -> T {
        try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await database.run()
                return nil
            }
            defer { group.cancelAll() }
            return try await body()
        }
    }
}
