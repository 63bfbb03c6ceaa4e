import CICU

/// A canonical BCP 47 language tag, such as `es-419` or `zh-Hant-TW`.
///
/// Creating one parses and canonicalizes the tag with ICU (CLDR aliases included:
/// `iw` becomes `he`, `es_MX` is read as `es-MX`) and rejects a tag that is not well-formed.
///
/// ```swift
/// let tag = try LocaleID("zh-TW")
/// tag.maximized            // zh-Hant-TW
/// tag.fallbackChain        // [zh-TW, zh-Hant-TW, zh-Hant]
/// ```
public struct LocaleID: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The canonical tag.
    public let tag: String

    /// Parses and canonicalizes a BCP 47 tag (underscores are accepted as separators).
    public init(_ tag: String) throws(ICUError) {
        let input = tag.replacing("_", with: "-")
        guard !input.isEmpty, input.utf8.count < 128 else {
            throw ICUError(status: 1, operation: "parse locale tag")
        }
        self.tag = try readUTF8("parse locale tag") { parley_locale_canonicalize(input, $0, $1, $2) }
    }

    private init(canonical: String) { self.tag = canonical }

    /// The root locale (`und`), where every fallback chain ends.
    public static let root = LocaleID(canonical: "und")

    public var description: String { tag }

    public static func < (lhs: LocaleID, rhs: LocaleID) -> Bool { lhs.tag < rhs.tag }

    // MARK: Subtags

    private var subtags: [Substring] { tag.split(separator: "-") }

    /// The language subtag (`zh` in `zh-Hant-TW`).
    public var language: String { String(subtags.first ?? "und") }

    /// The script subtag when the tag has one (`Hant` in `zh-Hant-TW`).
    public var script: String? {
        subtags.dropFirst().first { $0.count == 4 && $0.allSatisfy(\.isLetter) }.map(String.init)
    }

    /// The region subtag when the tag has one (`TW`, or `419`).
    public var region: String? {
        subtags.dropFirst().first {
            ($0.count == 2 && $0.allSatisfy(\.isLetter)) || ($0.count == 3 && $0.allSatisfy(\.isNumber))
        }.map(String.init)
    }

    // MARK: Likely subtags

    /// The tag with likely subtags added: `zh-TW` → `zh-Hant-TW`, `en` → `en-Latn-US`.
    public var maximized: LocaleID {
        (try? readUTF8("add likely subtags") { parley_locale_add_likely(tag, $0, $1, $2) })
            .map(LocaleID.init(canonical:)) ?? self
    }

    /// The tag with likely subtags removed: `zh-Hant-TW` → `zh-TW`.
    public var minimized: LocaleID {
        (try? readUTF8("remove likely subtags") { parley_locale_minimize(tag, $0, $1, $2) })
            .map(LocaleID.init(canonical:)) ?? self
    }

    /// The locale's name in the language of `display` ("español (México)").
    public func displayName(in display: LocaleID) -> String {
        (try? readUTF8("display name") { parley_locale_display_name(tag, display.tag, $0, $1, $2) }) ?? tag
    }

    /// Whether ICU carries data of its own for exactly this locale.
    public var hasOwnData: Bool { parley_locale_has_data(tag) != 0 }

    /// Whether the locale's script is written right to left (Arabic, Hebrew, …), by its likely
    /// script when the tag names none.
    public var isRightToLeft: Bool { parley_locale_is_right_to_left(tag) != 0 }

    // MARK: Fallback

    /// The CLDR fallback chain, starting with this locale and ending before root:
    /// `es-MX → es-419 → es`, `pt-AO → pt-PT → pt`, `zh-HK → zh-Hant-HK → zh-Hant`, `en-IN → en-001 → en`.
    ///
    /// Parents come from CLDR's parent-locale data as ICU's resource bundles record it, not from
    /// truncation alone; a language written in a script other than its default keeps that script
    /// (`zh-Hant` never falls back to `zh`, whose default script is Hans).
    public var fallbackChain: [LocaleID] {
        var chain = [self]
        var current = scriptAwareStem
        for _ in 0..<8 {
            if !chain.contains(current) { chain.append(current) }
            guard let parent = current.cldrParent else { break }
            current = parent
        }
        return chain
    }

    /// `zh-HK` → `zh-Hant-HK` (its script is not zh's default); `en-Latn-US` → `en-US`.
    private var scriptAwareStem: LocaleID {
        let full = maximized
        guard let fullScript = full.script, language != "und" else { return self }
        let defaultScript = (try? LocaleID(language))?.maximized.script
        var parts = [language]
        if fullScript != defaultScript { parts.append(fullScript) }
        if let region { parts.append(region) }
        return (try? LocaleID(parts.joined(separator: "-"))) ?? self
    }

    /// The next locale up, or nil at the top (the language alone, or a locale whose parent is root).
    private var cldrParent: LocaleID? {
        let explicit = (try? readUTF8("parent locale") { parley_locale_explicit_parent(tag, $0, $1, $2) }) ?? ""
        if explicit == "root" { return nil }
        if !explicit.isEmpty { return LocaleID(canonical: explicit) }
        let parts = subtags
        guard parts.count > 1 else { return nil }
        return try? LocaleID(parts.dropLast().joined(separator: "-"))
    }

    // MARK: Matching

    /// ICU's LocaleMatcher: the index in `supported` of the best match for `desired`
    /// (in order of preference), or nil when no supported locale is close enough.
    ///
    /// `es-MX` matches `es-419` before `es`; `zh-HK` matches `zh-MO` before `zh-Hant`;
    /// `sr-Latn-BA` matches `sh`.
    public static func bestMatch(for desired: [LocaleID], in supported: [LocaleID]) -> Int? {
        guard !desired.isEmpty, !supported.isEmpty else { return nil }
        var status: Int32 = 0
        let index = withCStrings(desired.map(\.tag)) { wanted in
            withCStrings(supported.map(\.tag)) { offered in
                parley_locale_match(wanted, Int32(wanted.count), offered, Int32(offered.count), &status)
            }
        }
        return index >= 0 && !isFailure(status) ? Int(index) : nil
    }
}

/// Encoded as its tag; decoding canonicalizes and rejects a malformed tag.
extension LocaleID: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let tag = try container.decode(String.self)
        do {
            try self.init(tag)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(tag)' is not a valid BCP 47 tag")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(tag)
    }
}
