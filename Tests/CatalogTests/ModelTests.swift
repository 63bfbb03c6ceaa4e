import Catalog
import ICU
import Testing

@Suite("Catalog model")
struct ModelTests {
    func workspace(_ tags: [String], default tag: String = "en") throws -> Workspace {
        Workspace(id: 1, name: "w", defaultLocale: try LocaleID(tag), locales: try tags.map { try LocaleID($0) })
    }

    @Test("negotiation: the match, CLDR parents, further preferences, then the default")
    func negotiation() throws {
        let space = try workspace(["en", "es", "es-419", "pt-PT", "zh-Hant", "de"])
        func chain(_ tags: [String]) throws -> [String] {
            LocaleNegotiation(preferences: try tags.map { try LocaleID($0) }, workspace: space).chain.map(\.tag)
        }
        #expect(try chain(["es-MX"]) == ["es-419", "es", "en"])
        #expect(try chain(["pt-AO"]) == ["pt-PT", "en"])
        #expect(try chain(["zh-HK"]) == ["zh-Hant", "en"])
        #expect(try chain(["ko"]) == ["en"])
        #expect(try chain([]) == ["en"])
        #expect(try chain(["fr-CH", "de"]) == ["de", "en"])
        #expect(LocaleNegotiation(preferences: [try LocaleID("ko")], workspace: space).requested.tag == "ko")
    }

    @Test("template keys and channel names", arguments: [
        ("account.hacked_recovery", true), ("a", true), ("9.x-y_z", true), ("Account", false), ("", false),
        ("a b", false), ("-a", false), (String(repeating: "a", count: 129), false),
    ])
    func keys(key: String, valid: Bool) {
        #expect(Template.isValidKey(key) == valid)
    }

    @Test("channels")
    func channels() {
        #expect(ReplyChannel("email").isValid)
        #expect(!ReplyChannel("E-mail").isValid)
        #expect(!ReplyChannel("").isValid)
        #expect([ReplyChannel("email"), .default, "chat"].sorted() == [.default, "chat", "email"])
    }

    @Test("roles include the ones before them; translators edit their locales only")
    func roles() {
        #expect(Role.render < Role.agent && Role.agent < Role.translator && Role.translator < Role.reviewer && Role.reviewer < Role.admin)
        #expect(ReviewState.needsReview.isRendered && ReviewState.approved.isRendered && !ReviewState.draft.isRendered)
    }

    @Test("a translation follows the source's text in its channel, else the source's default text")
    func sourceText() throws {
        let en = try LocaleID("en"), fr = try LocaleID("fr")
        let email = ReplyChannel("email")
        // The source has a default text at version 3 and an email text at version 2.
        let sources = [Translation(templateID: 1, locale: en, message: "Hi", version: 3),
                       Translation(templateID: 1, locale: en, channel: email, message: "Dear", version: 2)]
        let versions = SourceText.versions(in: sources + [Translation(templateID: 1, locale: fr, message: "Salut", version: 9)], sourceLocale: en)
        #expect(versions == [.default: 3, email: 2])
        #expect(SourceText.version(for: email, in: versions) == 2)
        #expect(SourceText.version(for: "sms", in: versions) == 3)
        #expect(SourceText.channel(for: "sms", sourceChannels: versions.keys) == .default)
        func french(_ channel: ReplyChannel, madeFrom version: Int) -> Translation {
            Translation(templateID: 1, locale: fr, channel: channel, message: "x", sourceVersion: version)
        }
        #expect(!SourceText.isOutdated(french(email, madeFrom: 2), sourceLocale: en, sourceVersions: versions))
        #expect(SourceText.isOutdated(french(email, madeFrom: 1), sourceLocale: en, sourceVersions: versions))
        #expect(SourceText.isOutdated(french("sms", madeFrom: 2), sourceLocale: en, sourceVersions: versions))
        #expect(!SourceText.isOutdated(french("sms", madeFrom: 3), sourceLocale: en, sourceVersions: versions))
        // A source text is never outdated.
        #expect(!SourceText.isOutdated(sources[1], sourceLocale: en, sourceVersions: versions))
    }

    @Test("a message with a lint error is refused with its position and caret")
    func messageCheck() throws {
        let (errors, warnings) = MessageCheck.check("Hi {n, plural, one {# файл} other {# файлов}}", locale: try LocaleID("ru"), source: ("Hi {n}", .mf1))
        #expect(errors.map(\.code) == ["missing-plural-category"])
        #expect(errors.first?.line == 1)
        #expect(errors.first?.column == 4)
        #expect(errors.first?.caret.contains("^") == true)
        #expect(warnings.isEmpty)
    }
}
