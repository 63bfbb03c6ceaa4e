import LaneKernel
import TestSupport
import Testing

/// The per-position sums of `LaneKernel`, both its copies (baseline and AVX2), against a plain
/// reading of MODEL.md's rule: each class takes its cost at the longest order it has at a
/// position, plus the backoff below; `unseen` where it has none.
@Suite("Lane kernel")
struct LaneKernelTests {
    static let lanes = Int(PARLEY_LANES)
    static let rowBit = PARLEY_ROW_BIT

    /// A random scoring input: positions with their longest orders, keys absent, with short
    /// postings (some of another group's classes) or with rows (some of another group).
    struct Input {
        var table: [UInt8] = [0]  // offset 0 is never a key's start
        var rows: [UInt8] = []
        var range: [UInt32] = []
        var longest: [Int] = []
        var eligible = [UInt16](repeating: 0, count: 6 * LaneKernelTests.lanes)
        /// Vector 6L + n (the model's lane table from its vector 6 on).
        var extra = [UInt16](repeating: 0, count: 36 * LaneKernelTests.lanes)
        var first: UInt32 = 0
        let unseen: UInt16 = 120

        init(seed: UInt64, positions: Int) {
            var random = SplitMix(seed: seed)
            let lanes = LaneKernelTests.lanes
            first = UInt32(random.next(below: 30))
            let classes = 1 + random.next(below: lanes)
            for lane in 0..<classes {
                let longestOrder = 3 + random.next(below: 3)
                for order in 1...longestOrder { eligible[order * lanes + lane] = 0xFFFF }
            }
            for index in extra.indices { extra[index] = UInt16(random.next(below: 41)) }
            let rowCount = 50
            for _ in 0..<(rowCount * lanes) { rows.append(random.next(below: 3) == 0 ? 255 : UInt8(random.next(below: 255))) }
            for _ in 0..<positions { longest.append(1 + random.next(below: 5)) }
            for _ in 0..<(5 * positions) {
                switch random.next(below: 4) {
                case 0:
                    range += [0, 0]
                case 1:
                    let group = random.next(below: 5) == 0 ? first + 1 : first
                    let packed = UInt32(random.next(below: rowCount)) | group << 24
                    let start = UInt32(table.count)
                    table += withUnsafeBytes(of: packed.littleEndian, Array.init)
                    range += [start, (start + 4) | LaneKernelTests.rowBit]
                default:
                    let start = UInt32(table.count)
                    var used = Set<Int>()
                    for _ in 0..<(1 + random.next(below: 7)) {
                        let index = Int(first) - 3 + random.next(below: lanes + 6)  // a few outside the group
                        guard index >= 0, used.insert(index).inserted else { continue }
                        table += [UInt8(index), UInt8(random.next(below: 255))]
                    }
                    range += table.count == Int(start) ? [0, 0] : [start, UInt32(table.count)]
                }
            }
        }

        /// The sums, position by position, class by class.
        func expected() -> [UInt32] {
            let lanes = LaneKernelTests.lanes
            var sums = [UInt32](repeating: 0, count: lanes)
            for (position, longestOrder) in longest.enumerated() {
                var value = [UInt16](repeating: unseen, count: lanes)
                var open = (0..<lanes).map { eligible[lanes + $0] != 0 }
                for order in stride(from: longestOrder, through: 1, by: -1) {
                    let key = 5 * position + order - 1
                    let start = Int(range[2 * key]), end = range[2 * key + 1]
                    guard start != 0 else { continue }
                    func take(_ lane: Int, _ cost: UInt8) {
                        guard (0..<lanes).contains(lane), open[lane], eligible[order * lanes + lane] != 0 else { return }
                        value[lane] = UInt16(cost) + extra[(6 * longestOrder + order) * lanes + lane]
                        open[lane] = false
                    }
                    if end & LaneKernelTests.rowBit != 0 {
                        let packed = table[start..<(start + 4)].reversed().reduce(UInt32(0)) { $0 << 8 | UInt32($1) }
                        guard packed >> 24 == first else { continue }
                        let row = Int(packed & 0xFF_FFFF) * lanes
                        for lane in 0..<lanes where rows[row + lane] != 255 { take(lane, rows[row + lane]) }
                    } else {
                        for posting in stride(from: start, to: Int(end), by: 2) { take(Int(table[posting]) - Int(first), table[posting + 1]) }
                    }
                }
                for lane in 0..<lanes { sums[lane] += UInt32(value[lane]) }
            }
            return sums
        }

        /// The sums from one of the kernel's functions.
        func sums(_ kernel: (UnsafePointer<parley_lane_input>, UnsafeMutablePointer<UInt32>) -> Void) -> [UInt32] {
            var sums = [UInt32](repeating: 0, count: LaneKernelTests.lanes)
            table.withUnsafeBufferPointer { table in rows.withUnsafeBufferPointer { rows in
                range.withUnsafeBufferPointer { range in longest.withUnsafeBufferPointer { longest in
                    eligible.withUnsafeBufferPointer { eligible in extra.withUnsafeBufferPointer { extra in
                        var input = parley_lane_input(
                            table: table.baseAddress, rows: rows.baseAddress, range: range.baseAddress,
                            longest: longest.baseAddress, eligible: eligible.baseAddress, extra: extra.baseAddress,
                            positionCount: longest.count, first: first, unseen: unseen)
                        kernel(&input, &sums)
                    } }
                } }
            } }
            return sums
        }
    }

    @Test("both copies give the sums of the rule, over the window's flush and past it",
          arguments: [(1, 1), (2, 37), (3, 199), (4, 200), (5, 201), (6, 650)])
    func sums(seed: UInt64, positions: Int) {
        let input = Input(seed: seed, positions: positions)
        let expected = input.expected()
        #expect(input.sums { parley_sum_positions_baseline($0, $1) } == expected)
        #expect(input.sums { parley_sum_positions($0, $1) } == expected)
        if parley_lane_kernel_has_avx2() != 0 {
            #expect(input.sums { parley_sum_positions_avx2($0, $1) } == expected)
        }
    }
}
