import Foundation
import PostgresNIO

/// Where the database is, read from a `postgres://` URL.
///
/// `postgres://user:password@host:5432/dbname?sslmode=disable`, or a Unix socket:
/// `postgres://user@/dbname?host=/path/to/socket/folder` (libpq's form).
public struct DatabaseConfiguration: Sendable, Hashable, CustomStringConvertible {
    public var host: String?
    public var port: Int
    /// The folder holding the server's socket (`.s.PGSQL.<port>`), for a local server.
    public var socketFolder: String?
    public var username: String
    public var password: String?
    public var database: String
    public var requireTLS: Bool
    /// Pool size per replica.
    public var maximumConnections = 20

    public init(host: String? = nil, port: Int = 5432, socketFolder: String? = nil, username: String,
                password: String? = nil, database: String, requireTLS: Bool = false) {
        self.host = host
        self.port = port
        self.socketFolder = socketFolder
        self.username = username
        self.password = password
        self.database = database
        self.requireTLS = requireTLS
    }

    /// Reads a `postgres://` or `postgresql://` URL; nil when it is not one.
    public init?(url text: String) {
        guard let components = URLComponents(string: text), ["postgres", "postgresql"].contains(components.scheme ?? "") else {
            return nil
        }
        let query = Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { $1 })
        let database = String(components.path.drop { $0 == "/" })
        guard let username = components.user ?? query["user"], !database.isEmpty else { return nil }
        self.init(
            host: components.host.flatMap { $0.isEmpty ? nil : $0 },
            port: components.port ?? Int(query["port"] ?? "") ?? 5432,
            socketFolder: query["host"].flatMap { $0.hasPrefix("/") ? $0 : nil },
            username: username.removingPercentEncoding ?? username,
            password: (components.password ?? query["password"]).map { $0.removingPercentEncoding ?? $0 },
            database: database,
            requireTLS: ["require", "verify-ca", "verify-full"].contains(query["sslmode"] ?? ""))
        if host == nil && socketFolder == nil { host = "localhost" }
    }

    /// The URL without the password, for logs.
    public var description: String {
        if let socketFolder { return "postgres://\(username)@/\(database)?host=\(socketFolder)&port=\(port)" }
        return "postgres://\(username)@\(host ?? "localhost"):\(port)/\(database)"
    }

    /// The pool's configuration, with the settings that keep its memory flat under load:
    /// idle connections close after 5 s and no keep-alive queries are sent.
    var clientConfiguration: PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        if let socketFolder {
            configuration = .init(unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username,
                                  password: password, database: database)
        } else {
            configuration = .init(host: host ?? "localhost", port: port, username: username, password: password,
                                  database: database, tls: requireTLS ? .require(.makeClientConfiguration()) : .disable)
        }
        configuration.options.connectionIdleTimeout = .seconds(5)
        configuration.options.keepAliveBehavior = nil
        configuration.options.maximumConnections = maximumConnections
        return configuration
    }
}
