import Crypto
import Logging
import PostgresNIO

/// One forward-only schema change, from `Migrations/NNNN_name.sql`.
public struct Migration: Sendable, Hashable {
    public var name: String
    public var sql: String

    public init(name: String, sql: String) {
        self.name = name
        self.sql = sql
    }

    /// SHA-256 of the SQL, hex: an applied migration whose file changed is refused.
    public var checksum: String {
        SHA256.hash(data: Array(sql.utf8)).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The migrations built into this binary, in order.
    public static let builtIn: [Migration] = embeddedMigrations.map { Migration(name: $0.name, sql: $0.text) }
}

/// Applies migrations in order, each in its own transaction, recording name and checksum.
///
/// The applied history must be a prefix of the list: a recorded migration that is missing from
/// the list, or whose checksum differs, is an error and nothing is applied. Concurrent starters
/// are serialized by a lock on the history table taken in each migration's transaction; the
/// second finds the work done.
public struct Migrator: Sendable {
    public let migrations: [Migration]

    public init(migrations: [Migration] = Migration.builtIn) {
        self.migrations = migrations.sorted { $0.name < $1.name }
    }

    public struct Failure: Error, Sendable, CustomStringConvertible {
        public var description: String
    }

    /// Migrations not yet applied (a dry run).
    public func pending(_ database: Database) async throws -> [Migration] {
        let client = database.client, logger = database.logger
        try await ensureHistoryTable(client, logger: logger)
        let applied = try await history(client, logger: logger)
        try verify(applied)
        return Array(migrations.dropFirst(applied.count))
    }

    /// Applies what is pending; returns the names applied.
    @discardableResult
    public func migrate(_ database: Database) async throws -> [String] {
        let client = database.client, logger = database.logger
        try await ensureHistoryTable(client, logger: logger)
        // Up to date (every replica's start but the first): nothing to lock. The history is
        // verified anyway, so a database from another build is still refused.
        let current = try await history(client, logger: logger)
        try verify(current)
        if current.count == migrations.count { return [] }
        var applied: [String] = []
        for migration in migrations {
            let done = try await client.transaction(logger: logger) { connection -> Bool in
                _ = try await connection.query("LOCK TABLE parley_migrations IN SHARE ROW EXCLUSIVE MODE", logger: logger)
                let history = try await self.history(connection, logger: logger)
                try self.verify(history)
                if history.contains(where: { $0.name == migration.name }) { return false }
                do {
                    for statement in SQLScript.statements(migration.sql) {
                        _ = try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger)
                    }
                } catch {
                    throw Failure(description: "migration \(migration.name) failed: \(String(reflecting: error))")
                }
                _ = try await connection.query(
                    "INSERT INTO parley_migrations (name, checksum) VALUES (\(migration.name), \(migration.checksum))",
                    logger: logger)
                return true
            }
            if done {
                logger.info("applied migration", metadata: ["migration": "\(migration.name)"])
                applied.append(migration.name)
            }
        }
        return applied
    }

    /// Whether every migration of this binary is applied (and nothing unknown is).
    public func isCurrent(_ database: Database) async -> Bool {
        let client = database.client, logger = database.logger
        guard let applied = try? await BoundedClient.bounded({ try await self.history(client, logger: logger) }) else { return false }
        return (try? verify(applied)) != nil && applied.count == migrations.count
    }

    private func ensureHistoryTable(_ client: PostgresClient, logger: Logger) async throws {
        do {
            _ = try await client.query("""
                CREATE TABLE IF NOT EXISTS parley_migrations (
                    name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
                """, logger: logger)
        } catch let error as PSQLError where ["23505", "42P07", "42710"].contains(error.serverInfo?[.sqlState] ?? "") {
            // Another starter created it at the same moment (PostgreSQL reports the race on the
            // table's row type or name rather than honouring IF NOT EXISTS).
        }
    }

    private func history(_ client: PostgresClient, logger: Logger) async throws -> [(name: String, checksum: String)] {
        try await client.withConnection { try await history($0, logger: logger) }
    }

    private func history(_ connection: PostgresConnection, logger: Logger) async throws -> [(name: String, checksum: String)] {
        var rows: [(name: String, checksum: String)] = []
        for try await (name, checksum) in try await connection.query(
            "SELECT name, checksum FROM parley_migrations ORDER BY name", logger: logger
        ).decode((String, String).self) {
            rows.append((name, checksum))
        }
        return rows
    }

    private func verify(_ applied: [(name: String, checksum: String)]) throws {
        for (index, record) in applied.enumerated() {
            guard index < migrations.count, migrations[index].name == record.name else {
                throw Failure(description: "the database has migration \(record.name), which this version of Parley does not know: the database is newer, or the history was changed")
            }
            guard migrations[index].checksum == record.checksum else {
                throw Failure(description: "migration \(record.name) was changed after it was applied (checksum differs); add a new migration instead")
            }
        }
    }
}
