/// Parses ICU MessageFormat 1 into a ``Message``, following ICU's `MessagePattern` rule for rule,
/// so that what ICU accepts parses and what ICU rejects is an error with its position.
///
/// Apostrophes follow ICU's default (`DOUBLE_OPTIONAL`): `''` is one apostrophe; a `'` before
/// `{`, `}` (or `#` inside a plural) starts quoted literal text up to the next lone `'`; any other
/// `'` is itself. A stray `}` outside any argument is literal text, as in ICU (lint warns about it).
///
/// ```swift
/// let message = try MessageParser.parse("{count, plural, one {# video} other {# videos}}")
/// ```
public enum MessageParser {
    /// Limits that keep a hostile message from costing unbounded time or memory.
    public struct Limits: Sendable {
        /// Deepest nesting of selections inside selections.
        public var maxDepth = 24
        /// Longest message, in Unicode scalars.
        public var maxLength = 100_000

        public init() {}
    }

    /// Parses `source`, or throws the first ``ParseError``.
    public static func parse(_ source: String, limits: Limits = Limits()) throws(ParseError) -> Message {
        var parser = Parser(source: source, limits: limits)
        return try parser.parseWhole()
    }
}

private struct Parser {
    let source: String
    let scalars: [Unicode.Scalar]
    let limits: MessageParser.Limits
    var index = 0

    init(source: String, limits: MessageParser.Limits) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
        self.limits = limits
    }

    mutating func parseWhole() throws(ParseError) -> Message {
        guard scalars.count <= limits.maxLength else {
            throw error(.messageTooLong, "the message is longer than \(limits.maxLength) characters", 0, 0)
        }
        let pattern = try parsePattern(depth: 0, inPlural: false)
        return Message(source: source, pattern: pattern)
    }

    // MARK: Patterns

    /// Parses text and arguments up to the end (depth 0) or the `}` closing a variant (consumed).
    mutating func parsePattern(depth: Int, inPlural: Bool) throws(ParseError) -> Pattern {
        let start = index
        var parts: [PatternPart] = []
        var text = String.UnicodeScalarView()
        var textStart = index

        func flush(_ parts: inout [PatternPart], _ text: inout String.UnicodeScalarView, upTo end: Int) {
            if !text.isEmpty { parts.append(.text(String(text), SourceRange(textStart, end))) }
            text = String.UnicodeScalarView()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            switch scalar {
            case "'":
                index += 1
                readApostrophe(into: &text, inPlural: inPlural)
            case "{":
                flush(&parts, &text, upTo: index)
                parts.append(try parseArgument(depth: depth))
                textStart = index
            case "}" where depth > 0:
                flush(&parts, &text, upTo: index)
                let range = SourceRange(start, index)
                index += 1
                return Pattern(parts: parts, range: range)
            case "#" where inPlural:
                flush(&parts, &text, upTo: index)
                parts.append(.pluralNumber(SourceRange(index, index + 1)))
                index += 1
                textStart = index
            default:
                text.append(scalar)
                index += 1
            }
        }
        if depth > 0 {
            throw error(.unclosedBrace, "this variant's '{' is never closed", start - 1, start)
        }
        flush(&parts, &text, upTo: index)
        return Pattern(parts: parts, range: SourceRange(start, index))
    }

    /// Reads what follows an apostrophe (already consumed), by ICU's DOUBLE_OPTIONAL rule.
    mutating func readApostrophe(into text: inout String.UnicodeScalarView, inPlural: Bool) {
        guard index < scalars.count else {
            text.append("'")
            return
        }
        let next = scalars[index]
        if next == "'" {
            text.append("'")
            index += 1
            return
        }
        guard next == "{" || next == "}" || (inPlural && next == "#") else {
            text.append("'")
            return
        }
        // Quoted literal text, up to the next apostrophe that is not doubled (or the end).
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            if scalar == "'" {
                if index < scalars.count && scalars[index] == "'" {
                    text.append("'")
                    index += 1
                } else {
                    return
                }
            } else {
                text.append(scalar)
            }
        }
    }

    // MARK: Arguments

    mutating func parseArgument(depth: Int) throws(ParseError) -> PatternPart {
        let open = index
        index += 1  // '{'
        guard depth < limits.maxDepth else {
            throw error(.nestingTooDeep, "arguments are nested more than \(limits.maxDepth) levels deep", open, open + 1)
        }
        skipWhiteSpace()
        try expectMore(open)
        let nameStart = index
        skipIdentifier()
        let name = String(String.UnicodeScalarView(scalars[nameStart..<index]))
        let nameRange = SourceRange(nameStart, index)
        try validateArgumentName(name, nameRange)
        skipWhiteSpace()
        try expectMore(open)
        if scalars[index] == "}" {
            index += 1
            return .placeholder(Placeholder(argument: name, argumentRange: nameRange, function: nil, range: SourceRange(open, index)))
        }
        guard scalars[index] == "," else {
            throw error(.invalidArgumentSyntax, "expected ',' or '}' after the argument name '\(name)'", index, index + 1)
        }
        index += 1
        skipWhiteSpace()
        let typeStart = index
        while index < scalars.count, isASCIILetter(scalars[index]) {
            index += 1
        }
        let typeRange = SourceRange(typeStart, index)
        let type = String(String.UnicodeScalarView(scalars[typeStart..<index])).lowercased()
        skipWhiteSpace()
        try expectMore(open)
        guard !type.isEmpty, scalars[index] == "," || scalars[index] == "}" else {
            throw error(.invalidArgumentSyntax, "expected an argument type (number, date, time, plural, select, …) after '\(name),'", typeStart, typeStart + 1)
        }
        let hasStyle = scalars[index] == ","
        index += 1
        switch type {
        case "plural", "selectordinal", "select":
            guard hasStyle else {
                throw error(.missingVariants, "'\(type)' needs variants: {\(name), \(type), other {…}}", typeRange.start, typeRange.end)
            }
            let kind = SelectionKind(rawValue: type)!
            return .selection(try parseSelection(name, nameRange, kind, open: open, depth: depth))
        case "choice":
            throw error(.unsupportedChoice, "'choice' is deprecated and not supported; use 'plural' or 'select'", typeRange.start, typeRange.end)
        default:
            guard let function = FunctionName(rawValue: type) else {
                throw error(.unknownArgumentType, "unknown argument type '\(type)'; expected number, date, time, spellout, ordinal, duration, plural, selectordinal or select", typeRange.start, typeRange.end)
            }
            var call = FunctionCall(name: function, nameRange: typeRange, style: nil, styleRange: nil, options: [:])
            if hasStyle {
                let (style, range) = try parseSimpleStyle(open: open)
                call.style = style
                call.styleRange = range
            }
            return .placeholder(Placeholder(argument: name, argumentRange: nameRange, function: call, range: SourceRange(open, index)))
        }
    }

    /// ICU accepts a name (identifier characters) or a number without leading zeros.
    func validateArgumentName(_ name: String, _ range: SourceRange) throws(ParseError) {
        guard let first = name.unicodeScalars.first else {
            throw error(.invalidArgumentName, "expected an argument name", range.start, range.start + 1)
        }
        guard ("0"..."9").contains(first) else { return }
        let digitsOnly = name.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
        guard digitsOnly, name == "0" || first != "0", name.count < 10 else {
            throw error(.invalidArgumentName, "'\(name)' is not a valid argument name: use letters, or a number without leading zeros", range.start, range.end)
        }
    }

    /// Style text up to the matching `}`: nested braces are counted and apostrophes quote.
    mutating func parseSimpleStyle(open: Int) throws(ParseError) -> (String, SourceRange) {
        let start = index
        var nested = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            switch scalar {
            case "'":
                guard let close = scalars[index...].firstIndex(of: "'") else {
                    throw error(.unclosedQuoteInStyle, "the quote in this style is never closed", index - 1, index)
                }
                index = close + 1
            case "{":
                nested += 1
            case "}":
                if nested > 0 {
                    nested -= 1
                } else {
                    let range = SourceRange(start, index - 1)
                    return (String(String.UnicodeScalarView(scalars[start..<(index - 1)])), range)
                }
            default:
                break
            }
        }
        throw error(.unclosedBrace, "this '{' is never closed", open, open + 1)
    }

    // MARK: Selections

    mutating func parseSelection(
        _ name: String, _ nameRange: SourceRange, _ kind: SelectionKind, open: Int, depth: Int
    ) throws(ParseError) -> Selection {
        let isPlural = kind != .select
        var variants: [Variant] = []
        var offset = 0.0
        while true {
            skipWhiteSpace()
            guard index < scalars.count else {
                throw error(.unclosedBrace, "this '{' is never closed", open, open + 1)
            }
            if scalars[index] == "}" {
                guard !variants.isEmpty else {
                    throw error(.missingVariants, "'\(kind.rawValue)' needs at least an 'other' variant", index, index + 1)
                }
                guard variants.contains(where: { $0.key == .other }) else {
                    throw error(.missingOther, "'\(kind.rawValue)' must have an 'other' variant", open, index + 1)
                }
                index += 1
                return Selection(argument: name, argumentRange: nameRange, kind: kind, offset: offset,
                                 variants: variants, range: SourceRange(open, index))
            }
            let keyStart = index
            let key: VariantKey
            if isPlural && scalars[index] == "=" {
                index += 1
                let numberStart = index
                while index < scalars.count, PatternCharacters.isNumberCharacter(scalars[index]) { index += 1 }
                let literal = String(String.UnicodeScalarView(scalars[numberStart..<index]))
                guard let value = Self.number(literal) else {
                    throw error(.invalidVariantKey, "expected a number after '='", keyStart, max(index, keyStart + 1))
                }
                key = .exact(value, literal: literal)
            } else {
                skipIdentifier()
                guard index > keyStart else {
                    throw error(.invalidVariantKey, "expected a variant key (a word like 'other', or '=number')", keyStart, keyStart + 1)
                }
                let word = String(String.UnicodeScalarView(scalars[keyStart..<index]))
                if isPlural && word == "offset" && index < scalars.count && scalars[index] == ":" {
                    guard variants.isEmpty else {
                        throw error(.invalidOffset, "'offset:' must come before the first variant", keyStart, index + 1)
                    }
                    index += 1
                    skipWhiteSpace()
                    let valueStart = index
                    while index < scalars.count, PatternCharacters.isNumberCharacter(scalars[index]) { index += 1 }
                    guard let value = Self.number(String(String.UnicodeScalarView(scalars[valueStart..<index]))) else {
                        throw error(.invalidOffset, "expected a number after 'offset:'", valueStart, max(index, valueStart + 1))
                    }
                    offset = value
                    continue
                }
                key = .keyword(word)
            }
            let keyRange = SourceRange(keyStart, index)
            skipWhiteSpace()
            guard index < scalars.count, scalars[index] == "{" else {
                throw error(.missingVariantMessage, "expected '{' after the variant key '\(key)'", index, index + 1)
            }
            index += 1
            let pattern = try parsePattern(depth: depth + 1, inPlural: isPlural)
            variants.append(Variant(key: key, keyRange: keyRange, pattern: pattern))
        }
    }

    /// A number as ICU's MessagePattern reads it (sign, digits, fraction, exponent, or ∞).
    static func number(_ text: String) -> Double? {
        if text == "\u{221E}" || text == "+\u{221E}" { return .infinity }
        if text == "-\u{221E}" { return -.infinity }
        guard !text.isEmpty, text.unicodeScalars.contains(where: { ("0"..."9").contains($0) }),
            let value = Double(text), value.isFinite
        else { return nil }
        return value
    }

    // MARK: Scanning

    mutating func skipWhiteSpace() {
        while index < scalars.count, PatternCharacters.isWhiteSpace(scalars[index]) { index += 1 }
    }

    mutating func skipIdentifier() {
        while index < scalars.count, PatternCharacters.isIdentifier(scalars[index]) { index += 1 }
    }

    func isASCIILetter(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar)
    }

    func expectMore(_ open: Int) throws(ParseError) {
        guard index < scalars.count else {
            throw error(.unclosedBrace, "this '{' is never closed", open, open + 1)
        }
    }

    func error(_ kind: ParseError.Kind, _ message: String, _ start: Int, _ end: Int) -> ParseError {
        ParseError(kind, message, at: SourceRange(start, end), in: source)
    }
}
