import Catalog
import Hummingbird
import Store
import Synchronization

/// Finds the caller of a key read from `Authorization: Bearer <key>` (by the middleware below,
/// which refuses a missing, unknown or revoked key with 401).
///
/// Keys that were recently valid are remembered for a minute, so the render path does not
/// query the database per request; a revocation clears them at once on every replica.
public final class Authenticator: Sendable {
    let keys: KeyStore
    private let recent = Mutex<[String: (principal: Principal, until: ContinuousClock.Instant)]>([:])

    public init(keys: KeyStore) {
        self.keys = keys
    }

    func principal(for secret: String) async throws -> Principal? {
        let now = ContinuousClock.now
        if let hit = recent.withLock({ $0[secret] }), hit.until > now { return hit.principal }
        guard let principal = try await keys.authenticate(secret) else { return nil }
        recent.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[secret] = (principal, now + .seconds(60))
        }
        return principal
    }

    /// Forgets every remembered key (after a revocation).
    public func forgetAll() {
        recent.withLock { $0.removeAll() }
    }
}

/// Public endpoints (health, readiness, metrics, the API document) ignore `Authorization`: a probe
/// that carries a stale key must not see the service as down. Every other endpoint needs a key,
/// so a request without one is refused here, before its input is looked at (routes then ask
/// for the role they need); a path with no endpoint goes on to its 404 or 405.
struct AuthenticationMiddleware: RouterMiddleware {
    typealias Context = ParleyContext
    let authenticator: Authenticator
    /// Endpoints anyone may call (the contract's `"security": []`).
    let publicEndpoints: Set<String>

    func handle(_ request: Request, context: ParleyContext, next: (Request, ParleyContext) async throws -> Response) async throws -> Response {
        guard let endpoint = context.endpointPath, !publicEndpoints.contains(endpoint) else { return try await next(request, context) }
        guard let header = request.headers[.authorization] else { throw APIError.missingKey }
        guard header.utf8.count > 7, header.utf8.prefix(7).elementsEqual("bearer ".utf8, by: { $0 | 0x20 == $1 }) else {
            throw APIError(.unauthorized, "unauthorized", "use Authorization: Bearer <key>")
        }
        let secret = String(header.dropFirst(7).drop { $0 == " " })  // the 7 dropped are ASCII
        guard let principal = try await authenticator.principal(for: secret) else {
            throw APIError(.unauthorized, "unauthorized", "this API key is not valid (unknown or revoked)")
        }
        var context = context
        context.principal = principal
        context.record.keyID = principal.keyID
        return try await next(request, context)
    }
}

