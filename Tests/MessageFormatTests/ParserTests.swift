import MessageFormat
import Testing

@Suite("Parser")
struct ParserTests {
    @Test("plain text and placeholders")
    func placeholders() throws {
        let message = try MessageParser.parse("Hi {name}, {count, number, integer} left on {when, date, ::yMMMd}.")
        #expect(message.argumentNames == ["name", "count", "when"])
        guard case .placeholder(let count) = message.pattern.parts[3] else { Issue.record("expected a placeholder"); return }
        #expect(count.function?.name == .number)
        #expect(count.function?.style == " integer")
        #expect(count.range == SourceRange(11, 35))
        guard case .placeholder(let when) = message.pattern.parts[5] else { Issue.record("expected a placeholder"); return }
        #expect(when.function?.name == .date)
        #expect(when.function?.style == " ::yMMMd")
    }

    @Test("plural with offset, exact values, keywords and #")
    func plural() throws {
        let source = "{n, plural, offset:1 =0 {none} one {# one} other {# more}}"
        let message = try MessageParser.parse(source)
        let pound = source.utf8.count - " one} other {# more}}".utf8.count - 1
        guard case .selection(let selection) = message.pattern.parts.first else { Issue.record("expected a selection"); return }
        #expect(selection.kind == .plural)
        #expect(selection.offset == 1)
        #expect(selection.variants.map(\.key.description) == ["=0", "one", "other"])
        #expect(selection.variants[1].pattern.parts.first == .pluralNumber(SourceRange(pound, pound + 1)))
    }

    @Test("# is the plural number only directly inside plural variants")
    func pound() throws {
        let message = try MessageParser.parse("# {n, plural, other {{g, select, other {#}}}}")
        guard case .text(let text, _) = message.pattern.parts.first else { Issue.record("expected text"); return }
        #expect(text == "# ")
        guard case .selection(let plural) = message.pattern.parts.last,
            case .selection(let select) = plural.variants[0].pattern.parts.first,
            case .text(let inner, _) = select.variants[0].pattern.parts.first
        else { Issue.record("unexpected shape"); return }
        #expect(inner == "#")
    }

    @Test("apostrophes follow ICU's DOUBLE_OPTIONAL mode", arguments: [
        ("It's", "It's"), ("It''s", "It's"), ("'{x}'", "{x}"), ("'{'x'}'", "{x}"), ("'{x", "{x"),
        ("a'b'c", "a'b'c"), ("''''", "''"), ("'", "'"), ("a } b", "a } b"),
    ])
    func apostrophes(source: String, text: String) throws {
        let message = try MessageParser.parse(source)
        let joined = message.pattern.parts.map { part -> String in
            if case .text(let value, _) = part { return value }
            return "?"
        }.joined()
        #expect(joined == text)
    }

    @Test("MessageFormat 2 shapes: no declarations for MessageFormat 1")
    func declarations() throws {
        #expect(try MessageParser.parse("{a}").declarations.isEmpty)
    }

    @Test("every error kind, with its position", arguments: [
        ("Hello {name", ParseError.Kind.unclosedBrace, 1, 7),
        ("{}", .invalidArgumentName, 1, 2),
        ("{01}", .invalidArgumentName, 1, 2),
        ("{a b}", .invalidArgumentSyntax, 1, 4),
        ("{a, }", .invalidArgumentSyntax, 1, 5),
        ("{a, numbr}", .unknownArgumentType, 1, 5),
        ("{a, choice, 0#x|1#y}", .unsupportedChoice, 1, 5),
        ("{a, plural}", .missingVariants, 1, 5),
        ("{a, select, }", .missingVariants, 1, 13),
        ("{a, select, x {y}}", .missingOther, 1, 1),
        ("{a, plural, =x {y} other {z}}", .invalidVariantKey, 1, 13),
        ("{a, plural, one other {z}}", .missingVariantMessage, 1, 17),
        ("{a, plural, one {x} offset:1 other {z}}", .invalidOffset, 1, 21),
        ("{a, plural, offset:x other {z}}", .invalidOffset, 1, 20),
        ("{a, number, 'x}", .unclosedQuoteInStyle, 1, 13),
        ("{a, plural, other {x}", .unclosedBrace, 1, 1),
        ("line one\n  {a, plural, other {x}", .unclosedBrace, 2, 3),
        ("{a, plural, other {x", .unclosedBrace, 1, 19),
        ("é {a, numbr}", .unknownArgumentType, 1, 7),
    ])
    func errors(source: String, kind: ParseError.Kind, line: Int, column: Int) {
        #expect {
            try MessageParser.parse(source)
        } throws: { error in
            guard let error = error as? ParseError else { return false }
            return error.kind == kind && error.location == SourceLocation(line: line, column: column)
        }
    }

    @Test("a style ICU rejects is an error when compiling")
    func invalidStyle() throws {
        #expect(throws: ParseError.self) { try CompiledMessage("{a, number, ::currency/XYZW}", locale: .root) }
        #expect(throws: ParseError.self) { try CompiledMessage("{a, number, 0.0.0}", locale: .root) }
    }

    @Test("nesting is limited")
    func depth() {
        let deep = String(repeating: "{a, select, other {", count: 30) + "x" + String(repeating: "}}", count: 30)
        #expect(throws: ParseError.self) { try MessageParser.parse(deep) }
        let fine = String(repeating: "{a, select, other {", count: 10) + "x" + String(repeating: "}}", count: 10)
        #expect((try? MessageParser.parse(fine)) != nil)
    }

    @Test("length is limited")
    func length() {
        var limits = MessageParser.Limits()
        limits.maxLength = 10
        #expect(throws: ParseError.self) { try MessageParser.parse("0123456789A", limits: limits) }
        #expect((try? MessageParser.parse("0123456789", limits: limits)) != nil)
    }

    @Test("each error kind has a test")
    func kindsCovered() {
        // Kept in step with the cases above, so a new kind cannot slip in untested.
        let tested: Set<ParseError.Kind> = [.unclosedBrace, .invalidArgumentName, .invalidArgumentSyntax, .unknownArgumentType,
                                            .unsupportedChoice, .missingVariants, .missingOther, .invalidVariantKey,
                                            .missingVariantMessage, .invalidOffset, .unclosedQuoteInStyle, .invalidStyle,
                                            .nestingTooDeep, .messageTooLong]
        // MessageFormat 2's kinds are the conformance suite's (`syntax-errors.json`, `data-model-errors.json`).
        let testedByTheMF2Suite: Set<ParseError.Kind> = [.syntax, .duplicateDeclaration, .duplicateOptionName, .duplicateVariant,
                                                         .missingFallbackVariant, .missingSelectorAnnotation, .variantKeyMismatch]
        #expect(tested.union(testedByTheMF2Suite) == Set(ParseError.Kind.allCases))
    }

    @Test("errors render with the line and a caret")
    func caret() {
        do {
            _ = try MessageParser.parse("Hi {name, plural, one {x}}")
            Issue.record("expected an error")
        } catch {
            #expect(error.rendered(file: "greeting.txt") == """
                greeting.txt:1:4: error: 'plural' must have an 'other' variant
                Hi {name, plural, one {x}}
                   ^~~~~~~~~~~~~~~~~~~~~~~
                """)
        }
    }
}
