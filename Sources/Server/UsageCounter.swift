import Catalog
import Foundation
import Store
import Synchronization

/// This replica's counts of renders and suggestion outcomes since they were last taken, in memory.
///
/// A render adds one to a dictionary entry under one of several locks, chosen by the calling
/// thread, so the event loops rarely meet on a lock; no render ever writes to the database.
/// ``UsageRecorder`` takes the counts and adds them to PostgreSQL.
public final class UsageCounter: Sendable {
    /// Off: nothing is counted (for comparison in benchmarks, or when usage is not wanted).
    public let isOn: Bool
    private let shards: [Shard]

    private final class Shard: Sendable {
        let tally = Mutex(Tally())
    }

    /// Counts by kind and hour.
    public struct Tally: Sendable {
        public var renders: [Bucketed<RenderUse>: Int64] = [:]
        public var suggestions: [Bucketed<SuggestionOutcome>: Int64] = [:]
    }

    public init(isOn: Bool = true, shards: Int = 16) {
        self.isOn = isOn
        self.shards = (0..<max(1, shards)).map { _ in Shard() }
    }

    /// Counts one render.
    public func count(_ use: RenderUse) {
        guard isOn else { return }
        let key = Bucketed(use, hour: Self.currentHour())
        shard().tally.withLock { $0.renders[key, default: 0] += 1 }
    }

    /// Counts what an agent saw of, or did with, a template's suggestion.
    func count(_ outcome: SuggestionOutcome, times: Int64 = 1) {
        guard isOn, times > 0 else { return }
        let key = Bucketed(outcome, hour: Self.currentHour())
        shard().tally.withLock { $0.suggestions[key, default: 0] += times }
    }

    /// How many distinct counts are held now.
    var entries: Int {
        shards.reduce(0) { total, shard in total + shard.tally.withLock { $0.renders.count + $0.suggestions.count } }
    }

    /// Everything counted so far, leaving the counts at zero.
    public func take() -> Tally {
        var all = Tally()
        for shard in shards {
            let taken = shard.tally.withLock { tally in
                defer { tally = Tally() }
                return tally
            }
            all.renders.merge(taken.renders, uniquingKeysWith: +)
            all.suggestions.merge(taken.suggestions, uniquingKeysWith: +)
        }
        return all
    }

    /// The shard of the calling thread: threads of the event loops keep to their own.
    private func shard() -> Shard {
        let thread = UInt(pthread_self())
        return shards[Int((thread &* 0x9E37_79B9_7F4A_7C15) >> 58) % shards.count]
    }

    /// The current hour's start in seconds since 1970 (the clock is read per count: a cheap call).
    static func currentHour() -> Int64 {
        Int64(time(nil)) / 3600 * 3600
    }
}
