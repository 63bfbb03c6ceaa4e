import Catalog
import ICU

/// The file formats translators' tools read, besides the `Locales/` YAML folder.
///
/// In every format a text is named by its template key, or `KEY:CHANNEL` for a channel variant
/// (`general.greeting:email`): keys never contain `:`, so the name is unambiguous.
public enum InterchangeFormat: String, Sendable, Hashable, CaseIterable, Codable {
    /// XLIFF 2.0 (OASIS), one file per target locale: CAT tools, Weblate, Crowdin.
    case xliff2
    /// XLIFF 1.2, one file per target locale: older CAT tools, Xcode.
    case xliff12
    /// gettext PO, one file per locale: Poedit, Weblate, Pootle. ICU plurals stay inline.
    case po
    /// A flat JSON object (name → message) per locale: i18next-style tools, scripts.
    case json
    /// One CSV file for every locale (`key,locale,channel,message`): spreadsheets.
    case csv

    /// The usual file extension.
    public var fileExtension: String {
        switch self {
        case .xliff2, .xliff12: "xlf"
        case .po: "po"
        case .json: "json"
        case .csv: "csv"
        }
    }

    /// Whether a file holds one locale (all but CSV).
    public var isPerLocale: Bool { self != .csv }

    /// The format a file name suggests (`fr.po`, `support.csv`); XLIFF files are told apart by
    /// their `version` attribute when read.
    public static func guess(fileName: String) -> InterchangeFormat? {
        let lowered = fileName.lowercased()
        if lowered.hasSuffix(".po") || lowered.hasSuffix(".pot") { return .po }
        if lowered.hasSuffix(".json") { return .json }
        if lowered.hasSuffix(".csv") { return .csv }
        if lowered.hasSuffix(".xlf") || lowered.hasSuffix(".xliff") { return .xliff2 }
        return nil
    }

    /// The format of a file whose name says nothing, from how it begins: markup is XLIFF, an
    /// object is flat JSON, `msgid`, `msgctxt` or a `#` comment line is PO; anything else is
    /// read as CSV, whose reader then says what is wrong with it, by line.
    public static func guess(contents: String) -> InterchangeFormat {
        let lines = contents.split(whereSeparator: \.isNewline).lazy
            .map { $0.drop { $0.isWhitespace || $0 == "\u{FEFF}" } }
            .filter { !$0.isEmpty }
        guard let first = lines.first else { return .csv }
        if first.hasPrefix("<") { return .xliff2 }
        if first.hasPrefix("{") { return .json }
        if first.hasPrefix("#") || first.hasPrefix("msgid ") || first.hasPrefix("msgctxt ") { return .po }
        return .csv
    }

    /// The format of a file: its name's, else its contents'.
    public static func guess(fileName: String, contents: String) -> InterchangeFormat {
        guess(fileName: fileName) ?? guess(contents: contents)
    }
}

/// One file to write.
public struct InterchangeFile: Sendable, Hashable {
    public var name: String
    public var contents: String

    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// The name of a text in interchange files: its key, and its channel unless the default.
public struct TextName: Sendable, Hashable, CustomStringConvertible {
    public var key: String
    public var channel: ReplyChannel

    public init(key: String, channel: ReplyChannel = .default) {
        self.key = key
        self.channel = channel
    }

    /// Reads `KEY` or `KEY:CHANNEL`.
    public init?(_ name: String) {
        let parts = name.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let key = String(parts[0])
        let channel = parts.count == 2 ? ReplyChannel(rawValue: String(parts[1])) : .default
        guard Template.isValidKey(key), channel.isValid else { return nil }
        self.init(key: key, channel: channel)
    }

    public var description: String { channel == .default ? key : "\(key):\(channel.rawValue)" }
}

/// What tools call a translation's state, per format, both ways (the mapping is described on
/// ``XLIFF2Format`` and ``XLIFF12Format``).
enum StateNames {
    /// XLIFF 2.0 `segment/@state`.
    static func xliff2(_ state: ReviewState) -> String {
        switch state {
        case .draft: "initial"
        case .needsReview: "translated"
        case .approved: "final"
        }
    }

    /// What a segment's `state` and `subState` say; nil for a state XLIFF 2.0 does not have.
    static func xliff2(_ name: String?, subState: String?) -> StateMarks? {
        let outdated = subState == XLIFF2Format.outdatedSubState
        switch name {
        case "initial": return StateMarks(states: [.draft], requested: .draft)
        case "translated" where outdated: return StateMarks(states: [.needsReview, .approved], outdated: true, requested: .needsReview)
        case "translated": return StateMarks(states: [.needsReview], outdated: false, requested: .needsReview)
        case "reviewed", "final": return StateMarks(states: [.approved], outdated: false, requested: .approved)
        // Other tools leave a translated segment's state out.
        case nil: return StateMarks(states: [.needsReview, .approved], requested: nil)
        default: return nil
        }
    }

    /// XLIFF 1.2 `target/@state` of a text that is not outdated.
    static func xliff12(_ state: ReviewState) -> String {
        switch state {
        case .draft: "needs-translation"
        case .needsReview: "translated"
        case .approved: "final"
        }
    }

    /// What a target's `state` and its unit's `approved` say; nil for a state XLIFF 1.2 does not have.
    static func xliff12(_ name: String?, approved: String?) -> StateMarks? {
        if approved == "yes" { return StateMarks(states: [.approved], outdated: false, requested: .approved) }
        let unapproved = approved == "no"
        switch name {
        case "new", "needs-translation", "needs-adaptation", "needs-l10n":
            return StateMarks(states: [.draft], requested: .draft)
        case "needs-review-translation", "needs-review-adaptation", "needs-review-l10n":
            return StateMarks(states: [.needsReview, .approved], outdated: true, requested: .needsReview)
        case "translated":
            return StateMarks(states: [.needsReview], outdated: false, requested: .needsReview)
        case "signed-off", "final":
            return unapproved ? StateMarks(states: [.needsReview], outdated: false, requested: .needsReview)
                : StateMarks(states: [.approved], outdated: false, requested: .approved)
        case nil:
            return unapproved ? StateMarks(states: [.needsReview], requested: .needsReview)
                : StateMarks(states: [.needsReview, .approved], requested: nil)
        default:
            return nil
        }
    }
}
