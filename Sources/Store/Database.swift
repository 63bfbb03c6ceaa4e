import Logging
import PostgresNIO
import ServiceLifecycle

/// The connection pools to PostgreSQL: the primary, which takes every write, and optionally a
/// streaming standby (`DATABASE_READ_URL`) for the large reads. Run it as a service for as long
/// as it is used.
public final class Database: Service, Sendable {
    let client: PostgresClient
    /// The standby's pool; nil when every read goes to the primary.
    let readClient: PostgresClient?
    let logger: Logger
    public let configuration: DatabaseConfiguration
    public let readConfiguration: DatabaseConfiguration?

    public init(_ configuration: DatabaseConfiguration, readReplica: DatabaseConfiguration? = nil, logger: Logger) {
        self.configuration = configuration
        self.readConfiguration = readReplica
        self.logger = logger
        self.client = PostgresClient(configuration: configuration.clientConfiguration, backgroundLogger: logger)
        self.readClient = readReplica.map { PostgresClient(configuration: $0.clientConfiguration, backgroundLogger: logger) }
    }

    public func run() async {
        await withDiscardingTaskGroup { group in
            group.addTask { await self.client.run() }
            if let readClient { group.addTask { await readClient.run() } }
        }
    }

    /// How far the standby's replay is behind the primary: the WAL bytes it has not replayed,
    /// and the age of the last transaction it replayed while any are outstanding (0 when it is
    /// current). Nil without a standby, or when either database does not answer.
    public func replicaLag() async -> ReplicaLag? {
        guard let readClient else { return nil }
        do {
            var primary: String?
            for try await lsn in try await BoundedClient(pool: client).query("SELECT pg_current_wal_lsn()::text", logger: logger)
                .decode(String.self) { primary = lsn }
            var replayed: (String?, Double?)?
            for try await row in try await BoundedClient(pool: readClient).query("""
                SELECT pg_last_wal_replay_lsn()::text, extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8
                """, logger: logger).decode((String?, Double?).self) { replayed = row }
            guard let primary = primary.flatMap(ReplicaLag.position), let replayed,
                  let position = replayed.0.flatMap(ReplicaLag.position) else { return nil }
            let bytes = primary > position ? Int(primary - position) : 0
            return ReplicaLag(bytes: bytes, seconds: bytes > 0 ? max(0, replayed.1 ?? 0) : 0)
        } catch {
            logger.warning("could not measure the standby's lag", metadata: ["error": "\(String(reflecting: error))"])
            return nil
        }
    }

    /// Whether a new connection can be made and answers a query within `timeout`: what readiness
    /// means (a pooled connection may still look alive while the server cannot take new ones).
    public func probe(within timeout: Duration) async -> Bool {
        await probe(configuration, within: timeout)
    }

    /// Whether the standby takes a new connection within `timeout` (nil without a standby).
    public func probeStandby(within timeout: Duration) async -> Bool? {
        guard let readConfiguration else { return nil }
        return await probe(readConfiguration, within: timeout)
    }

    private func probe(_ server: DatabaseConfiguration, within timeout: Duration) async -> Bool {
        let (configuration, logger) = (server.connectionConfiguration, self.logger)
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

/// Where a read goes: the primary, or the standby (`DATABASE_READ_URL`) when there is one.
/// Reads that must see a write this replica just made go to the primary.
public enum ReadFrom: Sendable {
    case primary
    case standby
}

/// How far a streaming standby is behind its primary.
public struct ReplicaLag: Sendable, Hashable {
    /// WAL bytes written on the primary and not yet replayed on the standby.
    public var bytes: Int
    /// While bytes are outstanding, the age of the last transaction replayed; else 0.
    public var seconds: Double

    public init(bytes: Int, seconds: Double) {
        self.bytes = bytes
        self.seconds = seconds
    }

    /// A WAL position (`16/B374D848`) as a number.
    static func position(_ text: String) -> UInt64? {
        let parts = text.split(separator: "/")
        guard parts.count == 2, let high = UInt64(parts[0], radix: 16), let low = UInt64(parts[1], radix: 16) else { return nil }
        return high << 32 | low
    }
}
