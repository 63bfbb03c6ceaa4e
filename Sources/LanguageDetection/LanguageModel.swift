import LaneKernel

/// The trained model (`langid.bin`, format in `Tools/langid/MODEL.md`): per script group, the
/// languages (classes) and, for every n-gram and known word, the cost of it in each language
/// that has it, in a hash table read in place.
struct LanguageModel: Sendable {
    struct Class: Sendable {
        var tag: String
        /// `tag` as a `LanguageCode`.
        var code: UInt64
        var group: ScriptGroup
        var maxOrder: Int
        var wordMissingCost: Int
        /// The mean cost per position on the class's own text (for the poor-fit rule).
        var typicalCost: Double
        /// What the better-outside-candidates rule's margins are multiplied by when this class
        /// is the one that fits better: below 1 for a class trained on another register than
        /// the candidates', which fits its own language by less (`MODEL.md` 4.3).
        var outsideMarginScale: Double
    }

    /// What the `und` rules and the confidence use (trained, then frozen in the file).
    struct Parameters: Sendable {
        var costScale, betterOtherAbsolute, betterOtherRelative, poorFitWordWeight, poorFitBase, poorFitSlope: Double
        var confidenceScale, confidenceExponent: Double
        /// The better-outside margin for the shortest texts that rule judges (`betterOtherMinimumWords` words).
        var betterOtherAbsoluteShortest: Double
        var unseenCost, backoffCost, mixedPermille, betterOtherMinimumWords, poorFitMinimumWords: Int
    }

    static let magic: [UInt8] = Array("PLID".utf8)
    static let version: UInt16 = 1
    static let wordKind: UInt8 = 0

    let bytes: [UInt8]
    let classes: [Class]
    let parameters: Parameters
    let bucketBits: Int
    let bucketsOffset: Int
    let entriesOffset: Int
    /// Class indices per script group.
    let classesByGroup: [[Int]]
    let simplifiedOnly: Set<UInt32>
    let traditionalOnly: Set<UInt32>

    enum Failure: Error, CustomStringConvertible {
        case malformed(String)
        var description: String { if case .malformed(let why) = self { "not a usable language model: \(why)" } else { "" } }
    }

    /// Postings lists at least this long (the common n-grams, that most classes of a script group
    /// have) are kept, in memory, as a row of costs for the group's classes in `rows`; the entry
    /// then holds the row's number and the group's first class.
    static let rowMinimum = 8
    /// Set in an entry's count byte when its postings are a row.
    static let rowFlag: UInt8 = 0x80
    /// A row's value for a class without the key (costs are at most 254).
    static let absent: UInt8 = 255
    /// The most classes one script group may have, and a row's length: scoring reads a group's
    /// costs for a key as one vector of this many lanes.
    static let groupLanes = Int(PARLEY_LANES)

    /// Rows of `groupLanes` values: lane l is the cost of the group's class `first + l`, or
    /// `absent`; one byte each, so that all rows take about 600 kB of cache.
    let rows: [UInt8]
    /// Per script group (`laneTableLength` values from `laneTableStart[group]`), what scoring
    /// needs per lane, worked out once: vector n (1…5), 0xFFFF for the classes that may take
    /// order n (those with n-grams that long); vector 6 + 6L + n, what a class found at order n
    /// pays besides its cost when the position's longest order is L: the backoff for each order
    /// below L, or below the class's own longest when that is shorter.
    let laneTables: [UInt16]
    let laneTableStart: [Int]
    static let laneTableLength = 42 * groupLanes

    init(bytes input: consuming [UInt8]) throws {
        var reader = Reader(bytes: copy input)  // a second reference, dropped before the table is changed
        let bytes = reader.bytes
        guard bytes.count >= 64, Array(bytes[0..<4]) == Self.magic else { throw Failure.malformed("no PLID header") }
        reader.offset = 4
        guard try reader.u16() == Self.version else { throw Failure.malformed("version") }
        _ = try reader.u16()  // header size
        let classCount = Int(try reader.u16())
        bucketBits = Int(try reader.u16())
        _ = try reader.u32()  // number of keys
        let classesOffset = Int(try reader.u32())
        let parametersOffset = Int(try reader.u32())
        bucketsOffset = Int(try reader.u32())
        entriesOffset = Int(try reader.u32())
        let entriesLength = Int(try reader.u32())
        let simplifiedOffset = Int(try reader.u32())
        let traditionalOffset = Int(try reader.u32())
        guard Int(try reader.u32()) == bytes.count else { throw Failure.malformed("truncated") }
        let unseen = Int(try reader.u16()), backoff = Int(try reader.u16())
        let mixed = Int(try reader.u16())
        let betterOtherMinimumWords = Int(try reader.u16()), poorFitMinimumWords = Int(try reader.u16())

        reader.offset = parametersOffset
        var floats: [Double] = []
        for _ in 0..<12 { floats.append(Double(try reader.f32())) }
        parameters = Parameters(
            costScale: floats[0], betterOtherAbsolute: floats[1], betterOtherRelative: floats[2], poorFitWordWeight: floats[3],
            poorFitBase: floats[4], poorFitSlope: floats[5], confidenceScale: floats[6], confidenceExponent: floats[7],
            betterOtherAbsoluteShortest: floats[8], unseenCost: unseen, backoffCost: backoff, mixedPermille: mixed,
            betterOtherMinimumWords: betterOtherMinimumWords, poorFitMinimumWords: poorFitMinimumWords)

        var classes: [Class] = []
        var byGroup = [[Int]](repeating: [], count: ScriptGroup.allCases.count)
        for index in 0..<classCount {
            reader.offset = classesOffset + 24 * index
            let tag = String(decoding: try reader.bytes(8).prefix { $0 != 0 }, as: UTF8.self)
            let groupName = String(decoding: try reader.bytes(4), as: UTF8.self)
            guard let group = ScriptGroup.allCases.first(where: { $0.modelName == groupName && !groupName.isEmpty }) else {
                throw Failure.malformed("class \(tag) has unknown group \(groupName)")
            }
            let maxOrder = Int(try reader.u8())
            _ = try reader.u8()
            let wordMissing = Int(try reader.u16())
            let typical = Double(try reader.f32())
            let discount = Double(try reader.f32())
            classes.append(Class(tag: tag, code: LanguageCode.of(tag), group: group, maxOrder: maxOrder, wordMissingCost: wordMissing,
                                 typicalCost: typical, outsideMarginScale: 1 - discount))
            byGroup[group.rawValue].append(index)
        }
        self.classes = classes
        classesByGroup = byGroup
        simplifiedOnly = try Self.characters(at: simplifiedOffset, &reader)
        traditionalOnly = try Self.characters(at: traditionalOffset, &reader)
        guard bucketsOffset + 4 * ((1 << bucketBits) + 1) <= bytes.count, entriesOffset + entriesLength <= bytes.count,
              classCount <= 64 else { throw Failure.malformed("bucket table") }
        for members in byGroup where !members.isEmpty {
            guard members == Array(members[0]...members[members.count - 1]), members.count <= Self.groupLanes else {
                throw Failure.malformed("a script group's classes must be consecutive and at most \(Self.groupLanes)")
            }
        }
        reader = Reader(bytes: [])  // the last other reference, so the table below is changed in place
        var table = consume input
        var laneTables: [UInt16] = [], laneTableStart = [Int](repeating: 0, count: byGroup.count)
        for (group, members) in byGroup.enumerated() {
            laneTableStart[group] = laneTables.count
            var table = [UInt16](repeating: 0, count: Self.laneTableLength)
            for (lane, index) in members.enumerated() {
                let classLongest = classes[index].maxOrder
                for order in 1...5 where classLongest >= order {
                    table[order * Self.groupLanes + lane] = 0xFFFF
                    for longestOrder in order...5 {
                        table[(6 + 6 * longestOrder + order) * Self.groupLanes + lane] = UInt16(backoff * (min(longestOrder, classLongest) - order))
                    }
                }
            }
            laneTables += table
        }
        self.laneTables = laneTables
        self.laneTableStart = laneTableStart
        var groupFirst = [Int](repeating: 0, count: classCount)
        for members in byGroup { for index in members { groupFirst[index] = members[0] } }
        rows = Self.moveLongPostingsToRows(&table, from: entriesOffset, to: entriesOffset + entriesLength, groupFirst: groupFirst)
        self.bytes = table
    }

    /// Moves long postings lists of one script group out of the table into rows of costs, and
    /// writes where the list was the row's number (low 24 bits) and the group's first class (high
    /// 8). Scoring then takes a group's costs for a key with a few vector operations instead of one
    /// step per class. The file keeps the simple form of MODEL.md.
    private static func moveLongPostingsToRows(_ table: inout [UInt8], from start: Int, to end: Int, groupFirst: [Int]) -> [UInt8] {
        var rows: [UInt8] = []
        table.withUnsafeMutableBufferPointer { bytes in
            var entry = start
            while entry + 4 <= end {
                let count = Int(bytes[entry])
                let postings = entry + 4
                guard count >= rowMinimum else {
                    entry = postings + 2 * count
                    continue
                }
                let first = groupFirst[Int(bytes[postings])]
                if (0..<count).allSatisfy({ groupFirst[Int(bytes[postings + 2 * $0])] == first }) {
                    let row = rows.count / groupLanes
                    rows.append(contentsOf: repeatElement(absent, count: groupLanes))
                    for index in 0..<count { rows[row * groupLanes + Int(bytes[postings + 2 * index]) - first] = bytes[postings + 2 * index + 1] }
                    let packed = UInt32(row) | UInt32(first) << 24
                    for byte in 0..<4 { bytes[postings + byte] = UInt8(truncatingIfNeeded: packed >> UInt32(8 * byte)) }
                    bytes[entry] |= rowFlag
                }
                entry = postings + 2 * count
            }
        }
        return rows
    }

    private static func characters(at offset: Int, _ reader: inout Reader) throws -> Set<UInt32> {
        reader.offset = offset
        let count = Int(try reader.u32())
        var set = Set<UInt32>(minimumCapacity: count)
        for _ in 0..<count { set.insert(try reader.u32()) }
        return set
    }
}

/// FNV-1a, 64 bits.
struct FNV1a {
    static let prime: UInt64 = 0x0000_0100_0000_01B3
    var value: UInt64 = 0xCBF2_9CE4_8422_2325

    @inline(__always)
    mutating func add(_ byte: UInt8) {
        value ^= UInt64(byte)
        value &*= Self.prime
    }
}

/// Little-endian reads with bounds checks, for loading the model.
private struct Reader {
    var bytes: [UInt8]
    var offset = 0

    mutating func bytes(_ count: Int) throws -> ArraySlice<UInt8> {
        guard offset + count <= bytes.count else { throw LanguageModel.Failure.malformed("truncated at \(offset)") }
        defer { offset += count }
        return bytes[offset..<(offset + count)]
    }

    mutating func u8() throws -> UInt8 { try bytes(1).first! }
    mutating func u16() throws -> UInt16 { let b = try bytes(2); return UInt16(b[b.startIndex]) | UInt16(b[b.startIndex + 1]) << 8 }
    mutating func u32() throws -> UInt32 {
        let b = try bytes(4)
        return b.reversed().reduce(0) { $0 << 8 | UInt32($1) }
    }
    mutating func f32() throws -> Float { Float(bitPattern: try u32()) }
}
