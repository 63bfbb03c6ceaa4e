import ICU

/// An agent's verdict on a suggestion: this reply did (or did not) answer this message.
public struct FeedbackVote: Sendable, Hashable {
    public var key: String
    /// The customer's message the suggestion was made for.
    public var text: String
    public var accepted: Bool
    /// Who voted (an API key's id): each voter counts once per reply.
    public var voter: String
    /// The language of `text`.
    public var locale: LocaleID

    public init(key: String, text: String, accepted: Bool, voter: String, locale: LocaleID) {
        self.key = key
        self.text = text
        self.accepted = accepted
        self.voter = voter
        self.locale = locale
    }
}

/// How far agents' votes move a reply. A vote counts for messages like its own (by the share of
/// the query's weight that its words cover); each voter's say on a reply is one vote at most,
/// whatever the number they cast; and the sum is capped both ways, so no agent alone can bury
/// a reply or crown one for every message.
enum Learning {
    /// A vote's message must share at least this much of the query's weight to count.
    static let minimumSimilarity: Float = 0.3
    /// One full vote moves a reply by this share of the best base score.
    static let step: Float = 0.35
    /// Caps on the sum of voters' votes for one reply.
    static let mostUp: Float = 3
    static let mostDown: Float = 1.5
    /// A rejected reply keeps at least this share of its own score.
    static let floor: Float = 0.3
}

/// One vote as a partition keeps it: its message's terms in the partition's locale.
struct StoredVote {
    var voter: String
    var accepted: Bool
    var terms: Set<Term>
}
