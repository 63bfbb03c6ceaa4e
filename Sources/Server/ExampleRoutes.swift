import Catalog
import Hummingbird
import ICU
import ParleyAPI
import Store

/// A template's examples: the customer phrasings per locale that suggestions learn from.
struct ExampleRoutes {
    let store: CatalogStore
    let cache: RenderCache

    func register(on group: RouterGroup<ParleyContext>) {
        group.get("workspaces/:workspace/templates/:key/examples", use: list)
        group.get("workspaces/:workspace/templates/:key/examples/:locale", use: get)
        group.put("workspaces/:workspace/templates/:key/examples/:locale", use: put)
    }

    @Sendable func list(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .agent)
        let template = try await store.template(in: workspace, key: try context.parameter("key"))
        let examples = try await store.examples(of: template, in: workspace)
        return try JSON.response(Operations.ListExamples.Output.Ok.Body.JsonPayload(key: template.key, examples: examples.map { Contract.Examples($0) }))
    }

    @Sendable func get(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .agent)
        let template = try await store.template(in: workspace, key: try context.parameter("key"))
        let locale = try CatalogRoutes.locale(try context.parameter("locale"))
        guard let examples = try await store.examples(of: template, in: workspace).first(where: { $0.locale == locale }) else {
            throw APIError.notFound("\(template.key) has no examples in \(locale)")
        }
        return try JSON.response(Contract.Examples(examples), etag: examples.version)
    }

    @Sendable func put(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await cache.workspace(context, .translator)
        let template = try await store.template(in: workspace, key: try context.parameter("key"))
        let locale = try CatalogRoutes.locale(try context.parameter("locale"))
        guard principal.mayEdit(locale) else { throw APIError.forbidden("this key may not edit \(locale)") }
        let expectation = try Precondition.expectation(request)
        let body = try await request.decode(as: Operations.PutExamples.Input.Body.JsonPayload.self, context: context)
        let saved = try await store.putExamples(of: template, in: workspace, locale: locale, phrases: body.phrases,
                                                expecting: expectation, author: principal.name)
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Contract.Examples(saved), status: expectation == .absent ? .created : .ok, etag: saved.version)
    }
}
