import ICU

/// The locales a new API key may edit: the rule for `parley keys create` and for the keys API.
///
/// A translator key names its locales, or says `all` explicitly: a key made without either
/// would silently edit every locale. Each locale must be a well-formed tag of a language ICU
/// knows (`xx-nonsense` is well-formed, but no language), and one of the workspace's locales
/// when the key belongs to a workspace.
public enum KeyLocales {
    /// The word for "every locale".
    public static let all = "all"

    /// Why a list of locales was refused, in words for the person who gave it.
    public struct Refusal: Error, Sendable, Hashable, CustomStringConvertible {
        public var description: String
    }

    /// The locales a key of `role` may edit, from the tags as given (nil: none given; `["all"]`:
    /// every locale). Returns nil for every locale.
    public static func resolve(_ tags: [String]?, role: Role, workspaceLocales: [LocaleID]? = nil) throws(Refusal) -> [LocaleID]? {
        guard let tags else {
            guard role != .translator else {
                throw Refusal(description: "a translator key needs the locales it may edit: a list such as fr,de, or \(all) for every locale")
            }
            return nil
        }
        if tags == [all] { return nil }
        var locales: [LocaleID] = []
        for tag in tags {
            guard let locale = try? LocaleID(tag), let language = try? LocaleID(locale.language), language.hasOwnData else {
                throw Refusal(description: "'\(tag)' is not a known locale (a BCP 47 tag such as fr or pt-BR)")
            }
            if let workspaceLocales, !workspaceLocales.contains(locale) {
                throw Refusal(description: "\(locale.tag) is not one of the workspace's locales (\(workspaceLocales.map(\.tag).joined(separator: ", ")))")
            }
            locales.append(locale)
        }
        guard !locales.isEmpty else { throw Refusal(description: "the list of locales is empty; name some, or \(all)") }
        return locales
    }

    /// Splits a comma-separated list (`fr, de`) into tags.
    public static func tags(_ list: String) -> [String] {
        list.split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }.filter { !$0.isEmpty }
    }
}
