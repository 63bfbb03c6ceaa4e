import CICU

/// Splits text into words the way the locale does (dictionary-based for Thai, Japanese, Chinese).
///
/// ```swift
/// let words = try WordBreaker(locale: LocaleID("th")).words(in: "สวัสดีครับ")   // ["สวัสดี", "ครับ"]
/// ```
public final class WordBreaker: @unchecked Sendable {
    // The prototype iterator is never used directly: each call clones it, because a break
    // iterator keeps a pointer to the text it is working on.
    private let handle: OpaquePointer
    public let locale: LocaleID

    /// One piece of the text: a word, or the spaces and punctuation between words.
    public struct Segment: Sendable, Hashable {
        public let text: Substring
        /// Letters, digits or ideographs, as opposed to spaces and punctuation.
        public let isWord: Bool
    }

    public init(locale: LocaleID) throws(ICUError) {
        var status: Int32 = 0
        guard let handle = parley_words_open(locale.tag, &status), !isFailure(status) else {
            throw ICUError(status: status, operation: "open word breaker for \(locale)")
        }
        self.handle = handle
        self.locale = locale
    }

    deinit { parley_words_close(handle) }

    /// Every segment of `text`, in order; together they are the whole text.
    public func segments(of text: String) -> [Segment] {
        var copy = text
        let utf8 = text.utf8
        return copy.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                var capacity = max(16, chars.count + 1)
                var triples = [Int32](repeating: 0, count: capacity * 3)
                var status: Int32 = 0
                var count = triples.withUnsafeMutableBufferPointer {
                    parley_words_split(handle, chars.baseAddress, Int32(chars.count), $0.baseAddress, Int32(capacity), &status)
                }
                if Int(count) > capacity {
                    capacity = Int(count)
                    triples = [Int32](repeating: 0, count: capacity * 3)
                    status = 0
                    count = triples.withUnsafeMutableBufferPointer {
                        parley_words_split(handle, chars.baseAddress, Int32(chars.count), $0.baseAddress, Int32(capacity), &status)
                    }
                }
                return (0..<Int(count)).map { i in
                    let start = utf8.index(utf8.startIndex, offsetBy: Int(triples[i * 3]))
                    let end = utf8.index(utf8.startIndex, offsetBy: Int(triples[i * 3 + 1]))
                    return Segment(text: text[start..<end], isWord: triples[i * 3 + 2] != 0)
                }
            }
        }
    }

    /// The words of `text`, without the spaces and punctuation between them.
    public func words(in text: String) -> [Substring] {
        segments(of: text).filter(\.isWord).map(\.text)
    }
}
