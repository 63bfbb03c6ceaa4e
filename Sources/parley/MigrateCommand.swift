import ArgumentParser
import Logging
import ServiceLifecycle
import Store

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply the database migrations built into this binary.",
        discussion: """
            Applies what is pending, each migration in its own transaction; refuses a database whose applied             migrations differ from this binary's. Uses DATABASE_URL, or the embedded PostgreSQL.

            Example: DATABASE_URL=postgres://parley@db/parley parley migrate --dry-run
            """
    )

    @Flag(name: .long, help: "Only list what would be applied.")
    var dryRun = false

    @OptionGroup var database: DatabaseOptions
    @OptionGroup var output: OutputOptions

    /// What `--json` prints: the migrations applied, or with --dry-run those pending.
    struct Outcome: Encodable { var applied: [String]?; var pending: [String]? }

    func run() async throws {
        let (dryRun, json) = (dryRun, output.json)
        try await DatabaseSession.with(database) { db in
            let migrator = Migrator()
            if dryRun {
                let pending = try await migrator.pending(db).map(\.name)
                if json { Output.json(Outcome(pending: pending)); return }
                print(pending.isEmpty ? "Up to date." : pending.map { "pending: \($0)" }.joined(separator: "\n"))
            } else {
                let applied = try await migrator.migrate(db)
                if json { Output.json(Outcome(applied: applied)); return }
                print(applied.isEmpty ? "Up to date." : applied.map { "applied: \($0)" }.joined(separator: "\n"))
            }
        }
    }
}

/// Runs the database pool for the duration of one command.
enum DatabaseSession {
    /// The logger for a command's pool: errors only. The command's first query races the pool's
    /// `run()`, which starts in a task beside it; postgres-nio then warns "Trying to lease
    /// connection from `PostgresClient`, but `PostgresClient.run()` hasn't been called yet", a
    /// harmless line (the lease waits for the pool) that would land in the command's output.
    static func poolLogger(_ logger: Logger) -> Logger {
        var quiet = logger
        quiet.logLevel = .error
        return quiet
    }

    /// The command's database (DATABASE_URL, or the embedded PostgreSQL in the data folder,
    /// stopped afterwards), its pool running for the duration of `body`.
    static func with<T: Sendable>(_ options: DatabaseOptions, _ body: @Sendable @escaping (Database) async throws -> T) async throws -> T {
        let logger = Logs.bootstrap(level: .warning)
        let (configuration, embedded) = try options.open(logger: logger)
        defer { embedded?.stop() }
        let database = Database(configuration, logger: poolLogger(logger))
        return try await with(database) { try await body(database) }
    }

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
