import Catalog
import Crypto
import Foundation
import ICU
import Logging
import PostgresNIO

/// Who is calling: what an API key grants.
public struct Principal: Sendable, Hashable {
    public var keyID: Int64
    public var name: String
    public var role: Role
    /// Nil: every workspace.
    public var workspaceID: Int64?
    /// For translators: the locales they may edit (nil: all).
    public var locales: [LocaleID]?

    public init(keyID: Int64, name: String, role: Role, workspaceID: Int64? = nil, locales: [LocaleID]? = nil) {
        self.keyID = keyID
        self.name = name
        self.role = role
        self.workspaceID = workspaceID
        self.locales = locales
    }

    /// Whether the key may act on this workspace at all.
    public func mayUse(_ workspace: Workspace) -> Bool { workspaceID == nil || workspaceID == workspace.id }

    /// Whether the key may write texts in this locale (reviewers and admins: every locale).
    public func mayEdit(_ locale: LocaleID) -> Bool {
        guard role >= .translator else { return false }
        guard role == .translator, let locales else { return true }
        return locales.contains(locale)
    }
}

/// API keys in PostgreSQL, stored hashed.
///
/// Two rules keep the service administrable: the last active admin key for every workspace is
/// never revoked (its holder would lock everyone out of key management), and the API does not
/// revoke the bootstrap key (`PARLEY_ADMIN_KEY`), which every start relies on.
public final class KeyStore: Sendable {
    let client: BoundedClient
    let logger: Logger

    public init(database: Database) {
        self.client = BoundedClient(pool: database.client)
        self.logger = database.logger
    }

    /// A key that works now: not revoked, not expired.
    static let active = "revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())"
    /// An active admin key for every workspace (one that may manage keys).
    static let activeGlobalAdmin = "role = 'admin' AND workspace_id IS NULL AND \(active)"

    /// A timestamp column as ISO 8601 in UTC, as the API shows times.
    static func iso8601(_ column: String) -> String {
        #"to_char(\#(column) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')"#
    }

    /// A new random secret: `pk_` and 40 hex digits (160 bits).
    public static func newSecret() -> String {
        var generator = SystemRandomNumberGenerator()
        return "pk_" + (0..<20).map { _ in
            let byte = UInt8.random(in: 0...255, using: &generator)
            return (byte < 16 ? "0" : "") + String(byte, radix: 16)
        }.joined()
    }

    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Array(secret.utf8)).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
    }

    /// Stores a key for `secret` (a new one when nil); returns the key and the secret, which is shown once.
    /// An expiry must be in the future.
    public func create(name: String, role: Role, workspaceID: Int64? = nil, locales: [LocaleID]? = nil,
                       expiresAt: Date? = nil, secret: String? = nil) async throws -> (key: APIKey, secret: String) {
        let secret = secret ?? Self.newSecret()
        if let expiresAt, expiresAt <= Date() { throw StoreError(.invalid, "the expiry must be in the future") }
        guard let key = try await insert(name: name, role: role, workspaceID: workspaceID, locales: locales, expiresAt: expiresAt,
                                         secret: secret, bootstrap: false)
        else { throw StoreError(.conflict, "that key exists already") }
        return (key, secret)
    }

    /// Inserts a key; nil when its secret is stored already.
    private func insert(name: String, role: Role, workspaceID: Int64?, locales: [LocaleID]?, expiresAt: Date?,
                        secret: String, bootstrap: Bool) async throws -> APIKey? {
        guard secret.utf8.count >= 16 else { throw StoreError(.invalid, "a key must be at least 16 characters") }
        let prefix = String(secret.prefix(10))
        let rows = try await client.query("""
            INSERT INTO api_keys (name, prefix, hash, role, workspace_id, locales, expires_at, bootstrap)
            VALUES (\(name), \(prefix), \(Self.hash(secret)), \(role.rawValue), \(workspaceID), \(locales?.map(\.tag)), \(expiresAt), \(bootstrap))
            ON CONFLICT (hash) DO NOTHING
            RETURNING id, \(unescaped: Self.iso8601("created_at")), \(unescaped: Self.iso8601("expires_at"))
            """, logger: logger)
        for try await (id, createdAt, expiry) in rows.decode((Int64, String, String?).self) {
            return APIKey(id: id, name: name, prefix: prefix, role: role, workspaceID: workspaceID, locales: locales,
                          createdAt: createdAt, expiresAt: expiry, expired: false, bootstrap: bootstrap, revoked: false)
        }
        return nil
    }

    /// Makes `secret` the bootstrap admin key (for `PARLEY_ADMIN_KEY`), storing it when it is new.
    ///
    /// Never fails on a key that exists already, so every start with the same secret starts: a
    /// key revoked meanwhile stays revoked (a leaked key must not come back with a restart). A
    /// key that was the bootstrap key before the secret changed stays one: only the operator
    /// revokes it, as a replica still configured with it may depend on it.
    @discardableResult
    public func ensureAdmin(secret: String, name: String) async throws -> BootstrapKeyOutcome {
        let hash = Self.hash(secret)
        var outcome = BootstrapKeyOutcome.created
        if try await insert(name: name, role: .admin, workspaceID: nil, locales: nil, expiresAt: nil, secret: secret, bootstrap: true) == nil {
            outcome = .present
            for try await revoked in try await client.query(
                "SELECT revoked_at IS NOT NULL FROM api_keys WHERE hash = \(hash)", logger: logger
            ).decode(Bool.self) where revoked {
                outcome = .revoked
            }
        }
        // Marks a key stored before keys had the mark, too.
        _ = try await client.query("UPDATE api_keys SET bootstrap = true WHERE hash = \(hash) AND NOT bootstrap", logger: logger)
        return outcome
    }

    /// Whether any admin key is active.
    public func hasAdmin() async throws -> Bool {
        for try await count in try await client.query(
            "SELECT count(*)::int FROM api_keys WHERE role = 'admin' AND \(unescaped: Self.active)", logger: logger
        ).decode(Int.self) {
            return count > 0
        }
        return false
    }

    /// What `secret` grants now.
    public func authenticate(_ secret: String) async throws -> KeyCheck {
        let rows = try await client.query("""
            SELECT id, name, role, workspace_id, locales, \(unescaped: Self.iso8601("expires_at")),
                   extract(epoch FROM expires_at - now())::float8
            FROM api_keys WHERE hash = \(Self.hash(secret)) AND revoked_at IS NULL
            """, logger: logger)
        for try await (id, name, role, workspaceID, locales, expiry, remaining) in rows.decode(
            (Int64, String, String, Int64?, [String]?, String?, Double?).self
        ) {
            if let expiry, let remaining, remaining <= 0 { return .expired(at: expiry) }
            guard let role = Role(rawValue: role) else { return .unknown }
            let principal = Principal(keyID: id, name: name, role: role, workspaceID: workspaceID,
                                      locales: locales?.compactMap { try? LocaleID($0) })
            return .valid(principal, expiresIn: remaining.map { .milliseconds(Int64($0 * 1000)) })
        }
        return .unknown
    }

    /// Keys, oldest first: every one, or `limit` after the key `after`.
    public func list(after: Int64? = nil, limit: Int = Int(Int32.max)) async throws -> [APIKey] {
        var keys: [APIKey] = []
        let rows = try await client.query("""
            SELECT id, name, prefix, role, workspace_id, locales, \(unescaped: Self.iso8601("created_at")),
                   \(unescaped: Self.iso8601("expires_at")), coalesce(expires_at <= now(), false), bootstrap, revoked_at IS NOT NULL
            FROM api_keys WHERE \(after)::bigint IS NULL OR id > \(after)::bigint ORDER BY id LIMIT \(limit)
            """, logger: logger)
        for try await row in rows.decode((Int64, String, String, String, Int64?, [String]?, String, String?, Bool, Bool, Bool).self) {
            keys.append(APIKey(id: row.0, name: row.1, prefix: row.2, role: Role(rawValue: row.3) ?? .render, workspaceID: row.4,
                               locales: row.5?.compactMap { try? LocaleID($0) }, createdAt: row.6, expiresAt: row.7,
                               expired: row.8, bootstrap: row.9, revoked: row.10))
        }
        return keys
    }

    /// Revokes a key; replicas drop it from their caches at once (`NOTIFY … 'keys'`).
    ///
    /// Refused (conflict) for the last active admin key for every workspace, and for the
    /// bootstrap key unless `allowingBootstrapKey` (the operator's command line, not the API).
    public func revoke(id: Int64, allowingBootstrapKey: Bool = false) async throws {
        try await client.transaction(logger: logger) { connection in
            // Locking every active global admin serializes two admins revoking each other at once:
            // the second sees the first's revocation and is refused.
            var admins: [Int64] = []
            for try await admin in try await connection.query(
                "SELECT id FROM api_keys WHERE \(unescaped: Self.activeGlobalAdmin) ORDER BY id FOR UPDATE", logger: self.logger
            ).decode(Int64.self) {
                admins.append(admin)
            }
            var bootstrap: Bool?
            for try await flag in try await connection.query(
                "SELECT bootstrap FROM api_keys WHERE id = \(id) AND revoked_at IS NULL FOR UPDATE", logger: self.logger
            ).decode(Bool.self) {
                bootstrap = flag
            }
            guard let bootstrap else { throw StoreError(.notFound, "no active key \(id)") }
            if bootstrap && !allowingBootstrapKey {
                throw StoreError(.conflict, """
                    key \(id) is the one PARLEY_ADMIN_KEY names, which every start relies on: it is not revoked through the API \
                    (the operator can: set another PARLEY_ADMIN_KEY, then run `parley keys revoke \(id)`)
                    """)
            }
            if admins == [id] {
                throw StoreError(.conflict, "key \(id) is the last active admin key for every workspace: create another admin key before revoking it")
            }
            _ = try await connection.query("UPDATE api_keys SET revoked_at = now() WHERE id = \(id)", logger: self.logger)
            _ = try await connection.query("SELECT pg_notify(\(CatalogStore.channel), 'keys')", logger: self.logger)
        }
    }
}
