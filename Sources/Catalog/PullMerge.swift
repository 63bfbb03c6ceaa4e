import ICU

/// A text changed both on the server and in the files since the pull, and differently: a pull
/// keeps yours in the files and both here, until the translator chooses.
public struct PullConflict: Sendable, Hashable, Codable, CustomStringConvertible {
    public var key: String
    public var locale: LocaleID
    public var channel: ReplyChannel
    /// The version pulled before; nil when both sides added the text.
    public var base: PulledText?
    /// The server's text now; nil when it is gone from the server.
    public var theirs: PulledText?
    /// The files' text.
    public var yours: TextContent

    public var identity: TextIdentity { TextIdentity(key: key, locale: locale, channel: channel) }

    /// `key (locale, channel): changed on the server by AUTHOR at TIME, and in your files`.
    public var description: String {
        guard let theirs else { return "\(identity): removed on the server, and changed in your files" }
        let who = "by \(theirs.author ?? "someone") at \(theirs.updatedAt ?? "an unknown time")"
        return base == nil ? "\(identity): added on the server \(who), and differently in your files"
                           : "\(identity): changed on the server \(who) (version \(theirs.version)), and in your files"
    }
}

/// The outcome of a pull's three-way merge.
public struct PullMerge: Sendable, Hashable {
    /// The texts the files hold after the merge.
    public var texts: [TextSpec]
    /// The new pull state's texts: the server's version of every text merged cleanly; the old
    /// base of a conflicting one (so that a push of it is refused as stale until it is resolved).
    public var pulled: [PulledText]
    /// Edits in the files that the server has not got, kept for a later push.
    public var kept: [TextIdentity]
    public var conflicts: [PullConflict]
}

extension CatalogSync {
    /// Merges the server's texts (`theirs`) into the files' (`yours`), text by text, from the
    /// texts pulled before (`base`), comparing wording and state:
    /// - yours as pulled: theirs is taken;
    /// - theirs as pulled: yours is kept, to be pushed (the base moves to theirs' version);
    /// - yours and theirs alike: taken;
    /// - all three differ: a conflict; yours stays in the files, the base stays as it was.
    ///
    /// A text missing from the files counts as unedited (a push never deletes), so theirs is taken.
    public static func merge(base: PullState?, theirs: [PulledText], yours: [TextSpec]) -> PullMerge {
        let baseTexts = base?.byIdentity ?? [:]
        let theirTexts = Dictionary(theirs.map { ($0.identity, $0) }, uniquingKeysWith: { _, last in last })
        let yourTexts = Dictionary(yours.map { ($0.identity, $0) }, uniquingKeysWith: { _, last in last })
        let identities = Set(baseTexts.keys).union(theirTexts.keys).union(yourTexts.keys)
            .sorted { ($0.key, $0.locale.tag, $0.channel.rawValue) < ($1.key, $1.locale.tag, $1.channel.rawValue) }
        var merge = PullMerge(texts: [], pulled: [], kept: [], conflicts: [])
        for identity in identities {
            let (pulled, server, files) = (baseTexts[identity], theirTexts[identity], yourTexts[identity])
            let yourContent = files?.content ?? pulled?.content
            if yourContent == pulled?.content || yourContent == server?.content {
                if let server { merge.texts.append(server.spec); merge.pulled.append(server) }
            } else if let files, server?.content == pulled?.content {
                merge.texts.append(files)
                if let server { merge.pulled.append(server) }
                merge.kept.append(identity)
            } else if let files {
                merge.texts.append(files)
                if let pulled { merge.pulled.append(pulled) }
                merge.conflicts.append(PullConflict(key: identity.key, locale: identity.locale, channel: identity.channel,
                                                    base: pulled, theirs: server, yours: files.content))
            }
        }
        return merge
    }

    /// Which side of a conflict to keep.
    public enum Side: String, Sendable, CaseIterable {
        /// Your text stays in the files, to be pushed over theirs.
        case ours
        /// The server's text replaces yours.
        case theirs
    }

    /// Settles the conflicts of the templates in `keys` (all when nil) by keeping one side, and
    /// returns the files' texts, the pull state's texts and the conflicts left. Either way the
    /// base becomes theirs, so a push of your text is made over theirs knowingly, not refused.
    public static func resolve(_ conflicts: [PullConflict], keeping side: Side, keys: Set<String>?,
                               texts: [TextSpec], pulled: [PulledText])
        -> (texts: [TextSpec], pulled: [PulledText], remaining: [PullConflict]) {
        var texts = Dictionary(texts.map { ($0.identity, $0) }, uniquingKeysWith: { _, last in last })
        var base = Dictionary(pulled.map { ($0.identity, $0) }, uniquingKeysWith: { _, last in last })
        var remaining: [PullConflict] = []
        for conflict in conflicts {
            guard keys?.contains(conflict.key) ?? true else { remaining.append(conflict); continue }
            base[conflict.identity] = conflict.theirs
            if side == .theirs { texts[conflict.identity] = conflict.theirs?.spec }
        }
        return (Array(texts.values), PullState.ordered(base.values), remaining)
    }
}
