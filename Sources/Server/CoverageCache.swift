import Store
import Synchronization

/// Each workspace's locale coverage (`GET …/locales`), computed once and kept until a change to
/// the workspace arrives: counting coverage aggregates every text of the workspace, and the
/// answer only changes when a text or template does.
final class CoverageCache: Sendable {
    private struct State {
        var coverage: [Int64: [LocaleCoverage]] = [:]
        /// Per workspace, changes heard: a count made while one arrived is not kept.
        var changes: [Int64: Int] = [:]
    }

    private let state = Mutex(State())

    /// The workspace's coverage, counted by `count` when none is kept.
    func coverage(of workspaceID: Int64, _ count: () async throws -> [LocaleCoverage]) async throws -> [LocaleCoverage] {
        let (kept, before) = state.withLock { ($0.coverage[workspaceID], $0.changes[workspaceID] ?? 0) }
        if let kept { return kept }
        let counted = try await count()
        state.withLock { state in
            if (state.changes[workspaceID] ?? 0) == before { state.coverage[workspaceID] = counted }
        }
        return counted
    }

    /// Forgets a workspace's coverage (a change to it), or every workspace's (nil: changes were missed).
    func invalidate(_ workspaceID: Int64?) {
        state.withLock { state in
            guard let workspaceID else {
                state.coverage.removeAll()
                for key in state.changes.keys { state.changes[key]! += 1 }
                return
            }
            state.coverage[workspaceID] = nil
            state.changes[workspaceID, default: 0] += 1
        }
    }
}
