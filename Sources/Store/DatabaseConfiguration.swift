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
    /// How long opening a connection may take before it is given up.
    public var connectTimeout = Duration.seconds(2)
    /// PostgreSQL's own limits for every session: a statement, a wait for a lock, and a
    /// transaction left idle (a client that vanished mid-transaction does not hold its locks).
    public var statementTimeout = Duration.seconds(30)
    public var lockTimeout = Duration.seconds(5)
    public var idleInTransactionTimeout = Duration.seconds(30)

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
        configuration.options.connectTimeout = connectTimeout
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", Self.milliseconds(statementTimeout)),
            ("lock_timeout", Self.milliseconds(lockTimeout)),
            ("idle_in_transaction_session_timeout", Self.milliseconds(idleInTransactionTimeout)),
        ]
        return configuration
    }

    /// A single connection of its own, outside the pool (for probing whether a new one can be made).
    var connectionConfiguration: PostgresConnection.Configuration {
        var configuration: PostgresConnection.Configuration
        if let socketFolder {
            configuration = .init(unixSocketPath: "\(socketFolder)/.s.PGSQL.\(port)", username: username, password: password, database: database)
        } else {
            configuration = .init(host: host ?? "localhost", port: port, username: username, password: password,
                                  database: database, tls: requireTLS ? .require(try! .init(configuration: .makeClientConfiguration())) : .disable)
        }
        configuration.options.connectTimeout = .milliseconds(Int64(connectTimeout.components.seconds * 1000))
        return configuration
    }

    /// A duration as PostgreSQL's settings read it (`2500ms`).
    static func milliseconds(_ duration: Duration) -> String {
        "\(duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000)ms"
    }
}
