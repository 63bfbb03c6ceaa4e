import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import Store
import Testing

@Suite("API keys: expiry, the last admin, the bootstrap key", .needsDatabase)
struct KeyTests {
    @Test("a key created to expire in seconds works until then, then gets 401 saying it expired; the list shows its expiry")
    func expiry() async throws {
        try await TestServer.run { server, client in
            let formatter = ISO8601DateFormatter()
            formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
            // Long enough that a loaded machine still renders with it before it expires.
            let expiresAt = formatter.string(from: Date().addingTimeInterval(4))
            let created = try await client.json(.post, "/v1/keys", key: server.adminKey,
                                                body: ["name": "short-lived", "role": "render", "expiresAt": expiresAt])
            #expect(created.status == .created)
            let secret = try #require(created.json["secret"] as? String)
            let id = try #require((created.json["key"] as? [String: Any])?["id"] as? Int)
            #expect((created.json["key"] as? [String: Any])?["expiresAt"] as? String != nil)

            let render = "/v1/workspaces/\(server.workspace)/render"
            #expect(try await client.json(.post, render, key: secret, body: ["key": "greeting"]).status == .ok)
            try await Eventually.within(.seconds(10)) {
                try await client.json(.post, render, key: secret, body: ["key": "greeting"]).status == .unauthorized
            }
            let refused = try await client.json(.post, render, key: secret, body: ["key": "greeting"])
            let error = try #require(refused.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "key-expired")
            #expect((error["message"] as? String)?.contains("expired at") == true)

            let listed = try await PagingTests.all(client, "/v1/keys", "keys", key: server.adminKey)
            let key = try #require(listed.first { $0["id"] as? Int == id })
            #expect(key["expired"] as? Bool == true)
            #expect(key["expiresAt"] as? String != nil)

            for (expiry, code) in [("2001-01-01T00:00:00Z", "invalid"), ("next week", "invalid-expiry")] {
                let bad = try await client.json(.post, "/v1/keys", key: server.adminKey, body: ["name": "bad", "role": "render", "expiresAt": expiry])
                #expect(bad.status == .unprocessableContent, "\(expiry)")
                #expect((bad.json["error"] as? [String: Any])?["code"] as? String == code, "\(expiry)")
            }
        }
    }

    @Test("the last admin key for every workspace cannot revoke itself (409); with another admin it can")
    func lastAdmin() async throws {
        // A database of its own: other tests' admin keys would not let any key be the last.
        try await TestDatabase.withFreshDatabase { configuration in
            try await TestServer.run(database: configuration) { server, client in
                let keys = server.server.keys
                let (first, firstSecret) = try await keys.create(name: "first", role: .admin)
                let bootstrap = try #require(try await keys.list().first { $0.bootstrap })
                try await keys.revoke(id: bootstrap.id, allowingBootstrapKey: true)  // as `parley keys revoke` does

                let alone = try await client.json(.delete, "/v1/keys/\(first.id)", key: firstSecret)
                #expect(alone.status == .conflict)
                #expect(((alone.json["error"] as? [String: Any])?["message"] as? String)?.contains("last active admin key") == true)
                #expect(try await client.json(.get, "/v1/keys", key: firstSecret).status == .ok)

                let second = try await client.json(.post, "/v1/keys", key: firstSecret, body: ["name": "second", "role": "admin"])
                let secondSecret = try #require(second.json["secret"] as? String)
                let secondID = try #require((second.json["key"] as? [String: Any])?["id"] as? Int)
                #expect(try await client.json(.delete, "/v1/keys/\(first.id)", key: firstSecret).status == .noContent)
                #expect(try await client.json(.delete, "/v1/keys/\(secondID)", key: secondSecret).status == .conflict)

                // An admin limited to one workspace manages no keys, so it does not count as one that could.
                _ = try await keys.create(name: "scoped", role: .admin, workspaceID: try await server.server.store.workspace(named: server.workspace).id)
                #expect(try await client.json(.delete, "/v1/keys/\(secondID)", key: secondSecret).status == .conflict)
            }
        }
    }

    @Test("the PARLEY_ADMIN_KEY key is not revoked through the API; restarts with it start, and one revoked by the operator stays revoked")
    func bootstrapKeyRestarts() async throws {
        let secret = KeyStore.newSecret()
        let id = try await TestServer.run(adminKey: secret) { server, client in
            let listed = try await PagingTests.all(client, "/v1/keys", "keys", key: secret)
            let key = try #require(listed.first { $0["bootstrap"] as? Bool == true && ($0["prefix"] as? String).map(secret.hasPrefix) == true })
            let id = try #require(key["id"] as? Int)
            let refused = try await client.json(.delete, "/v1/keys/\(id)", key: secret)
            #expect(refused.status == .conflict)
            #expect(((refused.json["error"] as? [String: Any])?["message"] as? String)?.contains("PARLEY_ADMIN_KEY") == true)
            return Int64(id)
        }
        // A restart with the same key: it is there, and it works.
        try await TestServer.run(adminKey: secret) { server, client in
            let outcome = try await server.server.keys.ensureAdmin(secret: secret, name: "test admin")
            #expect(outcome == .present)
            #expect(try await client.json(.get, "/v1/keys", key: secret).status == .ok)
            // The operator revokes it (another admin keeps key management possible).
            _ = try await server.server.keys.create(name: "successor", role: .admin)
            try await server.server.keys.revoke(id: id, allowingBootstrapKey: true)
        }
        // A restart with the revoked key starts, and the key stays revoked.
        try await TestServer.run(adminKey: secret) { server, client in
            let outcome = try await server.server.keys.ensureAdmin(secret: secret, name: "test admin")
            #expect(outcome == .revoked)
            #expect(try await client.json(.get, "/v1/keys", key: secret).status == .unauthorized)
        }
    }
}

@Suite("Expiries as written")
struct KeyExpiryTests {
    @Test("expiries: durations from now, dates, times with offsets; anything else is refused")
    func expiries() throws {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try KeyExpiry.parse("30d", now: now) == now.addingTimeInterval(30 * 86_400))
        #expect(try KeyExpiry.parse("90m", now: now) == now.addingTimeInterval(90 * 60))
        #expect(try KeyExpiry.parse("2w", now: now) == now.addingTimeInterval(14 * 86_400))
        #expect(try KeyExpiry.parse("2026-12-31", now: now) == Date(timeIntervalSince1970: 1_798_675_200))
        #expect(try KeyExpiry.parse("2026-12-31T18:00:00Z") == Date(timeIntervalSince1970: 1_798_740_000))
        #expect(try KeyExpiry.parse("2026-12-31T20:00:00+02:00") == Date(timeIntervalSince1970: 1_798_740_000))
        #expect(try KeyExpiry.timestamp("2026-12-31T18:00:00.250Z") == Date(timeIntervalSince1970: 1_798_740_000.25))
        for wrong in ["", "30", "d", "-3d", "0d", "30y", "tomorrow", "31/12/2026"] {
            #expect(throws: KeyExpiry.Refusal.self, "\(wrong)") { try KeyExpiry.parse(wrong, now: now) }
        }
        #expect(throws: KeyExpiry.Refusal.self) { try KeyExpiry.timestamp("30d") }
    }
}
