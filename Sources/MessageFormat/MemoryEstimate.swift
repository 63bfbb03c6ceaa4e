/// What a compiled message holds on the heap, estimated from its shape, so a cache can keep
/// within a memory budget without asking the allocator.
///
/// Formatters and plural rules are shared through the ``FormatterProvider`` and not counted.
/// Each allocation is counted with the allocator's usual 16 bytes of header and rounding.
extension CompiledMessage {
    /// The estimated bytes this message holds on its own.
    public var estimatedBytes: Int {
        let object = MemoryEstimate.allocation(MemoryLayout<CompiledMessage>.size + 64)
        // A MessageFormat 2 message keeps its syntax tree too: counted as four bytes per byte of source.
        let tree = mf2 == nil ? 0 : MemoryEstimate.allocation(4 * source.utf8.count)
        return object + MemoryEstimate.string(source) + MemoryEstimate.string(timeZone) + MemoryEstimate.nodes(nodes) + tree
    }
}

/// Heap bytes as the estimates count them.
public enum MemoryEstimate {
    static let overhead = 16

    /// An allocation of `bytes`, rounded and with its header.
    public static func allocation(_ bytes: Int) -> Int { (bytes + 15) / 16 * 16 + overhead }

    /// Swift keeps strings of up to 15 UTF-8 bytes inline; longer ones have a 32-byte header.
    public static func string(_ text: String) -> Int {
        text.utf8.count <= 15 ? 0 : allocation(32 + text.utf8.count)
    }

    static func array<T>(_ elements: [T]) -> Int {
        elements.isEmpty ? 0 : allocation(32 + elements.count * MemoryLayout<T>.stride)
    }

    static func nodes(_ nodes: [Node]) -> Int {
        nodes.reduce(array(nodes)) { $0 + node($1) }
    }

    static func node(_ node: Node) -> Int {
        switch node {
        case .text(let bytes): return array(bytes)
        case .argument(let name), .number(let name, _), .date(let name, _): return string(name)
        case .pluralNumber: return 0
        case .plural(let plural):
            let exact = plural.exact.reduce(array(plural.exact)) { $0 + nodes($1.nodes) }
            let categories = plural.categories.reduce(array(plural.categories)) { $0 + ($1.map(nodes) ?? 0) }
            return allocation(96) + string(plural.argument) + exact + categories + nodes(plural.other)
        case .select(let select):
            // A dictionary: a header and, per slot of its capacity, a key, a value and a bit.
            let table = select.cases.isEmpty ? 0 : allocation(64 + select.cases.capacity * (MemoryLayout<String>.stride + MemoryLayout<[Node]>.stride + 1))
            let cases = select.cases.reduce(table) { $0 + string($1.key) + nodes($1.value) }
            return allocation(56) + string(select.argument) + cases + nodes(select.other)
        }
    }
}
