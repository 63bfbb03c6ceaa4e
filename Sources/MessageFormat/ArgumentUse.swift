/// How a message uses one of its arguments: enough for a form to offer the right input (a
/// number, an amount of money, a date, one of a select's keys, free text).
///
/// ```swift
/// let message = try MessageParser.parse("{n, plural, one {# day} other {# days}} from {when, date, long}")
/// message.argumentUses  // [n: plural, when: date (style "long")]
/// ```
public struct ArgumentUse: Sendable, Hashable {
    /// What the argument is formatted or chosen as.
    public enum Kind: String, Sendable, Hashable {
        /// `{name}`: shown as given.
        case text
        /// `{n, number…}`, `spellout`, `ordinal`, `duration`.
        case number
        /// `{n, plural, …}` and `selectordinal`: a number that picks a variant.
        case plural
        case date
        case time
        /// `{x, select, a {…} other {…}}`: one of the keys, or anything else for `other`.
        case select

        /// When one argument is used in several ways, the one a form should follow.
        var weight: Int {
            switch self {
            case .text: 0
            case .plural: 1
            case .number: 2
            case .time: 3
            case .date: 4
            case .select: 5
            }
        }
    }

    public var name: String
    public var kind: Kind
    /// The style as written, trimmed (`::currency/USD`, `percent`, `long`), if any.
    public var style: String?
    /// A select's keys other than `other`, in order of appearance.
    public var options: [String]

    public init(name: String, kind: Kind, style: String? = nil, options: [String] = []) {
        self.name = name
        self.kind = kind
        self.style = style
        self.options = options
    }

    /// The currency of a number style (`::currency/USD` → `USD`), if it names one.
    public var currency: String? {
        guard let style else { return nil }
        for token in style.split(separator: " ") where token.hasPrefix("currency/") || token.hasPrefix("::currency/") {
            let code = token.split(separator: "/").last.map(String.init) ?? ""
            if code.count == 3, code.allSatisfy({ $0.isASCII && $0.isLetter }) { return code.uppercased() }
        }
        return nil
    }

    /// `other`'s use merged into this one: the stronger kind (with its style), every option once.
    mutating func merge(_ other: ArgumentUse) {
        if other.kind.weight > kind.weight || (other.kind == kind && style == nil) {
            kind = other.kind
            style = other.style
        }
        for option in other.options where !options.contains(option) { options.append(option) }
    }
}

extension Message {
    /// Every argument the message uses, each once, in order of first appearance.
    public var argumentUses: [ArgumentUse] {
        var uses: [ArgumentUse] = []
        Self.collect(pattern, into: &uses)
        return uses
    }

    /// The uses of several messages (a template's texts) merged by name, in order of first appearance.
    public static func argumentUses(of messages: [Message]) -> [ArgumentUse] {
        var uses: [ArgumentUse] = []
        for message in messages {
            for use in message.argumentUses { ArgumentUse.add(use, to: &uses) }
        }
        return uses
    }

    private static func collect(_ pattern: Pattern, into uses: inout [ArgumentUse]) {
        for part in pattern.parts {
            switch part {
            case .placeholder(let placeholder):
                let kind: ArgumentUse.Kind
                switch placeholder.function?.name {
                case nil: kind = .text
                case .date?: kind = .date
                case .time?: kind = .time
                case .number?, .spellout?, .ordinal?, .duration?: kind = .number
                }
                let style = placeholder.function?.style?.trimmingSpaces
                ArgumentUse.add(ArgumentUse(name: placeholder.argument, kind: kind, style: style?.isEmpty == true ? nil : style), to: &uses)
            case .selection(let selection):
                let options = selection.kind == .select
                    ? selection.variants.compactMap { variant -> String? in
                        guard case .keyword(let word) = variant.key, word != "other" else { return nil }
                        return word
                    }
                    : []
                ArgumentUse.add(ArgumentUse(name: selection.argument, kind: selection.kind == .select ? .select : .plural, options: options),
                                to: &uses)
                for variant in selection.variants { collect(variant.pattern, into: &uses) }
            case .text, .pluralNumber:
                break
            }
        }
    }
}

extension ArgumentUse {
    static func add(_ use: ArgumentUse, to uses: inout [ArgumentUse]) {
        if let index = uses.firstIndex(where: { $0.name == use.name }) {
            uses[index].merge(use)
        } else {
            uses.append(use)
        }
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        String(drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\n" }.reversed())
    }
}
