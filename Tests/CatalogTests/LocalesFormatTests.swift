import Catalog
import Foundation
import ICU
import MessageFormat
import TestSupport
import Testing

@Suite("Locales format")
struct LocalesFormatTests {
    static func seed() throws -> CatalogBundle {
        let files = try SeedFiles.read()
        return try LocalesFormat.read(workspaceFile: files.workspace, localeFiles: files.locales)
    }

    @Test("the seed catalog reads, and every text lints clean against its source")
    func seedIsClean() throws {
        let bundle = try Self.seed()
        #expect(bundle.workspace.name == "support")
        #expect(!bundle.templates.isEmpty)
        let templates = Dictionary(uniqueKeysWithValues: bundle.templates.map { ($0.key, $0) })
        for text in bundle.texts {
            let template = try #require(templates[text.key])
            let source = bundle.texts.first { $0.key == text.key && $0.locale == template.sourceLocale && $0.channel == .default }
            let (errors, _) = MessageCheck.check(text.message, syntax: text.syntax, locale: text.locale,
                                                 source: text.locale == template.sourceLocale ? nil : source.map { ($0.message, $0.syntax) })
            #expect(errors.isEmpty, "\(text.origin?.description ?? text.key): \(errors.map(\.message))")
        }
    }

    @Test("the seed has the 22 support templates in the 17 locales, each with its chat text and email variant")
    func seedCoverage() throws {
        let bundle = try Self.seed()
        let keys = ["general.greeting", "general.acknowledge_report", "general.escalate_to_specialist", "general.closing_survey",
                    "account.hacked_recovery", "account.password_reset", "account.suspended_appeal", "account.identity_verification",
                    "account.deletion_request", "content.video_removed_guidelines", "content.appeal_received", "content.copyright_claim",
                    "content.harassment_support", "payments.refund_status", "payments.unrecognized_charge", "payments.coins_not_received",
                    "payments.creator_payout_delay", "shop.order_not_delivered", "tech.app_crash", "tech.upload_failed",
                    "tech.live_stream_lag", "privacy.data_download"]
        let locales = ["en", "zh-Hans", "zh-Hant", "ja", "ko", "es", "es-419", "pt-BR", "fr", "de", "ru", "ar", "id", "vi", "th", "tr", "hi"]
        #expect(Set(bundle.workspace.locales.map(\.tag)) == Set(locales))
        #expect(Set(bundle.templates.map(\.key)) == Set(keys))
        for template in bundle.templates {
            #expect(!template.category.isEmpty && !template.tags.isEmpty && template.shortcut != nil && !template.description.isEmpty, "\(template.key)")
        }
        let present = Set(bundle.texts.map { "\($0.key) \($0.locale.tag) \($0.channel.rawValue)" })
        for key in keys {
            for locale in locales {
                #expect(present.contains("\(key) \(locale) default"), "\(key) has no text in \(locale)")
                #expect(present.contains("\(key) \(locale) email"), "\(key) has no email text in \(locale)")
            }
        }
    }

    @Test("a bundle reports the texts that would be refused, at their file and line")
    func lintErrors() throws {
        var bundle = try Self.seed()
        #expect(bundle.lintErrors().isEmpty)
        bundle.texts.append(TextSpec(key: bundle.templates[0].key, locale: try LocaleID("ru"),
                                     message: "{n, plural, one {# файл} other {# файлов}}", origin: FilePosition(file: "ru.yaml", line: 12)))
        let problems = bundle.lintErrors().map(\.description)
        #expect(problems.contains { $0.hasPrefix("ru.yaml:12: error:") && $0.contains("few") })
    }

    /// A workspace of English and Russian whose English `files` text is a plural, with `russian` as ru.yaml.
    static func readWithEnglishFiles(_ russian: (name: String, contents: String)) throws -> CatalogBundle {
        let workspace = (name: "workspace.yaml", contents: "format: 1\nworkspace: w\ndefault_locale: en\nlocales: [en, ru]\n")
        let english = (name: "en.yaml", contents: "format: 1\nlocale: en\ntemplates:\n  files:\n    category: c\n    message: \"{n, plural, one {# file} other {# files}}\"\n")
        return try LocalesFormat.read(workspaceFile: workspace, localeFiles: [english, russian])
    }

    @Test("diagnostics point at the file line of the problem, inside block texts too")
    func positions() throws {
        let russian = (name: "ru.yaml", contents: """
            format: 1
            locale: ru
            templates:
              files:
                message: |-
                  Файлы:
                  {n, plural, one {# файл} other {# файлов}}
            """)
        let bundle = try Self.readWithEnglishFiles(russian)
        let diagnostic = try #require(bundle.diagnostics().first { $0.severity == .error })
        #expect(diagnostic.position == FilePosition(file: "ru.yaml", line: 7, column: 7), "the block is indented by 6")
        #expect(diagnostic.problem.column == 1)
        #expect(diagnostic.rendered.hasPrefix("ru.yaml:7:7: error: files (ru): the plural lacks"))
        #expect(diagnostic.rendered.hasSuffix("{n, plural, one {# файл} other {# файлов}}\n^~"))
    }

    @Test("columns count from the start of the file's line, and a channel's text is named with its channel")
    func columnsAndChannels() throws {
        let russian = (name: "ru.yaml", contents: """
            format: 1
            locale: ru
            templates:
              files:
                message: Файлы {n, plural, one {# файл} other {# файлов}}
                channels:
                  email: "Файлы: {n, plural, one {# файл} other {# файлов}}"
                  chat:
                    state: draft
                    message: 'Файлы {n, plural, one {# файл} other {# файлов}}'
            """)
        let bundle = try Self.readWithEnglishFiles(russian)
        let rendered = bundle.diagnostics().filter { $0.severity == .error }.map(\.rendered).sorted()
        // `message: ` ends at column 14; the plural starts 7 scalars into the text.
        #expect(rendered.contains { $0.hasPrefix("ru.yaml:5:20: error: files (ru): the plural lacks") }, "\(rendered)")
        // A quoted text starts after its quote.
        #expect(rendered.contains { $0.hasPrefix("ru.yaml:7:22: error: files (ru, email): the plural lacks") }, "\(rendered)")
        #expect(rendered.contains { $0.hasPrefix("ru.yaml:10:25: error: files (ru, chat): the plural lacks") }, "\(rendered)")
    }

    @Test("each channel keeps its own state through writing and reading; the entry's state is the default text's")
    func channelStates() throws {
        let (en, ru) = (try LocaleID("en"), try LocaleID("ru"))
        let bundle = CatalogBundle(
            workspace: WorkspaceSpec(name: "w", defaultLocale: en, locales: [en, ru]),
            templates: [TemplateSpec(key: "hello", category: "c", description: "d", sourceLocale: en)],
            texts: [TextSpec(key: "hello", locale: en, message: "Hello", state: .approved),
                    TextSpec(key: "hello", locale: en, channel: "email", message: "Dear customer,\nhello.", state: .needsReview),
                    TextSpec(key: "hello", locale: ru, message: "Привет", state: .draft),
                    TextSpec(key: "hello", locale: ru, channel: "chat", message: "Привет!", state: .draft),
                    TextSpec(key: "hello", locale: ru, channel: "email", message: "Здравствуйте.", state: .approved)])
        let files = LocalesFormat.write(bundle)
        let russian = try #require(files.first { $0.name == "ru.yaml" }).contents
        #expect(russian.contains("    state: draft\n    message: Привет\n"), "\(russian)")
        #expect(russian.contains("      chat: Привет!\n"), "the channel in the entry's state is plain text: \(russian)")
        #expect(russian.contains("      email:\n        state: approved\n        message: Здравствуйте.\n"), "\(russian)")
        let again = try LocalesFormat.read(workspaceFile: try #require(files.first { $0.name == "workspace.yaml" }),
                                           localeFiles: files.filter { $0.name != "workspace.yaml" })
        #expect(Set(again.texts.map { "\($0.identity) \($0.state.rawValue) \($0.message)" })
                == Set(bundle.texts.map { "\($0.identity) \($0.state.rawValue) \($0.message)" }))
    }

    @Test("a channel's text as a mapping needs a message and knows only state and message")
    func channelMappingProblems() throws {
        let workspace = (name: "workspace.yaml", contents: "format: 1\nworkspace: w\ndefault_locale: en\nlocales: [en]\n")
        let english = (name: "en.yaml", contents: """
            format: 1
            locale: en
            templates:
              hello:
                category: c
                message: Hello
                channels:
                  email:
                    state: finished
                    message: Dear customer
                  chat:
                    state: draft
                    colour: blue
            """)
        do {
            _ = try LocalesFormat.read(workspaceFile: workspace, localeFiles: [english])
            Issue.record("a bad channel text was read")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("en.yaml:8: error: 'finished' is not a review state") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("en.yaml:13: error: unknown field 'colour'") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("en.yaml:11: error: the 'chat' text of 'hello' has no 'message'") }, "\(lines)")
        }
    }

    @Test("writing and reading again gives the same catalog")
    func roundTrip() throws {
        let bundle = try Self.seed()
        #expect(bundle.templates.first { $0.key == "payments.refund_status" }?.aliases == ["utter_refund_status"])
        let files = LocalesFormat.write(bundle)
        let workspace = try #require(files.first { $0.name == "workspace.yaml" })
        let again = try LocalesFormat.read(workspaceFile: workspace, localeFiles: files.filter { $0.name != "workspace.yaml" })
        #expect(again.workspace == bundle.workspace)
        #expect(again.templates == bundle.templates)
        func summary(_ texts: [TextSpec]) -> [String] {
            texts.map { text -> String in "\(text.key)|\(text.locale)|\(text.channel.rawValue)|\(text.state.rawValue)|\(text.message)" }.sorted()
        }
        #expect(summary(again.texts) == summary(bundle.texts))
    }

    @Test("problems are reported with their file and line, all of them")
    func problems() throws {
        let workspace = (name: "workspace.yaml", contents: "format: 1\nworkspace: w\ndefault_locale: en\nlocales: [en, fr]\n")
        let english = (name: "en.yaml", contents: """
            format: 1
            locale: en
            templates:
              good.key:
                category: c
                message: Hi
              Bad Key:
                message: x
              no.message:
                category: c
            """)
        let french = (name: "fr.yaml", contents: """
            format: 1
            locale: fr
            templates:
              good.key:
                message: Salut
                state: finished
              orphan.key:
                message: Seul
            """)
        do {
            _ = try LocalesFormat.read(workspaceFile: workspace, localeFiles: [english, french])
            Issue.record("a bad catalog was read")
        } catch {
            let lines = error.problems.map(\.description)
            #expect(lines.contains { $0.hasPrefix("en.yaml:7: error:") && $0.contains("not a valid template key") })
            #expect(lines.contains { $0.hasPrefix("en.yaml:9: error:") && $0.contains("has no 'message'") })
            #expect(lines.contains { $0.hasPrefix("fr.yaml:4: error:") && $0.contains("review state") })
            #expect(lines.contains { $0.hasPrefix("fr.yaml:8: error:") && $0.contains("orphan.key") })
        }
        let broken = (name: "en.yaml", contents: "format: 1\nlocale: en\ntemplates: [unclosed\n")
        #expect(throws: FileProblems.self) { try LocalesFormat.read(workspaceFile: workspace, localeFiles: [broken]) }
        let future = (name: "workspace.yaml", contents: "format: 2\nworkspace: w\ndefault_locale: en\nlocales: [en]\n")
        #expect(throws: FileProblems.self) { try LocalesFormat.read(workspaceFile: future, localeFiles: []) }
    }
}
