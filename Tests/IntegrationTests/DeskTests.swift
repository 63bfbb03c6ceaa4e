import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import HTTPTypes
import ICU
import Testing

/// The agent desk's page and texts as the server sends them (the page itself is tested in a real
/// browser by Tests/Desk).
@Suite("The agent desk's files and texts", .needsDatabase)
struct DeskTests {
    @Test("the page and its files: public, with the policy, revalidated by ETag")
    func files() async throws {
        try await TestServer.run { _, client in
            for (path, type) in [("/desk", "text/html"), ("/desk/desk.js", "text/javascript"), ("/desk/desk.css", "text/css"),
                                 ("/desk/icon.svg", "image/svg+xml")] {
                // A stale key does not matter: the page is public and asks for a key itself.
                let answer = try await client.execute(uri: path, method: .get, headers: [.authorization: "Bearer pk_stale"]) { $0 }
                #expect(answer.status == .ok, "\(path)")
                #expect(answer.headers[.contentType]?.hasPrefix(type) == true, "\(path)")
                let policy = try #require(answer.headers[.contentSecurityPolicy])
                #expect(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"))
                #expect(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"))
                #expect(answer.headers[.xContentTypeOptions] == "nosniff")
                let etag = try #require(answer.headers[.eTag])
                let again = try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag]) { $0 }
                #expect(again.status == .notModified && again.body.readableBytes == 0)
            }
            let page = try await client.execute(uri: "/desk", method: .get) { String(buffer: $0.body) }
            #expect(page.contains("<script type=\"module\" src=\"/desk/desk.js\"></script>"))
            #expect(!page.contains("<script>") && !page.contains(" onclick=") && !page.contains("style=\""))
            let missing = try await client.json(.get, "/desk/nothing.js", key: nil)
            #expect(missing.status == .notFound)
        }
    }

    @Test("the interface texts: the workspace desk in the browser's language, or none without it")
    func strings() async throws {
        try await TestServer.run { server, client in
            if (try? await server.server.store.workspace(named: "desk")) == nil {
                let none = try await client.json(.get, "/desk/strings", key: nil)
                #expect(none.status == .ok && (none.json["strings"] as? [String: String])?.isEmpty == true)
                _ = try await server.server.store.importBundle(try TestServer.bundle("desk"), author: "seed")
            }
            let spanish = try await client.json(.get, "/desk/strings", key: nil, headers: [.acceptLanguage: "es-MX,es;q=0.9,en;q=0.5"])
            #expect(spanish.status == .ok)
            #expect(spanish.json["locale"] as? String == "es-419")
            // A text's missing argument stays {name}, for the page to fill.
            #expect((spanish.json["strings"] as? [String: String])?["greeting"] == "¡Hola, {name}!")
            let chosen = try await client.json(.get, "/desk/strings?locale=zh-HK", key: nil)
            #expect((chosen.json["strings"] as? [String: String])?["greeting"] == "{name}您好")
            let bad = try await client.json(.get, "/desk/strings?locale=%00", key: nil)
            #expect(bad.status == .badRequest)
        }
    }

    @Test("a template's answer lists the arguments its texts use, for the desk's form")
    func arguments() async throws {
        try await TestServer.run { server, client in
            let detail = try await client.json(.get, "/v1/workspaces/\(server.workspace)/templates/files", key: try await server.key(.agent))
            let arguments = try #require(detail.json["arguments"] as? [[String: Any]])
            #expect(arguments.count == 1)
            #expect(arguments.first?["name"] as? String == "n" && arguments.first?["type"] as? String == "plural")
        }
    }
}
