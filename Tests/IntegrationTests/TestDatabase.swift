import Catalog
import Foundation
import ICU
import Logging
import PostgresNIO
import ServiceLifecycle
import Store
import Testing

/// A real PostgreSQL for the tests, from DATABASE_URL (scripts/test starts a throwaway one).
enum TestDatabase {
    static let url = ProcessInfo.processInfo.environment["DATABASE_URL"]
    static var isConfigured: Bool { url != nil }
    static let logger: Logger = {
        var logger = Logger(label: "parley.test")
        logger.logLevel = .warning
        return logger
    }()

    static var configuration: DatabaseConfiguration {
        get throws {
            guard let url, let configuration = DatabaseConfiguration(url: url) else {
                throw Unavailable()
            }
            return configuration
        }
    }

    struct Unavailable: Error {}

    /// Runs `body` with a migrated database pool that runs for the duration.
    static func withDatabase<T: Sendable>(_ configuration: DatabaseConfiguration? = nil, _ body: @Sendable (Database) async throws -> T) async throws -> T {
        let database = Database(try configuration ?? self.configuration, logger: logger)
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask {
                await database.run()
                return nil
            }
            defer { group.cancelAll() }
            try await Migrator().migrate(database)
            return try await body(database)
        }
    }

    /// A new, empty database on the same server (for migration tests), dropped afterwards.
    static func withFreshDatabase<T: Sendable>(_ body: @Sendable (DatabaseConfiguration) async throws -> T) async throws -> T {
        var configuration = try self.configuration
        let name = "parley_fresh_\(UInt32.random(in: 0...UInt32.max))"
        try await admin("CREATE DATABASE \(name)")
        configuration.database = name
        do {
            let result = try await body(configuration)
            try await admin("DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await admin("DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    /// Runs a statement on its own connection (outside any pool): database creation, terminations.
    static func admin(_ sql: String) async throws {
        let configuration = try self.configuration
        let connection = try await PostgresConnection.connect(configuration: connectionConfiguration(configuration), id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: logger)
    }

    /// The integer a query answers, on its own connection.
    static func integer(_ sql: PostgresQuery) async throws -> Int? {
        let connection = try await PostgresConnection.connect(configuration: connectionConfiguration(try configuration), id: 1, logger: logger)
        defer { Task { try? await connection.close() } }
        for try await value in try await connection.query(sql, logger: logger).decode(Int.self) { return value }
        return nil
    }

    static func connectionConfiguration(_ configuration: DatabaseConfiguration) -> PostgresConnection.Configuration {
        if let folder = configuration.socketFolder {
            return .init(unixSocketPath: "\(folder)/.s.PGSQL.\(configuration.port)", username: configuration.username,
                         password: configuration.password, database: configuration.database)
        }
        return .init(host: configuration.host ?? "localhost", port: configuration.port, username: configuration.username,
                     password: configuration.password, database: configuration.database, tls: .disable)
    }

    /// A workspace name no other test uses.
    static func uniqueName(_ prefix: String) -> String {
        "\(prefix)-\(UInt32.random(in: 0...UInt32.max))"
    }
}

/// Without a database the integration suites cannot run; under scripts/test that is a failure.
@Suite("Test database")
struct TestDatabaseTests {
    @Test("a database is configured when the test run requires one")
    func configured() {
        if ProcessInfo.processInfo.environment["PARLEY_REQUIRE_DATABASE"] == "1" {
            #expect(TestDatabase.isConfigured, "scripts/test starts PostgreSQL and sets DATABASE_URL")
        }
    }
}

extension TestDatabase {
    /// The test database's streaming standby (scripts/test starts one), for the database `name`.
    static func standby(of name: String) -> DatabaseConfiguration? {
        guard let url = ProcessInfo.processInfo.environment["PARLEY_TEST_STANDBY_URL"],
              var configuration = DatabaseConfiguration(url: url) else { return nil }
        configuration.database = name
        return configuration
    }
}

extension Trait where Self == ConditionTrait {
    /// Runs the suite only with a streaming standby of the test database (scripts/test starts one).
    static var needsStandby: Self {
        .enabled(if: TestDatabase.standby(of: "") != nil || ProcessInfo.processInfo.environment["PARLEY_TEST_PG"] != nil,
                 "needs a streaming standby: run scripts/test, or set PARLEY_TEST_STANDBY_URL")
    }

    /// Runs the suite only with DATABASE_URL (scripts/test sets it).
    static var needsDatabase: Self {
        .enabled(if: TestDatabase.isConfigured, "needs PostgreSQL: run scripts/test, or set DATABASE_URL")
    }
}
