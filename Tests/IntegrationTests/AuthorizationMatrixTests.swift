import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import NIOCore
import Server
import Store
import Testing

/// Every operation of the served OpenAPI document × every kind of caller × own and other
/// workspace × own and other locale: a minimal valid request, and no success for a caller below
/// what the operation's `Role:` line says. A route without a `Role:` line fails; the operations
/// test keeps the document and the routes equal, so no route escapes.
@Suite("Authorization matrix from the OpenAPI document", .needsDatabase)
struct AuthorizationMatrixTests {
    struct Caller: Sendable {
        var name: String
        var secret: String?
        /// nil: no valid key.
        var role: Role?
        /// The one workspace it may use (nil: every workspace).
        var workspace: String?
        /// For translators: the locales it may edit.
        var locales: [String]?
    }

    /// What a request acts on.
    struct Target {
        var workspace: String
        var locale: String
        /// A template with an approved text in the source locale (en), fr and ru.
        var template: String
    }

    @Test("no operation answers 2xx to a caller below its role, outside its workspace or its locales")
    func matrix() async throws {
        let own = TestDatabase.uniqueName("own"), other = TestDatabase.uniqueName("other")
        try await TestServer.run { server, client in
            _ = try await server.server.store.importBundle(try TestServer.bundle(own), author: "seed")
            _ = try await server.server.store.importBundle(try TestServer.bundle(other), author: "seed")
            try await Eventually.within(.seconds(10)) { try await client.json(.get, "/readyz", key: nil).status == .ok }
            let document = OpenAPIOperations(document: try await client.json(.get, "/openapi.json", key: nil).json)
            let operations = try document.operations()
            #expect(operations.count >= 20)
            let callers = try await Self.callers(server, own: own, other: other)
            let setup = Setup(client: client, admin: server.adminKey, server: server.server)
            // One template per workspace, replaced by a fresh one after any write succeeds on it, so
            // a write allowed for one caller never stands in the way of the next.
            var current = [own: try await setup.template(in: own), other: try await setup.template(in: other)]

            // Bounded: a finite set of requests, each answered within the client's timeout.
            var succeeded: Set<String> = []
            for operation in operations {
                let workspaces = operation.path.contains("{workspace}") ? [own, other] : [own]
                let locales = document.involvesLocale(operation) ? ["fr", "ru"] : ["fr"]
                for workspace in workspaces {
                    for locale in locales {
                        for caller in callers {
                            let target = Target(workspace: workspace, locale: locale, template: current[workspace]!)
                            let request = try await RequestBuilder(document: document, operation: operation, target: target, setup: setup).build()
                            let status = try await client.execute(uri: request.uri, method: operation.method,
                                                                  headers: request.headers(key: caller.secret), body: request.body) { $0.status }
                            let allowed = Self.allowed(caller, operation, target, document: document)
                            let row = "\(caller.name) → \(operation.method) \(request.uri) (\(workspace == own ? "own" : "other") workspace, \(locale))"
                            if status.kind == .successful {
                                succeeded.insert(operation.name)
                                if operation.method != .get { current[workspace] = try await setup.template(in: workspace) }
                                if !allowed { Issue.record("forbidden success \(status.code): \(row)") }
                            } else if allowed, caller.role != nil, status == .unauthorized || status == .forbidden {
                                Issue.record("a permitted caller was refused with \(status.code): \(row)")
                            }
                        }
                    }
                }
            }
            for operation in operations where !succeeded.contains(operation.name) {
                Issue.record("no caller succeeded with the request built for \(operation.name): teach RequestBuilder to make a valid one")
            }
        }
    }

    /// Whether the document lets `caller` do `operation` on `target`.
    static func allowed(_ caller: Caller, _ operation: OpenAPIOperations.Operation, _ target: Target, document: OpenAPIOperations) -> Bool {
        guard let needed = operation.role else { return true }
        guard let role = caller.role, role >= needed else { return false }
        if operation.everyWorkspace && caller.workspace != nil { return false }
        if operation.path.contains("{workspace}"), let workspace = caller.workspace, workspace != target.workspace { return false }
        // Translators write only their locales (reading any is fine: that needs less than a translator).
        if needed == .translator, role == .translator, let locales = caller.locales, document.involvesLocale(operation),
           !locales.contains(target.locale) { return false }
        return true
    }

    static func callers(_ server: TestServer, own: String, other: String) async throws -> [Caller] {
        let store = server.server.store, keys = server.server.keys
        let ownID = try await store.workspace(named: own).id, otherID = try await store.workspace(named: other).id
        func key(_ role: Role, _ workspaceID: Int64?, _ locales: [String]? = nil) async throws -> String {
            try await keys.create(name: "matrix \(role)", role: role, workspaceID: workspaceID,
                                  locales: try locales?.map { try LocaleID($0) }).secret
        }
        return [
            Caller(name: "no key", secret: nil, role: nil),
            Caller(name: "bad key", secret: KeyStore.newSecret(), role: nil),
            Caller(name: "render", secret: try await key(.render, ownID), role: .render, workspace: own),
            Caller(name: "agent", secret: try await key(.agent, ownID), role: .agent, workspace: own),
            Caller(name: "translator (fr)", secret: try await key(.translator, ownID, ["fr"]), role: .translator, workspace: own, locales: ["fr"]),
            Caller(name: "translator (fr) of another workspace", secret: try await key(.translator, otherID, ["fr"]), role: .translator,
                   workspace: other, locales: ["fr"]),
            Caller(name: "reviewer", secret: try await key(.reviewer, ownID), role: .reviewer, workspace: own),
            Caller(name: "admin", secret: try await key(.admin, nil), role: .admin),
            Caller(name: "workspace admin", secret: try await key(.admin, ownID), role: .admin, workspace: own),
        ]
    }
}

/// Makes what requests act on, with the admin key.
struct Setup: Sendable {
    let client: any TestClientProtocol
    let admin: String
    let server: ParleyServer

    /// A new template with approved texts in en (its source), fr and ru; its key.
    func template(in workspace: String) async throws -> String {
        let key = "matrix.\(UInt32.random(in: 0...UInt32.max))"
        let base = "/v1/workspaces/\(workspace)/templates"
        let created = try await client.json(.post, base, key: admin, body: ["key": key, "message": "Hello {name}"])
        try #require(created.status == .created, "\(created.json)")
        for (locale, message) in [("fr", "Bonjour {name}"), ("ru", "Привет, {name}")] {
            let text = try await client.json(.put, "\(base)/\(key)/translations/\(locale)", key: admin, body: ["message": message],
                                             headers: [.ifNoneMatch: "*"])
            try #require(text.status == .created, "\(text.json)")
            let examples = try await client.json(.put, "\(base)/\(key)/examples/\(locale)", key: admin, body: ["phrases": ["hello?"]],
                                                 headers: [.ifNoneMatch: "*"])
            try #require(examples.status == .created, "\(examples.json)")
        }
        return key
    }

    /// The ETag of a resource.
    func etag(_ uri: String) async throws -> String? {
        try await client.json(.get, uri, key: admin).headers[.eTag]
    }

    /// The newest revision of a text.
    func revision(_ uri: String) async throws -> Int? {
        (try await client.json(.get, uri + "/revisions", key: admin).json["revisions"] as? [[String: Any]])?.first?["id"] as? Int
    }

    /// A key to revoke.
    func keyID() async throws -> Int64 {
        try await server.keys.create(name: "matrix victim", role: .render).key.id
    }
}

/// A minimal valid request for an operation, from the document: path parameters, the query
/// parameters it requires (and the locale and format), the preconditions it takes, and a body
/// with the required properties (and the optional ones this builder knows a value for).
struct RequestBuilder {
    let document: OpenAPIOperations
    let operation: OpenAPIOperations.Operation
    let target: Target
    let setup: Setup
    typealias Target = AuthorizationMatrixTests.Target

    struct Built {
        var uri: String
        var extraHeaders: HTTPFields
        var body: ByteBuffer?
        var contentType: String

        func headers(key: String?) -> HTTPFields {
            var headers = extraHeaders
            headers[.contentType] = contentType
            if let key { headers[.authorization] = "Bearer \(key)" }
            return headers
        }
    }

    /// Creating operations (201, no template in the path) get new names; others act on the target's template.
    var creates: Bool {
        (operation.object["responses"] as? [String: Any])?["201"] != nil && !operation.path.contains("{key}")
    }

    var textURI: String { "/v1/workspaces/\(target.workspace)/templates/\(target.template)/translations/\(target.locale)" }

    func build() async throws -> Built {
        var path = operation.path
        for (name, value) in [("workspace", target.workspace), ("key", target.template), ("locale", target.locale)] {
            path = path.replacingOccurrences(of: "{\(name)}", with: value)
        }
        if path.contains("{id}") { path = path.replacingOccurrences(of: "{id}", with: String(try await setup.keyID())) }
        try #require(!path.contains("{"), "no value for a path parameter of \(operation.name)")

        var query: [String] = []
        var headers: HTTPFields = [:]
        for parameter in document.parameters(of: operation) {
            guard let name = parameter["name"] as? String else { continue }
            switch parameter["in"] as? String {
            case "query" where parameter["required"] as? Bool == true || name == "locale" || name == "format":
                query.append("\(name)=\(value(of: name, schema: parameter["schema"] as? [String: Any] ?? [:]))")
            case "header" where name == "If-Match":
                // The resource the operation changes: its path up to the last path parameter.
                let resource = path.split(separator: "/").prefix(operation.path.split(separator: "/").lastIndex { $0.hasPrefix("{") }.map { $0 + 1 } ?? 0)
                if let etag = try await setup.etag("/" + resource.joined(separator: "/")) {
                    headers[.ifMatch] = etag
                } else if document.parameters(of: operation).contains(where: { $0["name"] as? String == "If-None-Match" }) {
                    // Nothing there yet: the operation creates it.
                    headers[.ifNoneMatch] = "*"
                }
            default: break
            }
        }
        let uri = path + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        if document.takesFile(operation) {
            // The format chosen above is flat JSON: one text of the target template.
            let file = "{\"\(target.template)\": \"Hello again {name}\"}"
            return Built(uri: uri, extraHeaders: headers, body: ByteBuffer(string: file), contentType: "application/octet-stream")
        }
        guard let schema = document.jsonBody(of: operation) else { return Built(uri: uri, extraHeaders: headers, body: nil, contentType: "application/json") }
        let body = try await json(schema, name: "")
        return Built(uri: uri, extraHeaders: headers, body: ByteBuffer(data: try JSONSerialization.data(withJSONObject: body)),
                     contentType: "application/json")
    }

    /// A query parameter's value: the target locale, the JSON format, else the schema's first choice.
    func value(of name: String, schema: [String: Any]) -> String {
        if name == "locale" { return target.locale }
        let choices = document.resolved(schema)["enum"] as? [String] ?? []
        return choices.contains("json") ? "json" : choices.first ?? "x"
    }

    /// A value the builder knows for a property, by its name.
    func known(_ name: String) async throws -> Any? {
        switch name {
        case "key": return creates ? "matrix.new.\(UInt32.random(in: 0...UInt32.max))" : target.template
        case "response": return target.template  // Rasa NLG: a response name, here a template's key
        case "name": return "matrix-\(UInt32.random(in: 0...UInt32.max))"
        case "message": return "Hello again {name}"
        case "locale", "defaultLocale": return target.locale
        case "locales": return [target.locale]
        case "text": return "hello, my account was hacked"
        case "revision": return try await setup.revision(textURI)
        case "baseVersion": return try await setup.etag(textURI).flatMap { Int($0.trimmingCharacters(in: CharacterSet(charactersIn: "\""))) }
        default: return nil
        }
    }

    func json(_ schema: [String: Any], name: String) async throws -> Any {
        let schema = document.resolved(schema)
        if let known = try await known(name) { return known }
        if let choices = schema["enum"] as? [Any], let first = choices.first { return first }
        if let options = schema["oneOf"] as? [[String: Any]], let first = options.first { return try await json(first, name: name) }
        switch schema["type"] as? String {
        case "object", nil:
            let required = Set(schema["required"] as? [String] ?? [])
            var object: [String: Any] = [:]
            for (property, propertySchema) in (schema["properties"] as? [String: [String: Any]] ?? [:]).sorted(by: { $0.key < $1.key }) {
                if required.contains(property) {
                    object[property] = try await json(propertySchema, name: property)
                } else if let known = try await known(property) {
                    object[property] = known
                }
            }
            return object
        case "array": return [try await json(schema["items"] as? [String: Any] ?? [:], name: "")]
        case "integer", "number": return 1
        case "boolean": return false
        default: return "x"
        }
    }
}
