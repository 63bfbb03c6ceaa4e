import Catalog
import Foundation
import ICU
import PostgresNIO
@testable import Store
import Testing

/// The change log stays bounded: changes past the retention are deleted, and a replica that had
/// not handled them reloads what it holds instead of trusting the log.
@Suite("The change log's retention", .needsDatabase)
struct ChangeLogTests {
    @Test("pruning deletes only what is older than the retention, in bounded batches, and records the newest id it deleted")
    func pruning() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestDatabase.withDatabase(configuration) { database in
                let store = CatalogStore(database: database)
                let workspace = try await store.createWorkspace(name: "pruned", defaultLocale: try LocaleID("en"), locales: [])
                for locales in [["fr"], ["de"], ["es"], ["it"], ["pt"], ["fr", "de"]] {
                    _ = try await store.setLocales(of: workspace, defaultLocale: workspace.defaultLocale, locales: try locales.map { try LocaleID($0) })
                }
                let ids = try await Self.ids(database)
                #expect(ids.count == 6, "one change per locale change")
                // The oldest five are two days old; the rest are new.
                let old = Array(ids.prefix(5))
                _ = try await database.client.query("UPDATE change_log SET created_at = now() - interval '2 days' WHERE id <= \(old.last!)",
                                                    logger: TestDatabase.logger)
                #expect(try await store.changeLogHorizon() == 0)

                let deleted = try await store.pruneChangeLog(olderThan: .seconds(86_400), batch: 2)
                #expect(deleted == 5, "three batches of at most two")
                #expect(try await Self.ids(database) == Array(ids.dropFirst(5)))
                #expect(try await store.changeLogHorizon() == old.last!)
                #expect(try await store.changes(after: 0).prunedThrough == old.last!)
                #expect(try await store.pruneChangeLog(olderThan: .seconds(86_400)) == 0, "nothing left to prune")
                #expect(try await store.changeLogHorizon() == old.last!, "an empty prune leaves the horizon")

                // Emptied, the log still knows where it stands: a replica starting now is not behind.
                _ = try await database.client.query("UPDATE change_log SET created_at = now() - interval '2 days'", logger: TestDatabase.logger)
                try await store.pruneChangeLog(olderThan: .seconds(86_400))
                #expect(try await Self.ids(database).isEmpty)
                #expect(try await store.latestChangeID() == ids.last!)
            }
        }
    }

    @Test("a feed that had not handled pruned changes says it is behind, once, then follows the log again")
    func behind() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestDatabase.withDatabase(configuration) { database in
                let store = CatalogStore(database: database)
                let workspace = try await store.createWorkspace(name: "away", defaultLocale: try LocaleID("en"), locales: [])
                let start = try await store.latestChangeID()
                // While this replica is away, a change is made and pruned.
                _ = try await store.setLocales(of: workspace, defaultLocale: workspace.defaultLocale, locales: [try LocaleID("fr")])
                let missed = try #require(try await Self.ids(database).last)
                _ = try await database.client.query("UPDATE change_log SET created_at = now() - interval '2 days'", logger: TestDatabase.logger)
                #expect(try await store.pruneChangeLog(olderThan: .seconds(86_400)) >= 1)

                let events = Events()
                let feed = ChangeFeed(store: store, logger: TestDatabase.logger, pollInterval: .milliseconds(100))
                let running = Task {
                    await feed.run(startingAfter: start) { event in await events.add(event) }
                }
                defer { running.cancel() }
                try await Self.waitFor { await events.all.contains(.behind) }
                _ = try await store.setLocales(of: workspace, defaultLocale: workspace.defaultLocale, locales: [try LocaleID("de")])
                let next = try #require(try await Self.ids(database).last)
                try await Self.waitFor { await events.changeIDs.contains(next) }
                try await Task.sleep(for: .milliseconds(300))  // a few more polls
                #expect(await events.all.filter { $0 == .behind }.count == 1)
                #expect(!(await events.changeIDs.contains(missed)), "the pruned change is covered by the reload, not handed")
                running.cancel()
                await running.value
            }
        }
    }

    @Test("a replica whose missed changes were pruned reloads what it holds, and serves the texts as they are now")
    func replicaReloads() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestServer.run(database: configuration) { server, client in
                // Following the log first: a reload still catching up at start would read the change below early.
                try await Eventually.within(.seconds(10)) { server.server.followsChanges }
                let render = "/v1/workspaces/\(server.workspace)/render"
                let before = try await client.json(.post, render, key: server.adminKey, body: ["key": "greeting"])
                let served = try #require(before.json["text"] as? String)
                // A text changes where this replica cannot hear of it, and the log is pruned past it.
                try await TestDatabase.withDatabase(configuration) { database in
                    _ = try await database.client.query("""
                        UPDATE translations SET message = 'Changed while the replica was away'
                        WHERE template_id = (SELECT id FROM templates WHERE key = 'greeting')
                        """, logger: TestDatabase.logger)
                    #expect(try await client.json(.post, render, key: server.adminKey, body: ["key": "greeting"]).json["text"] as? String == served)
                    _ = try await database.client.query("""
                        UPDATE change_log_horizon SET pruned_through = (SELECT coalesce(max(id), 0) + 1 FROM change_log)
                        """, logger: TestDatabase.logger)
                }
                try await Self.waitFor {
                    let text = try? await client.json(.post, render, key: server.adminKey, body: ["key": "greeting"]).json["text"] as? String
                    return text == "Changed while the replica was away"
                }
            }
        }
    }

    static func ids(_ database: Database) async throws -> [Int64] {
        var ids: [Int64] = []
        for try await id in try await database.client.query("SELECT id FROM change_log ORDER BY id", logger: TestDatabase.logger).decode(Int64.self) {
            ids.append(id)
        }
        return ids
    }

    /// Waits up to 10 s for `condition`.
    static func waitFor(_ condition: @Sendable () async -> Bool) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !(await condition()) {
            guard ContinuousClock.now < deadline else {
                Issue.record("not within 10 s")
                return
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}

/// What a feed handed over.
actor Events {
    private(set) var all: [ChangeFeed.Event] = []
    func add(_ event: ChangeFeed.Event) { all.append(event) }
    var changeIDs: [Int64] {
        all.compactMap { if case .change(let change) = $0 { change.id } else { nil } }
    }
}
