import ICU
import MessageFormat
import Testing

@Suite("Lint")
struct LintTests {
    func codes(_ message: String, _ locale: String, source: String? = nil) throws -> [String] {
        Linter.lint(message, locale: try LocaleID(locale), source: source).map(\.code)
    }

    @Test("a clean message has no diagnostics")
    func clean() throws {
        #expect(try codes("{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}}", "ru").isEmpty)
        #expect(try codes("{n, plural, other {#件}}", "ja").isEmpty)
        #expect(try codes("{n, plural, =1 {one file} other {# files}}", "en").isEmpty)  // =1 covers English 'one'
        #expect(try codes("We can't restore '{'deleted'}' items", "en").isEmpty)
    }

    @Test("categories the locale needs", arguments: [
        ("{n, plural, one {# файл} other {# файлов}}", "ru"),
        ("{n, plural, one {#} other {#}}", "pl"),
        ("{n, plural, one {#} two {#} other {#}}", "ar"),
        ("{n, plural, one {#} other {#}}", "fr"),
        ("{n, selectordinal, one {#st} other {#th}}", "en"),
        ("{n, plural, =1 {one} other {#}}", "ru"),
    ])
    func missingCategories(message: String, locale: String) throws {
        #expect(try codes(message, locale).contains("missing-plural-category"))
    }

    @Test("the error names the categories and an example")
    func missingMessage() throws {
        let diagnostics = Linter.lint("{n, plural, one {# файл} other {# файлов}}", locale: try LocaleID("ru"))
        #expect(diagnostics.count == 1)
        #expect(diagnostics[0].severity == .error)
        #expect(diagnostics[0].message.contains("'few' (e.g. 2)"))
        #expect(diagnostics[0].message.contains("'many' (e.g. 0)"))
    }

    @Test("keywords that are not categories, or never used")
    func keywords() throws {
        #expect(try codes("{n, plural, one {#} onee {#} other {#}}", "en") == ["unknown-plural-keyword"])
        #expect(try codes("{n, plural, one {#} few {#} other {#}}", "en") == ["unused-plural-category"])
        #expect(try codes("{n, plural, one {#} other {#}}", "ja") == ["unused-plural-category"])
    }

    @Test("arguments added or dropped against the source")
    func drift() throws {
        #expect(try codes("{count} fichiers", "fr", source: "{n} files") == ["missing-argument", "unknown-argument"])
        #expect(try codes("{n} fichiers pour {user}", "fr", source: "{n} files for {user}").isEmpty)
    }

    @Test("quoting and brace pitfalls")
    func quoting() throws {
        #expect(try codes("Restore '{name}'?", "en") == ["quoted-placeholder"])
        #expect(try codes("Don'{t} stop", "en") == ["unclosed-quote"])
        #expect(try codes("It'{s over", "en") == ["unclosed-quote"])
        #expect(try codes("a } b", "en") == ["unmatched-close-brace"])
        #expect(try codes("{g, select, a {x} a {y} other {z}}", "en") == ["duplicate-variant"])
        #expect(try codes("{n, plural, one {#} other {{g, select, other {# x}}}}", "en") == ["literal-pound"])
    }

    @Test("styles ICU would misread or ignore")
    func styles() throws {
        #expect(try codes("{n, number, currncy}", "en") == ["pattern-without-digits"])
        #expect(try codes("{d, date, medum}", "en") == ["suspicious-date-style"])
        #expect(try codes("{n, spellout, %bogus}", "en") == ["unknown-rule-set"])
        #expect(try codes("{n, number, #,##0.00}", "en") == ["style-leading-space"])
        #expect(try codes("{n, number,#,##0.00}", "en").isEmpty)
        #expect(try codes("{n, spellout, %spellout-ordinal}", "en") == ["style-leading-space"])  // ICU ignores it
        #expect(try codes("{n, spellout,%spellout-ordinal}", "en").isEmpty)
    }

    @Test("syntax errors and rejected styles are errors with positions")
    func syntax() throws {
        let diagnostics = Linter.lint("Hi {name", locale: try LocaleID("en"))
        #expect(diagnostics.map(\.code) == ["unclosed-brace"])
        #expect(diagnostics.first?.range.start == 3)
        #expect(try codes("{a, number, ::currency/XYZW}", "en") == ["invalid-style"])
    }
}
