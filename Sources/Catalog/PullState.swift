import ICU
import MessageFormat

/// A text's wording and review state: what a push compares and a pull merges.
public struct TextContent: Sendable, Hashable, Codable {
    public var message: String
    public var state: ReviewState

    public init(message: String, state: ReviewState) {
        self.message = message
        self.state = state
    }
}

/// A text as the server had it when it was pulled or pushed: its content, its version, and who
/// wrote it when (known for pulled texts, which a conflict names).
public struct PulledText: Sendable, Hashable, Codable {
    public var key: String
    public var locale: LocaleID
    public var channel: ReplyChannel
    public var version: Int
    public var message: String
    /// Nil in a pull state written before texts had a syntax: MessageFormat 1.
    public var syntax: MessageSyntax?
    public var state: ReviewState
    public var author: String?
    public var updatedAt: String?

    public init(key: String, locale: LocaleID, channel: ReplyChannel, version: Int, message: String, syntax: MessageSyntax = .mf1,
                state: ReviewState, author: String? = nil, updatedAt: String? = nil) {
        self.key = key
        self.locale = locale
        self.channel = channel
        self.version = version
        self.message = message
        self.syntax = syntax
        self.state = state
        self.author = author
        self.updatedAt = updatedAt
    }

    public var identity: TextIdentity { TextIdentity(key: key, locale: locale, channel: channel) }
    public var content: TextContent { TextContent(message: message, state: state) }

    /// The text as the `Locales/` files hold it.
    public var spec: TextSpec { TextSpec(key: key, locale: locale, channel: channel, message: message, syntax: syntax ?? .mf1, state: state) }
}

extension TextSpec {
    public var identity: TextIdentity { TextIdentity(self) }
    public var content: TextContent { TextContent(message: message, state: state) }
}

/// What `parley pull` remembers beside the files it wrote (`.parley-pull.json`): the server's
/// version of every text, the base that a push diffs against and a pull merges from.
public struct PullState: Sendable, Hashable, Codable {
    /// The server's URL.
    public var server: String
    public var workspace: String
    /// ISO 8601.
    public var pulledAt: String
    public var texts: [PulledText]
    /// Every template's examples per locale (absent in files written before examples existed).
    public var examples: [PulledExamples]?

    /// The state file's name in the workspace folder.
    public static let fileName = ".parley-pull.json"

    public init(server: String, workspace: String, pulledAt: String, texts: [PulledText], examples: [PulledExamples] = []) {
        self.server = server
        self.workspace = workspace
        self.pulledAt = pulledAt
        self.texts = Self.ordered(texts)
        self.examples = examples.sorted { ($0.key, $0.locale.tag) < ($1.key, $1.locale.tag) }
    }

    /// Texts by key, locale and channel: a stable order, so the file diffs well.
    static func ordered(_ texts: some Sequence<PulledText>) -> [PulledText] {
        texts.sorted { ($0.key, $0.locale.tag, $0.channel.rawValue) < ($1.key, $1.locale.tag, $1.channel.rawValue) }
    }

    /// The pulled texts by identity.
    public var byIdentity: [TextIdentity: PulledText] {
        Dictionary(texts.map { ($0.identity, $0) }, uniquingKeysWith: { _, last in last })
    }
}
