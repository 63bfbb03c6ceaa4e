import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import Logging
import NIOCore
import Server
import Store
import Testing

/// A Parley service on a real socket, over the test database, with a small seeded workspace.
struct TestServer: Sendable {
    let server: ParleyServer
    let workspace: String
    let adminKey: String

    static let locales = ["en", "es", "es-419", "pt-PT", "zh-Hant", "ru", "fr", "ja"]

    /// The seed every server test starts from: a greeting in several locales, and a Russian plural.
    static func bundle(_ name: String) throws -> CatalogBundle {
        let en = try LocaleID("en")
        func text(_ key: String, _ locale: String, _ message: String, _ channel: ReplyChannel = .default) throws -> TextSpec {
            TextSpec(key: key, locale: try LocaleID(locale), channel: channel, message: message)
        }
        return CatalogBundle(
            workspace: WorkspaceSpec(name: name, defaultLocale: en, locales: try locales.map { try LocaleID($0) }),
            templates: [
                TemplateSpec(key: "greeting", category: "general", tags: ["hello"], description: "Hello", sourceLocale: en),
                TemplateSpec(key: "files", category: "general", description: "n files", sourceLocale: en),
            ],
            texts: [
                try text("greeting", "en", "Hello {name}"),
                try text("greeting", "en", "Dear {name}, hello.", "email"),
                try text("greeting", "es", "Hola {name}"),
                try text("greeting", "es-419", "¡Hola, {name}!"),
                try text("greeting", "pt-PT", "Olá {name}"),
                try text("greeting", "zh-Hant", "{name}您好"),
                try text("files", "en", "{n, plural, one {# file} other {# files}}"),
                try text("files", "ru", "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}"),
            ])
    }

    /// Starts a server (one replica) on the test database and runs `body` with an HTTP client.
    ///
    /// `adminKey` is made the bootstrap admin key, as `PARLEY_ADMIN_KEY` is by `parley serve`.
    /// Requests are not limited unless `limits` says so. `logger` is the service's (the database
    /// pool keeps the tests' quiet one).
    static func run<T: Sendable>(workspace: String? = nil, database configuration: DatabaseConfiguration? = nil,
                                 readReplica: DatabaseConfiguration? = nil,
                                 adminKey: String = KeyStore.newSecret(), limits: RequestLimits = .unlimited,
                                 logger: Logger = TestDatabase.logger, cache: CacheSettings = .init(),
                                 _ body: @Sendable (TestServer, any TestClientProtocol) async throws -> T) async throws -> T {
        let name = workspace ?? TestDatabase.uniqueName("http")
        let database = Database(try configuration ?? TestDatabase.configuration, readReplica: readReplica, logger: TestDatabase.logger)
        let server = ParleyServer(database: database, logger: logger, limits: limits, cache: cache)
        let app = server.application(configuration: .init(address: .hostname("127.0.0.1", port: 0))) {
            try await server.migrator.migrate(database)
            if workspace == nil { _ = try await server.store.importBundle(try bundle(name), author: "seed") }
            try await server.keys.ensureAdmin(secret: adminKey, name: "test admin")
        }
        return try await app.test(.live) { client in
            try await body(TestServer(server: server, workspace: name, adminKey: adminKey), client)
        }
    }

    func key(_ role: Role, locales: [String]? = nil) async throws -> String {
        try await server.keys.create(name: "test \(role)", role: role, locales: try locales?.map { try LocaleID($0) }).secret
    }

    /// Runs `body` with its own connections to the server: requests on one connection are
    /// answered in turn, so concurrent callers each need theirs.
    static func withConnections<T: Sendable>(_ count: Int, to client: any TestClientProtocol,
                                             _ body: @Sendable ([Connection]) async throws -> T) async throws -> T {
        let port = try #require(client.port)
        let connections = (0..<count).map { _ in Connection(port: port) }
        do {
            let result = try await body(connections)
            for connection in connections { try? await connection.client.shutdown() }
            return result
        } catch {
            for connection in connections { try? await connection.client.shutdown() }
            throw error
        }
    }
}

/// One more connection to a test server.
struct Connection: Sendable {
    let client: TestClient

    init(port: Int) {
        client = TestClient(host: "localhost", port: port, configuration: .init(timeout: .seconds(30)))
        client.connect()
    }

    func json(_ method: HTTPRequest.Method, _ uri: String, key: String?, body: Any? = nil,
              headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
        let request = try JSONExchange(key: key, body: body, headers: extra)
        let response = try await client.execute(.init(uri, method: method, headers: request.headers, body: request.body))
        ExchangeLog.record(method, uri, response.status, response.headers, response.body)
        return (response.status, JSONExchange.object(response.body ?? ByteBuffer()), response.headers)
    }
}

/// A JSON request's headers and body, and a JSON answer read leniently (not JSON: empty).
struct JSONExchange {
    var headers: HTTPFields
    var body: ByteBuffer?

    init(key: String?, body: Any?, headers extra: HTTPFields) throws {
        headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        headers[.contentType] = "application/json"
        self.body = try body.map { ByteBuffer(data: try JSONSerialization.data(withJSONObject: $0)) }
    }

    static func object(_ buffer: ByteBuffer) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(buffer: buffer))) as? [String: Any] ?? [:]
    }
}

/// JSON in and out.
extension TestClientProtocol {
    /// Any bytes in (hostile ones too), JSON out.
    func raw(_ method: HTTPRequest.Method, _ uri: String, key: String?, bytes: [UInt8]?,
             headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
        var headers = extra
        if let key { headers[.authorization] = "Bearer \(key)" }
        if headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: bytes.map { ByteBuffer(bytes: $0) }) { response in
            ExchangeLog.record(method, uri, response.status, response.headers, response.body)
            let object = (try? JSONSerialization.jsonObject(with: Data(buffer: response.body))) as? [String: Any] ?? [:]
            return (response.status, object, response.headers)
        }
    }

    func json(_ method: HTTPRequest.Method, _ uri: String, key: String?, body: Any? = nil,
              headers extra: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, json: [String: Any], headers: HTTPFields) {
        let request = try JSONExchange(key: key, body: body, headers: extra)
        return try await execute(uri: uri, method: method, headers: request.headers, body: request.body) { response in
            ExchangeLog.record(method, uri, response.status, response.headers, response.body)
            return (response.status, JSONExchange.object(response.body), response.headers)
        }
    }
}

extension ParleyServer {
    /// Whether this replica follows the change log and hears its notifications, the catch-up
    /// that connecting brings (the seed's changes, a reset of remembered keys) over.
    var followsChanges: Bool { cache.isFollowing && feedHealth.isListening }
}
