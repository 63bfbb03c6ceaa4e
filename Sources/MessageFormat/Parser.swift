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
        /// Longest message, in UTF-8 bytes.
        public var maxLength = 100_000

        public init() {}
    }

    /// Parses `source`, or throws the first ``ParseError``.
    public static func parse(_ source: String, limits: Limits = Limits()) throws(ParseError) -> Message {
        var parser = Parser(source: source, limits: limits)
        return try parser.parseWhole()
    }
}

/// Works on the UTF-8 bytes: every syntax character is ASCII, so only white space and
/// identifiers need a scalar decoded, and text is copied a run at a time.
private struct Parser {
    let source: String
    let bytes: [UInt8]
    let limits: MessageParser.Limits
    var index = 0

    init(source: String, limits: MessageParser.Limits) {
        self.source = source
        self.bytes = Array(source.utf8)
        self.limits = limits
    }

    // ASCII bytes of the syntax.
    static let openBrace = UInt8(ascii: "{"), closeBrace = UInt8(ascii: "}"), apostrophe = UInt8(ascii: "'")
    static let pound = UInt8(ascii: "#"), comma = UInt8(ascii: ","), equals = UInt8(ascii: "="), colon = UInt8(ascii: ":")

    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: bytes[start..<end], as: UTF8.self)
    }

    mutating func parseWhole() throws(ParseError) -> Message {
        guard bytes.count <= limits.maxLength else {
            throw error(.messageTooLong, "the message is longer than \(limits.maxLength) bytes", 0, 0)
        }
        let pattern = try parsePattern(depth: 0, inPlural: false)
        return Message(source: source, pattern: pattern)
    }

    // MARK: Patterns

    /// Parses text and arguments up to the end (depth 0) or the `}` closing a variant (consumed).
    mutating func parsePattern(depth: Int, inPlural: Bool) throws(ParseError) -> Pattern {
        let start = index
        var parts: [PatternPart] = []
        var text: [UInt8] = []
        var textStart = index
        var runStart = index  // the literal run not yet copied into `text`

        func flush(_ parts: inout [PatternPart], _ text: inout [UInt8], _ runStart: Int, upTo end: Int) {
            text.append(contentsOf: bytes[runStart..<end])
            if !text.isEmpty { parts.append(.text(String(decoding: text, as: UTF8.self), SourceRange(textStart, end))) }
            text.removeAll(keepingCapacity: true)
        }

        while index < bytes.count {
            switch bytes[index] {
            case Self.apostrophe:
                text.append(contentsOf: bytes[runStart..<index])
                index += 1
                readApostrophe(into: &text, inPlural: inPlural)
                runStart = index
            case Self.openBrace:
                flush(&parts, &text, runStart, upTo: index)
                parts.append(try parseArgument(depth: depth))
                textStart = index
                runStart = index
            case Self.closeBrace where depth > 0:
                flush(&parts, &text, runStart, upTo: index)
                let range = SourceRange(start, index)
                index += 1
                return Pattern(parts: parts, range: range)
            case Self.pound where inPlural:
                flush(&parts, &text, runStart, upTo: index)
                parts.append(.pluralNumber(SourceRange(index, index + 1)))
                index += 1
                textStart = index
                runStart = index
            default:
                index += 1
            }
        }
        if depth > 0 {
            throw error(.unclosedBrace, "this variant's '{' is never closed", start - 1, start)
        }
        flush(&parts, &text, runStart, upTo: index)
        return Pattern(parts: parts, range: SourceRange(start, index))
    }

    /// Reads what follows an apostrophe (already consumed), by ICU's DOUBLE_OPTIONAL rule.
    mutating func readApostrophe(into text: inout [UInt8], inPlural: Bool) {
        guard index < bytes.count else {
            text.append(Self.apostrophe)
            return
        }
        let next = bytes[index]
        if next == Self.apostrophe {
            text.append(Self.apostrophe)
            index += 1
            return
        }
        guard next == Self.openBrace || next == Self.closeBrace || (inPlural && next == Self.pound) else {
            text.append(Self.apostrophe)
            return
        }
        // Quoted literal text, up to the next apostrophe that is not doubled (or the end).
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            if byte == Self.apostrophe {
                if index < bytes.count && bytes[index] == Self.apostrophe {
                    text.append(Self.apostrophe)
                    index += 1
                } else {
                    return
                }
            } else {
                text.append(byte)
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
        let name = text(nameStart, index)
        let nameRange = SourceRange(nameStart, index)
        try validateArgumentName(name, nameRange)
        skipWhiteSpace()
        try expectMore(open)
        if bytes[index] == Self.closeBrace {
            index += 1
            return .placeholder(Placeholder(argument: name, argumentRange: nameRange, function: nil, range: SourceRange(open, index)))
        }
        guard bytes[index] == Self.comma else {
            throw error(.invalidArgumentSyntax, "expected ',' or '}' after the argument name '\(name)'", index, index + 1)
        }
        index += 1
        skipWhiteSpace()
        let typeStart = index
        while index < bytes.count, isASCIILetter(bytes[index]) {
            index += 1
        }
        let typeRange = SourceRange(typeStart, index)
        let type = text(typeStart, index).lowercased()
        skipWhiteSpace()
        try expectMore(open)
        guard !type.isEmpty, bytes[index] == Self.comma || bytes[index] == Self.closeBrace else {
            throw error(.invalidArgumentSyntax, "expected an argument type (number, date, time, plural, select, …) after '\(name),'", typeStart, typeStart + 1)
        }
        let hasStyle = bytes[index] == Self.comma
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
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case Self.apostrophe:
                guard let close = bytes[index...].firstIndex(of: Self.apostrophe) else {
                    throw error(.unclosedQuoteInStyle, "the quote in this style is never closed", index - 1, index)
                }
                index = close + 1
            case Self.openBrace:
                nested += 1
            case Self.closeBrace:
                if nested > 0 {
                    nested -= 1
                } else {
                    return (text(start, index - 1), SourceRange(start, index - 1))
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
            guard index < bytes.count else {
                throw error(.unclosedBrace, "this '{' is never closed", open, open + 1)
            }
            if bytes[index] == Self.closeBrace {
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
            if isPlural && bytes[index] == Self.equals {
                index += 1
                let numberStart = index
                skipNumber()
                let literal = text(numberStart, index)
                guard let value = Self.number(literal) else {
                    throw error(.invalidVariantKey, "expected a number after '='", keyStart, max(index, keyStart + 1))
                }
                key = .exact(value, literal: literal)
            } else {
                skipIdentifier()
                guard index > keyStart else {
                    throw error(.invalidVariantKey, "expected a variant key (a word like 'other', or '=number')", keyStart, keyStart + 1)
                }
                let word = text(keyStart, index)
                if isPlural && word == "offset" && index < bytes.count && bytes[index] == Self.colon {
                    guard variants.isEmpty else {
                        throw error(.invalidOffset, "'offset:' must come before the first variant", keyStart, index + 1)
                    }
                    index += 1
                    skipWhiteSpace()
                    let valueStart = index
                    skipNumber()
                    guard let value = Self.number(text(valueStart, index)) else {
                        throw error(.invalidOffset, "expected a number after 'offset:'", valueStart, max(index, valueStart + 1))
                    }
                    offset = value
                    continue
                }
                key = .keyword(word)
            }
            let keyRange = SourceRange(keyStart, index)
            skipWhiteSpace()
            guard index < bytes.count, bytes[index] == Self.openBrace else {
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

    /// The scalar at `index` and its length in bytes (the bytes come from a String: valid UTF-8).
    func scalar(at index: Int) -> (Unicode.Scalar, Int) {
        let lead = bytes[index]
        if lead < 0x80 { return (Unicode.Scalar(lead), 1) }
        let length = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
        var value = UInt32(lead) & (0xFF >> (length + 1))
        for offset in 1..<length where index + offset < bytes.count {
            value = value << 6 | UInt32(bytes[index + offset] & 0x3F)
        }
        return (Unicode.Scalar(value) ?? "\u{FFFD}", length)
    }

    mutating func skipWhiteSpace() {
        while index < bytes.count {
            let (scalar, length) = scalar(at: index)
            guard PatternCharacters.isWhiteSpace(scalar) else { return }
            index += length
        }
    }

    mutating func skipIdentifier() {
        while index < bytes.count {
            let (scalar, length) = scalar(at: index)
            guard PatternCharacters.isIdentifier(scalar) else { return }
            index += length
        }
    }

    mutating func skipNumber() {
        while index < bytes.count {
            let (scalar, length) = scalar(at: index)
            guard PatternCharacters.isNumberCharacter(scalar) else { return }
            index += length
        }
    }

    func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
    }

    func expectMore(_ open: Int) throws(ParseError) {
        guard index < bytes.count else {
            throw error(.unclosedBrace, "this '{' is never closed", open, open + 1)
        }
    }

    func error(_ kind: ParseError.Kind, _ message: String, _ start: Int, _ end: Int) -> ParseError {
        ParseError(kind, message, at: SourceRange(start, end), in: source)
    }
}
