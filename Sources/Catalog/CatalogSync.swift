/// What `parley push` sends, and what a push leaves behind: the texts the files changed since
/// the pull, compared by wording and state. No I/O; the CLI reads and writes the files.
public enum CatalogSync {
    /// A text the files changed: what to send, and the pulled version it was edited from.
    public struct Outgoing: Sendable, Hashable {
        public var text: TextSpec
        /// The pulled text it changes; nil for a text that is new.
        public var base: PulledText?
        /// The state to send, only when the file changed it: otherwise the server decides (a
        /// translator's edit waits for review). A new text sends a state other than approved.
        public var state: ReviewState?

        public init(text: TextSpec, base: PulledText?, state: ReviewState?) {
            self.text = text
            self.base = base
            self.state = state
        }
    }

    /// The texts of `files` whose message or state differ from the pulled ones, and the new ones.
    /// An unedited pull sends nothing. Texts deleted from the files are not sent (nor deleted).
    public static func outgoing(_ files: CatalogBundle, pulled: PullState) -> [Outgoing] {
        let base = pulled.byIdentity
        return files.texts.compactMap { text in
            guard let pulledText = base[text.identity] else {
                return Outgoing(text: text, base: nil, state: text.state == .approved ? nil : text.state)
            }
            guard pulledText.content != text.content else { return nil }
            return Outgoing(text: text, base: pulledText, state: pulledText.state == text.state ? nil : text.state)
        }
    }

    /// A text the server wrote, at its new version and with the state it gave.
    public struct Written: Sendable, Hashable {
        public var identity: TextIdentity
        public var version: Int
        public var state: ReviewState

        public init(identity: TextIdentity, version: Int, state: ReviewState) {
            self.identity = identity
            self.version = version
            self.state = state
        }
    }

    /// The pull state and the files after a push: each text the server wrote is remembered at
    /// its new version, and the files take the state the server gave it (a translator's text now
    /// waits for review), so that the next push starts from there.
    public static func afterPush(_ pulled: PullState, files: CatalogBundle, sent: [Outgoing], written: [Written])
        -> (pulled: PullState, files: CatalogBundle) {
        let messages = Dictionary(sent.map { ($0.text.identity, $0.text.message) }, uniquingKeysWith: { first, _ in first })
        var base = pulled.byIdentity
        var states: [TextIdentity: ReviewState] = [:]
        for text in written {
            guard let message = messages[text.identity] else { continue }
            base[text.identity] = PulledText(key: text.identity.key, locale: text.identity.locale, channel: text.identity.channel,
                                             version: text.version, message: message, state: text.state)
            states[text.identity] = text.state
        }
        var files = files
        for index in files.texts.indices {
            if let state = states[files.texts[index].identity] { files.texts[index].state = state }
        }
        var after = pulled
        after.texts = PullState.ordered(base.values)
        return (after, files)
    }
}
