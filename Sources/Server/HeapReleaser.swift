import Foundation
import HeapRelease
import Synchronization

/// Hands the allocator's free pages back to the system after the render cache lets workspaces
/// go: without it, glibc keeps them for reuse and the resident size stays at its peak, well over
/// the cache's budget. At most once per `interval`, on a background task, never on a request.
final class HeapReleaser: Sendable {
    let interval: Duration
    private let state = Mutex(State())

    private struct State {
        var scheduled = false
        /// What runs after the scheduled release: the last one a caller gave.
        var after: (@Sendable () -> Void)?
    }

    init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    /// Releases soon (once `interval` has passed since the last release), then calls `after`.
    /// A call while a release is scheduled does not schedule another, but its `after` (when it
    /// gives one) runs after that release: calls come hundreds of times a second when workspaces
    /// are loaded and let go, and none of what they ask may be dropped.
    func release(then after: (@Sendable () -> Void)? = nil) {
        let schedule = state.withLock { state in
            if let after { state.after = after }
            defer { state.scheduled = true }
            return !state.scheduled
        }
        guard schedule else { return }
        Task.detached(priority: .background) { [self] in
            // Waiting first lets the renders that still hold what was let go finish.
            try? await Task.sleep(for: interval)
            let after = state.withLock { state in
                defer { (state.scheduled, state.after) = (false, nil) }
                return state.after
            }
            parley_heap_release()
            after?()
        }
    }

    /// The process's resident memory, in bytes (0 where /proc is not there to say).
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
