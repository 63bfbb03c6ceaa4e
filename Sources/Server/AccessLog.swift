import Hummingbird
import Logging

/// One log line per request (method, route, status, duration, key id, and the request id from the
/// logger's metadata; never the key nor a body), and the request id in the answer's `X-Request-Id`. Outermost, so that it sees the
/// status the caller gets, whichever layer answered.
struct AccessLogMiddleware: RouterMiddleware {
    typealias Context = ParleyContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestID.accepted(request.headers[RequestID.field]) ?? RequestID.generate()
        context.record.requestID = id
        // Every line logged while the request runs names it, not only this layer's.
        var context = context
        context.logger[metadataKey: "request_id"] = .string(id)
        let start = ContinuousClock.now
        do {
            var response = try await next(request, context)
            response.headers[RequestID.field] = id
            log(request, context, status: response.status.code, since: start)
            return response
        } catch {
            // The error becomes the answer outside this layer (APIError adds the id to it).
            log(request, context, status: (error as? any HTTPResponseError)?.status.code ?? 500, since: start)
            throw error
        }
    }

    private func log(_ request: Request, _ context: Context, status: Int, since start: ContinuousClock.Instant) {
        // The line's fields cost more than a render: made only when the line is written.
        guard context.logger.logLevel <= .info else { return }
        let elapsed = ContinuousClock.now - start
        let milliseconds = Double(elapsed.components.seconds) * 1e3 + Double(elapsed.components.attoseconds) / 1e15
        var metadata: Logger.Metadata = [
            "method": .string(request.method.rawValue),
            "route": .string(context.endpointPath ?? "unmatched"),
            "status": .stringConvertible(status),
            "duration_ms": .string(String(Double(Int(milliseconds * 1000)) / 1000)),
        ]
        if let keyID = context.record.keyID { metadata["key_id"] = .stringConvertible(keyID) }
        context.logger.info("request", metadata: metadata)
    }
}
