import HeapRelease
import Synchronization

/// Hands the allocator's free pages back to the system after the render cache lets workspaces
/// go: without it, glibc keeps them for reuse and the resident size stays at its peak, well over
/// the cache's budget. At most once per `interval`, on a background task, never on a request.
final class HeapReleaser: Sendable {
    let interval: Duration
    private let scheduled = Mutex(false)

    init(interval: Duration = .seconds(1)) {
        self.interval = interval
    }

    /// Releases soon (once `interval` has passed since the last release).
    func release() {
        let schedule = scheduled.withLock { scheduled in
            defer { scheduled = true }
            return !scheduled
        }
        guard schedule else { return }
        Task.detached(priority: .background) { [self] in
            // Waiting first lets the renders that still hold what was let go finish.
            try? await Task.sleep(for: interval)
            scheduled.withLock { $0 = false }
            parley_heap_release()
        }
    }
}
