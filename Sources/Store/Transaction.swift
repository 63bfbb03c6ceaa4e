import Foundation
import Logging
import PostgresNIO

extension PostgresClient {
    /// A transaction whose body's own errors come out as they were thrown (postgres-nio wraps
    /// them in `PostgresTransactionError`, which would hide a stale version behind a 500).
    ///
    /// Under a request's ``Deadline``, the transaction may commit only before it: PostgreSQL
    /// checks `parley.deadline` at COMMIT, so a write its client has given up on never commits later.
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        let commitBy = Deadline.commitBy.map(Self.timestamp)
        do {
            return try await withTransaction(logger: logger) { connection in
                let result = try await body(connection)
                // Last, not first: a body may begin with SET TRANSACTION, which must come before any query.
                if let commitBy {
                    _ = try await connection.query("SELECT set_config('parley.deadline', \(commitBy), true)", logger: logger)
                }
                return result
            }
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            if let commitError = error.commitError as? PSQLError, commitError.serverInfo?[.sqlState] == "57014" { throw Deadline.Exceeded() }
            // BEGIN or COMMIT failed (a connection the database closed): the database's own error says why.
            throw error.beginError ?? error.commitError ?? error
        }
    }

    /// An absolute time PostgreSQL reads as `timestamptz`, to the microsecond.
    private static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
