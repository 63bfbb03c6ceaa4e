import CacheHints
import CICU
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Tells the language of a customer's message: the script decides where it can (Hangul → ko,
/// kana → ja, Thai → th, …), a character n-gram model where languages share a script (Latin,
/// Cyrillic, Arabic, Devanagari). Answers `und` when the text is empty, mixed, in an unsupported
/// script, or fits none of the candidates well.
///
/// ```swift
/// let detector = try LanguageDetector.bundled()
/// detector.detect("mi cuenta fue hackeada").language                       // "es"
/// detector.detect("充值的金币没到账").language                                // "zh-Hans"
/// detector.detect("bom dia", candidates: ["en", "es", "fr"]).language     // "und": Portuguese is not a candidate
/// ```
///
/// The model is loaded once; detection is pure and thread-safe.
public struct LanguageDetector: Sendable {
    let model: LanguageModel

    /// A detector over a model file's bytes (`Tools/langid/MODEL.md`).
    public init(model bytes: consuming [UInt8]) throws {
        model = try LanguageModel(bytes: consume bytes)
    }

    /// The model shipped with Parley (`Sources/LanguageDetection/Resources/langid.bin`), found at
    /// `PARLEY_LANGID_MODEL`, beside the executable (where the build and the image put it), or
    /// in the source tree.
    public static func bundled() throws -> LanguageDetector {
        var places: [String] = []
        if let path = ProcessInfo.processInfo.environment["PARLEY_LANGID_MODEL"], !path.isEmpty { places.append(path) }
        if let folder = Bundle.main.executableURL?.resolvingSymlinksInPath().deletingLastPathComponent() {
            places.append(folder.appendingPathComponent("Parley_LanguageDetection.resources/langid.bin").path)
            places.append(folder.appendingPathComponent("../share/parley/langid.bin").path)
        }
        places.append(URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Resources/langid.bin").path)
        guard let path = places.first(where: { FileManager.default.isReadableFile(atPath: $0) }) else {
            throw LanguageModel.Failure.malformed("langid.bin not found (looked in \(places.joined(separator: ", "))); set PARLEY_LANGID_MODEL")
        }
        return try LanguageDetector(model: try readFile(path))
    }

    /// A file's bytes, read straight into the array that keeps them (one copy of the model in
    /// memory, not two).
    static func readFile(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { throw LanguageModel.Failure.malformed("cannot open \(path)") }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { throw LanguageModel.Failure.malformed("cannot read \(path)") }
        let size = Int(status.st_size)
        return try [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
            var done = 0
            while done < size {
                let read = Glibc.read(descriptor, buffer.baseAddress! + done, size - done)
                guard read > 0 else { throw LanguageModel.Failure.malformed("cannot read \(path)") }
                done += read
            }
            count = size
        }
    }

    /// The languages the model knows (BCP 47 tags), those decided by script included.
    public var languages: [String] {
        let direct = ScriptGroup.allCases.compactMap(\.directTag)
        return (model.classes.map(\.tag) + direct + ["ja", "ko", "zh"]).sorted()
    }

    /// The language of `text`, among `candidates` when given (tags; only their language
    /// subtag counts: `pt-BR` allows `pt`).
    public func detect(_ text: String, candidates: [String]? = nil) -> Detection {
        detect(text, among: candidates.map(Candidates.init))
    }

    /// The language of `text` among candidates prepared once (for many texts).
    public func detect(_ text: String, among candidates: Candidates?) -> Detection {
        let allowed = candidates
        let runs = TextRuns(Self.composed(Self.scanned(text)))
        let total = runs.weights.reduce(0, +)
        guard total > 0 else { return .unknown(.empty) }
        var group = ScriptGroup.latin
        for candidate in ScriptGroup.allCases where runs.weights[candidate.rawValue] > runs.weights[group.rawValue] {
            group = candidate
        }
        guard runs.weights[group.rawValue] * 1000 >= model.parameters.mixedPermille * total else { return .unknown(.mixed) }
        switch group {
        case .unsupported:
            return .unknown(.unsupportedScript)
        case .cjk:
            return decided(cjkTag(runs), allowed)
        case .latin, .cyrillic, .arabic, .devanagari:
            return scored(runs, group: group, allowed: allowed)
        default:
            return decided(group.directTag!, allowed)
        }
    }

    // MARK: Script rules

    private func decided(_ tag: String, _ allowed: Candidates?) -> Detection {
        if let allowed, !allowed.languages.contains(Self.language(of: tag)) { return .unknown(.notACandidate) }
        return Detection(languages: [RankedLanguage(tag: tag, confidence: 1)], reason: .script)
    }

    /// Hangul → ko, any kana → ja, else Chinese: Simplified or Traditional by the characters
    /// only one of them uses, plain `zh` when they do not tell.
    private func cjkTag(_ runs: TextRuns) -> String {
        var hangul = 0, kana = 0, simplified = 0, traditional = 0
        for run in runs.runs {
            switch run.script {
            case .hangul: hangul += run.range.count
            case .hiragana, .katakana: kana += run.range.count
            case .han:
                for scalar in runs.letters[run.range] {
                    if model.simplifiedOnly.contains(scalar) { simplified += 1 }
                    if model.traditionalOnly.contains(scalar) { traditional += 1 }
                }
            default: break
            }
        }
        if hangul > kana { return "ko" }
        if kana > 0 { return "ja" }
        return simplified > traditional ? "zh-Hans" : traditional > simplified ? "zh-Hant" : "zh"
    }

    // MARK: The n-gram model

    private func scored(_ runs: TextRuns, group: ScriptGroup, allowed: Candidates?) -> Detection {
        let groupClasses = model.classesByGroup[group.rawValue]
        let candidates = groupClasses.filter { allowed?.codes.contains(model.classes[$0].code) ?? true }
        guard !candidates.isEmpty else { return .unknown(.notACandidate) }
        let words = runs.words(of: group)
        let score = Score(model: model, group: groupClasses, letters: runs.letters, words: words)
        let parameters = model.parameters
        let order: (Int, Int) -> Bool = { score.costs[$0] != score.costs[$1] ? score.costs[$0] < score.costs[$1] : $0 < $1 }
        let bestOverall = groupClasses.min(by: order)!
        let best = candidates.min(by: order)!
        let positions = Double(score.positions)
        let scale = parameters.costScale

        // A language outside the candidates fits clearly better.
        let gap = Double(score.costs[best] - score.costs[bestOverall])
        if words.count >= parameters.betterOtherMinimumWords, !candidates.contains(bestOverall),
           gap >= parameters.betterOtherAbsolute * scale,
           gap >= parameters.betterOtherRelative * scale * positions {
            return .unknown(.betterOutsideCandidates(model.classes[bestOverall].tag))
        }
        // Enough words, and the best candidate still fits them poorly.
        if words.count >= parameters.poorFitMinimumWords {
            let perPosition = Double(score.costs[best]) / (positions * scale) - model.classes[best].typicalCost
            let unknownWords = 1 - Double(score.knownWords[best]) / Double(words.count)
            let badness = perPosition + parameters.poorFitWordWeight * unknownWords
            if badness > parameters.poorFitBase + parameters.poorFitSlope / Double(words.count).squareRoot() {
                return .unknown(.poorFit)
            }
        }
        // Confidence: a softmax over the candidates' costs, sharper for longer texts.
        let sharpness = parameters.confidenceScale * pow(positions, -parameters.confidenceExponent) / scale
        let ranked = candidates.sorted(by: order)
        let weights = ranked.map { exp(-Double(score.costs[$0] - score.costs[best]) * sharpness) }
        let sum = weights.reduce(0, +)
        return Detection(languages: zip(ranked, weights).map { RankedLanguage(tag: model.classes[$0].tag, confidence: $1 / sum) },
                         reason: .model)
    }

    // MARK: Text

    /// The language subtag of a tag, lowercased (`pt-BR` → `pt`).
    static func language(of tag: String) -> String {
        String(tag.prefix { $0 != "-" && $0 != "_" }).lowercased()
    }

    /// The part of a text that is read: its first 20 000 code points.
    static func scanned(_ text: String) -> String {
        guard text.utf8.count > TextRuns.scanCap else { return text }  // fewer bytes than the cap: fewer code points too
        var count = 0
        for index in text.unicodeScalars.indices {
            if count == TextRuns.scanCap { return String(text.unicodeScalars[..<index]) }
            count += 1
        }
        return text
    }

    /// Text in NFC, so decomposed input (as some keyboards and systems send it) reads like the
    /// composed text the model was trained on. Text without combining marks is returned as is.
    static func composed(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0xCC }) else { return text }  // nothing below U+0300 changes
        let original = text
        var text = text
        return text.withUTF8 { input -> String in
            input.withMemoryRebound(to: CChar.self) { source -> String in
                var status: Int32 = 0
                var capacity = input.count + 16
                while true {
                    var output = [UInt8](repeating: 0, count: capacity)
                    let length = output.withUnsafeMutableBufferPointer { out in
                        out.withMemoryRebound(to: CChar.self) {
                            Int(parley_nfc_utf8(source.baseAddress, Int32(source.count), $0.baseAddress, Int32(capacity), &status))
                        }
                    }
                    if status > 0 || length < 0 { return original }  // in NFC already, or ICU failed
                    if length <= capacity { return String(decoding: output[0..<length], as: UTF8.self) }
                    capacity = length
                }
            }
        }
    }
}

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
        let rowBit: UInt32 = 1 << 31
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
            let rowLength = LanguageModel.groupLanes, rowNumber = 0xFF_FFFF
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
            //    for all the group's classes at once: lane l is class `first + l`, and every
            //    per-class quantity is a vector of `lanes` 16-bit values (loops over it compile to
            //    vector instructions). A lane mask holds 0xFFFF or 0.
            let lanes = LanguageModel.groupLanes
            let first = group[0]
            let tables = laneTables + model.laneTableStart[model.classes[first].group.rawValue]
            let eligible = tables, extra = tables + 6 * lanes  // see `LanguageModel.laneTables`
            // The position's values and the classes still open; values summed over a window of
            // positions in 16 bits, then moved into 32-bit sums.
            let vectors = UnsafeMutablePointer<UInt16>.allocate(capacity: 3 * lanes)
            defer { vectors.deallocate() }
            vectors.initialize(repeating: 0, count: 3 * lanes)
            let value = vectors, stillOpen = vectors + lanes, window = vectors + 2 * lanes
            let sums = UnsafeMutablePointer<UInt32>.allocate(capacity: lanes)
            defer { sums.deallocate() }
            sums.initialize(repeating: 0, count: lanes)
            let flushEvery = 200  // positions; each value is at most 254 + 4 × backoff
            for position in 0..<positionCount {
                let longestOrder = longest[position]
                for lane in 0..<lanes {
                    value[lane] = UInt16(truncatingIfNeeded: unseen)
                    stillOpen[lane] = eligible[lanes + lane]
                }
                for order in stride(from: longestOrder, through: 1, by: -1) {
                    let key = 5 &* position &+ order &- 1
                    let start = Int(range[2 &* key])
                    guard start != 0 else { continue }
                    let end = range[2 &* key &+ 1]
                    let eligibleHere = eligible + order &* lanes
                    let added = extra + (6 &* longestOrder &+ order) &* lanes
                    if end & rowBit != 0 {
                        let packed = load32(start)
                        guard packed >> 24 == first else { continue }  // another group's row
                        let costs = rows + rowLength &* (packed & rowNumber)
                        var open: UInt16 = 0
                        for lane in 0..<lanes {
                            let cost = UInt16(costs[lane])
                            let found = stillOpen[lane] & eligibleHere[lane] & (((cost &+ 1) &>> 8) &- 1)  // absent: 255
                            value[lane] = (value[lane] & ~found) | ((cost &+ added[lane]) & found)
                            stillOpen[lane] &= ~found
                            open |= stillOpen[lane]
                        }
                        if open == 0 { break }  // every class has its value: the shorter orders change nothing
                    } else {
                        for posting in stride(from: start, to: Int(end), by: 2) {
                            let lane = Int(base[posting]) &- first
                            if UInt(bitPattern: lane) < UInt(lanes), stillOpen[lane] & eligibleHere[lane] != 0 {
                                value[lane] = UInt16(base[posting &+ 1]) &+ added[lane]
                                stillOpen[lane] = 0
                            }
                        }
                    }
                }
                for lane in 0..<lanes { window[lane] &+= value[lane] }
                if position % flushEvery == flushEvery - 1 {
                    for lane in 0..<lanes { sums[lane] &+= UInt32(window[lane]) }
                    window.update(repeating: 0, count: lanes)
                }
            }
            for lane in 0..<lanes { sums[lane] &+= UInt32(window[lane]) }

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

/// Languages to choose from, as a workspace's locales name them: only the language subtag
/// counts (`pt-BR` allows `pt`, `zh-Hant` allows `zh`).
public struct Candidates: Sendable, Hashable {
    let languages: Set<String>
    /// The languages as `LanguageCode`s: the model's classes are matched against these on every
    /// call, without hashing strings.
    let codes: [UInt64]

    public init(_ tags: [String]) {
        languages = Set(tags.map(LanguageDetector.language(of:)))
        codes = languages.map(LanguageCode.of).sorted()
    }
}

/// A language subtag as one integer: its UTF-8 bytes, for subtags of up to eight bytes (all of
/// the model's); longer ones share one value no class has.
enum LanguageCode {
    static let tooLong = UInt64.max

    static func of(_ language: String) -> UInt64 {
        guard language.utf8.count <= 8 else { return tooLong }
        return language.utf8.reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// A language and how sure the detector is of it.
public struct RankedLanguage: Sendable, Hashable, Codable {
    /// BCP 47 (`es`, `zh-Hant`).
    public var tag: String
    /// 0 to 1; over the ranked candidates they sum to 1.
    public var confidence: Double

    public init(tag: String, confidence: Double) {
        self.tag = tag
        self.confidence = confidence
    }
}

/// What the detector found.
public struct Detection: Sendable, Hashable {
    /// The candidates, likeliest first; empty when unknown.
    public var languages: [RankedLanguage]
    public var reason: Reason

    /// Why the answer is what it is.
    public enum Reason: Sendable, Hashable {
        /// The script decides (Hangul, kana, Thai, …).
        case script
        /// The n-gram model chose.
        case model
        /// No letters.
        case empty
        /// No script has most of the letters.
        case mixed
        /// A script none of the languages is written in.
        case unsupportedScript
        /// The language is not among the candidates.
        case notACandidate
        /// A language outside the candidates fits clearly better.
        case betterOutsideCandidates(String)
        /// Nothing fits well.
        case poorFit
    }

    /// The best tag, or `und`.
    public var language: String { languages.first?.tag ?? "und" }
    /// The best language's confidence (0 for `und`).
    public var confidence: Double { languages.first?.confidence ?? 0 }

    static func unknown(_ reason: Reason) -> Detection { Detection(languages: [], reason: reason) }
}
