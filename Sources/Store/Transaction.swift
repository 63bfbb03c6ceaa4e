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
        // Seconds since 1970, made a time by PostgreSQL: a date formatter made per write cost
        // more CPU than anything else the writing replica did for it.
        let commitBy = Deadline.commitBy?.timeIntervalSince1970
        do {
            return try await withTransaction(logger: logger) { connection in
                let result = try await body(connection)
                // Last, not first: a body may begin with SET TRANSACTION, which must come before any query.
                if let commitBy {
                    _ = try await connection.query("SELECT set_config('parley.deadline', to_timestamp(\(commitBy))::text, true)", logger: logger)
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
}
