import Catalog
import ICU

/// An API key as listed (its secret is never stored, only a SHA-256 hash).
public struct APIKey: Sendable, Hashable, Codable {
    public var id: Int64
    public var name: String
    /// The first characters of the secret, to tell keys apart.
    public var prefix: String
    public var role: Role
    public var workspaceID: Int64?
    public var locales: [LocaleID]?
    public var createdAt: String
    /// When the key stops working (ISO 8601, UTC); nil: never.
    public var expiresAt: String?
    /// Past its expiry.
    public var expired: Bool
    /// The key `PARLEY_ADMIN_KEY` names: the API does not revoke it.
    public var bootstrap: Bool
    public var revoked: Bool
}

/// What a secret is worth when it is presented.
public enum KeyCheck: Sendable, Hashable {
    /// An active key, and how long it stays valid (nil: no expiry).
    case valid(Principal, expiresIn: Duration?)
    /// A key that expired at this time (ISO 8601, UTC).
    case expired(at: String)
    /// No such key, or a revoked one.
    case unknown

    /// The caller, for a valid key.
    public var principal: Principal? {
        guard case .valid(let principal, _) = self else { return nil }
        return principal
    }
}

/// What starting with `PARLEY_ADMIN_KEY` did to the keys.
public enum BootstrapKeyOutcome: Sendable, Hashable {
    /// The key was stored now.
    case created
    /// The key was there and active.
    case present
    /// The key was revoked (with `parley keys revoke`): it stays revoked, and the server starts without it.
    case revoked
}
