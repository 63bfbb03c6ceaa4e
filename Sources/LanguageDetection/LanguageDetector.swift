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

    /// The language of `text` among candidates prepared once (for many texts). Text garbled by a
    /// wrong charset is read as it was written first (see ``Detection/repaired``).
    public func detect(_ text: String, among candidates: Candidates?) -> Detection {
        if let repaired = Mojibake.utf8Repair(of: text) {
            var detection = detectAsWritten(repaired, among: candidates)
            detection.repaired = repaired
            return detection
        }
        let detection = detectAsWritten(text, among: candidates)
        guard detection.languages.isEmpty, detection.reason != .empty else { return detection }
        // Fits nothing as it came: maybe one single-byte charset read as another.
        for (guess, _) in Mojibake.guesses(for: text) {
            var reread = detectAsWritten(guess, among: candidates)
            if !reread.languages.isEmpty {
                reread.repaired = guess
                return reread
            }
        }
        return detection
    }

    /// The language of `text` as it is.
    func detectAsWritten(_ text: String, among candidates: Candidates?) -> Detection {
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
        // Confidence: a softmax over the costs, sharper for longer texts.
        let sharpness = parameters.confidenceScale * pow(positions, -parameters.confidenceExponent) / scale
        func ranked(_ classes: [Int]) -> [RankedLanguage] {
            let sorted = classes.sorted(by: order)
            let weights = sorted.map { exp(-Double(score.costs[$0] - score.costs[sorted[0]]) * sharpness) }
            let sum = weights.reduce(0, +)
            return zip(sorted, weights).map { RankedLanguage(tag: model.classes[$0].tag, confidence: $1 / sum) }
        }
        let answer = ranked(candidates)

        // A language outside the candidates fits clearly better. Two words are often fitted
        // better by a neighbouring language (Portuguese by Galician), sentences rarely: the
        // shortest texts need a wider margin.
        let gap = Double(score.costs[best] - score.costs[bestOverall])
        let margin = words.count == parameters.betterOtherMinimumWords
            ? parameters.betterOtherAbsoluteShortest : parameters.betterOtherAbsolute
        let classScale = model.classes[bestOverall].outsideMarginScale
        if words.count >= parameters.betterOtherMinimumWords, !candidates.contains(bestOverall),
           gap >= margin * scale * classScale,
           gap >= parameters.betterOtherRelative * scale * positions * classScale {
            let share = ranked(candidates + [bestOverall]).first { $0.tag == model.classes[best].tag }
            return .unknown(.betterOutsideCandidates(model.classes[bestOverall].tag), best: share)
        }
        // Enough words, and the best candidate still fits them poorly.
        if words.count >= parameters.poorFitMinimumWords {
            let perPosition = Double(score.costs[best]) / (positions * scale) - model.classes[best].typicalCost
            let unknownWords = 1 - Double(score.knownWords[best]) / Double(words.count)
            let badness = perPosition + parameters.poorFitWordWeight * unknownWords
            if badness > parameters.poorFitBase + parameters.poorFitSlope / Double(words.count).squareRoot() {
                return .unknown(.poorFit, best: answer.first)
            }
        }
        return Detection(languages: answer, reason: .model)
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
