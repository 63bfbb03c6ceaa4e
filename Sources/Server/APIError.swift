import Catalog
import Foundation
import Hummingbird
import ParleyAPI
import Store

/// The one error shape of the API:
///
/// ```json
/// {"error": {"code": "stale", "message": "…", "current": {"version": 4, "author": "…", "at": "…"}, "requestId": "…"}}
/// ```
///
/// `requestId` is the answer's `X-Request-Id`, so a caller can name the request in the logs.
/// Messages speak of the caller's data only; SQL, stack traces and server details go to the log.
public struct APIError: Error, HTTPResponseError, Sendable {
    public var status: HTTPResponse.Status
    public var code: String
    public var message: String
    /// For a rejected message: each problem with its line, column and caret.
    public var problems: [MessageProblem]?
    /// For a stale write: the current version, who changed it and when.
    public var current: VersionStamp?
    /// For a strict render: what was wrong with the arguments.
    public var issues: [String]?
    /// For a refused batch: every text changed since the caller read it.
    public var conflicts: [TextConflict]?
    /// For a refused import: each problem as `file:line: severity: message`.
    public var diagnostics: [String]?
    /// For a request refused for now (429, 503): seconds to wait, sent as `Retry-After`.
    public var retryAfter: Int?
    /// Headers the answer carries besides the body's (`Allow` on a 405).
    public var headers: HTTPFields

    public init(_ status: HTTPResponse.Status, _ code: String, _ message: String, problems: [MessageProblem]? = nil,
                current: VersionStamp? = nil, issues: [String]? = nil, conflicts: [TextConflict]? = nil, diagnostics: [String]? = nil,
                retryAfter: Int? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems
        self.current = current
        self.issues = issues
        self.conflicts = conflicts
        self.diagnostics = diagnostics
        self.retryAfter = retryAfter
        self.headers = headers
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let requestID = (context as? ParleyContext)?.record.requestID
        return response(requestID: requestID?.isEmpty == false ? requestID : nil)
    }

    /// The answer, with the request's id in the body and in `X-Request-Id`.
    func response(requestID: String?) -> Response {
        var headers = self.headers
        headers[.contentType] = "application/json; charset=utf-8"
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let requestID { headers[RequestID.field] = requestID }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body(requestID: requestID))))
    }

    /// The JSON body.
    func body(requestID: String?) -> [UInt8] {
        let body = Components.Responses._Error.Body.JsonPayload(error: Contract.ErrorContent(self, requestID: requestID))
        // Every member is a string, number or array of them: encoding cannot fail.
        return (try? JSON.encoder.encode(body)).map(Array.init) ?? Array(#"{"error":{"code":"internal","message":""}}"#.utf8)
    }

    static func badRequest(_ message: String) -> APIError { APIError(.badRequest, "bad-request", message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, "not-found", message) }
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, "forbidden", message) }
    static let missingKey = APIError(.unauthorized, "unauthorized", "send an API key: Authorization: Bearer <key>")

    /// The API's view of a store failure.
    init(_ error: StoreError) {
        switch error.kind {
        case .notFound: self.init(.notFound, "not-found", error.message)
        case .conflict: self.init(.conflict, "conflict", error.message)
        case .stale: self.init(.preconditionFailed, "stale", error.message, current: error.current, conflicts: error.conflicts)
        case .invalid: self.init(.unprocessableContent, "invalid", error.message)
        case .unavailable:
            self.init(.serviceUnavailable, "unavailable", "the catalog is unavailable; try again")
            retryAfter = 2
        }
    }
}

/// Authenticates the caller, and turns every error into the API's error shape: store failures
/// by kind, bad JSON as 400, anything unexpected as a 500 whose details are logged, not sent.
/// (One middleware rather than two: each layer costs a little on every render.)
///
/// It also gives every request its deadline (``Deadline``): database work still waiting when it
/// passes is given up, and the request answers 503 with `Retry-After`.
struct ErrorMiddleware: RouterMiddleware {
    typealias Context = ParleyContext
    let authentication: AuthenticationMiddleware
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await Deadline.$current.withValue(.now + timeout) {
                try await authentication.handle(request, context: context, next: next)
            }
        } catch let error as APIError {
            throw error
        } catch let error as StoreError {
            if error.kind == .unavailable { context.logger.warning("store unavailable", metadata: ["error": "\(error.message)"]) }
            throw APIError(error)
        } catch let error as HTTPError {
            let code = error.status == .notFound ? "not-found" : error.status.code == 413 ? "too-large" : "bad-request"
            throw APIError(error.status, code, error.body ?? error.status.reasonPhrase, headers: error.headers)
        } catch let error as DecodingError {
            throw APIError(.badRequest, "bad-request", "the request body is not valid: \(Self.describe(error))")
        } catch let error as any HTTPResponseError {
            throw APIError(error.status, "error", error.status.reasonPhrase)
        } catch {
            context.logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            throw APIError(.internalServerError, "internal", "something went wrong on our side; it has been logged")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
            return path.isEmpty ? "" : " at '\(path)'"
        }
        switch error {
        case .keyNotFound(let key, let context): return "missing '\(key.stringValue)'\(path(context))"
        case .typeMismatch(_, let context): return "wrong type\(path(context))"
        case .valueNotFound(_, let context): return "missing value\(path(context))"
        case .dataCorrupted(let context): return "malformed\(path(context)): \(context.debugDescription)"
        @unknown default: return "malformed"
        }
    }
}

/// A longer deadline than the usual one, for the routes that move a whole workspace (snapshot,
/// export, import, batches).
struct BulkDeadlineMiddleware: RouterMiddleware {
    typealias Context = ParleyContext
    let timeout: Duration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        try await Deadline.$current.withValue(.now + timeout) { try await next(request, context) }
    }
}

/// How long requests may take before they answer 503.
public struct RequestTimeouts: Sendable, Hashable {
    /// Every request.
    public var request: Duration
    /// Snapshots, exports, imports and batches.
    public var bulk: Duration
    /// `/readyz`'s attempt at a new database connection.
    public var readiness: Duration
    /// How long a checked API key is trusted before the database is asked again.
    public var keyMemory: Duration

    public init(request: Duration = .seconds(5), bulk: Duration = .seconds(30), readiness: Duration = .milliseconds(800),
                keyMemory: Duration = .seconds(60)) {
        self.request = request
        self.bulk = bulk
        self.readiness = readiness
        self.keyMemory = keyMemory
    }
}
