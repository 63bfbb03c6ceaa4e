import ICU
import RenderCorpus
import Testing
@testable import MessageFormat

/// MessageFormat 2 beyond the conformance suite: error positions, locales, and corpus lines.
@Suite struct MF2Tests {
    @Test func syntaxErrorsHaveTheirPosition() throws {
        let source = ".input {$count :number}\n.match $count\none {{one}}\n* {{other}"
        let error = try #require(throws: ParseError.self) { try MF2.Parser.parse(source) }
        #expect(error.kind == .syntax)
        #expect(error.location.line == 4)
        let rendered = error.rendered()
        #expect(rendered.contains("* {{other}"))
        #expect(rendered.contains("^"))
    }

    @Test func dataModelErrorsPointAtTheirPart() throws {
        let source = ".input {$n :number}\n.match $n\none {{one}}\n1 {{exactly one}}"
        let error = try #require(throws: ParseError.self) { try MF2.Parser.parse(source) }
        #expect(error.kind == .missingFallbackVariant)
        #expect(error.location == SourceLocation(line: 4, column: 1))

        let duplicate = try #require(throws: ParseError.self) { try MF2.Parser.parse(".local $a = {1}\n.local $a = {2}\n{{{$a}}}") }
        #expect(duplicate.kind == .duplicateDeclaration)
        #expect(duplicate.location == SourceLocation(line: 2, column: 1))
    }

    @Test func pluralsFollowTheLocale() throws {
        let message = try MF2.Parser.parse(".input {$n :integer}\n.match $n\none {{# {$n} plik}}\nfew {{{$n} pliki}}\nmany {{{$n} plików}}\n* {{{$n} pliku}}")
        let polish = MF2.Formatter(locale: try LocaleID("pl"), bidiIsolation: .none)
        #expect(polish.format(message, ["n": 1]).text == "# 1 plik")
        #expect(polish.format(message, ["n": 3]).text == "3 pliki")
        #expect(polish.format(message, ["n": 5]).text == "5 plików")
        let integer = try CompiledMessage("{n, number, integer}", locale: LocaleID("pl"))  // the same ICU format as MessageFormat 1's
        #expect(polish.format(message, ["n": 1234]).text == integer.render(["n": 1234]).text + " pliki")
        #expect(polish.format(message, ["n": .double(2.5)]).text == "2 pliki")  // :integer rounds half to even
    }

    @Test func numbersAndDatesUseICU() throws {
        let german = MF2.Formatter(locale: try LocaleID("de"), bidiIsolation: .none)
        let price = try MF2.Parser.parse("{$amount :currency currency=EUR}")
        #expect(german.format(price, ["amount": .decimal("1234.5")]).text == "1.234,50\u{A0}€")
        let when = try MF2.Parser.parse("{$when :date length=long}")
        #expect(german.format(when, ["when": .date(iso8601: "2026-03-01T10:00:00Z")!]).text == "1. März 2026")
    }

    @Test func bidiIsolationFollowsTheMessageDirection() throws {
        let message = try MF2.Parser.parse("{$name} {$n :number}")
        let arabic = MF2.Formatter(locale: try LocaleID("ar"))
        let text = arabic.format(message, ["name": "Alex", "n": 3]).text
        #expect(text.hasPrefix("\u{2068}Alex\u{2069} \u{2067}"))  // a name of unknown direction; a number in the RTL locale's own
        let english = MF2.Formatter(locale: try LocaleID("en"))
        #expect(english.format(message, ["name": "Alex", "n": 3]).text == "\u{2068}Alex\u{2069} 3")
    }

    @Test func corpusLinesCarryTheirSyntax() throws {
        let lines = try CorpusLine.parse("""
            {"id":"a","locale":"en","message":"{n, plural, one {# file} other {# files}}","args":{"n":2}}
            {"id":"b","locale":"en","syntax":"mf2","message":".input {$n :number}\\n.match $n\\none {{{$n} file}}\\n* {{{$n} files}}","args":{"n":1}}
            {"id":"c","locale":"en","syntax":"mf2","bidiIsolation":"default","message":"Hello {$name}","args":{"name":"Alex"}}
            {"id":"d","locale":"en","syntax":"mf2","message":"Hello {$name}, {$missing}","args":{"name":"Alex"}}
            {"id":"e","locale":"en","syntax":"mf2","message":"{{unclosed","args":{}}
            """)
        let output = lines.map(CorpusRenderer.render)
        #expect(output[0] == #"{"id":"a","output":"2 files"}"#)
        #expect(output[1] == #"{"id":"b","output":"1 file"}"#)
        #expect(output[2] == "{\"id\":\"c\",\"output\":\"Hello \u{2068}Alex\u{2069}\"}")
        #expect(output[3] == #"{"id":"d","output":"Hello Alex, {$missing}"}"#)
        #expect(output[4].contains(#""error":"1:"#))
    }
}

@Suite struct MF2LimitTests {
    @Test func outputStopsAtTheLimit() throws {
        let message = try MF2.Parser.parse("{$a}{$a}{$a}{$a}")
        var formatter = MF2.Formatter(locale: try LocaleID("en"), bidiIsolation: .none)
        formatter.maxOutputBytes = 10
        let formatted = formatter.format(message, ["a": "ééééé"])  // 10 bytes each
        #expect(formatted.text == "ééééé")
        #expect(formatted.issues.contains { $0.message.contains("output limit") })
    }

    @Test func hugeExponentsAreBadOperands() throws {
        // Found by the fuzzer: ICU would write all 888 888 006 digits.
        let formatter = MF2.Formatter(locale: try LocaleID("en"), bidiIsolation: .none)
        let formatted = formatter.format(try MF2.Parser.parse("{11e888888006 :number} {1e300 :number}"), [:])
        #expect(formatted.text.hasPrefix("{|11e888888006|} 1,000,000"))
        #expect(formatted.issues.map(\.kind) == [.badOperand])
    }

    @Test func declarationsAreBounded() throws {
        var source = ".local $v0 = {0}\n"
        for index in 1...MF2.Parser.maxDeclarations { source += ".local $v\(index) = {$v\(index - 1)}\n" }
        let error = try #require(throws: ParseError.self) { try MF2.Parser.parse(source + "{{{$v200}}}") }
        #expect(error.kind == .nestingTooDeep)
        let shorter = try MF2.Parser.parse(".local $v0 = {0}\n.local $v1 = {$v0}\n{{{$v1}}}")
        #expect(MF2.Formatter(locale: try LocaleID("en"), bidiIsolation: .none).format(shorter, [:]).text == "0")
    }
}

@Suite struct MF2LintTests {
    let russian = try! LocaleID("ru")

    func codes(_ text: String, locale: LocaleID, source: String? = nil, sourceSyntax: MessageSyntax = .mf1) -> [String] {
        Linter.lint(text, syntax: .mf2, locale: locale, source: source, sourceSyntax: sourceSyntax).map(\.code)
    }

    @Test func pluralCategoriesTheLocaleNeeds() {
        let lacking = ".input {$n :number}\n.match $n\none {{{$n} файл}}\n* {{{$n} файлов}}"
        let diagnostics = Linter.lint(lacking, syntax: .mf2, locale: russian)
        #expect(diagnostics.map(\.code) == ["missing-plural-category"])
        #expect(diagnostics[0].severity == .error && diagnostics[0].message.contains("'few'"))
        let complete = ".input {$n :number}\n.match $n\none {{{$n} файл}}\nfew {{{$n} файла}}\nmany {{{$n} файлов}}\n* {{{$n} файла}}"
        #expect(codes(complete, locale: russian).isEmpty)
        #expect(codes(".input {$n :number}\n.match $n\nfive {{x}}\n* {{y}}", locale: russian).contains("unknown-plural-keyword"))
        // A string selector has no categories to check.
        #expect(codes(".input {$g :string}\n.match $g\nfemale {{x}}\n* {{y}}", locale: russian).isEmpty)
    }

    @Test func syntaxFunctionsAndDeclarations() {
        #expect(codes("{{unclosed", locale: russian) == ["syntax-error"])
        #expect(codes(".input {$n :number}\n.match $n\none {{x}}", locale: russian) == ["missing-fallback-variant"])
        #expect(codes("{$n :nmber}", locale: russian) == ["unknown-function"])
        #expect(codes(".local $unused = {$n :number}\n{{{$n}}}", locale: russian) == ["unused-declaration"])
        #expect(codes(".input {$n :number}\n{{{$n}}}", locale: russian).isEmpty)
    }

    @Test func argumentsAgainstTheSource() {
        let english = try! LocaleID("en")
        // Against a MessageFormat 1 source, and against a MessageFormat 2 one.
        #expect(Set(codes("Hi {$nam}", locale: english, source: "Hi {name}")) == ["unknown-argument", "missing-argument"])
        #expect(codes("Hola {$name}", locale: english, source: "Hi {$name :string}", sourceSyntax: .mf2).isEmpty)
        let declared = ".local $shown = {$name :string}\n{{Hola {$shown}}}"
        #expect(codes(declared, locale: english, source: "Hi {name}").isEmpty)
    }
}
