import Dispatch
import Synchronization

extension Array where Element: Sendable {
    /// `transform` of each element, computed on every core; the results keep the elements' order.
    /// For pure work over large catalogs (reading files, checking texts), never for I/O.
    func concurrentMap<Result: Sendable>(_ transform: @Sendable (Element) -> Result) -> [Result] {
        let results = Mutex([Result?](repeating: nil, count: count))
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = transform(self[index])
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
    }
}

extension Array {
    /// The array in consecutive slices of at most `size` elements.
    public func chunks(of size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
