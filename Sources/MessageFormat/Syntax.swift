/// The syntax tree of a message.
///
/// The tree is shaped after what ICU MessageFormat 1 and Unicode MessageFormat 2 have in common:
/// a pattern of text and placeholders; a placeholder names an argument and optionally a function
/// with its options; a selection picks one of several variants by keys. MessageFormat 1 nests
/// selections inside patterns; a MessageFormat 2 front end would produce the same nodes (its
/// `.match` as a selection over the whole message, its declarations in ``Message/declarations``).
public struct Message: Sendable, Hashable {
    /// The source text the tree was parsed from.
    public var source: String
    /// Named expressions the message declares before its body (MessageFormat 2 `.input`/`.local`;
    /// always empty for MessageFormat 1).
    public var declarations: [Declaration]
    /// The body.
    public var pattern: Pattern

    public init(source: String, declarations: [Declaration] = [], pattern: Pattern) {
        self.source = source
        self.declarations = declarations
        self.pattern = pattern
    }
}

/// A declaration binding a name to an expression (MessageFormat 2).
public struct Declaration: Sendable, Hashable {
    public var name: String
    public var value: Placeholder
}

/// A sequence of text, placeholders and selections.
public struct Pattern: Sendable, Hashable {
    public var parts: [PatternPart]
    public var range: SourceRange

    public init(parts: [PatternPart], range: SourceRange) {
        self.parts = parts
        self.range = range
    }
}

/// One element of a pattern.
public enum PatternPart: Sendable, Hashable {
    /// Literal text, with quoting already resolved (`'{'` is stored as `{`).
    case text(String, SourceRange)
    /// `{name}` or `{name, number, ::currency/EUR}`.
    case placeholder(Placeholder)
    /// `{count, plural, one {…} other {…}}`, `selectordinal` or `select`.
    case selection(Selection)
    /// `#` inside a plural variant: the plural number, minus the offset, formatted.
    case pluralNumber(SourceRange)
}

/// A value to be formatted into the text.
public struct Placeholder: Sendable, Hashable {
    /// The argument's name (`name`, or `0` for a numbered argument).
    public var argument: String
    public var argumentRange: SourceRange
    /// The formatting function, absent for a plain `{name}`.
    public var function: FunctionCall?
    /// The whole placeholder, braces included.
    public var range: SourceRange
}

/// A formatting function and its options.
public struct FunctionCall: Sendable, Hashable {
    /// The function.
    public var name: FunctionName
    public var nameRange: SourceRange
    /// MessageFormat 1's style text after the second comma, exactly as written (leading spaces
    /// included, as ICU keeps them): a keyword (`currency`), a `::skeleton` or a pattern.
    public var style: String?
    public var styleRange: SourceRange?
    /// Named options (MessageFormat 2); empty for MessageFormat 1.
    public var options: [String: String]
}

/// The formatting functions of ICU MessageFormat 1.
public enum FunctionName: String, Sendable, Hashable, CaseIterable {
    case number, date, time, spellout, ordinal, duration
}

/// A choice among variants by the value of an argument.
public struct Selection: Sendable, Hashable {
    public var argument: String
    public var argumentRange: SourceRange
    public var kind: SelectionKind
    /// `offset:` of a plural (0 when absent): keywords and `#` use the number minus the offset.
    public var offset: Double
    public var variants: [Variant]
    public var range: SourceRange

    /// The variant keyed `other` (a parsed selection always has one).
    public var otherVariant: Variant? { variants.first { $0.key == .other } }
}

/// How a selection chooses.
public enum SelectionKind: String, Sendable, Hashable {
    /// Cardinal plural categories and `=N` exact values.
    case plural
    /// Ordinal plural categories ("1st", "2nd") and `=N` exact values.
    case selectordinal
    /// Exact string keys.
    case select
}

/// One variant of a selection.
public struct Variant: Sendable, Hashable {
    public var key: VariantKey
    public var keyRange: SourceRange
    public var pattern: Pattern
}

/// The key of a variant.
public enum VariantKey: Sendable, Hashable, CustomStringConvertible {
    /// `=3`: matches exactly this number (before any offset). `literal` is the text after `=`.
    case exact(Double, literal: String)
    /// A plural category (`few`) or a select key (`female`); `other` is the fallback.
    case keyword(String)

    public static let other = VariantKey.keyword("other")

    public var description: String {
        switch self {
        case .exact(_, let literal): "=\(literal)"
        case .keyword(let word): word
        }
    }
}

extension Message {
    /// Every placeholder and selection argument the message uses, each name once, in order of appearance.
    public var argumentNames: [String] {
        var names: [String] = []
        func visit(_ pattern: Pattern) {
            for part in pattern.parts {
                switch part {
                case .placeholder(let placeholder):
                    if !names.contains(placeholder.argument) { names.append(placeholder.argument) }
                case .selection(let selection):
                    if !names.contains(selection.argument) { names.append(selection.argument) }
                    selection.variants.forEach { visit($0.pattern) }
                case .text, .pluralNumber:
                    break
                }
            }
        }
        visit(pattern)
        return names
    }
}
