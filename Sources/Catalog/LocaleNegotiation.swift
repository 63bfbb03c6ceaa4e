import ICU

/// How a reply's locale is chosen and where its text is looked for.
///
/// The customer's locale comes from an explicit tag, else `Accept-Language`, else the language
/// detected in their message, else the workspace default. ICU's LocaleMatcher picks the closest
/// of the workspace's locales; the text is then looked for along CLDR fallback chains:
/// the requested locale, the match and its parents (`es-MX → es-419 → es`), the requested
/// locale's own parents, the caller's further preferences, and finally the workspace default.
public struct LocaleNegotiation: Sendable, Hashable {
    /// The locale the caller asked for (the first preference).
    public var requested: LocaleID
    /// The closest workspace locale ICU's LocaleMatcher found, if any.
    public var matched: LocaleID?
    /// Where to look, in order, limited to the workspace's locales.
    public var chain: [LocaleID]
    /// The chain's tags (kept, since every answer lists them).
    public var chainTags: [String] { chain.map(\.tag) }

    /// - Parameter preferences: the caller's locales, most preferred first (may be empty).
    public init(preferences: [LocaleID], workspace: Workspace) {
        let requested = preferences.first ?? workspace.defaultLocale
        let matched = LocaleID.bestMatch(for: preferences.isEmpty ? [requested] : preferences, in: workspace.locales)
            .map { workspace.locales[$0] }
        var candidates = [requested]
        candidates += matched?.fallbackChain ?? []
        candidates += requested.fallbackChain
        // The caller's further preferences ("fr-CH, de;q=0.8") come before the default.
        for preference in preferences.dropFirst() { candidates += preference.fallbackChain }
        candidates += workspace.defaultLocale.fallbackChain
        let enabled = Set(workspace.locales)
        var seen: Set<LocaleID> = []
        self.requested = requested
        self.matched = matched
        self.chain = candidates.filter { enabled.contains($0) && seen.insert($0).inserted }
        if !chain.contains(workspace.defaultLocale) { chain.append(workspace.defaultLocale) }
    }
}
