import Hummingbird
import Store

/// Liveness, readiness, metrics and the API description.
struct OperationsRoutes {
    let database: Database
    let cache: RenderCache
    let migrator: Migrator
    let http: HTTPMetrics?

    func register(on router: Router<ParleyContext>) {
        router.get("healthz", use: health)
        router.get("readyz", use: ready)
        router.get("metrics", use: metrics)
        router.get("openapi.json", use: openAPI)
    }

    struct Status: Encodable {
        var status: String
        var checks: [String: Bool]?
    }

    @Sendable func health(_ request: Request, context: ParleyContext) async throws -> Response {
        try JSON.response(Status(status: "alive"))
    }

    /// Ready when the database answers, its schema is this version's, and the cache is loaded.
    @Sendable func ready(_ request: Request, context: ParleyContext) async throws -> Response {
        let reachable = await database.ping()
        let migrations = reachable ? await migrator.isCurrent(database) : false
        let checks = ["database": reachable, "migrations": migrations, "cache": cache.isLoaded]
        let ready = checks.values.allSatisfy { $0 }
        return try JSON.response(Status(status: ready ? "ready" : "not ready", checks: checks),
                                 status: ready ? .ok : .serviceUnavailable)
    }

    @Sendable func metrics(_ request: Request, context: ParleyContext) async throws -> Response {
        var text = ""
        http?.emit(into: &text)
        var buffer = Array(text.utf8)
        Observability.registry.emit(into: &buffer)
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
    }

    @Sendable func openAPI(_ request: Request, context: ParleyContext) async throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: OpenAPIDocument.json)))
    }
}
