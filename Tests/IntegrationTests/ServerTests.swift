import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import Server
import Store
import Testing

@Suite("HTTP service", .needsDatabase)
struct ServerTests {
    @Test("renders through the CLDR fallback chain, then the default")
    func fallback() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key(.render)
            let uri = "/v1/workspaces/\(server.workspace)/render"
            let cases: [(String, String, String, Bool)] = [
                ("es-MX", "es-419", "¡Hola, Ana!", true),
                ("es-AR", "es-419", "¡Hola, Ana!", true),
                ("es", "es", "Hola Ana", false),
                ("pt-AO", "pt-PT", "Olá Ana", true),
                ("zh-HK", "zh-Hant", "Ana您好", true),
                ("ko", "en", "Hello Ana", true),
                ("en", "en", "Hello Ana", false),
            ]
            for (requested, served, text, fallback) in cases {
                let (status, json, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting", "locale": requested, "args": ["name": "Ana"]])
                #expect(status == .ok, "\(requested)")
                #expect(json["locale"] as? String == served, "\(requested)")
                #expect(json["text"] as? String == text, "\(requested)")
                #expect(json["fallback"] as? Bool == fallback, "\(requested)")
                #expect(json["requestedLocale"] as? String == requested)
                #expect((json["chain"] as? [String])?.last == "en")
            }
            let (_, korean, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting", "locale": "ko", "args": ["name": "Ana"]])
            #expect(korean["chain"] as? [String] == ["en"])
            let (_, mexican, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting", "locale": "es-MX", "args": ["name": "Ana"]])
            #expect(mexican["chain"] as? [String] == ["es-419", "es", "en"])
        }
    }

    @Test("Accept-Language, channels, plurals, strict arguments, batches")
    func renderForms() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key(.render)
            let uri = "/v1/workspaces/\(server.workspace)/render"
            var (_, json, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting", "acceptLanguage": "es-MX;q=0.9, de;q=0.5", "args": ["name": "Ana"]])
            #expect(json["locale"] as? String == "es-419")
            (_, json, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting", "channel": "email", "args": ["name": "Ana"]])
            #expect(json["text"] as? String == "Dear Ana, hello.")
            (_, json, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting", "locale": "es", "channel": "email", "args": ["name": "Ana"]])
            #expect(json["text"] as? String == "Hola Ana")  // no Spanish email variant: the Spanish default text
            (_, json, _) = try await client.json(.post, uri, key: key, body: ["key": "files", "locale": "ru", "args": ["n": 3]])
            #expect(json["text"] as? String == "3 файла")
            (_, json, _) = try await client.json(.post, uri, key: key, body: ["key": "greeting"])
            #expect(json["text"] as? String == "Hello {name}")
            #expect((json["issues"] as? [String])?.count == 1)
            let strict = try await client.json(.post, uri, key: key, body: ["key": "greeting", "strict": true])
            #expect(strict.status == .unprocessableContent)
            #expect((strict.json["error"] as? [String: Any])?["code"] as? String == "arguments")
            let batch = try await client.json(.post, uri + "/batch", key: key, body: ["requests": [
                ["key": "greeting", "locale": "pt-AO", "args": ["name": "Rui"]], ["key": "nope"], ["key": "files", "args": ["n": 1]],
            ]])
            let results = try #require(batch.json["results"] as? [[String: Any]])
            #expect((results[0]["result"] as? [String: Any])?["text"] as? String == "Olá Rui")
            #expect((results[1]["error"] as? [String: Any])?["code"] as? String == "not-found")
            #expect((results[2]["result"] as? [String: Any])?["text"] as? String == "1 file")
        }
    }

    @Test("the Accept-Language header stands for the body's acceptLanguage when the body names no locale")
    func acceptLanguageHeader() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key(.render)
            let uri = "/v1/workspaces/\(server.workspace)/render"
            func served(_ body: [String: Any], _ header: String?) async throws -> String? {
                let headers: HTTPFields = header.map { [.acceptLanguage: $0] } ?? [:]
                let answer = try await client.json(.post, uri, key: key, body: body, headers: headers)
                #expect(answer.status == .ok, "\(body) \(header ?? "-")")
                return answer.json["locale"] as? String
            }
            let greeting: [String: Any] = ["key": "greeting", "args": ["name": "Ana"]]
            #expect(try await served(greeting, nil) == "en")
            #expect(try await served(greeting, "es-MX,es;q=0.9,en;q=0.5") == "es-419")
            #expect(try await served(greeting, "pt-AO, de;q=0.4") == "pt-PT")
            // The body wins: its locale, then its acceptLanguage.
            #expect(try await served(greeting.merging(["locale": "es"]) { $1 }, "pt-AO") == "es")
            #expect(try await served(greeting.merging(["acceptLanguage": "zh-HK"]) { $1 }, "pt-AO") == "zh-Hant")
            // A header naming no language, or none that parses, is no preference.
            #expect(try await served(greeting, "*") == "en")
            #expect(try await served(greeting, ";;,,q=1") == "en")

            let batch = try await client.json(.post, uri + "/batch", key: key, body: ["requests": [
                greeting, greeting.merging(["locale": "en"]) { $1 },
            ]], headers: [.acceptLanguage: "es-AR"])
            let results = try #require(batch.json["results"] as? [[String: Any]])
            #expect(results.map { ($0["result"] as? [String: Any])?["locale"] as? String } == ["es-419", "en"])
        }
    }

    @Test("keys: none is 401, a bad one is 401, a render key cannot write (403)")
    func authorization() async throws {
        try await TestServer.run { server, client in
            let uri = "/v1/workspaces/\(server.workspace)/render"
            #expect(try await client.json(.post, uri, key: nil, body: ["key": "greeting"]).status == .unauthorized)
            #expect(try await client.json(.post, uri, key: "pk_not_a_key_at_all", body: ["key": "greeting"]).status == .unauthorized)
            let render = try await server.key(.render)
            let write = try await client.json(.put, "/v1/workspaces/\(server.workspace)/templates/greeting/translations/fr", key: render,
                                              body: ["message": "Bonjour {name}"], headers: [.ifNoneMatch: "*"])
            #expect(write.status == .forbidden)
            let translator = try await server.key(.translator, locales: ["fr"])
            let russian = try await client.json(.put, "/v1/workspaces/\(server.workspace)/templates/greeting/translations/ru", key: translator,
                                                body: ["message": "Привет, {name}"], headers: [.ifNoneMatch: "*"])
            #expect(russian.status == .forbidden)  // not one of this translator's locales
            let approve = try await client.json(.put, "/v1/workspaces/\(server.workspace)/templates/greeting/translations/fr", key: translator,
                                                body: ["message": "Bonjour {name}", "state": "approved"], headers: [.ifNoneMatch: "*"])
            #expect(approve.status == .forbidden)  // translators do not approve
            let french = try await client.json(.put, "/v1/workspaces/\(server.workspace)/templates/greeting/translations/fr", key: translator,
                                               body: ["message": "Bonjour {name}"], headers: [.ifNoneMatch: "*"])
            #expect(french.status == .created)
            #expect((french.json["translation"] as? [String: Any])?["state"] as? String == "needs_review")
        }
    }

    @Test("writes: If-Match required, a stale one is refused and changes nothing, bad messages are refused with positions")
    func writes() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let uri = "/v1/workspaces/\(server.workspace)/templates/greeting/translations/es"
            let current = try await client.json(.get, uri, key: admin)
            #expect(current.status == .ok)
            #expect(current.headers[.eTag] == "\"1\"")
            #expect(try await client.json(.put, uri, key: admin, body: ["message": "Buenas {name}"]).status == .preconditionRequired)
            let changed = try await client.json(.put, uri, key: admin, body: ["message": "Buenas {name}"], headers: [.ifMatch: "\"1\""])
            #expect(changed.status == .ok)
            #expect(changed.headers[.eTag] == "\"2\"")
            let stale = try await client.json(.put, uri, key: admin, body: ["message": "Saludos {name}"], headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            let error = try #require(stale.json["error"] as? [String: Any])
            #expect(error["code"] as? String == "stale")
            #expect((error["current"] as? [String: Any])?["version"] as? Int == 2)
            #expect(try await client.json(.get, uri, key: admin).json["message"] as? String == "Buenas {name}")

            let malformed = try await client.json(.put, uri, key: admin, body: ["message": "Hola {name"], headers: [.ifMatch: "\"2\""])
            #expect(malformed.status == .unprocessableContent)
            let problem = try #require(((malformed.json["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.first)
            #expect(problem["line"] as? Int == 1)
            #expect(problem["column"] as? Int == 6)
            #expect((problem["caret"] as? String)?.contains("^") == true)

            let russianUri = "/v1/workspaces/\(server.workspace)/templates/files/translations/ru"
            let noFew = try await client.json(.put, russianUri, key: admin,
                                              body: ["message": "{n, plural, one {# файл} other {# файлов}}"], headers: [.ifMatch: "\"1\""])
            #expect(noFew.status == .unprocessableContent)
            #expect(try await client.json(.get, russianUri, key: admin).json["version"] as? Int == 1)

            let revisions = try await client.json(.get, uri + "/revisions", key: admin)
            #expect((revisions.json["revisions"] as? [[String: Any]])?.count == 2)
        }
    }

    @Test("templates: create with a source text, list with filters, archive stops serving")
    func templates() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let base = "/v1/workspaces/\(server.workspace)/templates"
            let created = try await client.json(.post, base, key: admin, body: [
                "key": "refund.status", "category": "payments", "tags": ["refund"], "description": "Where is my refund",
                "message": "Your refund of {amount, number, ::currency/USD} is on its way.",
            ])
            #expect(created.status == .created)
            let list = try await client.json(.get, base + "?category=payments", key: admin)
            #expect((list.json["templates"] as? [[String: Any]])?.map { $0["key"] as? String } == ["refund.status"])
            let missing = try await client.json(.get, base + "?missing=ru", key: admin)
            #expect((missing.json["templates"] as? [[String: Any]])?.map { $0["key"] as? String } == ["greeting", "refund.status"])
            let render = try await server.key(.render)
            let rendered = try await client.json(.post, "/v1/workspaces/\(server.workspace)/render", key: render,
                                                 body: ["key": "refund.status", "args": ["amount": ["decimal": "19.99"]]])
            #expect(rendered.json["text"] as? String == "Your refund of $19.99 is on its way.")
            #expect(try await client.json(.delete, base + "/refund.status", key: admin).status == .preconditionRequired)
            #expect(try await client.json(.delete, base + "/refund.status", key: admin, headers: [.ifMatch: "\"1\""]).status == .ok)
            try await Eventually.within(.seconds(5)) {
                try await client.json(.post, "/v1/workspaces/\(server.workspace)/render", key: render, body: ["key": "refund.status"]).status == .notFound
            }
            let coverage = try await client.json(.get, "/v1/workspaces/\(server.workspace)/locales", key: admin)
            let russian = (coverage.json["locales"] as? [[String: Any]])?.first { $0["locale"] as? String == "ru" }
            #expect(russian?["translated"] as? Int == 1)
            #expect(russian?["missing"] as? Int == 1)
        }
    }

    @Test("operations: health, readiness, metrics, one error shape, and an OpenAPI document that matches the routes")
    func operations() async throws {
        try await TestServer.run { server, client in
            #expect(try await client.json(.get, "/healthz", key: nil).status == .ok)
            try await Eventually.within(.seconds(5)) { try await client.json(.get, "/readyz", key: nil).status == .ok }
            let render = try await server.key(.render)
            _ = try await client.json(.post, "/v1/workspaces/\(server.workspace)/render", key: render, body: ["key": "greeting", "locale": "ko"])
            let metrics = try await client.execute(uri: "/metrics", method: .get) { String(buffer: $0.body) }
            #expect(metrics.contains("parley_render_cache_hits_total"))
            #expect(metrics.contains("parley_render_fallbacks_total"))
            #expect(metrics.contains("http_request_duration_seconds_bucket{route=\"/v1/workspaces/{workspace}/render\",method=\"POST\",status=\"200\"") && metrics.contains("http_requests_total"))
            let missing = try await client.json(.get, "/v1/nothing-here", key: nil)
            #expect(missing.status == .notFound)
            #expect((missing.json["error"] as? [String: Any])?["code"] as? String == "not-found")

            let document = try await client.json(.get, "/openapi.json", key: nil).json
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            let described = Set(paths.flatMap { path, methods in methods.keys.map { "\($0.uppercased()) \(path)" } })
            let routes = Set(server.server.router().routes.map { route in
                let path = route.path.description.split(separator: "/").map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
                return "\(route.method.rawValue) /" + path.joined(separator: "/")
            })
            #expect(described == routes)
        }
    }

    @Test("two replicas: a change through one is served by the other within a second, and within five after its listener is killed")
    func coherence() async throws {
        let name = TestDatabase.uniqueName("replicas")
        try await TestDatabase.withDatabase { database in
            _ = try await CatalogStore(database: database).importBundle(try TestServer.bundle(name), author: "seed")
        }
        try await TestServer.run(workspace: name) { first, writer in
            try await TestServer.run(workspace: name) { second, reader in
                let render = try await second.key(.render)
                let uri = "/v1/workspaces/\(name)/templates/greeting/translations/es"
                let renderURI = "/v1/workspaces/\(name)/render"
                @Sendable func served() async throws -> String? {
                    try await reader.json(.post, renderURI, key: render, body: ["key": "greeting", "locale": "es", "args": ["name": "Ana"]])
                        .json["text"] as? String
                }
                #expect(try await served() == "Hola Ana")
                // Loaded and listening: from then on a change reaches it by notification, not by the poll.
                try await Eventually.within(.seconds(5)) { second.server.followsChanges }

                let started = ContinuousClock.now
                #expect(try await writer.json(.put, uri, key: first.adminKey, body: ["message": "Buenas {name}"], headers: [.ifMatch: "\"1\""]).status == .ok)
                try await Eventually.within(.seconds(1)) {
                    try await served() == "Buenas Ana"
                }
                let seen = ContinuousClock.now - started
                #expect(seen < .seconds(1))

                try await TestDatabase.admin("""
                    SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query ILIKE 'LISTEN%' AND pid <> pg_backend_pid()
                    """)
                #expect(try await writer.json(.put, uri, key: first.adminKey, body: ["message": "Saludos {name}"], headers: [.ifMatch: "\"2\""]).status == .ok)
                try await Eventually.within(.seconds(5)) {
                    try await served() == "Saludos Ana"
                }
            }
        }
    }
}

/// Waiting for something that happens asynchronously, with a deadline (not a timing assertion:
/// the deadline is the requirement itself).
enum Eventually {
    struct TimedOut: Error {}

    static func within(_ limit: Duration, _ condition: @Sendable () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        if try await condition() { return }
        Issue.record("not true within \(limit)")
        throw TimedOut()
    }
}
