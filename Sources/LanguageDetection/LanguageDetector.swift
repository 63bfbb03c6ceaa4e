import CICU
import Foundation

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
    public init(model bytes: [UInt8]) throws {
        model = try LanguageModel(bytes: bytes)
    }

    /// The model shipped with Parley (`Sources/LanguageDetection/Resources/langid.bin`).
    public static func bundled() throws -> LanguageDetector {
        guard let url = Bundle.module.url(forResource: "langid", withExtension: "bin") else {
            throw LanguageModel.Failure.malformed("langid.bin is not in the module's resources")
        }
        return try LanguageDetector(model: [UInt8](try Data(contentsOf: url)))
    }

    /// The languages the model knows (BCP 47 tags), those decided by script included.
    public var languages: [String] {
        let direct = ScriptGroup.allCases.compactMap(\.directTag)
        return (model.classes.map(\.tag) + direct + ["ja", "ko", "zh"]).sorted()
    }

    /// The language of `text`, among `candidates` when given (tags; only their language
    /// subtag counts: `pt-BR` allows `pt`).
    public func detect(_ text: String, candidates: [String]? = nil) -> Detection {
        let allowed = candidates.map { Set($0.map(Self.language(of:))) }
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

    private func decided(_ tag: String, _ allowed: Set<String>?) -> Detection {
        if let allowed, !allowed.contains(Self.language(of: tag)) { return .unknown(.notACandidate) }
        return Detection(languages: [RankedLanguage(tag: tag, confidence: 1)], reason: .script)
    }

    /// Hangul → ko, any kana → ja, else Chinese: Simplified or Traditional by the characters
    /// only one of them uses, plain `zh` when they do not tell.
    private func cjkTag(_ runs: TextRuns) -> String {
        var hangul = 0, kana = 0, simplified = 0, traditional = 0
        for run in runs.runs {
            switch run.script {
            case .hangul: hangul += run.scalars.count
            case .hiragana, .katakana: kana += run.scalars.count
            case .han:
                for scalar in run.scalars {
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

    private func scored(_ runs: TextRuns, group: ScriptGroup, allowed: Set<String>?) -> Detection {
        let groupClasses = model.classesByGroup[group.rawValue]
        let candidates = groupClasses.filter { allowed?.contains(model.classes[$0].tag) ?? true }
        guard !candidates.isEmpty else { return .unknown(.notACandidate) }
        let words = runs.runs.filter { $0.script.group == group }.map(\.scalars)
        let score = Score(model: model, group: groupClasses, words: words)
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
        var utf8 = Array(text.utf8)
        return utf8.withUnsafeMutableBufferPointer { input -> String in
            var status: Int32 = 0
            var output = [UInt8](repeating: 0, count: input.count + 16)
            var length = input.baseAddress!.withMemoryRebound(to: CChar.self, capacity: input.count) { source in
                output.withUnsafeMutableBufferPointer { out in
                    out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) {
                        parley_nfc_utf8(source, Int32(input.count), $0, Int32(out.count), &status)
                    }
                }
            }
            if status > 0 { return text }
            if Int(length) > output.count {
                output = [UInt8](repeating: 0, count: Int(length))
                length = input.baseAddress!.withMemoryRebound(to: CChar.self, capacity: input.count) { source in
                    output.withUnsafeMutableBufferPointer { out in
                        out.baseAddress!.withMemoryRebound(to: CChar.self, capacity: out.count) {
                            parley_nfc_utf8(source, Int32(input.count), $0, Int32(out.count), &status)
                        }
                    }
                }
            }
            return status > 0 ? text : String(decoding: output[0..<Int(length)], as: UTF8.self)
        }
    }
}

/// The costs of a script group's languages for some words (lower is likelier), as
/// `Tools/langid/MODEL.md` section 6 defines them.
///
/// The work is lookups in a table of several megabytes, so each word's keys are hashed first
/// and the table is then read for all of them in flat loops: the processor can wait for many
/// of those reads at once instead of one after another. Each class's cost is kept as the sum of
/// what its found n-grams save against the unseen cost, plus the unseen cost for every position.
struct Score {
    /// Per class index (only the group's are filled).
    var costs: [Int]
    /// Per class index: words found in its word list.
    var knownWords: [Int]
    /// Scored n-gram positions.
    var positions = 0

    init(model: LanguageModel, group: [Int], words: [[UInt32]]) {
        let classCount = model.classes.count
        let unseen = model.parameters.unseenCost, backoff = model.parameters.backoffCost
        let bucketMask = UInt64((1 << model.bucketBits) - 1), bucketBits = UInt64(model.bucketBits)
        let longestWord = words.map(\.count).max() ?? 0
        // Per word: its keys (5 per position, then the word itself), and where their postings are.
        let slots = 5 * (longestWord + 1) + 1
        // Scratch memory for the loop, in one block: no copy-on-write checks or bounds checks in it.
        let scratch = UnsafeMutableBufferPointer<Int>.allocate(capacity: 5 * classCount + 2 * slots + 2 * (longestWord + 3))
        scratch.initialize(repeating: 0)
        defer { scratch.deallocate() }
        let cost = scratch.baseAddress!
        let known = cost + classCount
        let maxOrder = known + classCount        // 0 for classes outside the group: their postings are skipped
        let stamp = maxOrder + classCount
        let missingWordCost = stamp + classCount
        let found = missingWordCost + classCount
        let starts = found + 2 * slots
        let ends = starts + longestWord + 3
        for index in group {
            maxOrder[index] = model.classes[index].maxOrder
            missingWordCost[index] = model.classes[index].wordMissingCost
        }
        let hashes = UnsafeMutableBufferPointer<UInt64>.allocate(capacity: slots)
        defer { hashes.deallocate() }
        let utf8 = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: 4 * (longestWord + 2))
        defer { utf8.deallocate() }
        var currentStamp = 0
        var positions = 0

        model.bytes.withUnsafeBufferPointer { table in
            let base = table.baseAddress!
            @inline(__always) func load32(_ offset: Int) -> Int {
                Int(UnsafeRawPointer(base + offset).loadUnaligned(as: UInt32.self).littleEndian)
            }
            for word in words {
                // " word ": UTF-8 bytes, and where each code point starts.
                var byteCount = 0
                let length = word.count + 2
                for index in 0..<length {
                    starts[index] = byteCount
                    let scalar: Unicode.Scalar = index == 0 || index == length - 1 ? " " : (Unicode.Scalar(word[index - 1]) ?? " ")
                    UTF8.encode(scalar) { utf8[byteCount] = $0; byteCount += 1 }
                }
                starts[length] = byteCount

                // 1. Hash every key: slot 5 × (end − 1) + (order − 1) is the n-gram of that order
                //    ending at `end`; the last slot is the word.
                for end in 1..<length {
                    for order in 1...min(5, end + 1) {
                        var hash = FNV1a()
                        hash.add(UInt8(order))
                        for index in starts[end + 1 - order]..<starts[end + 1] { hash.add(utf8[index]) }
                        hashes[5 * (end - 1) + order - 1] = hash.value
                    }
                }
                let wordSlot = 5 * (length - 1)
                var wordHash = FNV1a()
                wordHash.add(LanguageModel.wordKind)
                for index in starts[1]..<starts[length - 1] { wordHash.add(utf8[index]) }
                hashes[wordSlot] = wordHash.value
                for slot in 0...(2 * wordSlot + 1) { found[slot] = 0 }

                // 2. The table, one order at a time for every position still open: first each
                //    key's bucket and a first touch of its entries (independent reads the processor
                //    overlaps), then the key's postings. A position whose n-gram is absent is done:
                //    no class has its longer n-grams either.
                var open = 0
                for end in 1..<length { ends[open] = end; open += 1 }
                for order in 1...5 {
                    var touched = 0
                    for item in 0..<open {
                        let slot = 5 * (ends[item] - 1) + order - 1
                        let bucket = Int(hashes[slot] & bucketMask)
                        found[2 * slot] = model.entriesOffset + load32(model.bucketsOffset + 4 * bucket)
                        found[2 * slot + 1] = model.entriesOffset + load32(model.bucketsOffset + 4 * bucket + 4)
                        touched &+= Int(base[found[2 * slot]])
                    }
                    keep(touched)
                    var stillOpen = 0
                    for item in 0..<open {
                        let end = ends[item]
                        let slot = 5 * (end - 1) + order - 1
                        lookUp(slot)
                        if found[2 * slot] != 0 && order < min(5, end + 1) {
                            ends[stillOpen] = end
                            stillOpen += 1
                        }
                    }
                    open = stillOpen
                }
                let bucket = Int(hashes[wordSlot] & bucketMask)
                found[2 * wordSlot] = model.entriesOffset + load32(model.bucketsOffset + 4 * bucket)
                found[2 * wordSlot + 1] = model.entriesOffset + load32(model.bucketsOffset + 4 * bucket + 4)
                lookUp(wordSlot)

                /// Replaces the bucket range of a slot by its postings (0..<0 when the key is absent).
                @inline(__always) func lookUp(_ slot: Int) {
                    let fingerprint = Int((hashes[slot] >> bucketBits) & 0xFF_FFFF)
                    var position = found[2 * slot]
                    let limit = found[2 * slot + 1]
                    found[2 * slot] = 0
                    found[2 * slot + 1] = 0
                    while position < limit {
                        let entry = load32(position)
                        let count = entry & 0xFF
                        position += 4
                        if entry >> 8 == fingerprint {
                            found[2 * slot] = position
                            found[2 * slot + 1] = position + 2 * count
                            return
                        }
                        if entry >> 8 > fingerprint { return }
                        position += 2 * count
                    }
                }

                // 4. Per position, the highest order each class has (orders from the longest down).
                for end in 1..<length {
                    currentStamp += 1
                    let longest = min(5, end + 1)
                    var unresolved = group.count
                    for order in stride(from: longest, through: 1, by: -1) where unresolved > 0 {
                        let slot = 5 * (end - 1) + order - 1
                        var position = found[2 * slot]
                        let limit = found[2 * slot + 1]
                        while position < limit {
                            let index = Int(base[position])
                            if maxOrder[index] >= order && stamp[index] != currentStamp {
                                stamp[index] = currentStamp
                                cost[index] += Int(base[position + 1]) + backoff * (min(longest, maxOrder[index]) - order) - unseen
                                unresolved -= 1
                            }
                            position += 2
                        }
                    }
                }
                positions += length - 1
                var position = found[2 * wordSlot]
                let limit = found[2 * wordSlot + 1]
                while position < limit {
                    let index = Int(base[position])
                    if maxOrder[index] > 0 {
                        cost[index] += Int(base[position + 1]) - missingWordCost[index]
                        known[index] += 1
                    }
                    position += 2
                }
            }
        }
        for index in group { cost[index] += positions * unseen + words.count * missingWordCost[index] }
        self.costs = Array(UnsafeBufferPointer(start: cost, count: classCount))
        self.knownWords = Array(UnsafeBufferPointer(start: known, count: classCount))
        self.positions = positions
    }
}

/// Uses a value the optimizer cannot see through, so that reads made only to bring memory into
/// the cache are not removed.
@inline(never) @_optimize(none)
func keep(_ value: Int) {}

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
