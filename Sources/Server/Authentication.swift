import Catalog
import Hummingbird
import Store
import Synchronization

/// Finds the caller of a key read from `Authorization: Bearer <key>` (by the middleware below,
/// which refuses a missing, unknown, revoked or expired key with 401).
///
/// Keys that were recently valid are remembered for a minute (or until they expire), so the
/// render path does not query the database per request; a revocation clears them at once on
/// every replica.
///
/// While the database is away, a key this replica has checked before stays good: renders and
/// detection go on from memory for the callers they served before the outage. A key revoked
/// before the outage is not among them (its revocation emptied this memory on every replica, or
/// did when a replica's listener came back), so it stays refused.
public final class Authenticator: Sendable {
    let keys: KeyStore
    private let recent = Mutex<[String: (principal: Principal, until: ContinuousClock.Instant)]>([:])
    /// How long a key check may wait on the database before a remembered key is used.
    static let lookupTimeout = Duration.seconds(1)
    /// How long a checked key is trusted before it is checked again.
    let memory: Duration

    public init(keys: KeyStore, memory: Duration = .seconds(60)) {
        self.keys = keys
        self.memory = memory
    }

    /// The caller a secret stands for, or a 401 that says why not (unknown, revoked or expired).
    func principal(for secret: String) async throws -> Principal {
        let now = ContinuousClock.now
        let remembered = recent.withLock { $0[secret] }
        if let remembered, remembered.until > now { return remembered.principal }
        let check: KeyCheck
        do {
            let deadline = min(Deadline.current ?? now + Self.lookupTimeout, now + Self.lookupTimeout)
            check = try await Deadline.$current.withValue(deadline) { try await keys.authenticate(secret) }
        } catch let error as StoreError where error.kind == .unavailable {
            guard let remembered else { throw error }
            // Not asked again for a few seconds, so an outage does not slow every request by the lookup's timeout.
            remember(secret, remembered.principal, until: now + .seconds(5))
            return remembered.principal
        }
        switch check {
        case .valid(let principal, let expiresIn):
            // Remembered no longer than the key is valid, so an expiry takes effect on time.
            remember(secret, principal, until: now + min(memory, expiresIn ?? memory))
            return principal
        case .expired(let at):
            forget(secret)
            throw APIError(.unauthorized, "key-expired", "this API key expired at \(at); ask an admin for a new one")
        case .unknown:
            forget(secret)
            throw APIError(.unauthorized, "unauthorized", "this API key is not valid (unknown or revoked)")
        }
    }

    private func remember(_ secret: String, _ principal: Principal, until: ContinuousClock.Instant) {
        recent.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[secret] = (principal, until)
        }
    }

    private func forget(_ secret: String) {
        recent.withLock { _ = $0.removeValue(forKey: secret) }
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
        var context = context
        let principal = try await authenticator.principal(for: secret)
        context.principal = principal
        context.record.keyID = principal.keyID
        return try await next(request, context)
    }
}

