import CacheHints
import LaneKernel

/// The costs of a script group's languages for some words (lower is likelier), as
/// `Tools/langid/MODEL.md` section 6 defines them.
///
/// The work is lookups in a table of several megabytes, so each word's keys are hashed first
/// and the table is then read for all of them in flat loops: the processor can wait for many
/// of those reads at once instead of one after another. A position's values for all the group's
/// classes are then worked out side by side, as vectors.
struct Score {
    /// Per class index (only the group's are filled).
    var costs: [Int]
    /// Per class index: words found in its word list.
    var knownWords: [Int]
    /// Scored n-gram positions.
    var positions = 0

    init(model: LanguageModel, group: [Int], letters: [UInt32], words: [Range<Int>]) {
        let classCount = model.classes.count
        let unseen = model.parameters.unseenCost
        let bucketMask = UInt64((1 << model.bucketBits) - 1), bucketBits = UInt64(model.bucketBits)
        // Every scored position of the text: a code point of " word " after the first.
        let positionCount = words.reduce(0) { $0 + $1.count + 1 }
        let keyCount = 5 * positionCount + words.count  // 5 orders per position, then one key per word
        // Scratch memory: no copy-on-write or bounds checks in the loops, and small types, so that
        // it stays in the first-level cache beside the table's lines.
        let scratch = UnsafeMutableBufferPointer<Int>.allocate(capacity: 4 * classCount + 2 * positionCount)
        defer { scratch.deallocate() }
        let cost = scratch.baseAddress!
        let known = cost + classCount
        let maxOrder = known + classCount        // 0 for classes outside the group: their postings are skipped
        let missingWordCost = maxOrder + classCount
        let longest = missingWordCost + classCount  // per position: the longest order it has (≤ 5)
        let pending = longest + positionCount     // per position: scratch for the level loop
        cost.initialize(repeating: 0, count: 4 * classCount)
        // Per key: where its postings start and end in the table (0, 0: absent); the end's top bit
        // says the postings are the number of a row of costs (`LanguageModel.rows`).
        let range = UnsafeMutablePointer<UInt32>.allocate(capacity: 2 * keyCount)
        defer { range.deallocate() }
        range.initialize(repeating: 0, count: 2 * keyCount)
        let open = UnsafeMutablePointer<Int32>.allocate(capacity: keyCount)  // keys still to look up
        defer { open.deallocate() }
        let rowBit = PARLEY_ROW_BIT
        for index in group {
            maxOrder[index] = model.classes[index].maxOrder
            missingWordCost[index] = model.classes[index].wordMissingCost
        }
        let hashes = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: keyCount)
        defer { hashes.deallocate() }

        // 1. Hash every key: key 5p + (n − 1) is the n-gram of order n ending at position p;
        //    key 5 × positionCount + w is word w. The n-grams ending at a position are suffixes
        //    of one another: they are hashed side by side, five independent chains over the
        //    bytes of the longest (a chain starts at its n-gram's first code point).
        let longestWord = words.reduce(0) { max($0, $1.count) }
        let utf8 = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4 * (longestWord + 2))
        defer { utf8.deallocate() }
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: longestWord + 3)
        defer { starts.deallocate() }
        let prime = FNV1a.prime, seed = FNV1a().value
        var position = 0
        for (wordIndex, word) in words.enumerated() {
            // " word " in UTF-8, and where each code point starts.
            var byteCount = 0
            let length = word.count + 2
            for index in 0..<length {
                starts[index] = byteCount
                let scalar: Unicode.Scalar = index == 0 || index == length - 1 ? " " : (Unicode.Scalar(letters[word.lowerBound + index - 1]) ?? " ")
                UTF8.encode(scalar) { utf8[byteCount] = $0; byteCount += 1 }
            }
            starts[length] = byteCount
            for end in 1..<length {
                let orders = min(5, end &+ 1)
                longest[position] = orders
                var h1 = (seed ^ 1) &* prime, h2 = (seed ^ 2) &* prime, h3 = (seed ^ 3) &* prime
                var h4 = (seed ^ 4) &* prime, h5 = (seed ^ 5) &* prime
                var character = end &+ 1 &- orders
                while character <= end {
                    let shortest = end &+ 1 &- character  // the lowest order that includes this code point
                    var index = starts[character]
                    let stop = starts[character &+ 1]
                    while index < stop {
                        let byte = UInt64(utf8[index])
                        h5 = (h5 ^ byte) &* prime
                        h4 = shortest <= 4 ? (h4 ^ byte) &* prime : h4
                        h3 = shortest <= 3 ? (h3 ^ byte) &* prime : h3
                        h2 = shortest <= 2 ? (h2 ^ byte) &* prime : h2
                        h1 = shortest <= 1 ? (h1 ^ byte) &* prime : h1
                        index &+= 1
                    }
                    character &+= 1
                }
                let key = 5 &* position
                hashes[key] = h1
                hashes[key &+ 1] = h2
                hashes[key &+ 2] = h3
                hashes[key &+ 3] = h4
                hashes[key &+ 4] = h5
                position &+= 1
            }
            var hash = FNV1a()
            hash.add(LanguageModel.wordKind)
            for index in starts[1]..<starts[length - 1] { hash.add(utf8[index]) }
            hashes[5 * positionCount + wordIndex] = hash.value
        }

        model.bytes.withUnsafeBufferPointer { table in model.rows.withUnsafeBufferPointer { rowTable in
        model.laneTables.withUnsafeBufferPointer { laneTable in
            let base = table.baseAddress!, rows = rowTable.baseAddress!, laneTables = laneTable.baseAddress!
            let rowLength = LanguageModel.groupLanes, rowNumber = Int(PARLEY_ROW_NUMBER)
            @inline(__always) func load32(_ offset: Int) -> Int {
                Int(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt32.self).littleEndian)
            }
            /// Looks up the keys listed in `open[0..<count]` in three passes: a prefetch of every
            /// key's bucket, then a prefetch of every bucket's entries, then the scans. A prefetch
            /// does not wait for its line, so each pass has all its reads in flight at once.
            func lookUp(_ count: Int) {
                for item in 0..<count {
                    let key = Int(open[item])
                    parley_prefetch(base + (model.bucketsOffset &+ 4 &* Int(truncatingIfNeeded: hashes[key] & bucketMask)))
                }
                for item in 0..<count {
                    let key = Int(open[item])
                    let bucket = model.bucketsOffset &+ 4 &* Int(truncatingIfNeeded: hashes[key] & bucketMask)
                    let start = model.entriesOffset &+ load32(bucket)
                    range[2 &* key] = UInt32(truncatingIfNeeded: start)
                    range[2 &* key &+ 1] = UInt32(truncatingIfNeeded: model.entriesOffset &+ load32(bucket &+ 4))
                    parley_prefetch(base + start)
                }
                for item in 0..<count {
                    let key = Int(open[item])
                    let fingerprint = Int(truncatingIfNeeded: (hashes[key] >> bucketBits) & 0xFF_FFFF)
                    var entry = Int(range[2 &* key])
                    let limit = Int(range[2 &* key &+ 1])
                    range[2 &* key] = 0
                    range[2 &* key &+ 1] = 0
                    while entry < limit {
                        let header = load32(entry)
                        let postings = 2 &* (header & 0x7F)
                        entry &+= 4
                        if header >> 8 == fingerprint {
                            range[2 &* key] = UInt32(truncatingIfNeeded: entry)
                            range[2 &* key &+ 1] = UInt32(truncatingIfNeeded: entry &+ postings)
                            if header & Int(LanguageModel.rowFlag) != 0 {
                                range[2 &* key &+ 1] |= rowBit
                                // Read when scoring.
                                let row = rows + rowLength &* (load32(entry) & rowNumber)
                                parley_prefetch(row)
                            }
                            break
                        }
                        if header >> 8 > fingerprint { break }
                        entry &+= postings
                    }
                }
            }

            // 2. The table, one order at a time for every position still open. A position whose
            //    n-gram is absent is done: no class has its longer n-grams either.
            var openPositions = positionCount
            for position in 0..<positionCount { pending[position] = position }
            for order in 1...5 where openPositions > 0 {
                for item in 0..<openPositions { open[item] = Int32(5 * pending[item] + order - 1) }
                lookUp(openPositions)
                var stillOpen = 0
                for item in 0..<openPositions {  // without branches: found or not is a coin toss
                    let position = pending[item]
                    pending[stillOpen] = position
                    stillOpen &+= range[2 &* (5 &* position &+ order &- 1)] != 0 && order < longest[position] ? 1 : 0
                }
                openPositions = stillOpen
            }
            for word in 0..<words.count { open[word] = Int32(5 * positionCount + word) }
            lookUp(words.count)

            // 3. Per position, the highest order each class has (orders from the longest down),
            //    for all the group's classes at once (LaneKernel: lane l is class `first + l`).
            let first = group[0]
            let tables = laneTables + model.laneTableStart[model.classes[first].group.rawValue]
            let sums = UnsafeMutablePointer<UInt32>.allocate(capacity: LanguageModel.groupLanes)
            defer { sums.deallocate() }
            sums.initialize(repeating: 0, count: LanguageModel.groupLanes)
            var input = parley_lane_input(
                table: base, rows: rows, range: range, longest: UnsafePointer(longest), eligible: tables,
                extra: tables + 6 * LanguageModel.groupLanes, positionCount: positionCount,
                first: UInt32(first), unseen: UInt16(truncatingIfNeeded: unseen))
            parley_sum_positions(&input, sums)

            for word in 0..<words.count {
                let key = 5 * positionCount + word
                let start = Int(range[2 &* key])
                guard start != 0 else { continue }
                let end = range[2 &* key &+ 1]
                @inline(__always) func add(_ index: Int, _ value: UInt8) {
                    cost[index] &+= Int(value) &- missingWordCost[index]
                    known[index] &+= 1
                }
                if end & rowBit != 0 {
                    let packed = load32(start)
                    guard packed >> 24 == first else { continue }  // another group's row
                    let row = rows + rowLength &* (packed & rowNumber)
                    for lane in 0..<group.count where row[lane] != LanguageModel.absent { add(first + lane, row[lane]) }
                } else {
                    for posting in stride(from: start, to: Int(end), by: 2) where maxOrder[Int(base[posting])] > 0 {
                        add(Int(base[posting]), base[posting + 1])
                    }
                }
            }
            for index in group { cost[index] += Int(sums[index - first]) + words.count * missingWordCost[index] }
        } } }
        costs = Array(UnsafeBufferPointer(start: cost, count: classCount))
        knownWords = Array(UnsafeBufferPointer(start: known, count: classCount))
        positions = positionCount
    }
}
