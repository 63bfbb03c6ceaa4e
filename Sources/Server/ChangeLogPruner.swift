import Logging
import Metrics
import ServiceLifecycle
import Store

/// How long the change log keeps a change, and how often a replica prunes it.
public struct ChangeLogSettings: Sendable, Hashable {
    /// Longer than any replica is expected to be away: one away longer reloads what it holds.
    public var retention: Duration = .seconds(24 * 3_600)
    /// How often this replica deletes what is past the retention (every replica does; a
    /// deletion another one made first costs nothing).
    public var pruneInterval: Duration = .seconds(300)

    public init(retention: Duration = .seconds(24 * 3_600), pruneInterval: Duration = .seconds(300)) {
        self.retention = retention
        self.pruneInterval = pruneInterval
    }
}

/// Keeps the change log bounded: every prune interval, deletes the changes older than the
/// retention (``CatalogStore/pruneChangeLog(olderThan:batch:batches:)``). Without it the log grows
/// by one row per text written, for ever, and every replica's poll reads it.
struct ChangeLogPruner: Service {
    let store: CatalogStore
    let settings: ChangeLogSettings
    let logger: Logger
    let pruned = Counter(label: "parley_change_log_pruned_total")

    func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    let count = try await store.pruneChangeLog(olderThan: settings.retention)
                    if count > 0 {
                        pruned.increment(by: count)
                        logger.info("pruned the change log", metadata: ["changes": "\(count)"])
                    }
                } catch {
                    if Task.isCancelled { return }
                    logger.debug("change log pruning failed; tried again later", metadata: ["error": "\(String(reflecting: error))"])
                }
                try? await Task.sleep(for: settings.pruneInterval)
            }
        }
    }
}
