import Logging
import PostgresNIO

/// The connection pool as the repositories use it: every query and transaction bounded by the
/// current request's ``Deadline``, and the database's absence reported as `unavailable` (a 503),
/// never as a hang or an internal error.
struct BoundedClient: Sendable {
    /// The pool itself, for work that is not a request's (the change feed's listener).
    let pool: PostgresClient

    func query(_ query: PostgresQuery, logger: Logger) async throws -> PostgresRowSequence {
        try await Self.bounded { try await pool.query(query, logger: logger) }
    }

    /// A transaction (see `PostgresClient.transaction(logger:_:)`) within the deadline.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: @escaping @Sendable (PostgresConnection) async throws -> Result
    ) async throws -> Result {
        try await Self.bounded { try await pool.transaction(logger: logger) { connection in try await body(connection) } }
    }

    /// `operation` within the current deadline (or as it is, outside a request), with the
    /// database's absence turned into `StoreError(.unavailable)`.
    static func bounded<T: Sendable>(_ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            guard let deadline = Deadline.current else { return try await operation() }
            return try await Deadline.run(by: deadline, operation)
        } catch is Deadline.Exceeded {
            throw StoreError(.unavailable, "the database did not answer in time")
        } catch let error as PSQLError where isUnavailability(error) {
            throw StoreError(.unavailable, "the database is unavailable")
        }
    }

    /// Errors that say the database is away or overloaded, not that the request was wrong.
    static func isUnavailability(_ error: PSQLError) -> Bool {
        switch error.code {
        case .connectionError, .serverClosedConnection, .uncleanShutdown, .poolClosed, .clientClosedConnection:
            return true
        case .server:
            // Cancelled by a timeout (statement or lock), shut down, not accepting connections.
            return ["57014", "55P03", "57P01", "57P02", "57P03", "53300"].contains(error.serverInfo?[.sqlState] ?? "")
        default:
            return false
        }
    }
}
