import Foundation
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

    /// Releases soon (once `interval` has passed since the last release), then calls `after`.
    func release(then after: @escaping @Sendable () -> Void = {}) {
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
            after()
        }
    }

    /// The process's resident memory, in bytes (0 where /proc is not there to say).
    static func residentBytes() -> Int {
        guard let statm = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let pages = statm.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
