import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Server
import Store
import Testing

@Suite("Limits: rates per key, expensive requests at once", .needsDatabase)
struct RequestLimitsTests {
    @Test("a key over its rate gets 429 with Retry-After; other keys, and its other classes, are unaffected; refusals are counted")
    func rateLimit() async throws {
        let limits = try RequestLimits(parsing: "render=1/m:2,write=1/m:1", expensiveAtOnce: nil, over: .unlimited)
        try await TestServer.run(limits: limits) { server, client in
            let render = "/v1/workspaces/\(server.workspace)/render"
            let (busy, calm) = (try await server.key(.render), try await server.key(.render))
            for _ in 0..<2 { #expect(try await client.json(.post, render, key: busy, body: ["key": "greeting"]).status == .ok) }
            let refused = try await client.json(.post, render, key: busy, body: ["key": "greeting"])
            #expect(refused.status == .tooManyRequests)
            #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "rate-limited")
            let wait = try #require(refused.headers[.retryAfter].flatMap { Int($0) })
            #expect(wait >= 1 && wait <= 60)
            #expect(try await client.json(.post, render, key: calm, body: ["key": "greeting"]).status == .ok)
            #expect(try await client.json(.post, "/v1/detect", key: busy, body: ["text": "bonjour tout le monde"]).status == .ok)

            // Writes have their own, stricter bucket: one, then 429; the same key still renders.
            let text = "/v1/workspaces/\(server.workspace)/templates/greeting/translations/es"
            #expect(try await client.json(.put, text, key: server.adminKey, body: ["message": "Buenas {name}"], headers: [.ifMatch: "\"1\""]).status == .ok)
            let write = try await client.json(.put, text, key: server.adminKey, body: ["message": "Buenos días {name}"], headers: [.ifMatch: "\"2\""])
            #expect(write.status == .tooManyRequests)
            #expect(write.headers[.retryAfter] != nil)
            #expect(try await client.json(.post, render, key: server.adminKey, body: ["key": "greeting"]).status == .ok)

            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            let refusals = metrics.split(separator: "\n").filter { $0.hasPrefix("parley_requests_refused_total{") && $0.contains("\"rate-limit\"") }
            #expect(refusals.contains { $0.contains("\"render\"") && !$0.hasSuffix(" 0") })
            #expect(refusals.contains { $0.contains("\"write\"") && !$0.hasSuffix(" 0") })
        }
    }

    @Test("exports, imports and snapshots beyond the limit get 503 with Retry-After; never more run at once; renders go on")
    func expensiveAtOnce() async throws {
        try await TestServer.run(limits: RequestLimits(rates: [:], expensiveAtOnce: 2)) { server, client in
            let base = "/v1/workspaces/\(server.workspace)"
            // The import's body is an empty file: nothing to import, so it succeeds when it runs.
            let expensive: [(HTTPRequest.Method, String, [String: String]?)] = [
                (.get, base + "/export?format=csv", nil), (.get, base + "/snapshot", nil),
                (.post, base + "/import?format=json&locale=fr&dryRun=true", [String: String]()),
            ]
            let gate = server.server.limiter.expensive
            #expect(gate.enter() && gate.enter())  // every place taken, as by two long exports
            for (method, uri, body) in expensive {
                let refused = try await client.json(method, uri, key: server.adminKey, body: body)
                #expect(refused.status == .serviceUnavailable, "\(uri)")
                #expect((refused.json["error"] as? [String: Any])?["code"] as? String == "busy")
                #expect(refused.headers[.retryAfter] != nil)
            }
            #expect(try await client.json(.post, base + "/render", key: server.adminKey, body: ["key": "greeting"]).status == .ok)
            gate.leave()
            gate.leave()
            #expect(try await client.json(.get, base + "/export?format=csv", key: server.adminKey).status == .ok)

            // Many at once from many connections: each is done or refused, and no more than two ran together.
            let statuses = try await withTimeLimit(.seconds(60)) {
                try await TestServer.withConnections(12, to: client) { connections in
                    try await withThrowingTaskGroup(of: (HTTPResponse.Status, Bool).self) { group in
                        for (index, connection) in connections.enumerated() {
                            let (method, uri, body) = expensive[index % expensive.count]
                            group.addTask {
                                let answer = try await connection.json(method, uri, key: server.adminKey, body: body)
                                return (answer.status, answer.headers[.retryAfter] != nil)
                            }
                        }
                        return try await group.reduce(into: []) { $0.append($1) }
                    }
                }
            }
            #expect(statuses.allSatisfy { $0.0 == .ok || ($0.0 == .serviceUnavailable && $0.1) }, "\(statuses.map(\.0))")
            #expect(gate.peak <= 2)
        }
    }
}

extension RequestLimitsTests {
    @Test("a streamed snapshot gives its place back once written: one place serves one snapshot after another")
    func streamedSnapshotsGiveTheirPlaceBack() async throws {
        try await TestServer.run(limits: RequestLimits(rates: [:], expensiveAtOnce: 1)) { server, client in
            for _ in 1...5 {
                let snapshot = try await client.json(.get, "/v1/workspaces/\(server.workspace)/snapshot", key: server.adminKey)
                #expect(snapshot.status == .ok)
                #expect((snapshot.json["texts"] as? [[String: Any]])?.isEmpty == false)
            }
            #expect(server.server.limiter.expensive.enter(), "the place is free again")
        }
    }
}

@Suite("Rates as written")
struct RateSyntaxTests {
    @Test("rates: COUNT/UNIT[:BURST] per class, off, over the defaults; mistakes are refused")
    func rates() throws {
        let limits = try RequestLimits(parsing: "render=2000/s:4000, write=600/m, detect=off", expensiveAtOnce: 8)
        #expect(limits.rates[.render]?.perSecond == 2000)
        #expect(limits.rates[.render]?.burst == 4000)
        #expect(limits.rates[.write]?.perSecond == 10)
        #expect(limits.rates[.write]?.burst == 600)
        #expect(limits.rates[.detect] == nil)
        #expect(limits.rates[.read] == RequestLimits.standard.rates[.read])
        #expect(limits.expensiveAtOnce == 8)
        #expect(try RequestLimits(parsing: "off", expensiveAtOnce: nil).rates.isEmpty)
        #expect(try RequestLimits(parsing: "", expensiveAtOnce: 4) == RequestLimits.standard)
        for wrong in ["render=10", "render=10/d", "render=0/s", "write=5/s:0", "renders=5/s", "render=5/s:3:4", "=5/s"] {
            #expect(throws: RequestLimits.Refusal.self, "\(wrong)") { try RequestLimits(parsing: wrong, expensiveAtOnce: nil) }
        }
        #expect(throws: RequestLimits.Refusal.self) { try RequestLimits(parsing: "", expensiveAtOnce: 0) }
    }
}
