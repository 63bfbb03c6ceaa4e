import Logging
import PostgresNIO

extension PostgresClient {
    /// A transaction whose body's own errors come out as they were thrown (postgres-nio wraps
    /// them in `PostgresTransactionError`, which would hide a stale version behind a 500).
    func transaction<Result: Sendable>(
        logger: Logger, _ body: (PostgresConnection) async throws -> sending Result
    ) async throws -> Result {
        do {
            return try await withTransaction(logger: logger, body)
        } catch let error as PostgresTransactionError {
            if let closureError = error.closureError { throw closureError }
            throw error
        }
    }
}
