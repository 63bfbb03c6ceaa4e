import Foundation
import Logging
import ServiceLifecycle
import Store

/// How usage is kept.
public struct UsageSettings: Sendable {
    /// Whether renders are counted at all.
    public var isOn = true
    /// How often a replica adds its counts to the database: what a crash can lose.
    public var flushInterval: Duration = .seconds(60)
    /// How long hourly rows are kept before they are rolled up into daily ones.
    public var hourlyDays = 14
    /// How long daily rows are kept.
    public var dailyDays = 400
    /// How long one flush may wait on the database before it is tried again later.
    public var flushTimeout: Duration = .seconds(10)
    /// Counts kept in memory past which a flush comes before its interval is up: traffic over
    /// many workspaces and templates would otherwise grow them for the whole interval. About
    /// 15 MB; lower, busy replicas write the same counts again and again (renders spread over
    /// 34 000 texts of one workspace were flushed every 5 s at 20 000, seven times the rows of
    /// one flush a minute, and the flushes showed in the render p99).
    public var flushAtEntries = 100_000

    public init() {}
}

/// Adds this replica's counts to PostgreSQL: every flush interval, before a usage report is read,
/// and once more at shutdown (after the HTTP server has stopped taking requests, before the
/// database pool closes). Rolls old hourly rows up into daily ones once an hour.
///
/// A flush whose outcome is unknown (the database went away around the commit) is written again,
/// under the same id, before any newer counts: it is added once or not at all, never twice.
public actor UsageRecorder: Service {
    let counter: UsageCounter
    let store: CatalogStore
    let settings: UsageSettings
    let logger: Logger
    /// This process's name in flush ids.
    let replica = UUID().uuidString
    private var sequence: Int64 = 0
    /// A batch taken from the counter whose write has not been confirmed.
    private var pending: UsageBatch?
    /// The flush running or last run: flushes run one after another.
    private var latest: Task<Void, any Error>?

    public init(counter: UsageCounter, store: CatalogStore, settings: UsageSettings, logger: Logger) {
        self.counter = counter
        self.store = store
        self.settings = settings
        self.logger = logger
    }

    public func run() async throws {
        guard counter.isOn else {
            // A service that returns ends the whole group: stay until shutdown.
            try? await gracefulShutdown()
            return
        }
        await cancelWhenGracefulShutdown {
            var lastCompaction = ContinuousClock.now - .seconds(3600)
            while !Task.isCancelled {
                // Every interval, or sooner when the counts in memory pass their bound (looked at each second).
                let due = ContinuousClock.now + self.settings.flushInterval
                while !Task.isCancelled, ContinuousClock.now < due, self.counter.entries < self.settings.flushAtEntries {
                    try? await Task.sleep(for: min(.seconds(1), ContinuousClock.now.duration(to: due)))
                }
                guard !Task.isCancelled else { break }
                await self.flushLogging()
                if ContinuousClock.now - lastCompaction >= .seconds(3600) {
                    lastCompaction = .now
                    await self.compact()
                }
            }
        }
        // Shutting down: the HTTP server has stopped, so these are the last counts. A task of its
        // own, since this one is being cancelled.
        await Task { await self.flushLogging() }.value
    }

    /// Writes everything counted until now (for a report that must include this replica's counts).
    public func flush() async throws {
        let previous = latest
        let task = Task {
            _ = await previous?.result
            try await self.write()
        }
        latest = task
        try await task.value
    }

    private func flushLogging() async {
        do {
            try await Deadline.$current.withValue(.now + settings.flushTimeout) { try await flush() }
        } catch {
            logger.warning("usage counts were not written; they are tried again at the next flush",
                           metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// The unconfirmed batch first (same id), then what was counted since.
    private func write() async throws {
        for _ in 0..<2 {
            if pending == nil {
                let tally = counter.take()
                guard !tally.renders.isEmpty || !tally.suggestions.isEmpty else { return }
                sequence += 1
                pending = UsageBatch(replica: replica, sequence: sequence, renders: tally.renders, suggestions: tally.suggestions)
            }
            if let batch = pending {
                try await store.recordUsage(batch)
                pending = nil
            }
        }
    }

    private func compact() async {
        let now = Date()
        do {
            try await Deadline.$current.withValue(.now + settings.flushTimeout) {
                try await store.compactUsage(hoursBefore: now.addingTimeInterval(-Double(settings.hourlyDays) * 86_400),
                                             daysBefore: now.addingTimeInterval(-Double(settings.dailyDays) * 86_400))
            }
        } catch {
            logger.warning("usage rows were not rolled up", metadata: ["error": "\(String(reflecting: error))"])
        }
    }
}
