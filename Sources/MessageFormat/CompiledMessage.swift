import ICU

/// A message parsed and bound to its locale's formatters, ready to render many times.
///
/// Compiling resolves every style to an ICU formatter once (through a caching
/// ``FormatterProvider``), so rendering only looks up arguments and formats values.
///
/// ```swift
/// let message = try CompiledMessage("{count, plural, one {# video} other {# videos}}", locale: LocaleID("en"))
/// message.render(["count": 3]).text   // "3 videos"
/// ```
public final class CompiledMessage: Sendable {
    /// The source text. The syntax tree is not kept: it takes about twice the memory of the
    /// compiled form, and parsing the source again costs microseconds when it is needed.
    public let source: String
    public let syntax: MessageSyntax
    public let locale: LocaleID
    /// The IANA time zone dates are shown in.
    public let timeZone: String
    let nodes: [Node]
    let defaultNumber: NumberFormat
    let provider: any FormatterProvider
    /// A MessageFormat 2 message, kept for ``MF2/Formatter``, which formats it when it does not
    /// lower to MessageFormat 1's nodes (`nodes` is then empty), or when a render through its
    /// nodes meets a problem (the specification defines the fallbacks).
    let mf2: MF2.Message?
    let lowered: Bool

    /// Parses and compiles `source`. Syntax errors and styles ICU rejects throw a ``ParseError``.
    public convenience init(
        _ source: String, syntax: MessageSyntax = .mf1, locale: LocaleID, timeZone: String = "UTC",
        provider: any FormatterProvider = CachingFormatterProvider.shared
    ) throws(ParseError) {
        switch syntax {
        case .mf1: try self.init(message: MessageParser.parse(source), locale: locale, timeZone: timeZone, provider: provider)
        case .mf2: try self.init(mf2: MF2.Parser.parse(source), locale: locale, timeZone: timeZone, provider: provider)
        }
    }

    /// Compiles a parsed message.
    public init(
        message: Message, locale: LocaleID, timeZone: String = "UTC",
        provider: any FormatterProvider = CachingFormatterProvider.shared
    ) throws(ParseError) {
        var compiler = Compiler(message: message, locale: locale, timeZone: timeZone, provider: provider)
        self.defaultNumber = try compiler.defaultNumber()
        self.nodes = try compiler.compile(message.pattern)
        self.source = message.source
        self.syntax = .mf1
        self.locale = locale
        self.timeZone = timeZone
        self.provider = provider
        self.mf2 = nil
        self.lowered = true
    }

    /// Compiles a parsed MessageFormat 2 message: to MessageFormat 1's nodes where it says what
    /// they can say (``MF2Lowering``), for the formatter otherwise.
    public init(
        mf2 message: MF2.Message, locale: LocaleID, timeZone: String = "UTC",
        provider: any FormatterProvider = CachingFormatterProvider.shared
    ) throws(ParseError) {
        let tree = MF2Lowering.lower(message)
        var compiler = Compiler(message: tree ?? Message(source: message.source, pattern: Pattern(parts: [], range: SourceRange(0, 0))),
                                locale: locale, timeZone: timeZone, provider: provider)
        self.defaultNumber = try compiler.defaultNumber()
        // A style ICU rejects is, in MessageFormat 2, a problem of the render: the formatter reports it.
        let nodes = tree.flatMap { try? compiler.compile($0.pattern) }
        self.nodes = nodes ?? []
        self.lowered = nodes != nil
        self.source = message.source
        self.syntax = .mf2
        self.locale = locale
        self.timeZone = timeZone
        self.provider = provider
        self.mf2 = message
    }
}

extension CompiledMessage {
    /// The same message compiled for dates shown in `timeZone`.
    public func inTimeZone(_ timeZone: String) throws(ParseError) -> CompiledMessage {
        try CompiledMessage(source, syntax: syntax, locale: locale, timeZone: timeZone, provider: provider)
    }
}

// MARK: The compiled form

/// One step of rendering. Formatters are resolved; only arguments remain to be looked up.
enum Node: Sendable {
    /// Literal text, as UTF-8.
    case text([UInt8])
    /// `{name}`: formatted by the value's own type.
    case argument(String)
    /// `{name, number|spellout|ordinal|duration, …}`.
    case number(String, NumberFormat)
    /// `{name, date|time, …}`.
    case date(String, DateFormat)
    /// `#`.
    case pluralNumber
    case plural(PluralNode)
    case select(SelectNode)
}

final class PluralNode: Sendable {
    let argument: String
    let offset: Double
    let rules: PluralRules
    /// The format whose output decides the category, as ICU's MessageFormat chooses it.
    let selection: PluralSelection
    let exact: [(value: Double, nodes: [Node])]
    /// Indexed by `PluralCategory.rawValue`; nil where the message has no such variant.
    let categories: [[Node]?]
    let other: [Node]

    init(argument: String, offset: Double, rules: PluralRules, selection: PluralSelection,
         exact: [(value: Double, nodes: [Node])], categories: [[Node]?], other: [Node]) {
        self.argument = argument
        self.offset = offset
        self.rules = rules
        self.selection = selection
        self.exact = exact
        self.categories = categories
        self.other = other
    }
}

/// How a plural's category is computed.
enum PluralSelection: Sendable {
    /// The locale's default decimal format (the usual case).
    case defaultFormat(NumberFormat)
    /// A DecimalFormat-style number placeholder for the same argument leads the `other` variant.
    case decimalFormat(NumberFormat)
    /// A non-decimal format leads the `other` variant: ICU then selects on the plain number.
    case plainNumber
}

final class SelectNode: Sendable {
    let argument: String
    let cases: [String: [Node]]
    let other: [Node]

    init(argument: String, cases: [String: [Node]], other: [Node]) {
        self.argument = argument
        self.cases = cases
        self.other = other
    }
}

// MARK: Compiling

private struct Compiler {
    let message: Message
    let locale: LocaleID
    let timeZone: String
    let provider: any FormatterProvider

    func defaultNumber() throws(ParseError) -> NumberFormat {
        do {
            return try provider.numberFormat(.decimal, locale: locale)
        } catch {
            throw ParseError(.invalidStyle, "no number format for \(locale): \(error.name)", at: SourceRange(0, 0), in: message.source)
        }
    }

    mutating func compile(_ pattern: Pattern) throws(ParseError) -> [Node] {
        var nodes: [Node] = []
        for part in pattern.parts {
            switch part {
            case .text(let text, _):
                if case .text(let previous) = nodes.last {
                    nodes[nodes.count - 1] = .text(previous + Array(text.utf8))
                } else {
                    nodes.append(.text(Array(text.utf8)))
                }
            case .pluralNumber:
                nodes.append(.pluralNumber)
            case .placeholder(let placeholder):
                nodes.append(try compile(placeholder))
            case .selection(let selection):
                nodes.append(try compile(selection))
            }
        }
        return nodes
    }

    func compile(_ placeholder: Placeholder) throws(ParseError) -> Node {
        guard let function = placeholder.function else { return .argument(placeholder.argument) }
        let range = function.styleRange ?? function.nameRange
        switch StyleResolver.resolve(function) {
        case .number(let style):
            do {
                return .number(placeholder.argument, try provider.numberFormat(style, locale: locale))
            } catch {
                throw styleError(function, error, range)
            }
        case .date(let style):
            do {
                return .date(placeholder.argument, try provider.dateFormat(style, locale: locale, timeZone: timeZone))
            } catch {
                throw styleError(function, error, range)
            }
        }
    }

    func styleError(_ function: FunctionCall, _ error: ICUError, _ range: SourceRange) -> ParseError {
        let style = function.style ?? ""
        var at = range
        if let offset = error.offset, let styleRange = function.styleRange {
            let skip = style.hasPrefix("::") || style.drop(while: { $0 == " " }).hasPrefix("::")
                ? style.distance(from: style.startIndex, to: style.firstRange(of: "::")!.upperBound) : 0
            at = SourceRange(styleRange.start + skip + offset, styleRange.start + skip + offset + 1)
        }
        return ParseError(.invalidStyle, "ICU rejects the \(function.name.rawValue) style '\(style)' (\(error.name))", at: at, in: message.source)
    }

    mutating func compile(_ selection: Selection) throws(ParseError) -> Node {
        var keyed: [String: [Node]] = [:]
        var exact: [(value: Double, nodes: [Node])] = []
        var other: [Node] = []
        var otherSeen = false
        for variant in selection.variants {
            let nodes = try compile(variant.pattern)
            switch variant.key {
            case .exact(let value, _):
                if !exact.contains(where: { $0.value == value }) { exact.append((value, nodes)) }
            case .keyword(let word):
                if word == "other" {
                    if !otherSeen { other = nodes }
                    otherSeen = true
                } else if keyed[word] == nil {
                    keyed[word] = nodes  // the first of duplicate keys wins, as in ICU
                }
            }
        }
        if selection.kind == .select {
            return .select(SelectNode(argument: selection.argument, cases: keyed, other: other))
        }
        let type: PluralType = selection.kind == .plural ? .cardinal : .ordinal
        let rules: PluralRules
        do {
            rules = try provider.pluralRules(type, locale: locale)
        } catch {
            throw ParseError(.invalidStyle, "no plural rules for \(locale): \(error.name)", at: selection.range, in: message.source)
        }
        var categories = [[Node]?](repeating: nil, count: PluralCategory.allCases.count)
        for (word, nodes) in keyed {
            if let category = PluralCategory(keyword: word) { categories[category.rawValue] = nodes }
        }
        return .plural(PluralNode(
            argument: selection.argument, offset: selection.offset, rules: rules,
            selection: try pluralSelection(selection), exact: exact, categories: categories, other: other))
    }

    /// ICU's MessageFormat looks for the first number placeholder of the `other` variant: if it
    /// formats the same argument with a style of its own, that format's output decides the category.
    func pluralSelection(_ selection: Selection) throws(ParseError) -> PluralSelection {
        let standard = PluralSelection.defaultFormat(try defaultNumber())
        guard let other = selection.otherVariant else { return standard }
        for part in other.pattern.parts {
            switch part {
            case .pluralNumber:
                return standard
            case .placeholder(let placeholder) where placeholder.argument == selection.argument:
                guard placeholder.function != nil else { return standard }
                if case .number(_, let format) = try compile(placeholder), format.isDecimal {
                    return .decimalFormat(format)
                }
                return .plainNumber
            default:
                continue
            }
        }
        return standard
    }
}

/// How ICU's MessageFormat reads a function's style text.
enum StyleResolver {
    enum Resolved {
        case number(NumberFormat.Style)
        case date(DateStyle)
    }

    static func resolve(_ function: FunctionCall) -> Resolved {
        let raw = function.style ?? ""
        let keyword = raw.trimmingPatternWhiteSpace.lowercased()
        let skeleton = raw.drop { PatternCharacters.isWhiteSpace($0.unicodeScalars.first!) }
        switch function.name {
        case .number:
            switch keyword {
            case "": return .number(.decimal)
            case "currency": return .number(.currency)
            case "percent": return .number(.percent)
            case "integer": return .number(.integer)
            default:
                if skeleton.hasPrefix("::") { return .number(.skeleton(String(skeleton.dropFirst(2)))) }
                return .number(.pattern(raw))
            }
        case .spellout: return .number(.spellout(ruleSet: raw))
        case .ordinal: return .number(.ordinal(ruleSet: raw))
        case .duration: return .number(.duration(ruleSet: raw))
        case .date, .time:
            if skeleton.hasPrefix("::") { return .date(.skeleton(String(skeleton.dropFirst(2)))) }
            let length: DateFormat.Length? = switch keyword {
            case "", "medium": .medium
            case "short": .short
            case "long": .long
            case "full": .full
            default: nil
            }
            guard let length else { return .date(.pattern(raw)) }
            return .date(function.name == .date ? .lengths(date: length, time: nil) : .lengths(date: nil, time: length))
        }
    }
}

extension String {
    var trimmingPatternWhiteSpace: String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !PatternCharacters.isWhiteSpace($0) }),
            let last = scalars.lastIndex(where: { !PatternCharacters.isWhiteSpace($0) })
        else { return "" }
        return String(scalars[first...last])
    }
}
