import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Synchronization

/// A client of a Parley server's catalog API, for the CLI and for scripts.
public struct ParleyClient: Sendable {
    public var server: URL
    public var key: String
    public var workspace: String
    /// Called as bytes move: (done, total when known). For progress bars.
    public var progress: (@Sendable (Int, Int?) -> Void)?
    private let http: HTTPClient

    public init(server: URL, key: String, workspace: String, http: HTTPClient = .shared,
                progress: (@Sendable (Int, Int?) -> Void)? = nil) {
        self.server = server
        self.key = key
        self.workspace = workspace
        self.http = http
        self.progress = progress
    }

    /// A client that gives up on a server it cannot connect to after `connectTimeout`, with the
    /// reason (`connection refused`), instead of retrying until the request's deadline.
    public init(server: URL, key: String, workspace: String, connectTimeout: Duration,
                progress: (@Sendable (Int, Int?) -> Void)? = nil) {
        self.init(server: server, key: key, workspace: workspace, http: Self.http(connectTimeout: connectTimeout), progress: progress)
    }

    /// One HTTP client per connect timeout, for the life of the process: an `HTTPClient` must be
    /// shut down before it is released, and these never are.
    private static let clients = Mutex<[Duration: HTTPClient]>([:])

    private static func http(connectTimeout: Duration) -> HTTPClient {
        clients.withLock { clients in
            if let client = clients[connectTimeout] { return client }
            var configuration = HTTPClient.Configuration.singletonConfiguration
            configuration.timeout.connect = TimeAmount(connectTimeout)
            // The default retries a refused connection with backoff until the request's deadline
            // (90 s for the shared client): a command-line tool should say at once that it cannot connect.
            configuration.connectionPool.retryConnectionEstablishment = false
            let client = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
            clients[connectTimeout] = client
            return client
        }
    }

    // MARK: The catalog

    public func snapshot() async throws -> Snapshot {
        try await json(.GET, "snapshot")
    }

    public func coverage() async throws -> Coverage {
        try await json(.GET, "locales")
    }

    /// Writes all the changes or none (`dryRun`: checks only).
    public func push(_ changes: [Change], dryRun: Bool) async throws -> BatchSummary {
        try await json(.POST, "changes", body: try Self.encoder.encode(ChangeBatch(changes: changes, dryRun: dryRun)))
    }

    public func export(format: String, locale: String?) async throws -> String {
        var query = [("format", format)]
        if let locale { query.append(("locale", locale)) }
        let data = try await send(.GET, "export", query: query)
        return String(decoding: data, as: UTF8.self)
    }

    public func importFile(name: String, contents: Data, format: String?, locale: String?, dryRun: Bool) async throws -> ImportSummary {
        var query = [("name", name)]
        if let format { query.append(("format", format)) }
        if let locale { query.append(("locale", locale)) }
        if dryRun { query.append(("dryRun", "true")) }
        return try Self.decode(try await send(.POST, "import", query: query, body: contents, contentType: "application/octet-stream"))
    }

    // MARK: One text

    public func text(_ key: String, locale: String, channel: String) async throws -> Text {
        try await json(.GET, "templates/\(key)/translations/\(locale)", query: [("channel", channel)])
    }

    public func review(_ key: String, locale: String, channel: String, approve: Bool, version: Int) async throws -> Text {
        try await json(.POST, "templates/\(key)/translations/\(locale)/review", query: [("channel", channel)],
                       body: try Self.encoder.encode(["decision": approve ? "approve" : "reject"]), ifMatch: version)
    }

    public func history(_ key: String, locale: String, channel: String) async throws -> [Revision] {
        let list: RevisionList = try await json(.GET, "templates/\(key)/translations/\(locale)/revisions", query: [("channel", channel)])
        return list.revisions
    }

    public func rollback(_ key: String, locale: String, channel: String, to revision: Int64, version: Int) async throws -> Text {
        try await json(.POST, "templates/\(key)/translations/\(locale)/rollback", query: [("channel", channel)],
                       body: try Self.encoder.encode(["revision": revision]), ifMatch: version)
    }

    /// Sets a template's examples in a locale, if they are still at `version` (nil: the server has none yet).
    public func putExamples(_ key: String, locale: String, phrases: [String], version: Int?) async throws -> Examples {
        try await json(.PUT, "templates/\(key)/examples/\(locale)", body: try Self.encoder.encode(["phrases": phrases]),
                       ifMatch: version, ifNoneMatch: version == nil)
    }

    // MARK: Agents

    /// An agent's search: templates ranked for `query`, in `locale`'s texts or all locales'.
    public func search(_ query: String, locale: String?, limit: Int) async throws -> [Template] {
        var parameters = [("q", query), ("limit", String(limit))]
        if let locale { parameters.append(("locale", locale)) }
        let page: TemplatePage = try await json(.GET, "templates", query: parameters)
        return page.templates
    }

    /// The replies that best answer a customer's message.
    public func suggest(_ text: String, locale: String?, limit: Int) async throws -> Suggestions {
        try await json(.POST, "suggest", body: try Self.encoder.encode(SuggestRequest(text: text, locale: locale, limit: limit)))
    }

    // MARK: Usage

    /// Renders over a period (`from` as RFC 3339), grouped by `by` (template, locale, channel, role, day).
    public func usage(from: String?, by: String) async throws -> Usage {
        var parameters = [("by", by)]
        if let from { parameters.append(("from", from)) }
        return try await json(.GET, "usage", query: parameters)
    }

    /// What customers asked for and did not get over a period, ranked by renders.
    public func demand(from: String?) async throws -> Demand {
        try await json(.GET, "demand", query: from.map { [("from", $0)] } ?? [])
    }

    // MARK: Transport

    private func json<T: Decodable>(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [],
                                    body: Data? = nil, ifMatch: Int? = nil, ifNoneMatch: Bool = false) async throws -> T {
        try Self.decode(try await send(method, path, query: query, body: body, contentType: "application/json", ifMatch: ifMatch,
                                       ifNoneMatch: ifNoneMatch))
    }

    private func send(_ method: HTTPMethod, _ path: String, query: [(String, String)] = [], body: Data? = nil,
                      contentType: String = "application/json", ifMatch: Int? = nil, ifNoneMatch: Bool = false) async throws -> Data {
        var components = URLComponents(url: server, resolvingAgainstBaseURL: false)!
        let base = components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path
        components.percentEncodedPath = base + "/v1/workspaces/" + Self.escape(workspace) + "/" + path
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) } }
        guard let url = components.url else { throw ClientError.unreachable("'\(server)' is not a server URL") }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(key)")
        request.headers.add(name: "Accept", value: "application/json")
        if let ifMatch { request.headers.add(name: "If-Match", value: "\"\(ifMatch)\"") }
        if ifNoneMatch { request.headers.add(name: "If-None-Match", value: "*") }
        if let body {
            request.headers.add(name: "Content-Type", value: contentType)
            request.body = .bytes(ByteBuffer(bytes: body))
        }
        let response: HTTPClientResponse
        do {
            response = try await http.execute(request, timeout: .seconds(120))
        } catch {
            throw ClientError.unreachable("cannot reach \(server.absoluteString): \(ConnectionFailure.reason(error))")
        }
        if let body { progress?(body.count, body.count) }  // sent: the upload is whole before an answer comes
        let total = response.headers.first(name: "Content-Length").flatMap(Int.init)
        var data = Data()
        for try await chunk in response.body {
            data.append(contentsOf: chunk.readableBytesView)
            if body == nil { progress?(data.count, total) }
        }
        guard (200..<300).contains(Int(response.status.code)) else {
            throw ClientError.refused(status: Int(response.status.code), Self.failure(data, status: response.status))
        }
        return data
    }

    private static func failure(_ data: Data, status: HTTPResponseStatus) -> Failure {
        if let body = try? JSONDecoder().decode(FailureBody.self, from: data) { return body.error }
        return Failure(code: "http-\(status.code)", message: "the server answered \(status.code) \(status.reasonPhrase)")
    }

    private static func escape(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? segment
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return encoder
    }()

    static func decode<T: Decodable>(_ data: Data) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: data)
        } catch {
            throw ClientError.unreachable("the server's answer was not understood: \(error)")
        }
    }
}

/// Why a request failed.
public enum ClientError: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached, or answered something that is not Parley's API.
    case unreachable(String)
    /// The server refused, with its status and error body.
    case refused(status: Int, Failure)

    public var description: String {
        switch self {
        case .unreachable(let message): message
        case .refused(let status, let failure): "\(failure.message) (\(status) \(failure.code))"
        }
    }
}
