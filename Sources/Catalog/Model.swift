import ICU
import MessageFormat

/// One product or brand: its own templates, locales and keys.
public struct Workspace: Sendable, Hashable, Codable {
    public var id: Int64
    /// The stable name used in URLs (`support`).
    public var name: String
    /// Where every fallback chain ends.
    public var defaultLocale: LocaleID
    /// The locales the workspace serves, the default among them.
    public var locales: [LocaleID]

    public init(id: Int64, name: String, defaultLocale: LocaleID, locales: [LocaleID]) {
        self.id = id
        self.name = name
        self.defaultLocale = defaultLocale
        self.locales = locales.contains(defaultLocale) ? locales : [defaultLocale] + locales
    }

    /// The workspace as files carry it (no id).
    public var spec: WorkspaceSpec { WorkspaceSpec(name: name, defaultLocale: defaultLocale, locales: locales) }
}

/// A canned reply, independent of language, as stored: its fields as a file gives them
/// (``TemplateSpec``: `template.key`, `template.sourceLocale`, …) with its identity and history.
@dynamicMemberLookup
public struct Template: Sendable, Hashable {
    public var id: Int64
    /// The key and what translators and agents need to know.
    public var spec: TemplateSpec
    public var archived: Bool
    /// Increases with every change to the template's own fields.
    public var version: Int

    public init(id: Int64 = 0, spec: TemplateSpec, archived: Bool = false, version: Int = 1) {
        self.id = id
        self.spec = spec
        self.archived = archived
        self.version = version
    }

    public subscript<Value>(dynamicMember field: WritableKeyPath<TemplateSpec, Value>) -> Value {
        get { spec[keyPath: field] }
        set { spec[keyPath: field] = newValue }
    }

    /// Whether `key` is a valid template key: lowercase letters, digits, `.`, `_`, `-`.
    public static func isValidKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, key.utf8.count <= 128 else { return false }
        let allowed: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("0"..."9").contains($0) || "._-".unicodeScalars.contains($0) }
        return (("a"..."z").contains(first) || ("0"..."9").contains(first)) && key.unicodeScalars.allSatisfy(allowed)
    }

    /// Whether `alias` may name a template: 1 to 128 ASCII letters, digits, `.`, `_`, `-`, `:`,
    /// as bot frameworks name their responses (`utter_refund_status`).
    public static func isValidAlias(_ alias: String) -> Bool {
        let allowed: (Unicode.Scalar) -> Bool = {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "._-:".unicodeScalars.contains($0)
        }
        return !alias.isEmpty && alias.utf8.count <= 128 && alias.unicodeScalars.allSatisfy(allowed)
    }

    /// The problem with a template's aliases, if any: one that is not valid, or one given twice.
    public static func aliasProblem(_ aliases: [String]) -> String? {
        if let bad = aliases.first(where: { !isValidAlias($0) }) {
            return "'\(bad)' is not a valid alias (1 to 128 letters, digits, '.', '_', '-', ':')"
        }
        if Set(aliases).count != aliases.count { return "an alias is given twice" }
        return aliases.count > 20 ? "at most 20 aliases per template" : nil
    }
}

/// Where a reply is shown; wording may differ per channel (a chat reply is short, an email formal).
/// Every translation has a `default` text; a channel variant overrides it for that channel.
public struct ReplyChannel: Sendable, Hashable, Codable, RawRepresentable, ExpressibleByStringLiteral, Comparable {
    public var rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public static let `default`: ReplyChannel = "default"

    /// Lowercase letters, digits, `_` and `-`, starting with a letter, at most 32 characters.
    public var isValid: Bool {
        guard let first = rawValue.unicodeScalars.first, rawValue.utf8.count <= 32, ("a"..."z").contains(first) else { return false }
        return rawValue.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
    }

    public static func < (lhs: ReplyChannel, rhs: ReplyChannel) -> Bool {
        (lhs == .default ? "" : lhs.rawValue) < (rhs == .default ? "" : rhs.rawValue)
    }
}

/// Where a translation is in review.
public enum ReviewState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Work in progress: never rendered.
    case draft
    /// Complete, waiting for a reviewer: rendered.
    case needsReview = "needs_review"
    /// Reviewed: rendered.
    case approved

    /// Whether customers may be shown it.
    public var isRendered: Bool { self != .draft }
}

/// A template's text in one locale, for one channel.
public struct Translation: Sendable, Hashable, Codable {
    public var templateID: Int64
    public var locale: LocaleID
    public var channel: ReplyChannel
    public var message: String
    /// The syntax `message` is written in.
    public var syntax: MessageSyntax
    public var state: ReviewState
    /// Increases with every change; writes must name the version they change (`If-Match`).
    public var version: Int
    /// The source-locale text's version this was translated from (nil for the source itself).
    public var sourceVersion: Int?
    public var author: String
    /// ISO 8601.
    public var updatedAt: String

    public init(templateID: Int64, locale: LocaleID, channel: ReplyChannel = .default, message: String,
                syntax: MessageSyntax = .mf1, state: ReviewState = .approved, version: Int = 1, sourceVersion: Int? = nil,
                author: String = "", updatedAt: String = "") {
        self.templateID = templateID
        self.locale = locale
        self.channel = channel
        self.message = message
        self.syntax = syntax
        self.state = state
        self.version = version
        self.sourceVersion = sourceVersion
        self.author = author
        self.updatedAt = updatedAt
    }
}

/// What a key may do. Each role includes the ones before it.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Render replies (chat backends, bots).
    case render
    /// Also read and search the catalog (support agents).
    case agent
    /// Also write translations, in their locales when the key names some.
    case translator
    /// Also approve translations and edit any locale.
    case reviewer
    /// Also manage templates, workspaces and keys.
    case admin

    public static func < (lhs: Role, rhs: Role) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
