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
    public var revoked: Bool
}

/// API keys in PostgreSQL, stored hashed.
public final class KeyStore: Sendable {
    let client: BoundedClient
    let logger: Logger

    public init(database: Database) {
        self.client = BoundedClient(pool: database.client)
        self.logger = database.logger
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
    public func create(name: String, role: Role, workspaceID: Int64? = nil, locales: [LocaleID]? = nil,
                       secret: String? = nil) async throws -> (key: APIKey, secret: String) {
        let secret = secret ?? Self.newSecret()
        guard secret.utf8.count >= 16 else { throw StoreError(.invalid, "a key must be at least 16 characters") }
        let prefix = String(secret.prefix(10))
        let localeTags = locales?.map(\.tag)
        do {
            let rows = try await client.query("""
                INSERT INTO api_keys (name, prefix, hash, role, workspace_id, locales)
                VALUES (\(name), \(prefix), \(Self.hash(secret)), \(role.rawValue), \(workspaceID), \(localeTags))
                RETURNING id, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                """, logger: logger)
            for try await (id, createdAt) in rows.decode((Int64, String).self) {
                return (APIKey(id: id, name: name, prefix: prefix, role: role, workspaceID: workspaceID, locales: locales,
                               createdAt: createdAt, revoked: false), secret)
            }
        } catch let error as PSQLError where error.serverInfo?[.sqlState] == "23505" {
            throw StoreError(.conflict, "that key exists already")
        }
        throw StoreError(.unavailable, "key was not created")
    }

    /// Makes sure `secret` is an admin key (for `PARLEY_ADMIN_KEY`); true when it was added now.
    @discardableResult
    public func ensureAdmin(secret: String, name: String) async throws -> Bool {
        for try await _ in try await client.query(
            "SELECT id FROM api_keys WHERE hash = \(Self.hash(secret)) AND revoked_at IS NULL", logger: logger
        ).decode(Int64.self) {
            return false
        }
        _ = try await create(name: name, role: .admin, secret: secret)
        return true
    }

    /// Whether any admin key is active.
    public func hasAdmin() async throws -> Bool {
        for try await count in try await client.query(
            "SELECT count(*)::int FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL", logger: logger
        ).decode(Int.self) {
            return count > 0
        }
        return false
    }

    /// The principal of an active key, or nil.
    public func authenticate(_ secret: String) async throws -> Principal? {
        let rows = try await client.query("""
            SELECT id, name, role, workspace_id, locales FROM api_keys WHERE hash = \(Self.hash(secret)) AND revoked_at IS NULL
            """, logger: logger)
        for try await (id, name, role, workspaceID, locales) in rows.decode((Int64, String, String, Int64?, [String]?).self) {
            guard let role = Role(rawValue: role) else { return nil }
            return Principal(keyID: id, name: name, role: role, workspaceID: workspaceID,
                             locales: locales?.compactMap { try? LocaleID($0) })
        }
        return nil
    }

    public func list() async throws -> [APIKey] {
        var keys: [APIKey] = []
        let rows = try await client.query("""
            SELECT id, name, prefix, role, workspace_id, locales,
                   to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'), revoked_at IS NOT NULL
            FROM api_keys ORDER BY id
            """, logger: logger)
        for try await row in rows.decode((Int64, String, String, String, Int64?, [String]?, String, Bool).self) {
            keys.append(APIKey(id: row.0, name: row.1, prefix: row.2, role: Role(rawValue: row.3) ?? .render, workspaceID: row.4,
                               locales: row.5?.compactMap { try? LocaleID($0) }, createdAt: row.6, revoked: row.7))
        }
        return keys
    }

    /// Revokes a key; replicas drop it from their caches at once (`NOTIFY … 'keys'`).
    public func revoke(id: Int64) async throws {
        try await client.transaction(logger: logger) { connection in
            let rows = try await connection.query(
                "UPDATE api_keys SET revoked_at = now() WHERE id = \(id) AND revoked_at IS NULL RETURNING id", logger: self.logger)
            var found = false
            for try await _ in rows.decode(Int64.self) { found = true }
            guard found else { throw StoreError(.notFound, "no active key \(id)") }
            _ = try await connection.query("SELECT pg_notify(\(CatalogStore.channel), 'keys')", logger: self.logger)
        }
    }
}
