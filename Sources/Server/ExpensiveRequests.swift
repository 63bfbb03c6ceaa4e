import Atomics

/// How many expensive requests (export, import, snapshot) this replica runs at once: each reads
/// or writes a whole workspace, so a few at a time keep renders fast for everyone else.
public final class ExpensiveRequests: Sendable {
    /// The most at once (nil: no limit).
    public let limit: Int?
    private let running = ManagedAtomic<Int>(0)
    private let highest = ManagedAtomic<Int>(0)

    init(limit: Int?) {
        self.limit = limit
    }

    /// Takes a place; false when every place is taken (nothing is taken then).
    public func enter() -> Bool {
        let count = running.wrappingIncrementThenLoad(ordering: .acquiringAndReleasing)
        if let limit, count > limit {
            running.wrappingDecrement(ordering: .acquiringAndReleasing)
            return false
        }
        var seen = highest.load(ordering: .relaxed)
        while count > seen {
            let (exchanged, original) = highest.compareExchange(expected: seen, desired: count, ordering: .relaxed)
            if exchanged { break }
            seen = original
        }
        return true
    }

    /// Gives back a place taken by `enter`.
    public func leave() {
        running.wrappingDecrement(ordering: .acquiringAndReleasing)
    }

    /// The most that ran at once since the replica started.
    public var peak: Int { highest.load(ordering: .relaxed) }
}
