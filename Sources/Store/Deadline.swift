import Foundation
import NIOCore
import NIOPosix

/// How long a request may wait on the database, and the one way to give up on it.
///
/// postgres-nio gives up a connection lease when its task is cancelled, but not a query already
/// sent: with the database stopped, a cancelled task would wait as long as the database is away.
/// So work runs in a task of its own, and the caller is answered when the time is up whatever that
/// task is doing. A write that is still in flight then cannot commit late: its transaction
/// carries the same deadline, checked by PostgreSQL at COMMIT (see `Migrations/0003_write_deadline.sql`).
public enum Deadline {
    /// The time the current request must be answered by (nil: no deadline, as for start-up work).
    @TaskLocal public static var current: ContinuousClock.Instant?

    /// The time up to which a transaction may commit: the request's deadline less a margin, so a
    /// commit that is checked just in time is also finished before the client is answered.
    static var commitBy: Date? {
        guard let current else { return nil }
        let remaining = ContinuousClock.now.duration(to: current) - commitMargin
        let seconds = Double(remaining.components.seconds) + Double(remaining.components.attoseconds) / 1e18
        return Date().addingTimeInterval(seconds)
    }

    /// What is kept back from a request's deadline for a commit to finish and the answer to go out.
    static let commitMargin = Duration.milliseconds(250)

    /// The work was given up on at its deadline.
    public struct Exceeded: Error, Sendable, CustomStringConvertible {
        public var description: String { "the database did not answer in time" }
        public init() {}
    }

    /// `operation`'s result, or ``Exceeded`` once `deadline` has passed (the operation is cancelled
    /// and left to finish on its own). The operation sees `deadline` as ``current``.
    public static func run<T: Sendable>(by deadline: ContinuousClock.Instant,
                                        _ operation: @escaping @Sendable () async throws -> T) async throws -> T {
        let race = Race<T>()
        let work = Task {
            let result = await Result { try await $current.withValue(deadline) { try await operation() } }
            race.finish(result)
        }
        // A task scheduled on an event loop, not a sleeping `Task`: a cancelled `Task.sleep` keeps
        // its timer and a task of its own until the deadline, which is minutes away for a
        // workspace's load; a cancelled scheduled task is let go at once.
        let timer = NIOSingletons.posixEventLoopGroup.any().scheduleTask(in: TimeAmount(ContinuousClock.now.duration(to: deadline))) {
            if race.finish(.failure(Exceeded())) { work.cancel() }
        }
        defer { timer.cancel() }
        return try await withTaskCancellationHandler {
            try await race.value()
        } onCancel: {
            work.cancel()
            race.finish(.failure(CancellationError()))
        }
    }
}

/// The first of several outcomes, handed to the one waiter.
private final class Race<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<T, any Error>?
    private var waiter: CheckedContinuation<T, any Error>?

    /// Settles the race with `result` unless it is settled already; true when this call settled it.
    @discardableResult
    func finish(_ result: Result<T, any Error>) -> Bool {
        lock.lock()
        guard outcome == nil else { lock.unlock(); return false }
        outcome = result
        let waiter = self.waiter
        self.waiter = nil
        lock.unlock()
        waiter?.resume(with: result)
        return true
    }

    func value() async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            lock.lock()
            if let outcome {
                lock.unlock()
                continuation.resume(with: outcome)
            } else {
                waiter = continuation
                lock.unlock()
            }
        }
    }
}

extension Result where Failure == any Error {
    /// The outcome of an async throwing operation.
    init(catching operation: () async throws -> Success) async {
        do { self = .success(try await operation()) } catch { self = .failure(error) }
    }
}
