#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The ranking model: Okapi BM25 over field-weighted term frequencies (BM25F), with the
/// standard parameters.
enum BM25 {
    /// How quickly repeating a word stops adding to a document's score.
    static let k1: Float = 1.2
    /// How much a long document's words are discounted.
    static let b: Float = 0.75

    /// The weight of a word found in `documentFrequency` of `documents` documents (never negative).
    static func idf(documentFrequency: Int, documents: Int) -> Float {
        let n = Float(documents), df = Float(documentFrequency)
        return log(1 + (n - df + 0.5) / (df + 0.5))
    }

}

/// How a query word reaches the words of the index.
enum Reach {
    /// A word that starts with the query word counts this much of a match (type-ahead,
    /// and endings: "refund" finds "refunds").
    static let completion: Float = 0.8
    /// A word that shares most of the query word, by the share of the longer one they share
    /// ("refunded" and "refund", "hackearon" and "hackeada"): a crude stemmer for every language.
    static let stem: Float = 0.8
    /// The shortest shared start considered, as a share of the query word's key.
    static let stemShare = 0.6
    /// The shortest key (bytes of primary weights) that is extended or shortened; shorter
    /// words match only exactly.
    static let minimumKey = 4
    /// A word's root-collation alias (see ``TermFolder``) counts this much of a match.
    static let alias: Float = 0.9
    /// At most this many words of the index per query word beyond itself…
    static let maximumExpansions = 32
    /// …and at most about this many postings among them: a short prefix of a common word
    /// would otherwise walk most of the index.
    static let mostPostings = 20_000
}

/// One template found, best first.
public struct SearchHit: Sendable, Hashable {
    public var key: String
    /// The locale whose texts matched.
    public var locale: String
    public var score: Float
    /// The query's words that matched, as the query wrote them.
    public var matched: [String]
}

