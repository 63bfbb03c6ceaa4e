import Catalog
import Hummingbird
import ICU
import Store

/// `POST /v1/workspaces/{workspace}/render` and its batch form.
struct RenderRoutes {
    let cache: RenderCache

    func register(on group: RouterGroup<ParleyContext>) {
        group.post("workspaces/:workspace/render", use: render)
        group.post("workspaces/:workspace/render/batch", use: renderBatch)
    }

    struct BatchRequest: Decodable {
        var requests: [RenderRequest]
    }

    struct BatchResult: Encodable {
        var results: [Outcome]
    }

    /// One result of a batch: the render, or its error.
    struct Outcome: Encodable {
        var result: RenderResponse?
        var error: APIError.Body.Content?
    }

    @Sendable func render(_ request: Request, context: ParleyContext) async throws -> Response {
        let snapshot = try await snapshot(context)
        let body = try await request.decode(as: RenderRequest.self, context: context)
        return try JSON.response(try cache.render(body, in: snapshot, preferences: try preferences(of: body)))
    }

    @Sendable func renderBatch(_ request: Request, context: ParleyContext) async throws -> Response {
        let snapshot = try await snapshot(context)
        let body = try await request.decode(as: BatchRequest.self, context: context)
        guard body.requests.count <= 1000 else { throw APIError.badRequest("at most 1000 renders per batch") }
        let results = body.requests.map { item -> Outcome in
            do {
                return Outcome(result: try cache.render(item, in: snapshot, preferences: try preferences(of: item)))
            } catch let error as APIError {
                return Outcome(error: .init(code: error.code, message: error.message, issues: error.issues))
            } catch {
                return Outcome(error: .init(code: "internal", message: "this render failed"))
            }
        }
        return try JSON.response(BatchResult(results: results))
    }

    private func snapshot(_ context: ParleyContext) async throws -> RenderCache.Snapshot {
        let principal = try context.require(.render)
        let snapshot = try await cache.snapshot(named: try context.parameter("workspace"))
        guard principal.mayUse(snapshot.workspace) else { throw APIError.forbidden("this key is for another workspace") }
        return snapshot
    }

    /// The caller's locales: the explicit tag, else Accept-Language, else none (the default).
    private func preferences(of request: RenderRequest) throws -> [LocaleID] {
        if let tag = request.locale {
            guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
            return [locale]
        }
        if let header = request.acceptLanguage { return AcceptLanguage.parse(header) }
        return []
    }
}
