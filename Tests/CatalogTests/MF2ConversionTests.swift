import Catalog
import ICU
@testable import MessageFormat
import Testing
import TestSupport

/// Every text of the seed catalog, converted to MessageFormat 2, formats exactly as the original
/// for arguments that reach every variant.
@Suite struct MF2ConversionTests {
    @Test func seedCatalogConvertsExactly() throws {
        let files = try SeedFiles.read()
        let bundle = try LocalesFormat.read(workspaceFile: files.workspace, localeFiles: files.locales)
        var converted = 0, renders = 0
        for text in bundle.texts {
            let original = try MessageParser.parse(text.message)
            let source = try MF2.Converter.convert(original)
            let message = try MF2.Parser.parse(source)
            let compiled = try CompiledMessage(message: original, locale: text.locale)
            let formatter = MF2.Formatter(locale: text.locale, bidiIsolation: .none)
            // Converted messages compile to MessageFormat 1's nodes, and render through them.
            let compiledMF2 = try CompiledMessage(source, syntax: .mf2, locale: text.locale)
            #expect(compiledMF2.lowered, "\(text.key) \(text.locale) does not lower:\n\(source)")
            for arguments in Self.argumentSets(for: original) {
                let expected = compiled.render(arguments)
                #expect(expected.issues.isEmpty, "\(text.key) \(text.locale): \(expected.issues)")
                let formatted = formatter.format(message, arguments)
                #expect(formatted.text == expected.text, "\(text.key) \(text.locale) \(arguments):\n\(source)")
                #expect(formatted.issues.isEmpty, "\(text.key) \(text.locale): \(formatted.issues)")
                #expect(compiledMF2.render(arguments).text == expected.text)
                renders += 1
            }
            converted += 1
        }
        #expect(converted == bundle.texts.count)
        #expect(renders > converted * 5)
    }

    @Test func offsetsOrdinalsAndNestedSelections() throws {
        let cases: [(String, String, [MessageArguments])] = [
            ("en", "{guests, plural, offset:1 =0 {nobody} =1 {{host}} one {{host} and # guest} other {{host} and # guests}}",
             [0, 1, 2, 3, 12].map { ["guests": .integer($0), "host": "Kim"] }),
            ("en", "You came {place, selectordinal, one {#st} two {#nd} few {#rd} other {#th}}",
             [1, 2, 3, 4, 11, 12, 13, 21, 22, 101].map { ["place": .integer($0)] }),
            ("ru", "{gender, select, female {Она нашла {n, plural, one {# файл} few {# файла} other {# файлов}}} other {Он нашёл {n, plural, one {# файл} few {# файла} other {# файлов}}}}",
             ["female", "male"].flatMap { gender in [1, 2, 5, 21].map { ["gender": .string(gender), "n": .integer($0)] } }),
            ("en", ".{n, number, percent} {d, time, short} {d, time} {d, date, full} \\ '{'x'}'",
             [["n": .double(0.256), "d": .date(iso8601: "2026-03-01T10:05:09Z")!]]),
        ]
        for (tag, source, argumentSets) in cases {
            let locale = try LocaleID(tag)
            let original = try MessageParser.parse(source)
            let converted = try MF2.Converter.convert(original)
            let message = try MF2.Parser.parse(converted)
            let compiled = try CompiledMessage(message: original, locale: locale)
            let compiledMF2 = try CompiledMessage(mf2: message, locale: locale)
            #expect(compiledMF2.lowered, "\(converted)")
            for arguments in argumentSets {
                let formatted = MF2.Formatter(locale: locale, bidiIsolation: .none).format(message, arguments)
                #expect(formatted.text == compiled.render(arguments).text, "\(converted)")
                #expect(formatted.issues.isEmpty)
                #expect(compiledMF2.render(arguments).text == formatted.text)
            }
        }
    }

    @Test func messagesThatDoNotLowerAreFormatted() throws {
        let english = try LocaleID("en")
        // `:offset` outside a plural, and a matcher whose `one` group has no variant ending in `*`.
        for source in [".local $m = {$n :offset subtract=1}\n{{{$m} more}}",
                       ".local $n = {$a :number}\n.local $g = {$b :string}\n.match $n $g\none x {{one x}}\n* * {{other}}"] {
            let compiled = try CompiledMessage(source, syntax: .mf2, locale: english)
            #expect(!compiled.lowered)
            let formatted = MF2.Formatter(locale: english, bidiIsolation: .none).format(try MF2.Parser.parse(source), ["n": 3, "a": 1, "b": "y"])
            #expect(compiled.render(["n": 3, "a": 1, "b": "y"]).text == formatted.text)
        }
        #expect(try CompiledMessage(".local $n = {$a :number}\n.local $g = {$b :string}\n.match $n $g\none x {{one x}}\n* * {{other}}",
                                    syntax: .mf2, locale: english).render(["a": 1, "b": "y"]).text == "other")

        // A lowered message whose render meets a problem is formatted again, with the specification's fallback.
        let lowered = try CompiledMessage("Hi {$name}, {$n :number} new", syntax: .mf2, locale: english)
        #expect(lowered.lowered)
        let rendered = lowered.render(["n": 2])
        #expect(rendered.text == "Hi {$name}, 2 new")
        #expect(rendered.issues.map(\.kind) == [.missingArgument])
        var output = UTF8Buffer(capacity: 64)
        output.append("> ")
        #expect(lowered.render(["n": 2], into: &output).count == 1)
        #expect(output.string == "> Hi {$name}, 2 new")
    }

    @Test func whatMF2CannotSayIsRefused() throws {
        for source in ["{0} files", "{n, spellout}", "{n, number, ::compact-short}", "{d, date, yyyy}"] {
            #expect(throws: MF2.ConversionError.self) { try MF2.Converter.convert(MessageParser.parse(source)) }
        }
    }

    /// One set with every argument at a typical value, then, for each selector argument, one
    /// set per value that reaches another of its variants.
    static func argumentSets(for message: Message) -> [MessageArguments] {
        var base: [String: ArgumentValue] = [:]
        var variations: [(String, [ArgumentValue])] = []
        for use in message.argumentUses {
            switch use.kind {
            case .text: base[use.name] = "Alex"
            case .number: base[use.name] = .decimal("1234.5")
            case .date, .time: base[use.name] = .date(iso8601: "2026-01-05T10:00:00Z")!
            case .plural:
                base[use.name] = 3
                variations.append((use.name, [0, 1, 2, 3, 4, 5, 6, 11, 21, 22, 100, 101, 1.5].map {
                    $0 == $0.rounded() ? .integer(Int64($0)) : .double($0)
                }))
            case .select:
                base[use.name] = "other-value"
                variations.append((use.name, use.options.map { .string($0) }))
            }
        }
        var sets = [MessageArguments(base)]
        for (name, values) in variations {
            for value in values {
                var changed = base
                changed[name] = value
                sets.append(MessageArguments(changed))
            }
        }
        return sets
    }
}
