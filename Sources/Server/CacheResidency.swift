/// Which workspaces a replica keeps in memory: each one's estimated size and when it was last
/// used, so that over the memory budget the least recently used are let go first.
///
/// Pure bookkeeping (no locks, no I/O): ``RenderCache`` holds one behind its lock.
struct CacheResidency<Entry> {
    private(set) var entries: [String: Entry] = [:]
    private var sizes: [String: Int] = [:]
    private var lastUse: [String: UInt64] = [:]
    private var clock: UInt64 = 0
    /// The estimated bytes of every entry held.
    private(set) var bytes = 0

    var count: Int { entries.count }

    /// The entry named `name`, which becomes the most recently used.
    mutating func use(_ name: String) -> Entry? {
        guard let entry = entries[name] else { return nil }
        clock += 1
        lastUse[name] = clock
        return entry
    }

    /// Holds `entry` under `name` with its estimated size, replacing what was held. A new entry
    /// counts as just used; a replaced one keeps its place (a change is not a use).
    mutating func hold(_ name: String, _ entry: Entry, bytes size: Int) {
        bytes += size - (sizes[name] ?? 0)
        if entries.updateValue(entry, forKey: name) == nil {
            clock += 1
            lastUse[name] = clock
        }
        sizes[name] = size
    }

    mutating func remove(_ name: String) {
        guard entries.removeValue(forKey: name) != nil else { return }
        bytes -= sizes.removeValue(forKey: name) ?? 0
        lastUse[name] = nil
    }

    /// The least recently used entries, never `kept`, to let go of so that at most `target`
    /// bytes stay held, where each entry holds its size and `more` of it (bytes it took since it
    /// was held), and `held` bytes are held in all. Asked once the budget is passed, with a
    /// target below it, so a full cache does not sort its entries on every load.
    func victims(downTo target: Int, keeping kept: String, held: Int, more: (Entry) -> Int = { _ in 0 }) -> [String] {
        var left = held
        var victims: [String] = []
        for (name, _) in lastUse.sorted(by: { $0.value < $1.value }) where name != kept {
            guard left > target else { break }
            left -= (sizes[name] ?? 0) + (entries[name].map(more) ?? 0)
            victims.append(name)
        }
        return victims
    }
}
