import Catalog
import ICU
import MessageFormat

/// What the index knows of one template: its own fields, and per locale its renderable texts
/// and the customer phrasings it answers.
public struct SearchTemplate: Sendable, Hashable {
    public var key: String
    public var shortcut: String?
    public var category: String
    public var tags: [String]
    /// Written for translators, in the source locale.
    public var description: String
    public var sourceLocale: LocaleID
    public var locales: [LocaleID: LocaleTexts]

    /// A template's words in one locale.
    public struct LocaleTexts: Sendable, Hashable {
        /// MessageFormat sources by channel.
        public var texts: [ReplyChannel: String]
        /// Short customer phrasings that the reply answers.
        public var examples: [String]

        public init(texts: [ReplyChannel: String] = [:], examples: [String] = []) {
            self.texts = texts
            self.examples = examples
        }
    }

    public init(key: String, shortcut: String? = nil, category: String = "", tags: [String] = [], description: String = "",
                sourceLocale: LocaleID, locales: [LocaleID: LocaleTexts] = [:]) {
        self.key = key
        self.shortcut = shortcut
        self.category = category
        self.tags = tags
        self.description = description
        self.sourceLocale = sourceLocale
        self.locales = locales
    }

    /// What its document in `locale` is made from, hashed: an unchanged reload is told apart
    /// without reading its words.
    func fingerprint(in locale: LocaleID) -> Int {
        var hasher = Hasher()
        hasher.combine(key)
        hasher.combine(shortcut)
        hasher.combine(category)
        hasher.combine(tags)
        if locale == sourceLocale { hasher.combine(description) }
        hasher.combine(locales[locale])
        return hasher.finalize()
    }

    /// The fields of its document in `locale`: the template's own fields in every locale (agents
    /// type keys and shortcuts whatever their language), its description in the source locale.
    func fields(in locale: LocaleID) -> [(Field, String)] {
        var fields: [(Field, String)] = [(.key, key.split(whereSeparator: { ".-_".contains($0) }).joined(separator: " "))]
        if let shortcut { fields.append((.shortcut, shortcut)) }
        if !category.isEmpty { fields.append((.category, category)) }
        for tag in tags { fields.append((.tag, tag)) }
        if locale == sourceLocale, !description.isEmpty { fields.append((.description, description)) }
        guard let own = locales[locale] else { return fields }
        for (channel, source) in own.texts.sorted(by: { $0.key < $1.key }) {
            fields.append((channel == .default ? .message : .channelText, MessageWords.literalText(of: source)))
        }
        // One text for all of them: word breaking is set up once per text.
        if !own.examples.isEmpty { fields.append((.example, own.examples.joined(separator: "\n"))) }
        return fields
    }
}

/// Where a word was found, and how much it says about what the template is for.
enum Field: UInt8, CaseIterable, Sendable {
    case key, shortcut, category, tag, description, message, channelText, example

    /// How much a word found here counts: what customers say (examples) and the chat reply
    /// count most; the longer channel texts repeat greetings and sign-offs, and the description
    /// is written for translators.
    var weight: Float {
        switch self {
        case .example: 3
        case .message, .tag, .category, .shortcut: 1
        case .key: 0.5
        case .channelText: 0.3
        case .description: 0.2
        }
    }

    /// Whether suggestions rank customers' messages against it (see ``LocalePartition/Scope``).
    var isCore: Bool { self != .channelText && self != .description }

    /// Its bit in a posting's field set.
    var bit: UInt8 { 1 << rawValue }

    /// The fields an agent's search looks at beyond the texts: the ones that name the template.
    static let naming: UInt8 = Field.key.bit | Field.shortcut.bit | Field.category.bit | Field.tag.bit
}

/// The words of a MessageFormat text as a customer reads them: literal text and every variant
/// of a selection, without argument names, function names or styles.
public enum MessageWords {
    public static func literalText(of source: String) -> String {
        guard let message = try? MessageParser.parse(source) else { return source }
        var out = ""
        append(message.pattern, to: &out)
        return out
    }

    private static func append(_ pattern: Pattern, to out: inout String) {
        for part in pattern.parts {
            switch part {
            case .text(let text, _): out += text
            case .placeholder: out += " "
            case .pluralNumber: out += " "
            case .selection(let selection):
                for variant in selection.variants {
                    out += " "
                    append(variant.pattern, to: &out)
                }
            }
        }
    }
}

extension SearchTemplate {
    /// The templates of a catalog as the index sees them: rendered texts (not drafts) and examples.
    public static func templates(of bundle: CatalogBundle) -> [SearchTemplate] {
        var byKey: [String: SearchTemplate] = [:]
        for spec in bundle.templates {
            byKey[spec.key] = SearchTemplate(key: spec.key, shortcut: spec.shortcut, category: spec.category, tags: spec.tags,
                                             description: spec.description, sourceLocale: spec.sourceLocale)
        }
        for text in bundle.texts where text.state.isRendered {
            byKey[text.key]?.locales[text.locale, default: LocaleTexts()].texts[text.channel] = text.message
        }
        for example in bundle.examples {
            byKey[example.key]?.locales[example.locale, default: LocaleTexts()].examples += example.phrases
        }
        return byKey.values.sorted { $0.key < $1.key }
    }
}
