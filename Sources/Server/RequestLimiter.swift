import Hummingbird
import Metrics
import Store

/// Applies `RequestLimits` to the API's requests: a `429` with `Retry-After` when a key is over
/// its rate for the class of request, a `503` with `Retry-After` when the replica already runs
/// as many expensive requests as it allows. Every refusal is counted by reason and class
/// (`parley_requests_refused_total`).
public final class RequestLimiter: Sendable {
    public let limits: RequestLimits
    /// The expensive requests running now.
    public let expensive: ExpensiveRequests
    private let buckets = TokenBuckets()
    private let rateRefusals: [RequestClass: Counter]
    private let busyRefusals: [RequestClass: Counter]

    /// How long a caller refused for lack of a place should wait: expensive requests take seconds.
    static let busyRetryAfter = 2

    public init(limits: RequestLimits) {
        self.limits = limits
        self.expensive = ExpensiveRequests(limit: limits.expensiveAtOnce)
        // Made up front, so a refusal only increments.
        func counters(_ reason: String) -> [RequestClass: Counter] {
            Dictionary(uniqueKeysWithValues: RequestClass.allCases.map {
                ($0, Counter(label: "parley_requests_refused_total", dimensions: [("reason", reason), ("class", $0.rawValue)]))
            })
        }
        self.rateRefusals = counters("rate-limit")
        self.busyRefusals = counters("busy")
    }

    /// Charges a request of `kind` to the key, or refuses it with 429.
    func charge(_ principal: Principal, _ kind: RequestClass) throws {
        guard let rate = limits.rates[kind], let wait = buckets.take(.init(keyID: principal.keyID, kind: kind), rate: rate) else { return }
        rateRefusals[kind]?.increment()
        let seconds = max(1, Int(TokenBuckets.seconds(wait).rounded(.up)))
        throw APIError(.tooManyRequests, "rate-limited",
                       "this key is over its rate for \(kind.rawValue) requests (\(rate)); try again in \(seconds) s", retryAfter: seconds)
    }

    /// Runs an expensive request if there is a place for it, or refuses it with 503. The place is
    /// held until the answer is written: a streamed answer (a snapshot) takes most of the time.
    func runExpensive(_ kind: RequestClass, _ body: () async throws -> Response) async throws -> Response {
        guard expensive.enter() else {
            busyRefusals[kind]?.increment()
            throw APIError(.serviceUnavailable, "busy",
                           "this server is running as many exports, imports and snapshots as it allows; try again in \(Self.busyRetryAfter) s",
                           retryAfter: Self.busyRetryAfter)
        }
        var response: Response
        do {
            response = try await body()
        } catch {
            expensive.leave()
            throw error
        }
        let (answer, expensive) = (response.body, self.expensive)
        response.body = ResponseBody(contentLength: answer.contentLength) { writer in
            do {
                try await answer.write(writer)
            } catch {
                expensive.leave()
                throw error
            }
            expensive.leave()
        }
        return response
    }
}

/// Puts every authenticated API request through the limiter (after authentication, which names the key).
struct RequestLimitsMiddleware: RouterMiddleware {
    typealias Context = ParleyContext
    let limiter: RequestLimiter

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard let principal = context.principal, let endpoint = context.endpointPath,
              let kind = RequestClass.of(method: request.method, endpoint: endpoint)
        else { return try await next(request, context) }
        try limiter.charge(principal, kind)
        guard RequestClass.isExpensive(endpoint: endpoint) else { return try await next(request, context) }
        return try await limiter.runExpensive(kind) { try await next(request, context) }
    }
}
