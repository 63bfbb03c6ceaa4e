import Foundation
import Hummingbird
import ParleyAPI
import Store

/// Liveness, readiness, metrics and the API description.
struct OperationsRoutes {
    let database: Database
    let cache: RenderCache
    let migrator: Migrator
    let http: HTTPMetrics?
    /// How long `/readyz` waits for a new database connection.
    let readiness: Duration
    let feedHealth: FeedHealth

    func register(on router: Router<ParleyContext>) {
        router.get("healthz", use: health)
        router.get("readyz", use: ready)
        router.get("metrics", use: metrics)
        router.get("openapi.json", use: openAPI)
    }

    @Sendable func health(_ request: Request, context: ParleyContext) async throws -> Response {
        try JSON.response(Operations.GetHealth.Output.Ok.Body.JsonPayload(status: .alive))
    }

    /// Ready when a new database connection can be made and answers at once, its schema is this
    /// version's, and the cache follows the change log (workspaces load on first use); not ready within `readiness` when the database is away.
    @Sendable func ready(_ request: Request, context: ParleyContext) async throws -> Response {
        let reachable = await database.probe(within: readiness)
        let migrations = reachable ? await Deadline.$current.withValue(.now + readiness) { await migrator.isCurrent(database) } : false
        var checks = ["database": reachable, "migrations": migrations, "cache": cache.isFollowing]
        // Workspaces load from the standby: without it, first uses fail.
        checks["standby"] = await database.probeStandby(within: readiness)
        let ready = checks.values.allSatisfy { $0 }
        let lag = await database.replicaLag()
        return try JSON.response(Contract.Readiness(status: ready ? .ready : .notReady, checks: .init(additionalProperties: checks),
                                                    standby: lag.map { .init(lagBytes: $0.bytes, lagSeconds: $0.seconds) }),
                                 status: ready ? .ok : .serviceUnavailable)
    }

    @Sendable func metrics(_ request: Request, context: ParleyContext) async throws -> Response {
        var text = ""
        http?.emit(into: &text)
        text += "# HELP parley_database_reachable Whether the change feed's last read of the database worked (1) or not (0).\n"
        text += "# TYPE parley_database_reachable gauge\nparley_database_reachable \(feedHealth.reachable ? 1 : 0)\n"
        if let age = feedHealth.age {
            let seconds = Double(age.components.seconds) + Double(age.components.attoseconds) / 1e18
            text += "# HELP parley_cache_age_seconds Time since this replica last read the change log: how stale its memory may be.\n"
            text += "# TYPE parley_cache_age_seconds gauge\nparley_cache_age_seconds \(String(format: "%.3f", seconds))\n"
        }
        if let lag = await database.replicaLag() {
            text += "# HELP parley_standby_lag_bytes WAL bytes written on the primary and not yet replayed by the standby this replica reads from.\n"
            text += "# TYPE parley_standby_lag_bytes gauge\nparley_standby_lag_bytes \(lag.bytes)\n"
            text += "# HELP parley_standby_lag_seconds While WAL is outstanding, the age of the standby's last replayed transaction (0 when current).\n"
            text += "# TYPE parley_standby_lag_seconds gauge\nparley_standby_lag_seconds \(String(format: "%.3f", lag.seconds))\n"
        }
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
