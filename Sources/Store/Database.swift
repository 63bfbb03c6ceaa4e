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

    /// Whether a new connection can be made and answers a query within `timeout`: what readiness
    /// means (a pooled connection may still look alive while the server cannot take new ones).
    public func probe(within timeout: Duration) async -> Bool {
        let (configuration, logger) = (self.configuration.connectionConfiguration, self.logger)
        do {
            return try await Deadline.run(by: .now + timeout) {
                let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
                do {
                    for try await _ in try await connection.query("SELECT 1", logger: logger).decode(Int.self) {}
                } catch {
                    try? await connection.close()
                    throw error
                }
                try await connection.close()
                return true
            }
        } catch {
            logger.warning("database unreachable", metadata: ["error": "\(String(reflecting: error))"])
            return false
        }
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
