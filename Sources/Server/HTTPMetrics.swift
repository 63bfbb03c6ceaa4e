import Atomics
import Hummingbird

/// Requests and latency by route, method and status, for Prometheus.
///
/// Why not Hummingbird's MetricsMiddleware: it looks its series up under a lock and records
/// through swift-metrics' locked histograms on every request, which cost a sixth of the render
/// route's throughput here. The routes are known when the server starts, so every series is
/// made up front and a request only increments atomics.
final class HTTPMetrics: Sendable {
    /// Upper bounds of the latency buckets, in nanoseconds (50 µs … 5 s).
    static let bounds: [Int] = [50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 250_000,
                                500_000, 1_000_000, 2_500_000, 5_000_000].map { $0 * 1_000 }
    static let statuses: [Int] = [200, 201, 204, 400, 401, 403, 404, 405, 409, 412, 413, 422, 428, 429, 500, 503]

    final class Series: Sendable {
        let count = ManagedAtomic<Int>(0)
        let nanoseconds = ManagedAtomic<Int>(0)
        let buckets: [ManagedAtomic<Int>] = HTTPMetrics.bounds.map { _ in ManagedAtomic<Int>(0) }

        func record(_ elapsed: Int) {
            count.wrappingIncrement(ordering: .relaxed)
            nanoseconds.wrappingIncrement(by: elapsed, ordering: .relaxed)
            if let bucket = HTTPMetrics.bounds.firstIndex(where: { elapsed <= $0 }) {
                buckets[bucket].wrappingIncrement(ordering: .relaxed)
            }
        }
    }

    /// Series of one route and method, by status (the last one is every other status).
    struct Route: Sendable {
        let path: String
        let method: String
        let byStatus: [Series]

        func series(for status: Int) -> Series {
            byStatus[HTTPMetrics.statuses.firstIndex(of: status) ?? HTTPMetrics.statuses.count]
        }
    }

    /// Keyed by Hummingbird's endpoint path (`/v1/workspaces/{workspace}/render`), then method.
    private let routes: [String: [(method: String, route: Route)]]
    private let unmatched: Route

    init(routes: [(method: String, path: String)]) {
        func route(_ method: String, _ path: String) -> Route {
            Route(path: path, method: method, byStatus: (0...HTTPMetrics.statuses.count).map { _ in Series() })
        }
        var table: [String: [(method: String, route: Route)]] = [:]
        for (method, path) in routes { table[path, default: []].append((method, route(method, path))) }
        self.routes = table
        self.unmatched = route("any", "unmatched")
    }

    func record(method: String, endpoint: String?, status: Int, nanoseconds: Int) {
        let route = endpoint.flatMap { routes[$0]?.first { $0.method == method }?.route } ?? unmatched
        route.series(for: status).record(nanoseconds)
    }

    /// Prometheus text exposition of every series that has seen a request.
    func emit(into out: inout String) {
        out += "# TYPE http_requests_total counter\n"
        let all = routes.values.flatMap { $0.map(\.route) }.sorted { ($0.path, $0.method) < ($1.path, $1.method) } + [unmatched]
        for route in all {
            for (index, series) in route.byStatus.enumerated() where series.count.load(ordering: .relaxed) > 0 {
                out += "http_requests_total{\(labels(route, index))} \(series.count.load(ordering: .relaxed))\n"
            }
        }
        out += "# TYPE http_request_duration_seconds histogram\n"
        for route in all {
            for (index, series) in route.byStatus.enumerated() where series.count.load(ordering: .relaxed) > 0 {
                let labels = labels(route, index)
                var cumulative = 0
                for (bucket, bound) in HTTPMetrics.bounds.enumerated() {
                    cumulative += series.buckets[bucket].load(ordering: .relaxed)
                    out += "http_request_duration_seconds_bucket{\(labels),le=\"\(Double(bound) / 1e9)\"} \(cumulative)\n"
                }
                let count = series.count.load(ordering: .relaxed)
                out += "http_request_duration_seconds_bucket{\(labels),le=\"+Inf\"} \(count)\n"
                out += "http_request_duration_seconds_sum{\(labels)} \(Double(series.nanoseconds.load(ordering: .relaxed)) / 1e9)\n"
                out += "http_request_duration_seconds_count{\(labels)} \(count)\n"
            }
        }
    }

    private func labels(_ route: Route, _ statusIndex: Int) -> String {
        let status = statusIndex < HTTPMetrics.statuses.count ? String(HTTPMetrics.statuses[statusIndex]) : "other"
        return "route=\"\(route.path)\",method=\"\(route.method)\",status=\"\(status)\""
    }
}

/// Times each request and counts it under its route and status.
struct HTTPMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: HTTPMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = ContinuousClock.now
        do {
            let response = try await next(request, context)
            finish(request, context, response.status.code, start)
            return response
        } catch let error as any HTTPResponseError {
            finish(request, context, error.status.code, start)
            throw error
        } catch {
            finish(request, context, 500, start)
            throw error
        }
    }

    private func finish(_ request: Request, _ context: Context, _ status: Int, _ start: ContinuousClock.Instant) {
        let elapsed = ContinuousClock.now - start
        let nanoseconds = Int(elapsed.components.seconds) * 1_000_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000)
        metrics.record(method: request.method.rawValue, endpoint: context.endpointPath, status: status, nanoseconds: nanoseconds)
    }
}
