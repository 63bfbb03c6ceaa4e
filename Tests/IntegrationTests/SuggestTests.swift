import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import Server
import Store
import Testing
import TestSupport

/// Agents' suggestions and search over HTTP, on the seed catalog or on small catalogs made for
/// one property.
@Suite("Suggestions and search")
struct SuggestTests {
    /// The seed catalog (Locales/support) under a new workspace name.
    static func seed(_ name: String) throws -> CatalogBundle {
        let files = try SeedFiles.read()
        var bundle = try LocalesFormat.read(workspaceFile: files.workspace, localeFiles: files.locales)
        bundle.workspace.name = name
        return bundle
    }

    static func importing(_ bundle: CatalogBundle) async throws {
        try await TestDatabase.withDatabase { database in
            _ = try await CatalogStore(database: database).importBundle(bundle, author: "seed")
        }
    }

    static func keys(_ answer: [String: Any]) -> [String] {
        (answer["suggestions"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
    }

    static func score(_ answer: [String: Any], of key: String) -> Double? {
        (answer["suggestions"] as? [[String: Any]] ?? []).first { $0["key"] as? String == key }?["score"] as? Double
    }

    @Test("a suggestion is rendered in the customer's detected locale, with its score and matched words")
    func suggestRenders() async throws {
        let name = TestDatabase.uniqueName("suggest")
        try await Self.importing(try Self.seed(name))
        try await TestServer.run(workspace: name) { server, client in
            let render = try await server.key(.render)
            let answer = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render,
                                               body: ["text": "hola, me hackearon la cuenta y cambiaron el correo", "args": ["name": "Ana"]])
            #expect(answer.status == .ok)
            #expect(answer.json["locale"] as? String == "es")
            #expect((answer.json["detected"] as? [String: Any])?["language"] as? String == "es")
            let first = try #require((answer.json["suggestions"] as? [[String: Any]])?.first)
            #expect(first["key"] as? String == "account.hacked_recovery")
            #expect(first["locale"] as? String == "es")
            let text = try #require(first["text"] as? String)
            #expect(text.contains("Ana"))
            // The missing arguments show as placeholders, as a render shows them.
            #expect(text.contains("{ticket}") || (first["issues"] as? [String])?.isEmpty == false)
            #expect((first["matched"] as? [String] ?? []).contains { $0.lowercased().hasPrefix("hack") })
            #expect((first["score"] as? Double ?? 0) > 0)

            // An explicit locale wins over detection; an unknown language searches every locale.
            let explicit = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render,
                                                 body: ["text": "refund??", "locale": "pt-BR"])
            #expect(explicit.json["locale"] as? String == "pt-BR")
            #expect(Self.keys(explicit.json).first == "payments.refund_status")
            let unknown = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render, body: ["text": "🙂 123 ???"])
            #expect(unknown.status == .ok)
            #expect(unknown.json["locale"] == nil)
            #expect((unknown.json["searched"] as? [String])?.count == 17)
        }
    }

    @Test("empty, huge or binary messages are a 400; feedback on an unknown key is a 404 that stores nothing")
    func badInput() async throws {
        let name = TestDatabase.uniqueName("suggestbad")
        try await Self.importing(try Self.seed(name))
        try await TestServer.run(workspace: name) { server, client in
            let agent = try await server.key(.agent)
            let uri = "/v1/workspaces/\(name)/suggest"
            for text in ["", "   \n ", String(repeating: "a", count: 100_001), "\u{01}\u{02}\u{03}PK\u{03}\u{04}"] {
                let answer = try await client.json(.post, uri, key: agent, body: ["text": text])
                #expect(answer.status == .badRequest, "\(text.prefix(20))")
                #expect((answer.json["error"] as? [String: Any])?["message"] as? String != nil)
            }
            let bytes: [UInt8] = Array(#"{"text": ""#.utf8) + [0xFF, 0xFE, 0x00, 0x80] + Array(#""}"#.utf8)
            #expect(try await client.raw(.post, uri, key: agent, bytes: bytes).status == .badRequest)
            #expect(try await client.json(.post, uri, key: agent, body: ["text": "refund", "limit": 0]).status == .badRequest)

            let feedback = try await client.json(.post, "\(uri)/feedback", key: agent,
                                                 body: ["text": "where is my refund", "key": "no.such.template", "accepted": true])
            #expect(feedback.status == .notFound)
            let stored = try await TestDatabase.integer(
                "SELECT count(*)::int FROM suggestion_feedback f JOIN workspaces w ON w.id = f.workspace_id WHERE w.name = \(name)")
            #expect(stored == 0)
        }
    }

    @Test("agents' feedback lifts and lowers replies for similar messages, on every replica within a second, and erasing it restores the order")
    func learning() async throws {
        let name = TestDatabase.uniqueName("learning")
        try await Self.importing(try Self.seed(name))
        try await TestServer.run(workspace: name) { first, writer in
            try await TestServer.run(workspace: name) { second, reader in
                // Loading reads every workspace of the shared test database: give it time; the second is for changes.
                try await Eventually.within(.seconds(60)) { second.server.cache.isLoaded && second.server.feedHealth.isListening }
                let render = try await second.key(.render)
                let agents = [try await first.key(.agent), try await first.key(.agent)]
                let reviewer = try await first.key(.reviewer)
                let uri = "/v1/workspaces/\(name)/suggest"
                let message = "the money for my order is still not there"
                let similar = "my order money still not there??"
                @Sendable func suggested(_ text: String) async throws -> [String: Any] {
                    let answer = try await reader.json(.post, uri, key: render, body: ["text": text, "locale": "en", "limit": 10])
                    try #require(answer.status == .ok)
                    return answer.json
                }
                let before = try await suggested(message)
                let beforeSimilar = Self.keys(try await suggested(similar))
                let initial = Self.keys(before)
                try #require(initial.count >= 3)
                let (top, chosen) = (initial[0], initial[2])
                #expect(beforeSimilar.first != chosen)

                // Two agents accept the third reply for this message: it comes first for a similar one, on the other replica.
                for agent in agents {
                    let vote = try await writer.json(.post, "\(uri)/feedback", key: agent, body: ["text": message, "key": chosen, "accepted": true])
                    #expect(vote.status == .ok)
                }
                try await Eventually.within(.seconds(1)) { Self.keys(try await suggested(similar)).first == chosen }

                // A rejection lowers the reply it names; one agent rejecting many times still cannot bury it.
                let topScore = try #require(Self.score(try await suggested(message), of: top))
                for _ in 0..<5 {
                    _ = try await writer.json(.post, "\(uri)/feedback", key: agents[0], body: ["text": message, "key": top, "accepted": false])
                }
                try await Eventually.within(.seconds(1)) {
                    guard let lowered = Self.score(try await suggested(message), of: top) else { return false }
                    return lowered < topScore
                }
                #expect(Self.keys(try await suggested(message)).contains(top))

                // Erasing the feedback of both templates: every replica ranks as before.
                for key in [chosen, top] {
                    #expect(try await writer.json(.delete, "\(uri)/feedback/\(key)", key: reviewer).status == .ok)
                }
                try await Eventually.within(.seconds(1)) {
                    let now = Self.keys(try await suggested(message)), nowSimilar = Self.keys(try await suggested(similar))
                    return now == initial && nowSimilar == beforeSimilar
                }
                // An agent may vote but not erase.
                #expect(try await writer.json(.delete, "\(uri)/feedback/\(chosen)", key: agents[0]).status == .forbidden)
            }
        }
    }
}
