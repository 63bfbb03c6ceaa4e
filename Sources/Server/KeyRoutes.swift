import Catalog
import Foundation
import Hummingbird
import ICU
import ParleyAPI
import Store

/// API keys: admins for every workspace create, list and revoke them.
struct KeyRoutes {
    let keys: KeyStore
    let store: CatalogStore

    func register(on group: RouterGroup<ParleyContext>) {
        group.get("keys", use: list)
        group.post("keys", use: create)
        group.delete("keys/:id", use: revoke)
    }

    @Sendable func list(_ request: Request, context: ParleyContext) async throws -> Response {
        try requireGlobalAdmin(context)
        let paging = try PageRequest(request)
        let page = paging.page(try await keys.list(after: try PageRequest.id(request), limit: paging.readLimit), cursor: { String($0.id) })
        return try JSON.response(Operations.ListKeys.Output.Ok.Body.JsonPayload(keys: page.items.map(Contract.APIKey.init), next: page.next))
    }

    @Sendable func create(_ request: Request, context: ParleyContext) async throws -> Response {
        try requireGlobalAdmin(context)
        let body = try await request.decode(as: Operations.CreateKey.Input.Body.JsonPayload.self, context: context)
        guard let role = Role(rawValue: body.role.rawValue) else {
            throw APIError.badRequest("role is one of \(Role.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var workspace: Workspace?
        if let name = body.workspace { workspace = try await store.workspace(named: name) }
        let workspaceID = workspace?.id
        let locales: [LocaleID]?
        do throws(KeyLocales.Refusal) {
            locales = try KeyLocales.resolve(body.locales, role: role, workspaceLocales: workspace?.locales)
        } catch {
            throw APIError(.unprocessableContent, "invalid-locales", error.description)
        }
        let expiresAt: Date?
        do throws(KeyExpiry.Refusal) {
            expiresAt = try body.expiresAt.map(KeyExpiry.timestamp)
        } catch {
            throw APIError(.unprocessableContent, "invalid-expiry", error.description)
        }
        let (key, secret) = try await keys.create(name: body.name, role: role, workspaceID: workspaceID, locales: locales,
                                                  expiresAt: expiresAt)
        return try JSON.response(Operations.CreateKey.Output.Created.Body.JsonPayload(key: Contract.APIKey(key), secret: secret), status: .created)
    }

    @Sendable func revoke(_ request: Request, context: ParleyContext) async throws -> Response {
        try requireGlobalAdmin(context)
        guard let id = Int64(try context.parameter("id")) else { throw APIError.badRequest("a key id is a number") }
        try await keys.revoke(id: id)  // refuses the bootstrap key and the last admin (409)
        return Response(status: .noContent)
    }

    private func requireGlobalAdmin(_ context: ParleyContext) throws {
        let principal = try context.require(.admin)
        guard principal.workspaceID == nil else { throw APIError.forbidden("keys are managed with an admin key for every workspace") }
    }
}
