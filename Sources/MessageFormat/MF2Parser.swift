extension MF2 {
    /// Parses MessageFormat 2 source into a ``MF2/Message`` and checks its data model.
    ///
    /// The grammar is the specification's ABNF (`message.abnf`, LDML 47), production by
    /// production. A syntax error or a data model error throws a ``ParseError`` with its kind
    /// (`syntax-error`, `duplicate-declaration`, …) and its position.
    public enum Parser {
        /// Most declarations in one message.
        public static let maxDeclarations = 200

        /// Parses `source`, or throws the first error.
        public static func parse(_ source: String, limits: MessageParser.Limits = MessageParser.Limits()) throws(ParseError) -> Message {
            guard source.utf8.count <= limits.maxLength else {
                throw ParseError(.messageTooLong, "the message is longer than \(limits.maxLength) bytes", at: SourceRange(0, 0), in: source)
            }
            var reader = Reader(source: source)
            let message = try reader.parseMessage()
            try DataModelCheck.check(message)
            return message
        }
    }
}

/// Reads the source as Unicode scalars, remembering each one's UTF-8 offset for positions.
private struct Reader {
    let source: String
    let scalars: [Unicode.Scalar]
    /// UTF-8 offset of each scalar, and of the end.
    let offsets: [Int]
    var index = 0

    init(source: String) {
        self.source = source
        self.scalars = Array(source.unicodeScalars)
        var offsets: [Int] = []
        offsets.reserveCapacity(scalars.count + 1)
        var offset = 0
        for scalar in scalars {
            offsets.append(offset)
            offset += UTF8.width(scalar)
        }
        offsets.append(offset)
        self.offsets = offsets
    }

    // MARK: Messages

    mutating func parseMessage() throws(ParseError) -> MF2.Message {
        let start = index
        skipOptionalSpace()
        if isAtEnd || !(peek(".") || peek("{{")) {
            // A simple message: the whole source is its pattern, leading white space included.
            index = start
            let pattern = try parsePattern(quoted: false)
            return MF2.Message(source: source, declarations: [], body: .pattern(pattern))
        }
        var declarations: [MF2.Declaration] = []
        while true {
            let declarationStart = index
            if consume(".input") {
                skipOptionalSpace()
                let expression = try parseExpression()
                guard case .variable(let variable) = expression.operand else {
                    throw error("`.input` takes a variable expression, such as {$count :number}", at: declarationStart)
                }
                declarations.append(MF2.Declaration(kind: .input, name: variable.name, expression: expression, range: range(from: declarationStart)))
            } else if consume(".local") {
                try requireSpace(after: "`.local`")
                guard peek("$") else { throw error("`.local` is followed by a variable, such as $name", at: index) }
                let variable = try parseVariable()
                skipOptionalSpace()
                guard consume("=") else { throw error("expected `=` after the variable of `.local`", at: index) }
                skipOptionalSpace()
                let expression = try parseExpression()
                declarations.append(MF2.Declaration(kind: .local, name: variable.name, expression: expression, range: range(from: declarationStart)))
            } else {
                break
            }
            // Declarations resolve through one another recursively: their number is bounded.
            guard declarations.count <= MF2.Parser.maxDeclarations else {
                throw ParseError(.nestingTooDeep, "a message has at most \(MF2.Parser.maxDeclarations) declarations",
                                 at: range(from: declarationStart), in: source)
            }
            skipOptionalSpace()
        }
        let body: MF2.Body
        if consume(".match") {
            body = try parseMatcher()
        } else if peek("{{") {
            body = .pattern(try parseQuotedPattern())
        } else if peek(".") {
            throw error("unknown keyword: a statement is `.input`, `.local` or `.match`", at: index)
        } else {
            throw error("expected a declaration, `.match` or a quoted pattern `{{…}}`", at: index)
        }
        skipOptionalSpace()
        guard isAtEnd else { throw error("unexpected text after the message's body", at: index) }
        return MF2.Message(source: source, declarations: declarations, body: body)
    }

    /// After `.match`: selectors, then variants.
    mutating func parseMatcher() throws(ParseError) -> MF2.Body {
        var selectors: [MF2.Variable] = []
        while true {
            let save = index
            guard skipRequiredSpace(), peek("$") else { index = save; break }
            selectors.append(try parseVariable())
        }
        guard !selectors.isEmpty else { throw error("`.match` is followed by at least one variable, such as $count", at: index) }
        try requireSpace(after: "the selectors")
        var variants = [try parseVariant()]
        while true {
            let save = index
            skipOptionalSpace()
            guard !isAtEnd, peek("*") || peek("|") || Grammar.isNameChar(scalars[index]) else { index = save; break }
            variants.append(try parseVariant())
        }
        return .matcher(selectors: selectors, variants: variants)
    }

    mutating func parseVariant() throws(ParseError) -> MF2.Variant {
        let start = index
        var keys = [try parseKey()]
        while true {
            let save = index
            guard skipRequiredSpace(), !isAtEnd, peek("*") || peek("|") || Grammar.isNameChar(scalars[index]) else { index = save; break }
            keys.append(try parseKey())
        }
        skipOptionalSpace()
        guard peek("{{") else { throw error("expected a quoted pattern `{{…}}` after the variant's keys", at: index) }
        let pattern = try parseQuotedPattern()
        return MF2.Variant(keys: keys, pattern: pattern, range: range(from: start))
    }

    mutating func parseKey() throws(ParseError) -> MF2.Key {
        if consume("*") { return .catchAll }
        guard let literal = try parseLiteral() else { throw error("expected a variant key: a literal or `*`", at: index) }
        return .literal(literal)
    }

    // MARK: Patterns

    mutating func parseQuotedPattern() throws(ParseError) -> MF2.Pattern {
        let start = index
        guard consume("{{") else { throw error("expected `{{`", at: index) }
        let pattern = try parsePattern(quoted: true)
        guard consume("}}") else { throw error("the quoted pattern opened here is not closed with `}}`", at: start) }
        return pattern
    }

    /// Text, escapes and placeholders, up to the end (simple) or up to `}}` (quoted).
    mutating func parsePattern(quoted: Bool) throws(ParseError) -> MF2.Pattern {
        var parts: [MF2.PatternPart] = []
        var text = ""
        while !isAtEnd {
            let scalar = scalars[index]
            switch scalar {
            case "\\":
                text.unicodeScalars.append(try parseEscape())
            case "{":
                if !text.isEmpty { parts.append(.text(text)); text = "" }
                parts.append(try parsePlaceholder())
            case "}":
                if quoted && peek("}}") {
                    if !text.isEmpty { parts.append(.text(text)) }
                    return parts
                }
                throw error("a `}` in text is written `\\}`", at: index)
            default:
                guard Grammar.isTextChar(scalar) else { throw error("this character cannot appear in text", at: index) }
                text.unicodeScalars.append(scalar)
                index += 1
            }
        }
        if quoted { throw error("the quoted pattern is not closed with `}}`", at: index) }
        if !text.isEmpty { parts.append(.text(text)) }
        return parts
    }

    mutating func parseEscape() throws(ParseError) -> Unicode.Scalar {
        let start = index
        index += 1
        guard !isAtEnd, ["\\", "{", "|", "}"].contains(scalars[index]) else {
            throw error("`\\` escapes only `\\`, `{`, `|` and `}`", at: start)
        }
        index += 1
        return scalars[index - 1]
    }

    /// `{…}`: an expression or markup.
    mutating func parsePlaceholder() throws(ParseError) -> MF2.PatternPart {
        let start = index
        index += 1
        skipOptionalSpace()
        if peek("#") || peek("/") {
            return .markup(try parseMarkupBody(start: start))
        }
        index = start
        return .expression(try parseExpression())
    }

    // MARK: Expressions

    mutating func parseExpression() throws(ParseError) -> MF2.Expression {
        let start = index
        guard consume("{") else { throw error("expected an expression in `{…}`", at: index) }
        skipOptionalSpace()
        var operand: MF2.Operand?
        var function: MF2.FunctionReference?
        if peek("$") {
            operand = .variable(try parseVariable())
        } else if peek(":") {
            function = try parseFunction()
        } else if let literal = try parseLiteral() {
            operand = .literal(literal)
        } else {
            throw error("expected a literal, a variable or a function in the expression", at: index)
        }
        if operand != nil {
            let save = index
            if skipRequiredSpace(), peek(":") { function = try parseFunction() } else { index = save }
        }
        let attributes = try parseAttributes()
        skipOptionalSpace()
        guard consume("}") else { throw error("expected `}` to close the expression opened here", at: start) }
        return MF2.Expression(operand: operand, function: function, attributes: attributes, range: range(from: start))
    }

    /// After `{` and optional space: `#name …` or `/name …`.
    mutating func parseMarkupBody(start: Int) throws(ParseError) -> MF2.Markup {
        var kind: MF2.Markup.Kind = consume("#") ? .open : .close
        if kind == .close { index += 1 }
        let name = try parseIdentifier()
        let options = try parseOptions()
        let attributes = try parseAttributes()
        skipOptionalSpace()
        if kind == .open && consume("/") { kind = .standalone }
        guard consume("}") else { throw error("expected `}` to close the markup opened here", at: start) }
        return MF2.Markup(kind: kind, name: name, options: options, attributes: attributes, range: range(from: start))
    }

    mutating func parseFunction() throws(ParseError) -> MF2.FunctionReference {
        let start = index
        index += 1  // ":"
        let name = try parseIdentifier()
        let options = try parseOptions()
        return MF2.FunctionReference(name: name, options: options, range: range(from: start))
    }

    /// `*(s option)`.
    mutating func parseOptions() throws(ParseError) -> [MF2.Option] {
        var options: [MF2.Option] = []
        while true {
            let save = index
            guard skipRequiredSpace(), startsIdentifier() else { index = save; break }
            let start = index
            let name = try parseIdentifier()
            skipOptionalSpace()
            guard consume("=") else { throw error("expected `=` after the option name `\(name)`", at: index) }
            skipOptionalSpace()
            let value: MF2.Operand
            if peek("$") {
                value = .variable(try parseVariable())
            } else if let literal = try parseLiteral() {
                value = .literal(literal)
            } else {
                throw error("an option's value is a literal or a variable", at: index)
            }
            options.append(MF2.Option(name: name, value: value, range: range(from: start)))
        }
        return options
    }

    /// `*(s attribute)`.
    mutating func parseAttributes() throws(ParseError) -> [MF2.Attribute] {
        var attributes: [MF2.Attribute] = []
        while true {
            let save = index
            guard skipRequiredSpace(), consume("@") else { index = save; break }
            let name = try parseIdentifier()
            var value: String?
            let beforeValue = index
            skipOptionalSpace()
            if consume("=") {
                skipOptionalSpace()
                guard let literal = try parseLiteral() else { throw error("an attribute's value is a literal", at: index) }
                value = literal
            } else {
                index = beforeValue
            }
            attributes.append(MF2.Attribute(name: name, value: value))
        }
        return attributes
    }

    // MARK: Names and literals

    mutating func parseVariable() throws(ParseError) -> MF2.Variable {
        let start = index
        index += 1  // "$"
        let name = try parseName()
        return MF2.Variable(name: name, range: range(from: start))
    }

    /// `[namespace ":"] name`.
    mutating func parseIdentifier() throws(ParseError) -> String {
        var identifier = try parseName()
        if peek(":") {
            index += 1
            identifier += ":" + (try parseName())
        }
        return identifier
    }

    /// `[bidi] name-start *name-char [bidi]`; the bidi marks are not part of the name.
    mutating func parseName() throws(ParseError) -> String {
        if !isAtEnd, Grammar.isBidi(scalars[index]) { index += 1 }
        guard !isAtEnd, Grammar.isNameStart(scalars[index]) else { throw error("expected a name", at: index) }
        var name = String.UnicodeScalarView()
        while !isAtEnd, Grammar.isNameChar(scalars[index]) {
            name.append(scalars[index])
            index += 1
        }
        if !isAtEnd, Grammar.isBidi(scalars[index]) { index += 1 }
        return String(name)
    }

    /// A quoted or unquoted literal, or nil when none starts here.
    mutating func parseLiteral() throws(ParseError) -> String? {
        guard !isAtEnd else { return nil }
        if scalars[index] == "|" {
            let start = index
            index += 1
            var text = String.UnicodeScalarView()
            while true {
                guard !isAtEnd else { throw error("the quoted literal opened here is not closed with `|`", at: start) }
                let scalar = scalars[index]
                if scalar == "|" { index += 1; return String(text) }
                if scalar == "\\" {
                    text.append(try parseEscape())
                } else {
                    guard Grammar.isQuotedChar(scalar) else { throw error("this character cannot appear in a quoted literal", at: index) }
                    text.append(scalar)
                    index += 1
                }
            }
        }
        guard Grammar.isNameChar(scalars[index]) else { return nil }
        var text = String.UnicodeScalarView()
        while !isAtEnd, Grammar.isNameChar(scalars[index]) {
            text.append(scalars[index])
            index += 1
        }
        return String(text)
    }

    func startsIdentifier() -> Bool {
        guard !isAtEnd else { return false }
        if Grammar.isNameStart(scalars[index]) { return true }
        return Grammar.isBidi(scalars[index]) && index + 1 < scalars.count && Grammar.isNameStart(scalars[index + 1])
    }

    // MARK: White space

    /// `o = *(ws / bidi)`.
    mutating func skipOptionalSpace() {
        while !isAtEnd, Grammar.isSpace(scalars[index]) || Grammar.isBidi(scalars[index]) { index += 1 }
    }

    /// `s = *bidi ws o`; false, having moved nowhere useful, when there is none.
    mutating func skipRequiredSpace() -> Bool {
        while !isAtEnd, Grammar.isBidi(scalars[index]) { index += 1 }
        guard !isAtEnd, Grammar.isSpace(scalars[index]) else { return false }
        skipOptionalSpace()
        return true
    }

    mutating func requireSpace(after what: String) throws(ParseError) {
        guard skipRequiredSpace() else { throw error("expected white space after \(what)", at: index) }
    }

    // MARK: Characters

    var isAtEnd: Bool { index >= scalars.count }

    func peek(_ text: String) -> Bool {
        var position = index
        for scalar in text.unicodeScalars {
            guard position < scalars.count, scalars[position] == scalar else { return false }
            position += 1
        }
        return true
    }

    mutating func consume(_ text: String) -> Bool {
        guard peek(text) else { return false }
        index += text.unicodeScalars.count
        return true
    }

    // MARK: Positions and errors

    func range(from start: Int) -> SourceRange { SourceRange(offsets[start], offsets[min(index, scalars.count)]) }

    func error(_ message: String, at position: Int) -> ParseError {
        let start = offsets[min(position, scalars.count)]
        let end = position < scalars.count ? offsets[position + 1] : start
        return ParseError(.syntax, message, at: SourceRange(start, end), in: source)
    }
}

/// The character classes of the grammar (`message.abnf`).
enum Grammar {
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09, 0x0D, 0x0A, 0x3000: true
        default: false
        }
    }

    static func isBidi(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x061C, 0x200E, 0x200F, 0x2066...0x2069: true
        default: false
        }
    }

    static func isNameStart(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x41...0x5A, 0x61...0x7A, 0x2B, 0x5F: true
        case 0xA1...0x61B, 0x61D...0x167F, 0x1681...0x1FFF, 0x200B...0x200D, 0x2010...0x2027,
             0x2030...0x205E, 0x2060...0x2065, 0x206A...0x2FFF, 0x3001...0xD7FF, 0xE000...0xFDCF, 0xFDF0...0xFFFD:
            true
        case 0x10000...0x10FFFF: scalar.value & 0xFFFE != 0xFFFE  // every plane but its last two code points
        default: false
        }
    }

    static func isNameChar(_ scalar: Unicode.Scalar) -> Bool {
        isNameStart(scalar) || (0x30...0x39).contains(scalar.value) || scalar == "-" || scalar == "."
    }

    static func isContentChar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x01...0x08, 0x0B...0x0C, 0x0E...0x1F, 0x21...0x2D, 0x2F...0x3F, 0x41...0x5B, 0x5D...0x7A, 0x7E...0x2FFF, 0x3001...0x10FFFF:
            true
        default: false
        }
    }

    static func isTextChar(_ scalar: Unicode.Scalar) -> Bool {
        isContentChar(scalar) || isSpace(scalar) || scalar == "." || scalar == "@" || scalar == "|"
    }

    static func isQuotedChar(_ scalar: Unicode.Scalar) -> Bool {
        isContentChar(scalar) || isSpace(scalar) || scalar == "." || scalar == "@" || scalar == "{" || scalar == "}"
    }
}
