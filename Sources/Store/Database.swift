import Logging
import PostgresNIO
import ServiceLifecycle

/// The connection pool to PostgreSQL. Run it as a service for as long as it is used.
public final class Database: Service, Sendable {
    let client: PostgresClient
    let logger: Logger
    public let configuration: DatabaseConfiguration

    public init(_ configuration: DatabaseConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
    }

    public func run() async {
        await client.run()
    }

    /// Whether the database answers a query.
    public func ping() async -> Bool {
        do {
            for try await _ in try await client.query("SELECT 1", logger: logger).decode(Int.self) { return true }
        } catch {
            logger.warning("database unreachable", metadata: ["error": "\(String(reflecting: error))"])
        }
        return false
    }
}
