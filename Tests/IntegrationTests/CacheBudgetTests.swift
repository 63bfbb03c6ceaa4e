import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Server
@testable import Store
import Synchronization
import Testing

/// Which workspaces a replica holds: the least recently used go first once the budget is passed.
@Suite("The render cache's residency")
struct CacheResidencyTests {
    @Test("the victims are the least recently used first, never the one kept, down to the target")
    func leastRecentlyUsedFirst() {
        var residency = CacheResidency<Int>()
        for (name, bytes) in [("a", 100), ("b", 200), ("c", 300)] { residency.hold(name, 0, bytes: bytes) }
        #expect(residency.bytes == 600)
        _ = residency.use("a")  // now b is the least recently used
        residency.hold("c", 1, bytes: 250)  // a change to c is not a use of it
        #expect(residency.bytes == 550)
        #expect(residency.victims(downTo: 400, keeping: "c", held: residency.bytes) == ["b"])
        #expect(residency.victims(downTo: 100, keeping: "c", held: residency.bytes) == ["b", "a"])
        // An entry that grew since it was held (texts compiled) counts what it took.
        #expect(residency.victims(downTo: 400, keeping: "c", held: residency.bytes + 300, more: { $0 == 0 ? 150 : 0 }) == ["b", "a"])
        residency.remove("b")
        #expect(residency.victims(downTo: 100, keeping: "c", held: residency.bytes) == ["a"])
        residency.remove("a")
        #expect(residency.victims(downTo: 0, keeping: "c", held: residency.bytes).isEmpty, "the one kept stays, alone, even over the target")
        #expect(residency.entries == ["c": 1])
        #expect(residency.bytes == 250)
        residency.remove("c")
        #expect(residency.bytes == 0 && residency.count == 0)
    }

    @Test("the hold-back adds what the process grew past the budget, takes off what it is under, within a quarter and the whole")
    func holdBack() {
        let settings = CacheSettings(memory: 100)
        #expect(settings.heldBack(previous: 0, grown: 130) == 30)
        #expect(settings.heldBack(previous: 30, grown: 110) == 40, "still over: more held back")
        #expect(settings.heldBack(previous: 40, grown: 80) == 20, "under: given back")
        #expect(settings.heldBack(previous: 20, grown: 10) == 0, "never below nothing")
        #expect(settings.heldBack(previous: 60, grown: 400) == 75, "at most three quarters of the budget")
    }

    @Test("a release asked for while one is scheduled runs what its caller asked after it (the hold-back is never dropped)")
    func releaseRunsEveryAfter() async throws {
        let releaser = HeapReleaser(interval: .milliseconds(20))
        let ran = Mutex(0)
        releaser.release()  // scheduled, as a load schedules one
        releaser.release { ran.withLock { $0 += 1 } }  // an eviction's, while it waits
        try await Eventually.within(.seconds(5)) { ran.withLock { $0 } == 1 }
        releaser.release { ran.withLock { $0 += 1 } }
        try await Eventually.within(.seconds(5)) { ran.withLock { $0 } == 2 }
    }

    @Test("budget sizes read as powers of ten or two, and nothing else")
    func sizes() {
        #expect(CacheSettings.parseSize("512MB") == 512_000_000)
        #expect(CacheSettings.parseSize("2GiB") == 2 << 30)
        #expect(CacheSettings.parseSize(" 1.5 gb ") == 1_500_000_000)
        #expect(CacheSettings.parseSize("4096") == 4096)
        for bad in ["", "MB", "-1MB", "0", "12 parsecs", "1e3XB"] {
            #expect(CacheSettings.parseSize(bad) == nil, "\(bad)")
        }
        #expect(CacheSettings.standardMemory > 0)
    }
}

@Suite("Workspaces on demand, within a memory budget", .needsDatabase)
struct WorkspacesOnDemandTests {
    static func render(_ client: any TestClientProtocol, _ server: TestServer, _ workspace: String) async throws -> String? {
        try await client.json(.post, "/v1/workspaces/\(workspace)/render", key: server.adminKey,
                              body: ["key": "greeting", "locale": "en", "args": ["name": "Ana"]]).json["text"] as? String
    }

    @Test("ready without loading a workspace; each loads on first use, concurrent first uses share one load")
    func readyBeforeLoading() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestServer.run(database: configuration) { server, client in
                try await Eventually.within(.seconds(5)) { try await client.json(.get, "/readyz", key: nil).status == .ok }
                #expect(server.server.cache.usage.workspaces == 0, "nothing is loaded before it is used")
                let texts = try await TestServer.withConnections(16, to: client) { connections in
                    try await withThrowingTaskGroup(of: String?.self) { group in
                        for connection in connections {
                            group.addTask {
                                try await connection.json(.post, "/v1/workspaces/\(server.workspace)/render", key: server.adminKey,
                                                          body: ["key": "greeting", "locale": "en", "args": ["name": "Ana"]]).json["text"] as? String
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                }
                #expect(texts == Array(repeating: "Hello Ana", count: 16))
                #expect(server.server.cache.usage.workspaces == 1)
                #expect(server.server.cache.usage.bytes > 0)
            }
        }
    }

    @Test("a workspace loads without its texts' sources; a template's first render reads those of all its texts, and no other's")
    func sourcesOnFirstRender() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestServer.run(database: configuration) { server, client in
                // Once the replica follows the change log, nothing reloads the workspace behind the test's back.
                try await Eventually.within(.seconds(10)) { server.server.followsChanges }
                let snapshot = try await server.server.cache.snapshot(named: server.workspace)
                let loaded = snapshot.templates.values.map(\.texts)
                #expect(loaded.reduce(0) { $0 + $1.places.count } == 8)
                #expect(loaded.allSatisfy { $0.readCount == 0 }, "loaded without sources")
                #expect(try await Self.render(client, server, server.workspace) == "Hello Ana")
                // The same objects: a read fills them in, it does not replace the snapshot.
                let greeting = try #require(snapshot.templates["greeting"])
                #expect(greeting.texts.places.count == 6)
                #expect(greeting.texts.readCount == 6, "every locale and channel of the template, read together")
                #expect(snapshot.templates["files"]?.texts.readCount == 0, "another template's are left in the database")
                let files = try await client.json(.post, "/v1/workspaces/\(server.workspace)/render", key: server.adminKey,
                                                  body: ["key": "files", "locale": "ru", "args": ["n": 3]]).json["text"] as? String
                #expect(files == "3 файла")
                #expect(snapshot.templates["files"]?.texts.readCount == 2)
            }
        }
    }

    @Test("past the budget the least recently used workspace is let go; its next use loads it as it is then")
    func evictionUnderBudget() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            // A budget of one byte holds only the workspace just used.
            try await TestServer.run(database: configuration, cache: CacheSettings(memory: 1)) { server, client in
                let other = TestDatabase.uniqueName("other")
                _ = try await server.server.store.importBundle(try TestServer.bundle(other), author: "test")
                #expect(try await Self.render(client, server, server.workspace) == "Hello Ana")
                #expect(try await Self.render(client, server, other) == "Hello Ana")
                #expect(server.server.cache.usage.workspaces == 1, "the first was let go")

                // Changed behind the service's back while not held here: its next use reads it as it is.
                try await TestDatabase.withDatabase(configuration) { database in
                    _ = try await database.client.query("""
                        UPDATE translations SET message = 'Welcome back, {name}'
                        WHERE template_id = (SELECT t.id FROM templates t JOIN workspaces w ON w.id = t.workspace_id
                                             WHERE w.name = \(server.workspace) AND t.key = 'greeting') AND locale = 'en' AND channel = 'default'
                        """, logger: TestDatabase.logger)
                }
                #expect(try await Self.render(client, server, other) == "Hello Ana", "still held")
                #expect(try await Self.render(client, server, server.workspace) == "Welcome back, Ana", "loaded again, as it is now")
                #expect(server.server.cache.usage.workspaces == 1)
            }
        }
    }
}

@Suite("Locale coverage, kept until a change", .needsDatabase)
struct CoverageCacheTests {
    static func translated(_ client: any TestClientProtocol, _ server: TestServer, _ locale: String) async throws -> Int? {
        let coverage = try await client.json(.get, "/v1/workspaces/\(server.workspace)/locales", key: server.adminKey).json
        let locales = coverage["locales"] as? [[String: Any]] ?? []
        return locales.first { $0["locale"] as? String == locale }?["translated"] as? Int
    }

    @Test("coverage is counted once and kept; a change to the workspace makes it count again")
    func keptUntilAChange() async throws {
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestServer.run(database: configuration) { server, client in
                try await Eventually.within(.seconds(10)) { server.server.followsChanges }
                #expect(try await Self.translated(client, server, "fr") == 0)
                // Written behind the service's back (no change logged): the kept count stands.
                try await TestDatabase.withDatabase(configuration) { database in
                    _ = try await database.client.query("""
                        INSERT INTO translations (workspace_id, template_id, locale, channel, message, state, version, author)
                        SELECT workspace_id, id, 'fr', 'default', 'Bonjour {name}', 'approved', 1, 'test' FROM templates WHERE key = 'greeting'
                        """, logger: TestDatabase.logger)
                }
                #expect(try await Self.translated(client, server, "fr") == 0, "kept, not counted again")
                // A change through the service: counted again, now with both French texts.
                let put = try await client.json(.put, "/v1/workspaces/\(server.workspace)/templates/files/translations/fr", key: server.adminKey,
                                                body: ["message": "Fichiers : {n, number}"], headers: [.ifNoneMatch: "*"])
                #expect(put.status == .created || put.status == .ok, "\(put.status) \(put.json)")
                #expect(try await Self.translated(client, server, "fr") == 2)
            }
        }
    }
}
