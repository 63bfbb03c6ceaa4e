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
    /// When unknown because the text fits its best candidate poorly or another language better:
    /// that candidate, and how sure the detector would be of it (its share against the better
    /// fitting language, when there is one), so a caller may still choose it.
    public var best: RankedLanguage?
    /// The text as it was before it went through the wrong charset (`für` for `fÃ¼r`), when the
    /// detector read it so: the answer is about this text.
    public var repaired: String?

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

        /// The reason as the API and the CLI name it.
        public var name: String {
            switch self {
            case .script: "script"
            case .model: "model"
            case .empty: "empty"
            case .mixed: "mixed"
            case .unsupportedScript: "unsupported-script"
            case .notACandidate: "not-a-candidate"
            case .betterOutsideCandidates: "better-outside-candidates"
            case .poorFit: "poor-fit"
            }
        }
    }

    /// The best tag, or `und`.
    public var language: String { languages.first?.tag ?? "und" }
    /// The best language's confidence (0 for `und`).
    public var confidence: Double { languages.first?.confidence ?? 0 }

    init(languages: [RankedLanguage], reason: Reason, best: RankedLanguage? = nil) {
        self.languages = languages
        self.reason = reason
        self.best = best
    }

    static func unknown(_ reason: Reason, best: RankedLanguage? = nil) -> Detection {
        Detection(languages: [], reason: reason, best: best)
    }
}
