/// The syntax a message is written in.
public enum MessageSyntax: String, Sendable, Hashable, Codable, CaseIterable {
    /// ICU MessageFormat (1): `{count, plural, one {# video} other {# videos}}`.
    case mf1
    /// Unicode MessageFormat 2: `.input {$count :integer} .match $count one {{…}} * {{…}}`.
    case mf2
}
