import ICU
import Synchronization

/// A word as the index compares it: the ICU collation key of the word at primary strength for
/// its locale, without the key's terminator. Two words with the same base letters have the same
/// term (`reembolsó` and `REEMBOLSO`, `ＲＥＦＵＮＤ` and `refund`, `ばん` and `バン`), and a word's
/// key starts with the key of each of its prefixes, so prefix search is a byte-prefix range.
public struct Term: Hashable, Comparable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public static func < (lhs: Term, rhs: Term) -> Bool { lhs.bytes.lexicographicallyPrecedes(rhs.bytes) }

    /// Whether this term begins with `prefix`'s letters.
    public func hasPrefix(_ prefix: Term) -> Bool { bytes.starts(with: prefix.bytes) }
}

/// Turns text into terms the way one locale reads it: ICU word breaking (dictionary-based for
/// Thai, Chinese, Japanese and other languages written without spaces), then ICU collation at
/// primary strength. Thread-safe: ICU's break iterator is cloned per call and collators compare
/// concurrently.
///
/// Some locales sort letters with diacritics as letters of their own (Turkish `ş`, Vietnamese
/// `â`, Swedish `ö`), so their primary keys keep them apart; but customers often type without
/// them ("tesekkurler", "mat khau"). Such a word also gets an alias: its key in the root
/// collation, where those marks are secondary differences.
public final class TermFolder: Sendable {
    public let locale: LocaleID
    private let words: WordBreaker
    private let collator: Collator
    private let sortCollator: Collator
    private let rootCollator: Collator
    private let remembered = Mutex<[[UInt8]: (Term, Term?)]>([:])

    public init(locale: LocaleID) throws(ICUError) {
        self.locale = locale
        self.words = try WordBreaker(locale: locale)
        self.collator = try Collator(locale: locale, strength: .primary)
        self.sortCollator = try Collator(locale: locale)
        self.rootCollator = try Collator(locale: LocaleID("und"), strength: .primary)
    }

    /// One word of a text with its term.
    public struct Word: Sendable {
        public var text: Substring
        public var term: Term
        /// The word's root-collation term, when it differs from `term`.
        public var alias: Term?
    }

    /// The words of `text` with their terms, in order. Words whose key is empty (symbols that
    /// collation ignores) are left out.
    public func words(in text: String) -> [Word] {
        words.words(in: text).compactMap { word in
            guard let (term, alias) = terms(of: word) else { return nil }
            return Word(text: word, term: term, alias: alias)
        }
    }

    /// A word's term and alias, remembered: the same few thousand words come back in every text
    /// and every query, and two collation keys cost more than a lookup.
    private func terms(of word: Substring) -> (Term, Term?)? {
        guard word.utf8.count <= Self.longestRemembered else { return computeTerms(of: word) }
        // Keyed by the word's bytes: a Substring would keep its whole text alive, and a String
        // hashes its normalized form (slow for every script but ASCII).
        let bytes = Array(word.utf8)
        if let known = remembered.withLock({ $0[bytes] }) { return known }
        guard let terms = computeTerms(of: word[...]) else { return nil }
        remembered.withLock { cache in
            if cache.count >= Self.mostRemembered { cache.removeAll(keepingCapacity: true) }
            cache[bytes] = terms
        }
        return terms
    }

    private func computeTerms(of word: Substring) -> (Term, Term?)? {
        let term = self.term(word)
        guard !term.bytes.isEmpty else { return nil }
        let root = Self.hasMarkedLatinLetter(word) ? Self.key(rootCollator, word) : term
        return (term, root == term ? nil : root)
    }

    /// Whether a word has a Latin letter beyond ASCII (é, ş, â, ö…): only such a word can have
    /// a root form its locale keeps apart. (Other scripts' keys differ from the root's by script
    /// order alone, which an alias would only duplicate.)
    private static func hasMarkedLatinLetter(_ word: Substring) -> Bool {
        word.unicodeScalars.contains { (0xC0...0x24F).contains($0.value) || (0x1E00...0x1EFF).contains($0.value) }
    }

    /// Words remembered per locale, at most, and the longest remembered (longer ones are rare).
    static let mostRemembered = 20_000
    static let longestRemembered = 48

    /// The terms of `text`, in order.
    public func terms(in text: String) -> [Term] { words(in: text).map(\.term) }

    /// The term of one word.
    public func term<S: StringProtocol>(_ word: S) -> Term { Self.key(collator, word) }

    private static func key<S: StringProtocol>(_ collator: Collator, _ word: S) -> Term {
        var key = collator.sortKey(String(word))
        // A primary-strength key is the primary weights and a 0 terminator.
        while key.last == 0 { key.removeLast() }
        return Term(bytes: key)
    }

    /// A key that orders texts as the locale sorts them (tertiary strength, for listings).
    public func sortKey(_ text: String) -> [UInt8] { sortCollator.sortKey(text) }
}
