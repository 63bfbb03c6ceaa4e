import Testing

/// A body that ran past its time limit.
struct TimeLimitExceeded: Error, CustomStringConvertible {
    let limit: Duration
    var description: String { "not done within \(limit)" }
}

/// Runs `body`, failing the test when it takes longer than `limit` (a hang fails, never blocks the run).
func withTimeLimit<T: Sendable>(_ limit: Duration, _ body: @Sendable @escaping () async throws -> T) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await body() }
        group.addTask {
            try await Task.sleep(for: limit)
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let result = first else { throw TimeLimitExceeded(limit: limit) }
        return result
    }
}
