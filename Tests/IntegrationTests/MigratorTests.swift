import Foundation
import PostgresNIO
import Store
import Testing

@Suite("Migrations", .needsDatabase)
struct MigratorTests {
    @Test("applies every migration once, then nothing")
    func once() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let database = Database(configuration, logger: TestDatabase.logger)
            try await run(database) { () async throws in
                let migrator = Migrator()
                #expect(try await migrator.pending(database).map(\.name) == Migration.builtIn.map(\.name))
                #expect(try await migrator.migrate(database) == Migration.builtIn.map(\.name))
                #expect(try await migrator.migrate(database).isEmpty)
                #expect(try await migrator.pending(database).isEmpty)
                #expect(await migrator.isCurrent(database))
            }
        }
    }

    @Test("concurrent starters apply each migration exactly once")
    func concurrent() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let database = Database(configuration, logger: TestDatabase.logger)
            try await run(database) { () async throws in
                let applied = try await withThrowingTaskGroup(of: [String].self) { group in
                    for _ in 0..<4 { group.addTask { try await Migrator().migrate(database) } }
                    return try await group.reduce(into: []) { $0 += $1 }
                }
                #expect(applied.sorted() == Migration.builtIn.map(\.name).sorted())
            }
        }
    }

    @Test("a changed migration is refused, and so is one this binary does not know")
    func drift() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let database = Database(configuration, logger: TestDatabase.logger)
            try await run(database) { () async throws in
                try await Migrator().migrate(database)
                var changed = Migration.builtIn
                changed[0].sql += "\n-- edited after it was applied\n"
                await #expect(throws: Migrator.Failure.self) { try await Migrator(migrations: changed).migrate(database) }
                await #expect(throws: Migrator.Failure.self) { try await Migrator(migrations: []).pending(database) }
                let extra = Migration.builtIn + [Migration(name: "9999_extra.sql", sql: "CREATE TABLE extra (id int)")]
                #expect(try await Migrator(migrations: extra).migrate(database) == ["9999_extra.sql"])
                await #expect(throws: Migrator.Failure.self) { try await Migrator().migrate(database) }
            }
        }
    }

    @Test("a failing migration leaves nothing half-applied")
    func atomic() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            let database = Database(configuration, logger: TestDatabase.logger)
            try await run(database) { () async throws in
                let broken = Migration.builtIn + [Migration(name: "9999_broken.sql", sql: "CREATE TABLE half (id int);\nSELECT * FROM missing_table;")]
                await #expect(throws: Migrator.Failure.self) { try await Migrator(migrations: broken).migrate(database) }
                #expect(try await Migrator(migrations: broken).pending(database).map(\.name) == ["9999_broken.sql"])
                let fixed = Migration.builtIn + [Migration(name: "9999_broken.sql", sql: "CREATE TABLE half (id int);")]
                #expect(try await Migrator(migrations: fixed).migrate(database) == ["9999_broken.sql"])  // 'half' did not survive
            }
        }
    }

    @Test("the migrations ship inside the binary")
    func embedded() {
        #expect(Migration.builtIn.first?.name == "0001_catalog.sql")
        #expect(Migration.builtIn.first?.sql.contains("CREATE TABLE translations") == true)
    }

    func run(_ database: Database, _ body: @Sendable () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await database.run() }
            defer { group.cancelAll() }
            do {
                try await body()
            } catch let error as PSQLError {
                // postgres-nio's description hides the server's message; the test's reader needs it.
                Issue.record("\(String(reflecting: error))")
                throw error
            }
        }
    }
}
