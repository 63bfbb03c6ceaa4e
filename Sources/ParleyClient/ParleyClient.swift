import AsyncHTTPClient
import Foundation
import HTTPTypes
import NIOCore
import OpenAPIAsyncHTTPClient
import OpenAPIRuntime
import ParleyAPI
import Synchronization

/// A client of a Parley server's catalog API, for the CLI and for scripts: one workspace, one key.
///
/// The requests and answers are the types ParleyAPI generates from `openapi.yaml` (`Components.Schemas`);
/// this type adds what a command-line tool needs around them: the key, a connect timeout that
/// fails fast, progress, and refusals as ``RequestFailure`` with the server's error body.
public struct ParleyClient: Sendable {
    public var server: URL
    public var workspace: String
    private let client: Client

    public init(server: URL, key: String, workspace: String, http: HTTPClient = .shared,
                progress: (@Sendable (Int, Int?) -> Void)? = nil) {
        self.server = server
        self.workspace = workspace
        let transport = AsyncHTTPClientTransport(configuration: .init(client: http, timeout: .seconds(120)))
        client = Client(serverURL: server, transport: transport,
                        middlewares: [Credentials(key: key), Preconditions(), Refusals(), Progress(report: progress), ExportedFiles()])
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

    public func snapshot() async throws -> Components.Schemas.Snapshot {
        try await call { try await client.getSnapshot(path: .init(workspace: workspace)).ok.body.json }
    }

    public func coverage() async throws -> Components.Schemas.LocaleCoverage {
        try await call { try await client.getCoverage(path: .init(workspace: workspace)).ok.body.json }
    }

    /// Writes all the changes or none (`dryRun`: checks only).
    public func push(_ changes: [ChangeItem], dryRun: Bool) async throws -> Components.Schemas.ChangeSummary {
        try await call {
            try await client.applyChanges(path: .init(workspace: workspace), body: .json(.init(dryRun: dryRun, changes: changes))).ok.body.json
        }
    }

    /// The workspace's texts as a file (`format`: xliff2, xliff12, po, json, csv).
    public func export(format: String, locale: String?) async throws -> String {
        guard let format = Operations.ExportFile.Input.Query.FormatPayload(rawValue: format) else {
            throw RequestFailure.unreachable("'\(format)' is not a format: xliff2, xliff12, po, json or csv")
        }
        return try await call {
            let answer = try await client.exportFile(path: .init(workspace: workspace), query: .init(format: format, locale: locale)).ok.body
            let body: HTTPBody
            switch answer {
            case .applicationXliffXml(let file), .textXGettextTranslation(let file), .csv(let file): body = file
            case .json: throw RequestFailure.unreachable("an exported JSON file was decoded instead of kept as it came")
            }
            return try await String(collecting: body, upTo: .max)
        }
    }

    public func importFile(name: String, contents: Data, format: String?, locale: String?, dryRun: Bool) async throws -> Components.Schemas.ImportSummary {
        let format = try format.map { name in
            guard let format = Operations.ImportFile.Input.Query.FormatPayload(rawValue: name) else {
                throw RequestFailure.unreachable("'\(name)' is not a format: xliff2, xliff12, po, json or csv")
            }
            return format
        }
        return try await call {
            try await client.importFile(path: .init(workspace: workspace),
                                        query: .init(format: format, name: name, locale: locale, dryRun: dryRun ? true : nil),
                                        body: .binary(HTTPBody(contents))).ok.body.json
        }
    }

    // MARK: One text

    public func text(_ key: String, locale: String, channel: String) async throws -> Components.Schemas.Translation {
        try await call {
            try await client.getTranslation(path: .init(workspace: workspace, key: key, locale: locale), query: .init(channel: channel)).ok.body.json
        }
    }

    public func review(_ key: String, locale: String, channel: String, approve: Bool, version: Int) async throws -> Components.Schemas.Translation {
        try await call {
            try await client.reviewTranslation(path: .init(workspace: workspace, key: key, locale: locale), query: .init(channel: channel),
                                               headers: .init(ifMatch: Self.entityTag(version)),
                                               body: .json(.init(decision: approve ? .approve : .reject))).ok.body.json
        }
    }

    /// Every revision of a text, newest first, read a page at a time.
    public func history(_ key: String, locale: String, channel: String) async throws -> [Components.Schemas.Revision] {
        var revisions: [Components.Schemas.Revision] = []
        var after: String?
        // Bounded: 500 pages of 500 revisions.
        for _ in 0..<500 {
            let page = try await call {
                try await client.listRevisions(path: .init(workspace: workspace, key: key, locale: locale),
                                               query: .init(channel: channel, after: after, limit: 500)).ok.body.json
            }
            revisions += page.revisions
            guard let next = page.next else { break }
            after = next
        }
        return revisions
    }

    public func rollback(_ key: String, locale: String, channel: String, to revision: Int, version: Int) async throws -> Components.Schemas.Translation {
        try await call {
            try await client.rollbackTranslation(path: .init(workspace: workspace, key: key, locale: locale), query: .init(channel: channel),
                                                 headers: .init(ifMatch: Self.entityTag(version)),
                                                 body: .json(.init(revision: revision))).ok.body.json
        }
    }

    /// Sets a template's examples in a locale, if they are still at `version` (nil: the server has none yet).
    public func putExamples(_ key: String, locale: String, phrases: [String], version: Int?) async throws -> Components.Schemas.Examples {
        try await call {
            let answer = try await client.putExamples(path: .init(workspace: workspace, key: key, locale: locale),
                                                      headers: .init(ifMatch: version.map(Self.entityTag), ifNoneMatch: version == nil ? ._ast_ : nil),
                                                      body: .json(.init(phrases: phrases)))
            if case .created(let created) = answer { return try created.body.json }
            return try answer.ok.body.json
        }
    }

    // MARK: Agents

    /// An agent's search: templates ranked for `query`, in `locale`'s texts or all locales'.
    public func search(_ query: String, locale: String?, limit: Int) async throws -> [Components.Schemas.Template] {
        try await call {
            try await client.listTemplates(path: .init(workspace: workspace), query: .init(q: query, locale: locale, limit: limit)).ok.body.json.templates
        }
    }

    /// The replies that best answer a customer's message.
    public func suggest(_ text: String, locale: String?, limit: Int) async throws -> Components.Schemas.Suggestions {
        try await call {
            try await client.suggestReplies(path: .init(workspace: workspace),
                                            body: .json(.init(text: text, locale: locale, limit: limit))).ok.body.json
        }
    }

    // MARK: Usage

    /// Renders over a period (`from` as RFC 3339), grouped by `by` (template, locale, channel, role, day).
    public func usage(from: String?, by: String) async throws -> Components.Schemas.Usage {
        guard let by = Operations.GetUsage.Input.Query.ByPayload(rawValue: by) else {
            throw RequestFailure.unreachable("'\(by)' is not a grouping: template, locale, channel, role or day")
        }
        return try await call { try await client.getUsage(path: .init(workspace: workspace), query: .init(from: from, by: by)).ok.body.json }
    }

    /// What customers asked for and did not get over a period, ranked by renders.
    public func demand(from: String?) async throws -> Components.Schemas.Demand {
        try await call { try await client.getDemand(path: .init(workspace: workspace), query: .init(from: from)).ok.body.json }
    }

    // MARK: Transport

    /// The entity tag of a text's version, `"3"`, as If-Match names it.
    private static func entityTag(_ version: Int) -> String { "\"\(version)\"" }

    /// Runs one call; what failed on the way comes out as a ``RequestFailure``.
    private func call<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as RequestFailure {
            throw error
        } catch let error as OpenAPIRuntime.ClientError {
            if let failure = error.underlyingError as? RequestFailure { throw failure }
            // No answer at all: the request never reached the server.
            if error.response == nil {
                throw RequestFailure.unreachable("cannot reach \(server.absoluteString): \(ConnectionFailure.reason(error.underlyingError))")
            }
            throw RequestFailure.unreachable("the server's answer was not understood: \(error.underlyingError)")
        } catch {
            throw RequestFailure.unreachable("the server's answer was not understood: \(error)")
        }
    }
}

/// One text to write in a batch.
public typealias ChangeItem = Components.Schemas.ChangeItem

/// Why a request failed.
public enum RequestFailure: Error, Sendable, CustomStringConvertible {
    /// The server could not be reached, or answered something that is not Parley's API.
    case unreachable(String)
    /// The server refused, with its status and error body.
    case refused(status: Int, Components.Schemas.ErrorContent)

    public var description: String {
        switch self {
        case .unreachable(let message): message
        case .refused(let status, let failure): "\(failure.message) (\(status) \(failure.code))"
        }
    }
}

/// Sends the key with every request.
private struct Credentials: ClientMiddleware {
    let key: String

    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        request.headerFields[.authorization] = "Bearer \(key)"
        return try await next(request, body, baseURL)
    }
}

/// Sends If-Match and If-None-Match as HTTP writes them. The generated code writes every header
/// value URI-encoded (`%223%22`, `%2A`), which suits the API's other headers but not entity tags
/// and `*`; neither ever holds a `%` of its own.
private struct Preconditions: ClientMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        var request = request
        for name in [HTTPField.Name.ifMatch, .ifNoneMatch] {
            if let value = request.headerFields[name], let decoded = value.removingPercentEncoding { request.headerFields[name] = decoded }
        }
        return try await next(request, body, baseURL)
    }
}

/// Turns a refusal (4xx, 5xx) into a ``RequestFailure`` carrying the server's error body, for
/// every operation alike, before the generated code sees it.
private struct Refusals: ClientMiddleware {
    private struct Envelope: Decodable { var error: Components.Schemas.ErrorContent }

    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        let (response, answer) = try await next(request, body, baseURL)
        guard response.status.code >= 400 else { return (response, answer) }
        var bytes = Data()
        if let answer { bytes = try await Data(collecting: answer, upTo: 1 << 20) }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: bytes) {
            throw RequestFailure.refused(status: response.status.code, envelope.error)
        }
        throw RequestFailure.refused(status: response.status.code,
                                     .init(code: "http-\(response.status.code)",
                                           message: "the server answered \(response.status.code) \(response.status.reasonPhrase)"))
    }
}

/// Keeps an exported file as it came. The generated code reads every `application/json` answer as
/// a JSON value, which would reorder a flat JSON file's entries; the file's bytes go to the caller
/// untouched instead, through the document's one raw text type for exports.
private struct ExportedFiles: ClientMiddleware {
    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        var (response, answer) = try await next(request, body, baseURL)
        if operationID == "exportFile", response.headerFields[.contentType]?.hasPrefix("application/json") == true {
            response.headerFields[.contentType] = "text/csv; charset=utf-8"
        }
        return (response, answer)
    }
}

/// Reports bytes as they move: an upload once it is sent, a download as it arrives.
private struct Progress: ClientMiddleware {
    let report: (@Sendable (Int, Int?) -> Void)?

    func intercept(_ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
                   next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)) async throws -> (HTTPResponse, HTTPBody?) {
        guard let report else { return try await next(request, body, baseURL) }
        let (response, answer) = try await next(request, body, baseURL)
        if let body, case .known(let length) = body.length {
            report(Int(length), Int(length))  // sent: the upload is whole before an answer comes
            return (response, answer)
        }
        guard let answer else { return (response, nil) }
        let total: Int? = if case .known(let length) = answer.length { Int(length) } else { nil }
        let counted = Counter()
        let reporting = answer.map { chunk in
            report(counted.add(chunk.count), total)
            return chunk
        }
        return (response, HTTPBody(reporting, length: answer.length, iterationBehavior: answer.iterationBehavior))
    }

    private final class Counter: Sendable {
        private let total = Mutex(0)
        func add(_ count: Int) -> Int { total.withLock { $0 += count; return $0 } }
    }
}
