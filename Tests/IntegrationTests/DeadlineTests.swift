import Catalog
import Foundation
import ICU
import PostgresNIO
@testable import Store
import Testing

/// A request's deadline on the database's side: a transaction whose COMMIT is processed after it
/// is rolled back, and the change feed hands a change again until it is applied.
@Suite("Deadlines and retries against PostgreSQL", .needsDatabase)
struct DeadlineTests {
    @Test("a transaction that reaches COMMIT after its request's deadline is rolled back, and says so")
    func lateCommitRollsBack() async throws {
        try await TestDatabase.withDatabase { database in
            let workspace = TestDatabase.uniqueName("late")
            let store = CatalogStore(database: database)
            _ = try await store.createWorkspace(name: workspace, defaultLocale: try LocaleID("en"), locales: [])
            let client = BoundedClient(pool: database.client)
            // The deadline is 0.4 s away (commits are checked 0.25 s before it); the body takes 0.6 s,
            // as a transaction does whose database stalled before its COMMIT was processed.
            await #expect(throws: Deadline.Exceeded.self) {
                try await Deadline.$current.withValue(.now + .milliseconds(400)) {
                    try await client.pool.transaction(logger: database.logger) { connection in
                        _ = try await connection.query("UPDATE workspaces SET locales = '{en,fr}' WHERE name = \(workspace)", logger: database.logger)
                        _ = try await connection.query("SELECT pg_sleep(0.6)", logger: database.logger)
                    }
                }
            }
            #expect(try await store.workspace(named: workspace).locales.map(\.tag) == ["en"])
            // The same work within its deadline commits.
            try await Deadline.$current.withValue(.now + .seconds(5)) {
                try await client.transaction(logger: database.logger) { connection in
                    _ = try await connection.query("UPDATE workspaces SET locales = '{en,fr}' WHERE name = \(workspace)", logger: database.logger)
                }
            }
            #expect(try await store.workspace(named: workspace).locales.map(\.tag) == ["en", "fr"])
        }
    }

    @Test("a change whose handling failed is handed to the feed's handler again until it succeeds")
    func failedChangeIsRetried() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let start = try await store.latestChangeID()
            let workspace = try await store.createWorkspace(name: TestDatabase.uniqueName("retry"), defaultLocale: try LocaleID("en"), locales: [])
            let attempts = Attempts()
            let feed = ChangeFeed(store: store, logger: TestDatabase.logger, pollInterval: .milliseconds(100))
            let running = Task {
                await feed.run(startingAfter: start) { event in
                    guard case .change(let change) = event, change.workspaceID == workspace.id else { return }
                    // The first apply of this workspace's change fails, as a reload does when the database blinks.
                    if await attempts.next() == 1 { throw StoreError(.unavailable, "failed on purpose") }
                }
            }
            _ = try await store.setLocales(of: workspace, defaultLocale: workspace.defaultLocale, locales: [try LocaleID("fr")])
            let deadline = ContinuousClock.now + .seconds(10)
            while await attempts.count < 2 && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
            try await Task.sleep(for: .milliseconds(400))  // a few more polls: a handled change is not handed again
            running.cancel()
            await running.value
            #expect(await attempts.count == 2, "handled once, failed, then once more; never again after it succeeded")
        }
    }
}

/// How many times a handler ran.
actor Attempts {
    private(set) var count = 0
    func next() -> Int {
        count += 1
        return count
    }
}

/// ``Deadline/run(by:_:)`` without a database.
@Suite("Deadlines in memory")
struct DeadlineTimerTests {
    @Test("work still running at its deadline is given up: the caller hears Exceeded at the deadline")
    func workPastItsDeadlineIsGivenUp() async throws {
        let start = ContinuousClock.now
        await #expect(throws: Deadline.Exceeded.self) {
            try await Deadline.run(by: .now + .milliseconds(200)) {
                try await Task.sleep(for: .seconds(30))
            }
        }
        #expect(ContinuousClock.now - start < .seconds(10))
    }
}
