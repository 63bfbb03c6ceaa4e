import MessageFormat

/// What a file or a request says of a text's review state, in the words its format has.
///
/// Formats say less than Parley knows: PO tells a draft or outdated text (`#, fuzzy`) from a
/// finished one, but not a text waiting for review from an approved one; flat JSON and CSV say
/// nothing at all. So a reader gives the states its marks can stand for, and whether they call the
/// text outdated where the format can say so. A text whose wording is the same and whose current
/// state the marks stand for is unchanged: a file sent back untouched writes nothing.
public struct StateMarks: Sendable, Hashable, Codable {
    /// The states the marks can stand for.
    public var states: Set<ReviewState>
    /// Whether the marks call the text outdated; nil where the format cannot say.
    public var outdated: Bool?
    /// The state to write when the text changes, before the writer's role caps it (nil: the
    /// writer's usual state, see ``TextUpdate/defaultState(mayApprove:)``).
    public var requested: ReviewState?

    public init(states: Set<ReviewState>, outdated: Bool? = nil, requested: ReviewState?) {
        self.states = states
        self.outdated = outdated
        self.requested = requested
    }

    /// Marks that say nothing of the state (flat JSON, CSV, a batch change without `state`).
    public static let unspecified = StateMarks(states: Set(ReviewState.allCases), requested: nil)

    /// Marks that name one state (the `Locales/` format, a batch change with `state`).
    public static func exactly(_ state: ReviewState) -> StateMarks {
        StateMarks(states: [state], requested: state)
    }
}

/// The one rule for what writing a text changes, on every path (a batch, a push, an import, a
/// rollback): only what differs is written, only reviewers produce `approved`, and *outdated*
/// clears only when the text is written against the current source text.
public enum TextUpdate {
    /// A text as it is now.
    public struct Current: Sendable, Hashable {
        public var message: String
        public var syntax: MessageSyntax
        public var state: ReviewState
        /// The source text's version it was made from (nil for a source text).
        public var sourceVersion: Int?

        public init(message: String, syntax: MessageSyntax = .mf1, state: ReviewState, sourceVersion: Int?) {
            self.message = message
            self.syntax = syntax
            self.state = state
            self.sourceVersion = sourceVersion
        }
    }

    /// What to write.
    public struct Write: Sendable, Hashable {
        public var state: ReviewState
        /// The source text's version the written text follows (nil for a source text).
        public var sourceVersion: Int?

        public init(state: ReviewState, sourceVersion: Int?) {
            self.state = state
            self.sourceVersion = sourceVersion
        }
    }

    /// Where the source text stands, for a translation (all nil for a source-locale text).
    public struct Source: Sendable, Hashable {
        /// The source text's version now (nil: the template has no source text yet).
        public var currentVersion: Int?
        /// The version of the source text the writer was shown beside the text (an XLIFF
        /// `<source>`, a PO `msgid`), when it is known and not the current one.
        public var shownVersion: Int?

        public init(currentVersion: Int?, shownVersion: Int? = nil) {
            self.currentVersion = currentVersion
            self.shownVersion = shownVersion
        }

        /// A source-locale text has no source of its own.
        public static let none = Source(currentVersion: nil)
    }

    /// The state a writer's changed text gets when its marks name none: a reviewer's is approved,
    /// anyone else's waits for review.
    public static func defaultState(mayApprove: Bool) -> ReviewState {
        mayApprove ? .approved : .needsReview
    }

    /// `state`, unless the writer may not approve: then a text asked as approved waits for review.
    public static func allowed(_ state: ReviewState, mayApprove: Bool) -> ReviewState {
        state == .approved && !mayApprove ? .needsReview : state
    }

    /// Whether a text that follows `sourceVersion` is outdated against the source at `currentVersion`.
    public static func isOutdated(sourceVersion: Int?, currentVersion: Int?) -> Bool {
        guard let sourceVersion, let currentVersion else { return false }
        return sourceVersion < currentVersion
    }

    /// What to write for `message` with `marks`, or nil when nothing would change.
    ///
    /// Unchanged: the same wording, and the marks stand for the current state (and outdatedness,
    /// where they can say it); or, once the writer's role has capped the state, the write would
    /// leave state and outdatedness as they are. A written translation follows the source version
    /// the writer was shown, the current one unless the file showed an older source text.
    ///
    /// `syntax` is the one the writer names (nil: the text's own). A text whose wording stays and
    /// whose syntax changes is written again in its state.
    public static func plan(current: Current?, message: String, syntax: MessageSyntax? = nil, marks: StateMarks,
                            mayApprove: Bool, source: Source) -> Write? {
        if let current, let syntax, current.message == message, current.syntax != syntax {
            return Write(state: current.state, sourceVersion: current.sourceVersion)
        }
        let outdatedNow = current.map { isOutdated(sourceVersion: $0.sourceVersion, currentVersion: source.currentVersion) } ?? false
        // Marks speak of the source the file showed: a file exported before the source changed
        // calls a text up to date that is outdated now, and is still telling the truth.
        let outdatedAsShown = source.shownVersion.map { shown in
            current.map { isOutdated(sourceVersion: $0.sourceVersion, currentVersion: shown) } ?? false
        } ?? outdatedNow
        if let current, current.message == message, marks.states.contains(current.state),
           marks.outdated.map({ $0 == outdatedAsShown }) ?? true
        {
            return nil
        }
        let state = allowed(marks.requested ?? defaultState(mayApprove: mayApprove), mayApprove: mayApprove)
        let sourceVersion = source.shownVersion ?? source.currentVersion
        if let current, current.message == message, current.state == state,
           isOutdated(sourceVersion: sourceVersion, currentVersion: source.currentVersion) == outdatedNow
        {
            return nil
        }
        return Write(state: state, sourceVersion: sourceVersion)
    }
}

extension Role {
    /// Whether texts this role writes may be approved (reviewers and admins).
    public var mayApprove: Bool { self >= .reviewer }
}
