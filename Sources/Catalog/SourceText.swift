import ICU

/// Which source text a translation follows, and when it is outdated. One rule for every reader:
/// a text's GET, PUT, review and rollback, the template, the snapshot (so `parley missing
/// --outdated` and pulls), listings, coverage and demand. Queries that count in the database
/// use its copy in SQL, the function `source_version` (migration `0006_source_version.sql`).
public enum SourceText {
    /// The source-locale text a translation in `channel` follows: the source's text in that
    /// channel when it has one, else its default text (an email variant translated before the
    /// source had an email text was made from the default text).
    public static func channel(for channel: ReplyChannel, sourceChannels: some Sequence<ReplyChannel>) -> ReplyChannel {
        sourceChannels.contains(channel) ? channel : .default
    }

    /// The version of the source text a translation in `channel` follows, from the versions of
    /// the source locale's texts by channel.
    public static func version(for channel: ReplyChannel, in sourceVersions: [ReplyChannel: Int]) -> Int? {
        followed(by: channel, in: sourceVersions)
    }

    /// What a translation in `channel` follows of the source locale's texts, given by channel:
    /// the channel's own source text, else the default one.
    public static func followed<Value>(by channel: ReplyChannel, in bySourceChannel: [ReplyChannel: Value]) -> Value? {
        bySourceChannel[channel] ?? bySourceChannel[.default]
    }

    /// The versions of a template's source-locale texts by channel, from any of its texts.
    public static func versions(in texts: some Sequence<Translation>, sourceLocale: LocaleID) -> [ReplyChannel: Int] {
        var versions: [ReplyChannel: Int] = [:]
        for text in texts where text.locale == sourceLocale { versions[text.channel] = text.version }
        return versions
    }

    /// Whether `text` is outdated: a translation (not a source text) made from an older version
    /// of the source text it follows than `sourceVersions` holds now.
    public static func isOutdated(_ text: Translation, sourceLocale: LocaleID, sourceVersions: [ReplyChannel: Int]) -> Bool {
        text.locale != sourceLocale
            && TextUpdate.isOutdated(sourceVersion: text.sourceVersion, currentVersion: version(for: text.channel, in: sourceVersions))
    }
}
