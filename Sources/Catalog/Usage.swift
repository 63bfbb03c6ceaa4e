import ICU

/// One kind of render, as usage counts it: what was asked for, what was served, through which
/// channel and by whom. Every value is bounded by the workspace (its templates, its locales, the
/// locales ICU has data for, its channels, the roles), so no caller can make the counts grow
/// without bound by sending made-up locales or keys.
public struct RenderUse: Hashable, Sendable {
    public var workspaceID: Int64
    public var templateID: Int64
    /// The locale the caller asked for, as ``UsageLocale/label(for:in:)`` names it.
    public var requested: String
    /// The workspace locale that would have served the request best (the first of its chain):
    /// served from elsewhere means the template lacks a text there.
    public var wanted: String
    /// The locale of the text served.
    public var served: String
    /// The channel of the text served (`default` when the channel asked for has none).
    public var channel: String
    public var role: Role

    public init(workspaceID: Int64, templateID: Int64, requested: String, wanted: String, served: String,
                channel: String, role: Role) {
        self.workspaceID = workspaceID
        self.templateID = templateID
        self.requested = requested
        self.wanted = wanted
        self.served = served
        self.channel = channel
        self.role = role
    }

    /// Served in another locale than the one asked for: the same rule as a render answer's `fallback`.
    public var isFallback: Bool { requested != served }
}

/// What agents did with a template's suggestions.
public struct SuggestionOutcome: Hashable, Sendable {
    public var workspaceID: Int64
    public var templateID: Int64
    public var kind: Kind

    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case shown, accepted, rejected
    }

    public init(workspaceID: Int64, templateID: Int64, kind: Kind) {
        self.workspaceID = workspaceID
        self.templateID = templateID
        self.kind = kind
    }
}

/// How the locale a customer asked for is named in usage counts and metrics.
///
/// The demand for a locale the workspace does not have is what a translation team needs to see
/// (`es-MX` served from `es-419`), so requested locales are kept beyond the workspace's own; but
/// only locales ICU has data for, so the names come from a fixed list of a few hundred whatever
/// callers send:
/// - a workspace locale, or one that means the same once likely subtags are added (`ko-KR` for
///   `ko`, `zh-CN` for `zh-Hans`): the workspace locale's tag;
/// - else language, script and region (variants and extensions dropped), when ICU has data for
///   exactly that locale (`es-MX`, `pt-AO`, `zh-Hant-HK`);
/// - else the language alone when ICU has data for it (`ko`);
/// - else `und`.
public enum UsageLocale {
    /// The name for unknown locales.
    public static let unknown = "und"

    public static func label(for requested: LocaleID, in workspace: Workspace) -> String {
        if workspace.locales.contains(requested) { return requested.tag }
        let maximized = requested.maximized
        if let same = workspace.locales.first(where: { $0.maximized == maximized }) { return same.tag }
        let reduced = [requested.language, requested.script, requested.region].compactMap { $0 }.joined(separator: "-")
        if let locale = try? LocaleID(reduced), locale.hasOwnData { return locale.tag }
        if let language = try? LocaleID(requested.language), language.hasOwnData { return language.tag }
        return unknown
    }
}
