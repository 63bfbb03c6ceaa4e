/// Unicode MessageFormat 2: its data model, parser, functions and formatter.
///
/// MessageFormat 2 has things ICU MessageFormat 1's tree has no place for: literal operands,
/// declarations whose values feed other expressions, markup, and a `.match` over several
/// selectors at once. Its messages therefore have a data model of their own, the one the
/// specification defines; the ICU formatters, plural rules and argument values are shared.
///
/// ```swift
/// let message = try MF2.Parser.parse(".input {$count :integer}\n.match $count\none {{{$count} video}}\n* {{{$count} videos}}")
/// MF2.Formatter(locale: try LocaleID("en")).format(message, ["count": 3]).text   // "3 videos"
/// ```
public enum MF2 {}

extension MF2 {
    /// A parsed message.
    public struct Message: Sendable, Hashable {
        /// The source text.
        public var source: String
        /// `.input` and `.local` declarations, in order.
        public var declarations: [Declaration]
        /// A single pattern, or a `.match` and its variants.
        public var body: Body
    }

    /// A message's body.
    public enum Body: Sendable, Hashable {
        case pattern(Pattern)
        /// `.match $a $b` followed by variants with as many keys each.
        case matcher(selectors: [Variable], variants: [Variant])
    }

    /// `.input {$name …}` or `.local $name = {…}`.
    public struct Declaration: Sendable, Hashable {
        public enum Kind: Sendable, Hashable { case input, local }
        public var kind: Kind
        /// The declared variable's name (for `.input`, the operand's).
        public var name: String
        public var expression: Expression
        public var range: SourceRange
    }

    /// A sequence of text and placeholders.
    public typealias Pattern = [PatternPart]

    /// One element of a pattern.
    public enum PatternPart: Sendable, Hashable {
        /// Text, with escapes resolved.
        case text(String)
        case expression(Expression)
        case markup(Markup)
    }

    /// `{operand :function options @attributes}`; the operand and the function are each optional,
    /// but one of them is present.
    public struct Expression: Sendable, Hashable {
        public var operand: Operand?
        public var function: FunctionReference?
        /// Attributes carry no meaning for formatting; they are kept for tools.
        public var attributes: [Attribute]
        public var range: SourceRange
    }

    /// A literal or a variable.
    public enum Operand: Sendable, Hashable {
        /// `|text|` or an unquoted literal (`42`, `foo`), its text with escapes resolved.
        case literal(String)
        /// `$name`.
        case variable(Variable)
    }

    /// A reference to a declared or external variable.
    public struct Variable: Sendable, Hashable {
        public var name: String
        public var range: SourceRange
    }

    /// `:name option=value …`.
    public struct FunctionReference: Sendable, Hashable {
        /// The identifier, with its namespace (`number`, `test:select`).
        public var name: String
        public var options: [Option]
        public var range: SourceRange
    }

    /// `name=value` in a function or markup.
    public struct Option: Sendable, Hashable {
        public var name: String
        public var value: Operand
        public var range: SourceRange
    }

    /// `@name` or `@name=literal`.
    public struct Attribute: Sendable, Hashable {
        public var name: String
        public var value: String?
    }

    /// `{#name}`, `{#name/}` or `{/name}`: formats to nothing in text, kept for rich-text targets.
    public struct Markup: Sendable, Hashable {
        public enum Kind: String, Sendable, Hashable { case open, standalone, close }
        public var kind: Kind
        public var name: String
        public var options: [Option]
        public var attributes: [Attribute]
        public var range: SourceRange
    }

    /// Keys, one per selector, and the pattern they choose.
    public struct Variant: Sendable, Hashable {
        public var keys: [Key]
        public var pattern: Pattern
        public var range: SourceRange
    }

    /// A variant key.
    public enum Key: Sendable, Hashable {
        /// A literal key, quoted or not (`one`, `|1|` and `1` are the same key).
        case literal(String)
        /// `*`: matches any value.
        case catchAll
    }
}

extension MF2.Expression {
    /// How the expression shows when it cannot be formatted: `$name`, `|literal|` or `:function`.
    public var fallbackSource: String {
        switch operand {
        case .variable(let variable): "$" + variable.name
        case .literal(let text): MF2.quotedLiteral(text)
        case nil: ":" + (function?.name ?? "")
        }
    }
}

extension MF2 {
    /// `text` as a quoted literal, with `\` and `|` escaped.
    static func quotedLiteral(_ text: String) -> String {
        var quoted = "|"
        for character in text {
            if character == "\\" || character == "|" { quoted.append("\\") }
            quoted.append(character)
        }
        return quoted + "|"
    }
}

// MARK: Queries

extension MF2.Message {
    /// Every expression: of the declarations, then of the patterns.
    var expressions: [MF2.Expression] {
        var found = declarations.map(\.expression)
        func visit(_ pattern: MF2.Pattern) {
            for case .expression(let expression) in pattern { found.append(expression) }
        }
        switch body {
        case .pattern(let pattern): visit(pattern)
        case .matcher(_, let variants): variants.forEach { visit($0.pattern) }
        }
        return found
    }

    /// Variables as they are referenced: in operands, option values, markup options and selectors.
    /// An `.input`'s own operand is a reference only when asked for.
    func referencedVariables(includingInputOperands: Bool) -> [MF2.Variable] {
        var found: [MF2.Variable] = []
        func visit(_ expression: MF2.Expression, isInput: Bool) {
            if case .variable(let variable) = expression.operand, !isInput || includingInputOperands { found.append(variable) }
            for case .variable(let variable) in (expression.function?.options ?? []).map(\.value) { found.append(variable) }
        }
        func visit(_ pattern: MF2.Pattern) {
            for part in pattern {
                switch part {
                case .expression(let expression): visit(expression, isInput: false)
                case .markup(let markup): for case .variable(let variable) in markup.options.map(\.value) { found.append(variable) }
                case .text: break
                }
            }
        }
        for declaration in declarations { visit(declaration.expression, isInput: declaration.kind == .input) }
        switch body {
        case .pattern(let pattern): visit(pattern)
        case .matcher(let selectors, let variants):
            found += selectors
            variants.forEach { visit($0.pattern) }
        }
        return found
    }

    /// The variables the caller gives: referenced or declared by `.input`, and not `.local`, each once.
    public var externalVariables: [MF2.Variable] {
        let locals = Set(declarations.filter { $0.kind == .local }.map(\.name))
        var seen: Set<String> = []
        return referencedVariables(includingInputOperands: true).filter { !locals.contains($0.name) && seen.insert($0.name).inserted }
    }

    /// The function a selector's declaration applies, or the one of the declaration it refers to
    /// through `.local $a = {$b}`.
    func selectorFunction(_ name: String) -> MF2.FunctionReference? {
        var name = name
        for _ in 0...declarations.count {
            guard let declaration = declarations.last(where: { $0.name == name }) else { return nil }
            if let function = declaration.expression.function { return function }
            guard declaration.kind == .local, case .variable(let operand) = declaration.expression.operand else { return nil }
            name = operand.name
        }
        return nil
    }
}
