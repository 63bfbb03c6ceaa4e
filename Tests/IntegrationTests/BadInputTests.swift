import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Server
import Store
import Testing

/// Input the service cannot store or does not take is refused at the edge with a 4xx that names
/// the field, and nothing of it is stored: each case the outside review found, replayed.
@Suite("Bad input at the edge", .needsDatabase)
struct BadInputTests {
    /// The error body's `error` object.
    static func error(_ json: [String: Any]) -> [String: Any] { json["error"] as? [String: Any] ?? [:] }

    @Test("a NUL character is a 400 naming the field on each route that stores text, and nothing is stored")
    func nul() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let base = "/v1/workspaces/\(server.workspace)"
            let marker = "nul-\(UInt32.random(in: 0...UInt32.max))"
            let template: [String: Any] = ["key": "\(marker).t"]
            let cases: [(name: String, method: HTTPRequest.Method, uri: String, body: [String: Any], headers: HTTPFields, field: String)] = [
                ("workspace name", .post, "/v1/workspaces", ["name": "\(marker)\u{0}", "defaultLocale": "en", "locales": ["en"]], [:], "'name'"),
                ("template description", .post, base + "/templates", template.merging(["description": "a\u{0}b"]) { $1 }, [:], "'description'"),
                ("tags", .post, base + "/templates", template.merging(["tags": ["ok", "a\u{0}b"]]) { $1 }, [:], "'tags[1]'"),
                ("category", .post, base + "/templates", template.merging(["category": "\u{0}"]) { $1 }, [:], "'category'"),
                ("shortcut", .patch, base + "/templates/greeting", ["shortcut": "/hi\u{0}"], [.ifMatch: "\"1\""], "'shortcut'"),
                ("message", .put, base + "/templates/greeting/translations/fr", ["message": "Bonjour\u{0} {name}"], [.ifNoneMatch: "*"], "'message'"),
                ("changes", .post, base + "/changes", ["changes": [["key": "greeting", "locale": "fr", "message": "Salut\u{0} {name}"]]], [:],
                 "'changes[0].message'"),
                ("key name", .post, "/v1/keys", ["name": "\(marker)\u{0}", "role": "render"], [:], "'name'"),
            ]
            for item in cases {
                let answer = try await client.json(item.method, item.uri, key: admin, body: item.body, headers: item.headers)
                #expect(answer.status == .badRequest, "\(item.name)")
                let message = Self.error(answer.json)["message"] as? String ?? ""
                #expect(message.contains(item.field) && message.contains("NUL"), "\(item.name): \(message)")
            }
            // `?q=`, and a NUL in an uploaded file (raw, and escaped in a JSON file).
            #expect(try await client.json(.get, base + "/templates?q=a%00b", key: admin).status == .badRequest)
            let csv = Array("key,locale,channel,message\ngreeting,fr,default,Sal\u{0}ut {name}\n".utf8)
            let csvImport = try await client.raw(.post, base + "/import?format=csv&name=fr.csv", key: admin, bytes: csv,
                                                 headers: [.contentType: "text/csv"])
            #expect(csvImport.status == .badRequest)
            let jsonImport = try await client.raw(.post, base + "/import?format=json&locale=fr&name=fr.json", key: admin,
                                                  bytes: Array(#"{"greeting": "Salut\u0000 {name}"}"#.utf8))
            #expect(jsonImport.status == .badRequest)
            #expect((Self.error(jsonImport.json)["message"] as? String)?.contains("'greeting'") == true)

            // Nothing of it was stored.
            let workspaces = try await PagingTests.all(client, "/v1/workspaces", "workspaces", key: admin)
            #expect(!workspaces.contains { ($0["name"] as? String)?.hasPrefix(marker) == true })
            #expect(try await client.json(.get, base + "/templates/\(marker).t", key: admin).status == .notFound)
            let greeting = try await client.json(.get, base + "/templates/greeting", key: admin)
            #expect((greeting.json["template"] as? [String: Any])?["version"] as? Int == 1)
            #expect(try await client.json(.get, base + "/templates/greeting/translations/fr", key: admin).status == .notFound)
            let keys = try await PagingTests.all(client, "/v1/keys", "keys", key: admin)
            #expect(!keys.contains { ($0["name"] as? String)?.hasPrefix(marker) == true })
        }
    }

    @Test("non-finite numbers, bodies that are not UTF-8, wrong query types and nulls where a value is required are 400s")
    func loose() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let base = "/v1/workspaces/\(server.workspace)"
            let render = try await client.raw(.post, base + "/render", key: admin, bytes: Array(#"{"key": "greeting", "args": {"name": 1e400}}"#.utf8))
            #expect(render.status == .badRequest)
            #expect((Self.error(render.json)["message"] as? String)?.contains("'args.name'") == true)
            let finite = try await client.raw(.post, base + "/render", key: admin, bytes: Array(#"{"key": "files", "args": {"n": 1e3}}"#.utf8))
            #expect(finite.json["text"] as? String == "1,000 files")

            let notUTF8 = try await client.raw(.put, base + "/templates/greeting/translations/fr", key: admin,
                                               bytes: Array(#"{"message": "Bonjour "#.utf8) + [0xFF, 0xFE] + Array(#"{name}"}"#.utf8),
                                               headers: [.ifNoneMatch: "*"])
            #expect(notUTF8.status == .badRequest)
            #expect((Self.error(notUTF8.json)["message"] as? String)?.contains("UTF-8") == true)

            for query in ["archived=8583", "archived=", "limit=ten", "limit=1e2", "state=done&locale=fr"] {
                #expect(try await client.json(.get, base + "/templates?\(query)", key: admin).status == .badRequest, "\(query)")
            }
            #expect(try await client.json(.get, base + "/templates?archived=true&limit=5", key: admin).status == .ok)

            let nullTags = try await client.json(.post, base + "/templates", key: admin, body: ["key": "null.tags", "tags": NSNull()])
            #expect(nullTags.status == .badRequest)
            #expect((Self.error(nullTags.json)["message"] as? String)?.contains("'tags' must be an array, not null") == true)
            #expect(try await client.json(.get, base + "/templates/null.tags", key: admin).status == .notFound)
            let patch = try await client.json(.patch, base + "/templates/greeting", key: admin, body: ["tags": NSNull()], headers: [.ifMatch: "\"1\""])
            #expect(patch.status == .badRequest)
            let wrongType = try await client.json(.put, base + "/templates/greeting/translations/fr", key: admin, body: ["message": 5],
                                                  headers: [.ifNoneMatch: "*"])
            #expect(wrongType.status == .badRequest)
            let greeting = try await client.json(.get, base + "/templates/greeting", key: admin)
            #expect((greeting.json["template"] as? [String: Any])?["tags"] as? [String] == ["hello"])
            #expect(try await client.json(.get, base + "/templates/greeting/translations/fr", key: admin).status == .notFound)
            // Null stands for absent where the document says so.
            let nullable = try await client.json(.post, base + "/render", key: admin, body: ["key": "greeting", "locale": NSNull(), "args": ["name": "Ana"]])
            #expect(nullable.json["text"] as? String == "Hello Ana")
        }
    }

    @Test("well-formed values the catalog cannot use are 422 naming the problem; an integer written 3.0 is an integer")
    func unusableValues() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let base = "/v1/workspaces/\(server.workspace)"
            for query in ["from=2026-12-02&to=2026-12-01", "from=2020-01-01&to=2026-01-01"] {
                let usage = try await client.json(.get, "\(base)/usage?\(query)", key: admin)
                #expect(usage.status == .unprocessableContent && Self.error(usage.json)["code"] as? String == "invalid-period", "\(query)")
            }
            let malformed = try await client.json(.get, "\(base)/usage?from=yesterday", key: admin)
            #expect(malformed.status == .badRequest)
            let render = try await client.json(.post, "\(base)/render", key: admin,
                                               body: ["key": "greeting", "locale": "en", "args": ["name": "Ana"], "timeZone": "Nowhere/Else"])
            #expect(render.status == .unprocessableContent && Self.error(render.json)["code"] as? String == "unknown-time-zone")
            // Written out, so that the number's spelling is the one sent.
            let suggest = try await client.raw(.post, "\(base)/suggest", key: admin, bytes: Array(#"{"text": "hello", "limit": 3.0}"#.utf8))
            #expect(suggest.status == .ok, "\(suggest.json)")
            let fraction = try await client.raw(.post, "\(base)/suggest", key: admin, bytes: Array(#"{"text": "hello", "limit": 2.5}"#.utf8))
            #expect(fraction.status == .badRequest)
            let decimal = try await client.json(.post, "\(base)/render", key: admin,
                                                body: ["key": "greeting", "locale": "en", "args": ["name": ["decimal": "19,99"]]])
            #expect(decimal.status == .badRequest)
        }
    }

    @Test("oversized headers are a 431 with a body; a method a path lacks is a 405 with Allow")
    func protocolEdges() async throws {
        try await TestServer.run { server, client in
            let port = try #require(client.port)
            let request = "GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Padding: \(String(repeating: "x", count: 100_000))\r\n\r\n"
            let oversized = RawHTTP.parse(try RawHTTP.exchange(port: port, Array(request.utf8)))
            #expect(oversized.status == 431)
            #expect(Self.error(oversized.json)["code"] as? String == "headers-too-large")
            let requestID = try #require(Self.error(oversized.json)["requestId"] as? String)
            #expect(oversized.headers.contains("X-Request-Id: \(requestID)"))
            // The connection is answered and closed, and the server goes on serving others.
            #expect(try await client.raw(.get, "/healthz", key: nil, bytes: nil).status == .ok)

            let trace = HTTPRequest.Method("TRACE")!
            let templates = try await client.raw(trace, "/v1/workspaces/\(server.workspace)/templates", key: nil, bytes: nil)
            #expect(templates.status == .methodNotAllowed)
            #expect(templates.headers[.allow] == "GET, POST")
            #expect(Self.error(templates.json)["code"] as? String == "method-not-allowed")
            let health = try await client.raw(.delete, "/healthz", key: nil, bytes: nil)
            #expect(health.status == .methodNotAllowed)
            #expect(health.headers[.allow] == "GET")
            #expect(try await client.raw(trace, "/v1/nothing-here", key: nil, bytes: nil).status == .notFound)
        }
    }

    @Test("a weak If-Match tag is a 412 and changes nothing")
    func weakTag() async throws {
        try await TestServer.run { server, client in
            let uri = "/v1/workspaces/\(server.workspace)/templates/greeting/translations/es"
            let weak = try await client.json(.put, uri, key: server.adminKey, body: ["message": "Buenas {name}"], headers: [.ifMatch: "W/\"1\""])
            #expect(weak.status == .preconditionFailed)
            let current = try await client.json(.get, uri, key: server.adminKey)
            #expect(current.json["version"] as? Int == 1)
            #expect(current.json["message"] as? String == "Hola {name}")
            let strong = try await client.json(.put, uri, key: server.adminKey, body: ["message": "Buenas {name}"], headers: [.ifMatch: "\"1\""])
            #expect(strong.status == .ok)
        }
    }

    @Test("public endpoints ignore an invalid Authorization header; the others still refuse it")
    func publicEndpoints() async throws {
        try await TestServer.run { server, client in
            for header in ["Bearer pk_stale_or_revoked", "Basic dXNlcjpwYXNz", "nonsense"] {
                for path in ["/healthz", "/metrics", "/openapi.json"] {
                    let answer = try await client.raw(.get, path, key: nil, bytes: nil, headers: [.authorization: header])
                    #expect(answer.status == .ok, "\(path) with \(header)")
                }
                try await Eventually.within(.seconds(5)) {
                    try await client.raw(.get, "/readyz", key: nil, bytes: nil, headers: [.authorization: header]).status == .ok
                }
                let refused = try await client.raw(.get, "/v1/workspaces", key: nil, bytes: nil, headers: [.authorization: header])
                #expect(refused.status == .unauthorized)
            }
        }
    }
}
