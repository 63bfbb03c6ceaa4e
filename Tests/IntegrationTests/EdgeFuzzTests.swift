import Foundation
import Hummingbird
import HummingbirdTesting
import Server
import TestSupport
import Testing

/// Random and hostile requests on every operation the OpenAPI document lists (so a new route is
/// fuzzed without a line here): never a 5xx, every error in the API's shape, nothing hostile stored.
/// Seeded, so a failure names the case that replays it.
@Suite("Fuzzing every operation at the edge", .needsDatabase)
struct EdgeFuzzTests {
    static let casesPerOperation = 30
    static let seed: UInt64 = 0x5EED_0012

    @Test("30 random and hostile requests per operation: no 5xx, errors in one shape, within a bounded time")
    func fuzz() async throws {
        try await TestServer.run { server, client in
            // /readyz is fuzzed too: it must be ready first (its 503 is a status, not an error).
            // Generous: this suite runs beside the other load generators, on a database that holds
            // every earlier test's workspace, all of which a new replica loads before it is ready.
            try await Eventually.within(.seconds(30)) { try await client.raw(.get, "/readyz", key: nil, bytes: nil).status == .ok }
            let document = try await client.json(.get, "/openapi.json", key: nil).json
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var generator = RequestGenerator(document: document, workspace: server.workspace, seed: Self.seed)
            let started = ContinuousClock.now
            var failures: [String] = []
            var sent = 0
            for (path, operations) in paths.sorted(by: { $0.key < $1.key }) {
                for (method, operation) in operations.sorted(by: { $0.key < $1.key }) {
                    let operation = operation as? [String: Any] ?? [:]
                    for number in 0..<Self.casesPerOperation {
                        // Half are aimed: plausible in every way but one value, the likeliest to
                        // get through to PostgreSQL; the rest are random in every part.
                        let aimed = number.isMultiple(of: 2)
                        let request = generator.request(path: path, operation: operation, aimed: aimed)
                        let key = aimed || generator.chance(80) ? server.adminKey : generator.pick([nil, "pk_fuzz_not_a_key"])
                        let answer = try await client.raw(HTTPRequest.Method(method.uppercased())!, request.uri, key: key,
                                                          bytes: request.body, headers: request.headers)
                        sent += 1
                        let code = answer.status.code
                        let name = "\(method.uppercased()) \(path) case \(number): \(request.uri) \(request.summary)"
                        if code >= 500 { failures.append("\(code) for \(name)") }
                        if code >= 400, (answer.json["error"] as? [String: Any])?["code"] as? String == nil {
                            failures.append("\(code) without the error shape for \(name)")
                        }
                    }
                }
            }
            let elapsed = ContinuousClock.now - started
            #expect(sent >= 20 * Self.casesPerOperation)
            #expect(failures.isEmpty, "\(failures.count) failures (seed \(Self.seed)):\n\(failures.prefix(20).joined(separator: "\n"))")
            #expect(elapsed < .seconds(90), "the fuzz took \(elapsed)")

            // Whatever was written, nothing that cannot be stored got in.
            let snapshot = try await client.raw(.get, "/v1/workspaces/\(server.workspace)/snapshot", key: server.adminKey, bytes: nil)
            #expect(snapshot.status == .ok)
            let keys = try await client.raw(.get, "/v1/keys", key: server.adminKey, bytes: nil)
            for answer in [snapshot, keys] {
                let text = String(data: try JSONSerialization.data(withJSONObject: answer.json), encoding: .utf8) ?? ""
                #expect(!text.contains("\u{0}") && !text.contains("\\u0000"))
            }
        }
    }
}

/// Makes requests for an operation of the OpenAPI document: its path filled with plausible or
/// hostile segments, its query parameters and body with plausible, mistyped or hostile values.
struct RequestGenerator {
    struct Request {
        var uri: String
        var body: [UInt8]?
        var headers: HTTPFields
        /// What the body was, for a failure's message (bodies can be large).
        var summary: String
    }

    let document: [String: Any]
    let workspace: String
    var random: SplitMix
    /// How many more plain values to write before a hostile one (-1: none).
    var hostileLeaf = -1

    init(document: [String: Any], workspace: String, seed: UInt64) {
        self.document = document
        self.workspace = workspace
        self.random = SplitMix(seed: seed)
    }

    mutating func pick<T>(_ choices: [T]) -> T { choices[random.next(below: choices.count)] }
    mutating func chance(_ percent: Int) -> Bool { random.next(below: 100) < percent }

    static let hostileSegments = ["%00", "%FF", "..", "%2F", "a%20b", String(repeating: "z", count: 300), "%E2%82", "null", "%C3%A9", "-1"]
    static let hostileStrings = [
        "", "\u{0}", "a\u{0}b", "\u{FFFF}", "\u{1F600}", "{name}", "{n, plural, one {#} other {#}}", "{", "}", "'", "\\", "\"",
        "fr", "en", "ru", "es-419", "zz-ZZ-x-bad", "approve", "reject", "draft", "approved", "admin", "translator", "all",
        "greeting", "files", String(repeating: "é", count: 5_000), "<xml/>", "' OR 1=1 --", "%00", "\u{202E}", "\r\n",
    ]
    static let hostileNumbers = ["0", "-1", "1", "2", "1e400", "-1e400", "1e-400", "123456789012345678901234567890", "0.5", "9007199254740993"]
    static let queryValues = [
        "true", "false", "8583", "", "%00", "%FF", "-1", "0", "1", "501", "xliff2", "xliff12", "po", "csv", "json", "fr", "ru",
        "draft", "approved", "1e400", "%C3%A9", "a%26b", String(repeating: "q", count: 2_000), "W/%221%22",
    ]

    mutating func request(path: String, operation: [String: Any], aimed: Bool) -> Request {
        var uri = ""
        for segment in path.split(separator: "/") {
            uri += "/" + (segment.hasPrefix("{") ? self.segment(String(segment.dropFirst().dropLast()), hostile: !aimed) : String(segment))
        }
        // Plausible query values, but for one parameter in half the requests: a hostile one.
        var query: [String] = []
        let declared = parameters(operation).filter { $0["in"] as? String == "query" }
        let hostileParameter = declared.isEmpty || (!aimed && chance(50)) ? -1 : random.next(below: declared.count)
        for (index, parameter) in declared.enumerated() where index == hostileParameter || chance(40) {
            let name = parameter["name"] as? String ?? "x"
            query.append("\(name)=\(index == hostileParameter ? pick(Self.queryValues) : plausibleQuery(name, schema: parameter["schema"] as? [String: Any] ?? [:]))")
        }
        if chance(10) { query.append("\(pick(["unknown", "%00", "q"]))=\(pick(Self.queryValues))") }
        if !query.isEmpty { uri += "?" + query.joined(separator: "&") }

        var headers: HTTPFields = [:]
        switch aimed ? random.next(below: 11) : random.next(below: 20) {
        case 0..<7: headers[.ifMatch] = "\"1\""
        case 7..<11: headers[.ifNoneMatch] = "*"
        case 11..<16: headers[.ifMatch] = pick(["W/\"1\"", "*", "\"99999999999999999999\"", "garbage", "\"-1\"", "\"2\"", "\"1\", \"2\""])
        default: break
        }
        if chance(10) { headers[.contentType] = pick(["text/plain", "application/xml", "multipart/form-data"]) }

        guard let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any] else {
            return Request(uri: uri, body: chance(10) ? Array("{\"stray\": 1}".utf8) : nil, headers: headers, summary: "no body")
        }
        let schema = (content["application/json"] as? [String: Any])?["schema"] as? [String: Any]
        switch aimed ? 0 : random.next(below: 20) {
        case 0..<14 where schema != nil:
            // Plausible values, to get past the checks into the routes and the database; then
            // one hostile value in a plausible body (the likeliest to reach PostgreSQL), or many.
            let mode = aimed ? 1 : random.next(below: 3)
            hostileLeaf = mode == 1 ? random.next(below: 6) : -1
            let text = value(for: schema!, named: "", depth: 0, hostility: mode == 2 ? 15 : 0)
            return Request(uri: uri, body: Array(text.utf8), headers: headers, summary: String(text.prefix(200)))
        case 0..<17 where !aimed:
            let text = randomJSON(depth: 0)
            return Request(uri: uri, body: Array(text.utf8), headers: headers, summary: String(text.prefix(200)))
        default:
            let (name, bytes) = hostileBody()
            return Request(uri: uri, body: bytes, headers: headers, summary: name)
        }
    }

    mutating func segment(_ name: String, hostile: Bool) -> String {
        if hostile && chance(20) { return pick(Self.hostileSegments) }
        switch name {
        case "workspace": return workspace
        case "key": return pick(["greeting", "greeting", "files", "nope", "a.b-c_d"])
        case "locale": return pick(["fr", "es", "ru", "en", "ja", "es-MX", "zz", "x"])
        // Never a key another test might be using: ids far beyond any made here.
        case "id": return pick(["999999999999", "abc", "0", "9223372036854775807", "9223372036854775808"])
        default: return "x"
        }
    }

    func parameters(_ operation: [String: Any]) -> [[String: Any]] {
        (operation["parameters"] as? [[String: Any]] ?? []).map { parameter in
            guard let reference = parameter["$ref"] as? String else { return parameter }
            return resolve(reference) ?? [:]
        }
    }

    func resolve(_ reference: String) -> [String: Any]? {
        var node: Any? = document
        for part in reference.dropFirst(2).split(separator: "/") { node = (node as? [String: Any])?[String(part)] }
        return node as? [String: Any]
    }

    /// JSON text that fits the schema, with mistyped, null and hostile values in `hostility` percent
    /// of its places.
    mutating func value(for schema: [String: Any], named name: String, depth: Int, hostility: Int) -> String {
        var schema = schema
        if let reference = schema["$ref"] as? String, let target = resolve(reference) { schema = target }
        if depth > 6 || chance(hostility) { return randomJSON(depth: depth) }
        if let alternatives = schema["oneOf"] as? [[String: Any]], !alternatives.isEmpty {
            return value(for: pick(alternatives), named: name, depth: depth + 1, hostility: hostility)
        }
        let types = (schema["type"] as? [String]) ?? (schema["type"] as? String).map { [$0] } ?? ["string"]
        let type = pick(types)
        if ["string", "integer", "number", "boolean"].contains(type) {
            if hostileLeaf == 0 {
                hostileLeaf = -1
                return pick([quoted("a\u{0}b"), quoted("\u{0}"), quoted("\u{FFFF}"), quoted(String(repeating: "x", count: 20_000)), "1e400", "null", "[]"])
            }
            if hostileLeaf > 0 { hostileLeaf -= 1 }
        }
        if let values = schema["enum"] as? [String], !chance(hostility) { return quoted(pick(values)) }
        switch type {
        case "object":
            var members: [String] = []
            let properties = schema["properties"] as? [String: [String: Any]] ?? [:]
            let required = Set(schema["required"] as? [String] ?? [])
            for (member, property) in properties.sorted(by: { $0.key < $1.key }) where required.contains(member) || chance(50) {
                members.append("\(quoted(member)):\(value(for: property, named: member, depth: depth + 1, hostility: hostility))")
            }
            if let additional = schema["additionalProperties"] as? [String: Any] {
                for _ in 0..<random.next(below: 4) {
                    let member = pick(["name", "n", "when", "amount", "x"])
                    members.append("\(quoted(member)):\(value(for: additional, named: member, depth: depth + 1, hostility: hostility))")
                }
            }
            return "{" + members.joined(separator: ",") + "}"
        case "array":
            let items = schema["items"] as? [String: Any] ?? [:]
            return "[" + (0..<random.next(below: 4)).map { _ in value(for: items, named: name, depth: depth + 1, hostility: hostility) }
                .joined(separator: ",") + "]"
        case "integer", "number": return chance(hostility * 2) ? pick(Self.hostileNumbers) : String(random.next(below: 5))
        case "boolean": return pick(["true", "false"])
        case "null": return "null"
        default: return quoted(chance(hostility * 2) ? pick(Self.hostileStrings) : plausible(name))
        }
    }

    /// A value a client might well send for a member of this name.
    mutating func plausible(_ name: String) -> String {
        switch name {
        case "key": pick(["greeting", "files", "fuzz.t\(random.next(below: 5))", "nope"])
        case "locale", "sourceLocale", "defaultLocale", "acceptLanguage", "locales", "candidates":
            pick(["fr", "es", "ru", "en", "ja", "es-MX", "pt-AO", "de", "all"])
        case "message": pick(["Bonjour {name}", "{n, plural, one {# file} other {# files}}", "Hola {name", "Plain text", "{n, number}"])
        case "role": pick(["render", "agent", "translator", "reviewer", "admin"])
        case "channel": pick(["default", "email", "chat"])
        case "timeZone": pick(["UTC", "Europe/Paris", "Nowhere/Else"])
        default: pick(["Ana", "support", "fuzz-\(random.next(below: 1000))", "hello", "payments", "/hi", ""])
        }
    }

    /// A query value of the parameter's declared type.
    mutating func plausibleQuery(_ name: String, schema: [String: Any]) -> String {
        if let values = schema["enum"] as? [String] { return pick(values) }
        switch schema["type"] as? String {
        case "boolean": return pick(["true", "false"])
        case "integer": return String(1 + random.next(below: 500))
        default: return plausible(name)
        }
    }

    /// Any JSON value, of any shape.
    mutating func randomJSON(depth: Int) -> String {
        switch depth > 3 ? random.next(below: 5) : random.next(below: 7) {
        case 0: return "null"
        case 1: return pick(["true", "false"])
        case 2: return pick(Self.hostileNumbers)
        case 3, 4: return quoted(pick(Self.hostileStrings))
        case 5: return "[" + (0..<random.next(below: 4)).map { _ in randomJSON(depth: depth + 1) }.joined(separator: ",") + "]"
        default:
            let names = ["key", "message", "changes", "requests", "name", "role", "tags", "args", "text", "\u{0}", "revision", "decision"]
            return "{" + (0..<random.next(below: 5)).map { _ in "\(quoted(pick(names))):\(randomJSON(depth: depth + 1))" }
                .joined(separator: ",") + "}"
        }
    }

    /// Bodies no well-behaved client sends.
    mutating func hostileBody() -> (String, [UInt8]) {
        let bodies: [(String, [UInt8])] = [
            ("empty", []),
            ("truncated", Array(#"{"key": "greet"#.utf8)),
            ("lone surrogate escape", Array(#"{"key": "\ud800", "message": "\udc00x", "name": "\ud800"}"#.utf8)),
            ("invalid UTF-8", Array(#"{"message": ""#.utf8) + [0xC3, 0x28, 0xFF] + Array(#""}"#.utf8)),
            ("raw NUL", Array(#"{"message": "a"#.utf8) + [0] + Array(#""}"#.utf8)),
            ("deep arrays", Array((String(repeating: "[", count: 200) + String(repeating: "]", count: 200)).utf8)),
            ("deep objects", Array((String(repeating: #"{"a":"#, count: 100) + "1" + String(repeating: "}", count: 100)).utf8)),
            ("big number", Array(#"{"key": "greeting", "revision": 1e400, "args": {"n": -1e400}, "baseVersion": 1e999}"#.utf8)),
            ("escaped NUL", Array(#"{"key": "greeting", "message": "\u0000", "name": "\u0000", "text": "\u0000"}"#.utf8)),
            ("duplicate members", Array(#"{"message": "a", "message": null, "key": 1, "key": "greeting"}"#.utf8)),
            ("long string", Array(("{\"message\": \"" + String(repeating: "ab", count: 55_000) + "\"}").utf8)),
            ("XLIFF with a NUL reference", Array(#"<xliff version="2.0" srcLang="en" trgLang="fr"><file id="f"><unit id="greeting"><segment><source>Hi</source><target>&#0;</target></segment></unit></file></xliff>"#.utf8)),
            ("PO with an octal NUL", Array("msgctxt \"greeting\"\nmsgid \"Hello {name}\"\nmsgstr \"Salut\\0 {name}\"\n".utf8)),
            ("CSV", Array("key,locale,channel,message\ngreeting,fr,default,\"Salut {name}\"\n".utf8)),
            ("not JSON", Array("key=greeting&message=hi".utf8)),
        ]
        return pick(bodies)
    }

    /// A string as JSON text (escapes as JSON wants them, NUL as `\u0000`).
    func quoted(_ text: String) -> String {
        let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed])
        return data.map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
