import Logging
import PostgresNIO
import Synchronization

/// Delivers every committed catalog change to this replica: `LISTEN parley_changes` on a
/// connection of its own, and the change log read after every (re)connection and on a
/// regular poll, so a notification lost while the listener was away is still seen.
///
/// With a standby (`DATABASE_READ_URL`), changes come from the standby's change log only, polled
/// often (``standbyPollInterval``): a change is applied once the standby has replayed it, so what
/// is then read from the standby has it too.
public final class ChangeFeed: Sendable {
    let store: CatalogStore
    let logger: Logger
    /// How often the change log is read even when notifications arrive (a safety net).
    public let pollInterval: Duration

    /// How current the feed is, for metrics.
    public let health: FeedHealth

    /// How often the standby's change log is read (an indexed query that usually finds nothing).
    public static let standbyPollInterval = Duration.milliseconds(200)

    public init(store: CatalogStore, logger: Logger, pollInterval: Duration = .seconds(2), health: FeedHealth = FeedHealth()) {
        self.store = store
        self.logger = logger
        self.pollInterval = pollInterval
        self.health = health
    }

    /// What the feed reports.
    public enum Event: Sendable, Hashable {
        case change(Change)
        /// API keys changed (one was revoked).
        case keys
        /// The listener (re)connected; changes logged meanwhile follow as `.change` events.
        case connected
        /// Changes this replica had not handled were pruned from the log (it was away longer than
        /// the log's retention): whatever it holds may be stale, and is to be reloaded.
        case behind
    }

    /// Runs until cancelled, calling `handle` for each event, in order for each source.
    /// Starts after change `startingAfter` (the change log's newest id when the cache was loaded).
    /// A change counts as handled only when `handle` returns: one it throws for is handed again
    /// on every poll until it succeeds (a replica whose reload failed does not keep a stale text).
    public func run(startingAfter start: Int64, handle: @escaping @Sendable (Event) async throws -> Void) async {
        let last = LastSeen(start)
        let pending = PendingChanges()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.listen(last, pending, handle) }
            group.addTask { await self.apply(pending, last, handle) }
            group.addTask { await self.poll(last, handle) }
            await group.waitForAll()
            await pending.finish()
        }
    }

    /// Applies the notified changes, newest per template: while one is applied, the notifications
    /// that arrive for the same template are merged into one (an import of a whole catalog
    /// notifies every text, and one reload of each template brings them all).
    private func apply(_ pending: PendingChanges, _ last: LastSeen, _ handle: @escaping @Sendable (Event) async throws -> Void) async {
        for await _ in pending.signals {
            for (change, older) in await pending.take() {
                await deliver(change, last, handle, standingFor: older)
            }
        }
    }

    private func listen(_ last: LastSeen, _ pending: PendingChanges, _ handle: @escaping @Sendable (Event) async throws -> Void) async {
        var delay = Duration.milliseconds(100)
        while !Task.isCancelled {
            do {
                try await store.client.pool.withConnection { connection in
                    try await connection.listen(on: CatalogStore.channel) { notifications in
                        try? await handle(.connected)
                        try? await self.catchUp(last, handle)
                        // Listening counts once what was missed meanwhile is applied.
                        self.health.record(listening: true)
                        delay = .milliseconds(100)
                        for try await notification in notifications {
                            if notification.payload == "keys" {
                                try? await handle(.keys)
                            } else if !self.store.readsFromStandby, let change = Change(payload: notification.payload) {
                                // With a standby, a change is read from the standby's change log
                                // (the poll), once it has it: notified, the standby may not yet.
                                await pending.add(change)
                            }
                        }
                    }
                }
            } catch {
                health.record(listening: false)
                if Task.isCancelled { return }
                logger.warning("change listener lost its connection; reconnecting", metadata: ["error": "\(String(reflecting: error))"])
            }
            try? await Task.sleep(for: delay)
            delay = min(delay * 2, .seconds(2))
        }
    }

    private func poll(_ last: LastSeen, _ handle: @escaping @Sendable (Event) async throws -> Void) async {
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

    /// Reads the change log from the oldest change not yet handled.
    private func catchUp(_ last: LastSeen, _ handle: @escaping @Sendable (Event) async throws -> Void) async throws {
        let changes: [Change]
        let prunedThrough: Int64
        do {
            (changes, prunedThrough) = try await store.changes(after: await last.floor)
            health.record(reachable: true)
        } catch {
            health.record(reachable: false)
            throw error
        }
        if prunedThrough > (await last.floor) {
            // What was pruned is covered by the reload; the log's remaining changes follow it.
            try await handle(.behind)
            await last.skip(through: prunedThrough)
            logger.notice("the change log was pruned past this replica's last change; reloaded what it holds",
                          metadata: ["pruned-through": "\(prunedThrough)"])
        }
        // Applying a change reloads what it names as it is now, so of several changes to the same
        // template (an import logs one per text) only the newest is applied; it stands for the rest.
        var newest: [ChangeTarget: Int] = [:]
        for (position, change) in changes.enumerated() { newest[ChangeTarget(change)] = position }
        var standsFor: [Int: [Int64]] = [:]
        for (position, change) in changes.enumerated() where newest[ChangeTarget(change)] != position {
            standsFor[newest[ChangeTarget(change)]!, default: []].append(change.id)
        }
        for (position, change) in changes.enumerated() where newest[ChangeTarget(change)] == position {
            await deliver(change, last, handle, standingFor: standsFor[position] ?? [])
        }
    }

    /// What a change reloads.
    struct ChangeTarget: Hashable {
        var workspaceID: Int64
        var templateID: Int64?
        init(_ change: Change) { (workspaceID, templateID) = (change.workspaceID, change.templateID) }
    }

    /// Hands a change over unless it was handled before, and records it (and the older changes
    /// it stands for) as handled only once that worked.
    private func deliver(_ change: Change, _ last: LastSeen, _ handle: @escaping @Sendable (Event) async throws -> Void,
                         standingFor older: [Int64] = []) async {
        guard await last.isNew(change.id) else {
            for id in older { await last.handled(id) }
            return
        }
        do {
            try await handle(.change(change))
            for id in older { await last.handled(id) }
            await last.handled(change.id)
        } catch {
            await last.failed(change.id)
            if Task.isCancelled { return }
            logger.warning("could not apply a catalog change; it is retried", metadata: ["change": "\(change.id)", "error": "\(String(reflecting: error))"])
        }
    }
}

/// Notified changes waiting to be applied: the newest per template, with the older ones it stands for.
actor PendingChanges {
    private var waiting: [ChangeFeed.ChangeTarget: (change: Change, older: [Int64])] = [:]
    private var order: [ChangeFeed.ChangeTarget] = []
    nonisolated let signals: AsyncStream<Void>
    private let signal: AsyncStream<Void>.Continuation

    init() {
        (signals, signal) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func add(_ change: Change) {
        let target = ChangeFeed.ChangeTarget(change)
        if let current = waiting[target] {
            let (newer, older) = change.id > current.change.id ? (change, current.change) : (current.change, change)
            waiting[target] = (newer, current.older + [older.id])
        } else {
            waiting[target] = (change, [])
            order.append(target)
        }
        signal.yield()
    }

    /// Everything waiting, in the order it first came.
    func take() -> [(Change, [Int64])] {
        defer { (waiting, order) = ([:], []) }
        return order.compactMap { waiting[$0].map { ($0.change, $0.older) } }
    }

    func finish() { signal.finish() }
}

/// Whether the change feed reaches the database, and when it last read the change log: the age
/// of what this replica serves from memory.
public final class FeedHealth: Sendable {
    private let state = Mutex<(lastRead: ContinuousClock.Instant?, reachable: Bool)>((nil, true))
    private let listening = Mutex(false)

    public init() {}

    func record(listening: Bool) { self.listening.withLock { $0 = listening } }

    /// Whether notifications of changes reach this replica now (else only the poll brings them).
    public var isListening: Bool { listening.withLock { $0 } }

    func record(reachable: Bool) {
        state.withLock { state in
            state.reachable = reachable
            if reachable { state.lastRead = .now }
        }
    }

    /// Whether the last read of the change log reached the database.
    public var reachable: Bool { state.withLock { $0.reachable } }

    /// Time since the change log was last read (nil before the first read).
    public var age: Duration? { state.withLock { $0.lastRead.map { $0.duration(to: .now) } } }
}

/// The changes handled so far. Change ids come from a sequence, so they may commit out of
/// order, and a rolled-back transaction leaves a gap for good: the log is therefore read both
/// past the newest id and over the last half minute, and ids already handled are skipped. A
/// change whose handling failed keeps the log being read from before it until it succeeds.
/// (Handling a change twice only reloads a template: harmless.)
actor LastSeen {
    private(set) var value: Int64
    private var seen: Set<Int64> = []
    private var failures: Set<Int64> = []

    init(_ value: Int64) { self.value = value }

    /// Where to read the log from: after the newest change handled, or before the oldest that failed.
    var floor: Int64 { failures.min().map { min($0 - 1, value) } ?? value }

    func isNew(_ id: Int64) -> Bool { !seen.contains(id) }

    func handled(_ id: Int64) {
        seen.insert(id)
        failures.remove(id)
        value = max(value, id)
        if seen.count > 20_000 { seen = seen.filter { $0 > value - 10_000 } }
    }

    func failed(_ id: Int64) { failures.insert(id) }

    /// Counts every change up to `id` as handled (a reload covered them).
    func skip(through id: Int64) {
        value = max(value, id)
        failures = failures.filter { $0 > id }
    }
}
