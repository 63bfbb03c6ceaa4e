import ICU

/// Short customer phrasings that a template's reply answers, in one locale ("refund??", "where
/// is my money"): what agents' suggestions learn the customer's words from.
public struct ExampleSpec: Sendable, Hashable, Codable {
    public var key: String
    public var locale: LocaleID
    public var phrases: [String]
    /// Where it was read from, for diagnostics.
    public var origin: FilePosition?

    public init(key: String, locale: LocaleID, phrases: [String], origin: FilePosition? = nil) {
        self.key = key
        self.locale = locale
        self.phrases = phrases
        self.origin = origin
    }
}

/// The one rule for examples, wherever they are written (catalog files, the API).
public enum ExampleRules {
    /// At most this many phrasings per template and locale.
    public static let maximumCount = 100
    /// At most this many characters per phrasing: a chat message, not a letter.
    public static let maximumLength = 300

    /// What is wrong with a list of phrasings, one message per problem (empty: none).
    public static func problems(_ phrases: [String]) -> [String] {
        var problems: [String] = []
        if phrases.count > maximumCount { problems.append("at most \(maximumCount) examples per template and locale (got \(phrases.count))") }
        var seen = Set<String>()
        for (index, phrase) in phrases.enumerated() {
            let number = index + 1
            if phrase.allSatisfy(\.isWhitespace) { problems.append("example \(number) is empty") }
            if phrase.count > maximumLength { problems.append("example \(number) is longer than \(maximumLength) characters") }
            if phrase.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) {
                problems.append("example \(number) has a control character (a line break, a tab or NUL)")
            }
            if !seen.insert(phrase).inserted { problems.append("example \(number) repeats an earlier one") }
        }
        return problems
    }
}
