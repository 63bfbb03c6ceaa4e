import Catalog
import Foundation
import ICU
import Interchange
import TestSupport
import Testing

@Suite("Interchange formats")
struct InterchangeTests {
    static func seed() throws -> CatalogBundle {
        let files = try SeedFiles.read()
        return try LocalesFormat.read(workspaceFile: files.workspace, localeFiles: files.locales)
    }

    /// A text's content without its origin, for comparing sets.
    struct Content: Hashable, CustomStringConvertible {
        var key: String, locale: String, channel: String, message: String, state: ReviewState?
        init(_ text: TextSpec, keepingState: Bool) {
            (key, locale, channel, message) = (text.key, text.locale.tag, text.channel.rawValue, text.message)
            state = keepingState ? text.state : nil
        }
        var description: String { "\(key) \(locale) \(channel): \(message)" }
    }

    /// Whether a format carries the review state exactly (PO carries drafts only, flat JSON and CSV none).
    static func keepsState(_ format: InterchangeFormat) -> Bool { format == .xliff2 || format == .xliff12 }

    @Test("the whole seed catalog survives a round trip through each format", arguments: InterchangeFormat.allCases)
    func roundTrip(format: InterchangeFormat) throws {
        let bundle = try Self.seed()
        let files = Interchange.export(bundle, as: format)
        #expect(files.count == (format == .csv ? 1 : bundle.workspace.locales.count))
        var read: [TextSpec] = []
        for file in files { read += try Interchange.read(file, as: format) }
        let keep = Self.keepsState(format)
        #expect(Set(read.map { Content($0, keepingState: keep) }) == Set(bundle.texts.map { Content($0, keepingState: keep) }))
        #expect(read.count == bundle.texts.count)
        // Applied back onto the catalog, nothing changes but where the texts came from.
        let applied = try Interchange.apply(read, to: bundle)
        #expect(Set(applied.texts.map { Content($0, keepingState: keep) }) == Set(bundle.texts.map { Content($0, keepingState: keep) }))
    }

    /// Two templates in English and French: a plural, an email variant with line breaks, quotes,
    /// an apostrophe, markup characters, and an untranslated text.
    static func sample() throws -> CatalogBundle {
        let en = try LocaleID("en"), fr = try LocaleID("fr")
        return CatalogBundle(
            workspace: WorkspaceSpec(name: "support", defaultLocale: en, locales: [en, fr]),
            templates: [
                TemplateSpec(key: "account.locked", category: "account", description: "Account locked. hours: a count.", sourceLocale: en),
                TemplateSpec(key: "shop.order", category: "shop", description: "Order <id> is \"late\" & sorry.", sourceLocale: en),
            ],
            texts: [
                TextSpec(key: "account.locked", locale: en, message: "Locked for {hours, plural, one {# hour} other {# hours}}."),
                TextSpec(key: "account.locked", locale: en, channel: "email", message: "Hello {name},\n\nYour account is locked, we’re on it.\n\nThe Support Team"),
                TextSpec(key: "account.locked", locale: fr, message: "Bloqué pendant {hours, plural, one {# heure} many {# heures} other {# heures}}.", state: .needsReview),
                TextSpec(key: "account.locked", locale: fr, channel: "email", message: "Bonjour {name},\n\nVotre compte est bloqué ; nous nous en occupons.\n\nL’équipe d’assistance", state: .draft),
                TextSpec(key: "shop.order", locale: en, message: "Order #{id} is on its way, \"{name}\" <3 & more, a, b"),
            ])
    }

    @Test("exports match the golden files, and the golden files read back", arguments: InterchangeFormat.allCases)
    func golden(format: InterchangeFormat) throws {
        let bundle = try Self.sample()
        let locales = format == .csv ? nil : [try LocaleID("fr")]
        let file = try #require(Interchange.export(bundle, as: format, locales: locales).first)
        let goldenName = "golden-\(format.rawValue).\(format.fileExtension)"
        if ProcessInfo.processInfo.environment["PARLEY_RECORD_GOLDEN"] == "1" {
            try file.contents.write(to: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
                .appendingPathComponent("Fixtures/\(goldenName)"), atomically: true, encoding: .utf8)
        }
        let golden = String(decoding: try Fixture.data(goldenName), as: UTF8.self)
        #expect(file.contents == golden)
        let read = try Interchange.read(InterchangeFile(name: "support.fr.\(format.fileExtension)", contents: golden), as: format)
        let expected = bundle.texts.filter { format == .csv || $0.locale.tag == "fr" }
        #expect(Set(read.map { Content($0, keepingState: Self.keepsState(format)) })
                == Set(expected.map { Content($0, keepingState: Self.keepsState(format)) }))
    }

    /// A broken file of each format and the line its problem is on.
    static let malformed: [(InterchangeFormat, String, Int)] = [
        (.xliff2, """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="fr">
              <file id="support">
                <unit id="account.locked">
                  <segment state="translated">
                    <source>Locked</source>
                    <target>Bloqué</targt>
                  </segment>
                </unit>
              </file>
            </xliff>
            """, 7),
        (.xliff12, """
            <?xml version="1.0" encoding="UTF-8"?>
            <xliff version="1.2">
              <file original="support" source-language="en" target-language="fr" datatype="plaintext">
                <body>
                  <trans-unit id="account.locked">
                    <source>Locked</source>
                    <target state="translated">Bloqué & fermé</target>
                  </trans-unit>
                </body>
              </file>
            </xliff>
            """, 7),
        (.po, """
            msgid ""
            msgstr ""
            "Language: fr\\n"

            msgctxt "account.locked"
            msgid "Locked"
            msgstr "Bloqué

            """, 7),
        (.json, """
            {
              "account.locked": "Bloqué",
              "shop.order": "Commande {id}"
              "account.locked:email": "Bonjour"
            }
            """, 4),
        (.csv, "key,locale,channel,message\r\naccount.locked,fr,,Bloqué\r\nshop.order,fr,,\"Commande {id}\r\nen route\r\n", 3),
    ]

    @Test("a malformed file of each format is refused at its line", arguments: 0..<5)
    func malformedFiles(index: Int) throws {
        let (format, contents, line) = Self.malformed[index]
        let name = "support.fr.\(format.fileExtension)"
        do {
            let texts = try Interchange.read(InterchangeFile(name: name, contents: contents), as: format)
            Issue.record("\(format) read \(texts.count) texts from a malformed file")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(problem.position == FilePosition(file: name, line: line), "\(problem)")
            #expect(problem.description.hasPrefix("\(name):\(line): error: "))
        }
    }

    @Test("texts that fail the checks are refused at their file line, all of them, and nothing is applied")
    func refusedTexts() throws {
        let bundle = try Self.seed()
        let po = """
            msgid ""
            msgstr ""
            "Language: ru\\n"

            msgctxt "account.hacked_recovery"
            msgid "ignored"
            msgstr "Обращение {ticket}: ответим через {hours, plural, one {# час} other {# часов}}."

            msgctxt "no.such.template"
            msgid ""
            msgstr "Привет"
            """
        let texts = try Interchange.read(InterchangeFile(name: "ru.po", contents: po))
        #expect(texts.count == 2)
        do {
            _ = try Interchange.apply(texts, to: bundle)
            Issue.record("an unknown template was accepted")
        } catch {
            #expect(error.problems.map(\.description) == ["ru.po:11: error: no template 'no.such.template' in workspace 'support'"])
        }
        do {
            _ = try Interchange.apply(Array(texts.prefix(1)), to: bundle)
            Issue.record("a Russian plural without few was accepted")
        } catch {
            let problem = try #require(error.problems.first)
            #expect(problem.position == FilePosition(file: "ru.po", line: 7))
            #expect(problem.message.contains("few"))
        }
    }

    @Test("text names: a key, or a key and a channel")
    func textNames() {
        #expect(TextName("general.greeting") == TextName(key: "general.greeting"))
        #expect(TextName("general.greeting:email") == TextName(key: "general.greeting", channel: "email"))
        #expect(TextName("General greeting") == nil)
        #expect(TextName("general.greeting:E-mail") == nil)
        #expect(Interchange.localeFromName("support.pt-BR.json") == (try? LocaleID("pt-BR")))
        #expect(Interchange.localeFromName("exports/fr.po") == (try? LocaleID("fr")))
    }
}

@Suite("A file's format, from its name or else its contents")
struct FormatGuessTests {
    @Test("every format written is recognised by its contents alone")
    func writtenFilesAreRecognised() throws {
        let bundle = CatalogBundle(
            workspace: WorkspaceSpec(name: "support", defaultLocale: try LocaleID("en"), locales: [try LocaleID("en"), try LocaleID("fr")]),
            templates: [TemplateSpec(key: "greeting", sourceLocale: try LocaleID("en"))],
            texts: [TextSpec(key: "greeting", locale: try LocaleID("en"), message: "Hello"),
                    TextSpec(key: "greeting", locale: try LocaleID("fr"), message: "Bonjour")])
        for format in InterchangeFormat.allCases {
            for file in Interchange.export(bundle, as: format, locales: [try LocaleID("fr")]) {
                let guessed = InterchangeFormat.guess(contents: file.contents)
                // XLIFF 1.2 and 2.0 are both markup: the reader tells them apart by their version.
                #expect(guessed == (format == .xliff12 ? .xliff2 : format), "\(format): \(file.contents.prefix(80))")
                let unnamed = InterchangeFile(name: "upload", contents: file.contents)
                let texts = try Interchange.read(unnamed, locale: try LocaleID("fr"), catalog: bundle)
                #expect(texts.contains { $0.key == "greeting" && $0.message == "Bonjour" }, "\(format)")
            }
        }
    }

    @Test("the name wins over the contents")
    func nameFirst() {
        #expect(InterchangeFormat.guess(fileName: "fr.po", contents: "{}") == .po)
        #expect(InterchangeFormat.guess(fileName: "upload", contents: "\u{FEFF}  \n{\"greeting\": \"Bonjour\"}") == .json)
        #expect(InterchangeFormat.guess(fileName: "upload", contents: "key,locale,channel,message\n") == .csv)
    }
}

@Suite("Interchange formats: a text's syntax")
struct InterchangeSyntaxTests {
    /// The seed with its Spanish greeting written in MessageFormat 2.
    static func catalog() throws -> CatalogBundle {
        var bundle = try InterchangeTests.seed()
        let index = try #require(bundle.texts.firstIndex { $0.key == "general.greeting" && $0.locale.tag == "es" && $0.channel == .default })
        bundle.texts[index].message = "Hola, {$name}. ¿En qué podemos ayudarte?"
        bundle.texts[index].syntax = .mf2
        return bundle
    }

    @Test("XLIFF and PO mark MessageFormat 2 texts and read the mark back; flat JSON and CSV leave the text's own",
          arguments: InterchangeFormat.allCases)
    func syntaxTravels(format: InterchangeFormat) throws {
        let bundle = try Self.catalog()
        let spanish = try LocaleID("es")
        let files = Interchange.export(bundle, as: format, locales: [spanish])
        let contents = files.map(\.contents).joined()
        let marks = format == .json || format == .csv ? 0 : 1
        #expect(contents.components(separatedBy: "parley:syntax").count - 1 == marks)
        // Without the catalog, the file alone: the mark names the syntax, or nothing does.
        let alone = try files.flatMap { try Interchange.read($0, as: format) }.filter { $0.locale == spanish }
        let greeting = try #require(alone.first { $0.key == "general.greeting" && $0.channel == .default })
        #expect(greeting.namesSyntax == (marks == 1))
        #expect(greeting.syntax == (marks == 1 ? .mf2 : .mf1))
        #expect(alone.filter { $0.key != "general.greeting" }.allSatisfy { $0.syntax == .mf1 && !$0.namesSyntax })
        // With the catalog, every text has its syntax, whether the file marks it or not.
        let read = try files.flatMap { try Interchange.read($0, as: format, catalog: bundle) }.filter { $0.locale == spanish }
        #expect(read.first { $0.key == "general.greeting" && $0.channel == .default }?.syntax == .mf2)
        #expect(try Interchange.apply(read, to: bundle).texts.first { $0.key == "general.greeting" && $0.locale == spanish && $0.channel == .default }?.syntax == .mf2)
    }

    @Test("a mark that names no syntax is refused at its line")
    func badMark() throws {
        let file = InterchangeFile(name: "es.po", contents: """
            msgid ""
            msgstr ""
            "Language: es\\n"

            #. parley:syntax mf3
            msgctxt "general.greeting"
            msgid "Hi {name}"
            msgstr "Hola {name}"

            """)
        let problems = try #require(throws: FileProblems.self) { try Interchange.read(file, as: .po) }
        #expect(problems.problems.first?.description.contains("es.po:5") == true)
    }
}
