import Foundation
import Hummingbird
import HummingbirdTesting
import PostgresNIO
@testable import Store
import Testing

/// `DATABASE_READ_URL`: workspaces load from a real streaming standby (pg_basebackup, started by
/// scripts/test), writes go to the primary, and a write reaches a replica reading the standby
/// once the standby has replayed it.
@Suite("Reads from a streaming standby", .needsStandby)
struct ReadReplicaTests {
    @Test("loads come from the standby and writes from the primary; a second replica serves a write within a second of the standby replaying it")
    func standby() async throws {
        try await TestDatabase.withFreshDatabase { primary in
            let standby = try #require(TestDatabase.standby(of: primary.database), "scripts/test starts a standby and sets PARLEY_TEST_STANDBY_URL")
            try await TestServer.run(database: primary, readReplica: standby) { first, writer in
                let name = first.workspace
                try await Self.waitForReplay(primary, standby)
                try await TestServer.run(workspace: name, database: primary, readReplica: standby) { second, reader in
                    try await Eventually.within(.seconds(5)) { second.server.cache.isFollowing }
                    let scansBefore = try await Self.translationScans(standby)
                    try await Self.query(standby, "SELECT pg_wal_replay_pause()")
                    do {
                        try await Self.whilePaused(first, writer, second, reader)
                    } catch {
                        _ = try? await Self.query(standby, "SELECT pg_wal_replay_resume()")
                        throw error
                    }
                    // The standby's own statistics show the loads it served (flushed within seconds).
                    try await Eventually.within(.seconds(15)) { try await Self.translationScans(standby) > scansBefore }

                    let written = try #require(try await Self.query(primary, "SELECT pg_current_wal_lsn()::text"))
                    try await Self.query(standby, "SELECT pg_wal_replay_resume()")
                    try await Eventually.within(.seconds(10)) {
                        try await Self.query(standby, "SELECT (pg_last_wal_replay_lsn() >= '\(written)'::pg_lsn)::text") == "true"
                    }
                    let replayed = ContinuousClock.now
                    try await Eventually.within(.seconds(1)) { try await Self.render(reader, second) == "Buenas Ana" }
                    #expect(ContinuousClock.now - replayed < .seconds(1))
                    let ready = try await reader.json(.get, "/readyz", key: nil)
                    #expect((ready.json["checks"] as? [String: Bool])?["standby"] == true)
                }
            }
        }
    }

    /// With the standby's replay paused: a write through the first replica is taken by the
    /// primary and served by that replica at once; the second replica's first load reads the
    /// standby, which does not have it yet, and its lag shows.
    static func whilePaused(_ first: TestServer, _ writer: any TestClientProtocol, _ second: TestServer, _ reader: any TestClientProtocol) async throws {
        let uri = "/v1/workspaces/\(first.workspace)/templates/greeting/translations/es"
        #expect(try await writer.json(.put, uri, key: first.adminKey, body: ["message": "Buenas {name}"], headers: [.ifMatch: "\"1\""]).status == .ok)
        #expect(try await render(writer, first) == "Buenas Ana", "the writing replica serves its own write at once")
        #expect(try await render(reader, second) == "Hola Ana", "the second replica loaded the workspace from the standby")
        try await Task.sleep(for: .milliseconds(600))  // three polls of the standby's change log
        #expect(try await render(reader, second) == "Hola Ana", "not before the standby has it")

        let metrics = try await reader.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(second.adminKey)"]) {
            String(buffer: $0.body)
        }
        let lag = metrics.split(separator: "\n").first { $0.hasPrefix("parley_standby_lag_bytes ") }.flatMap { Int($0.split(separator: " ")[1]) }
        #expect((lag ?? 0) > 0, "the lag shows in /metrics")
        let ready = try await reader.json(.get, "/readyz", key: nil)
        #expect(((ready.json["standby"] as? [String: Any])?["lagBytes"] as? Int ?? 0) > 0, "and in /readyz")
    }

    static func render(_ client: any TestClientProtocol, _ server: TestServer) async throws -> String? {
        try await client.json(.post, "/v1/workspaces/\(server.workspace)/render", key: server.adminKey,
                              body: ["key": "greeting", "locale": "es", "args": ["name": "Ana"]]).json["text"] as? String
    }

    /// Waits until the standby has replayed everything the primary has written so far.
    static func waitForReplay(_ primary: DatabaseConfiguration, _ standby: DatabaseConfiguration) async throws {
        try await Eventually.within(.seconds(10)) {
            guard let written = try? await query(primary, "SELECT pg_current_wal_lsn()::text") else { return false }
            return (try? await query(standby, "SELECT (pg_last_wal_replay_lsn() >= '\(written)'::pg_lsn)::text")) == "true"
        }
    }

    /// Sequential and index scans of `translations` that the standby itself ran.
    static func translationScans(_ standby: DatabaseConfiguration) async throws -> Int {
        Int(try await query(standby, """
            SELECT (coalesce(sum(seq_scan), 0) + coalesce(sum(idx_scan), 0))::text FROM pg_stat_user_tables WHERE relname = 'translations'
            """) ?? "0") ?? 0
    }

    /// The first column of the first row of `sql` as text, on a connection of its own.
    @discardableResult
    static func query(_ configuration: DatabaseConfiguration, _ sql: String) async throws -> String? {
        let connection = try await PostgresConnection.connect(configuration: TestDatabase.connectionConfiguration(configuration), id: 1,
                                                              logger: TestDatabase.logger)
        defer { Task { try? await connection.close() } }
        for try await value in try await connection.query(PostgresQuery(unsafeSQL: sql), logger: TestDatabase.logger).decode(String?.self) {
            return value
        }
        return nil
    }
}
