import Foundation

/// How much memory the render cache may hold.
public struct CacheSettings: Sendable, Hashable {
    /// The budget for compiled workspaces, in bytes (as ``CompiledMessage/estimatedBytes`` and
    /// the snapshot's own tables estimate them). A workspace larger than the whole budget is
    /// still served: it is then the only one held.
    public var memory: Int

    public init(memory: Int = CacheSettings.standardMemory) {
        self.memory = memory
    }

    /// Half the memory this process may use: its cgroup's limit when it has one (a container),
    /// else the machine's.
    public static let standardMemory: Int = {
        let physical = Int(clamping: ProcessInfo.processInfo.physicalMemory)
        let limit = (try? String(contentsOfFile: "/sys/fs/cgroup/memory.max", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
        return min(limit ?? physical, physical) / 2
    }()

    /// What the cache holds back from the budget after the process grew by `grown` bytes since it
    /// became ready, having held back `previous`: what growth is over the budget by is added, what
    /// it is under by taken off; never below nothing, never more than three quarters of the budget.
    func heldBack(previous: Int, grown: Int) -> Int {
        min(memory / 4 * 3, max(0, previous + grown - memory))
    }

    /// Reads a size such as `512MB`, `2GiB` or `1000000` (bytes: KB, MB and GB are powers of ten,
    /// KiB, MiB and GiB powers of two); nil when it is not one.
    public static func parseSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).uppercased()
        let units: [(String, Int)] = [("KIB", 1 << 10), ("MIB", 1 << 20), ("GIB", 1 << 30), ("KB", 1_000), ("MB", 1_000_000),
                                      ("GB", 1_000_000_000), ("B", 1)]
        for (suffix, scale) in units where trimmed.hasSuffix(suffix) {
            guard let number = Double(trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)), number > 0 else { return nil }
            return Int(number * Double(scale))
        }
        guard let bytes = Int(trimmed), bytes > 0 else { return nil }
        return bytes
    }
}
