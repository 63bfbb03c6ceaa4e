import Logging
import PostgresNIO

/// Delivers every committed catalog change to this replica: `LISTEN parley_changes` on a
/// connection of its own, and the change log read after every (re)connection and on a
/// regular poll, so a notification lost while the listener was away is still seen.
public final class ChangeFeed: Sendable {
    let store: CatalogStore
    let logger: Logger
    /// How often the change log is read even when notifications arrive (a safety net).
    public let pollInterval: Duration

    public init(store: CatalogStore, logger: Logger, pollInterval: Duration = .seconds(2)) {
        self.store = store
        self.logger = logger
        self.pollInterval = pollInterval
    }

    /// What the feed reports.
    public enum Event: Sendable, Hashable {
        case change(Change)
        /// API keys changed (one was revoked).
        case keys
        /// The listener (re)connected; changes logged meanwhile follow as `.change` events.
        case connected
    }

    /// Runs until cancelled, calling `handle` for each event, in order for each source.
    /// Starts after change `startingAfter` (the change log's newest id when the cache was loaded).
    public func run(startingAfter start: Int64, handle: @escaping @Sendable (Event) async -> Void) async {
        let last = LastSeen(start)
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen(last, handle) }
            group.addTask { await self.poll(last, handle) }
            await group.waitForAll()
        }
    }

    private func listen(_ last: LastSeen, _ handle: @escaping @Sendable (Event) async -> Void) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await store.client.withConnection { connection in
                    try await connection.listen(on: CatalogStore.channel) { notifications in
                        await handle(.connected)
                        try await self.catchUp(last, handle)
                        delay = .milliseconds(100)
                        for try await notification in notifications {
                            if notification.payload == "keys" {
                                await handle(.keys)
                            } else if let change = Change(payload: notification.payload), await last.advance(to: change.id) {
                                await handle(.change(change))
                            }
                        }
                    }
                }
            } catch {
                if Task.isCancelled { return }
                logger.warning("change listener lost its connection; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
    }

    private func poll(_ last: LastSeen, _ handle: @escaping @Sendable (Event) async -> Void) async {
        while !Task.isCancelled {
            try? await Task.sleep(for: pollInterval)
            do {
                try await catchUp(last, handle)
            } catch {
                if Task.isCancelled { return }
                logger.debug("change log poll failed", metadata: ["error": "\(String(reflecting: error))"])
            }
        }
    }

    /// Reads the change log after the last change seen.
    private func catchUp(_ last: LastSeen, _ handle: @escaping @Sendable (Event) async -> Void) async throws {
        for change in try await store.changes(after: await last.value) where await last.advance(to: change.id) {
            await handle(.change(change))
        }
    }
}

/// The changes handled so far. Change ids come from a sequence, so they may commit out of
/// order, and a rolled-back transaction leaves a gap for good: the log is therefore read both
/// past the newest id and over the last half minute, and ids already handled are skipped.
/// (Handling a change twice only reloads a template: harmless.)
actor LastSeen {
    private(set) var value: Int64
    private var seen: Set<Int64> = []

    init(_ value: Int64) { self.value = value }

    /// Records `id`; false when it was handled before.
    func advance(to id: Int64) -> Bool {
        guard seen.insert(id).inserted else { return false }
        value = max(value, id)
        if seen.count > 20_000 { seen = seen.filter { $0 > value - 10_000 } }
        return true
    }
}
