import Catalog
import ICU
import Interchange
import Store
import Synchronization
import Testing

@Suite("Catalog store", .needsDatabase)
struct CatalogStoreTests {
    let en = try! LocaleID("en")
    let ru = try! LocaleID("ru")
    let fr = try! LocaleID("fr")

    func workspace(_ store: CatalogStore) async throws -> Workspace {
        try await store.createWorkspace(name: TestDatabase.uniqueName("store"), defaultLocale: en, locales: [en, ru, fr])
    }

    @Test("workspaces: create, find, refuse duplicates and bad names")
    func workspaces() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let created = try await workspace(store)
            #expect(try await store.workspace(named: created.name) == created)
            await #expect(throws: StoreError.self) { try await store.createWorkspace(name: created.name, defaultLocale: en, locales: [en]) }
            await #expect(throws: StoreError.self) { try await store.createWorkspace(name: "Bad Name!", defaultLocale: en, locales: [en]) }
            await #expect(throws: StoreError.self) { try await store.workspace(named: "no-such-workspace-\(UInt32.random(in: 0...UInt32.max))") }
        }
    }

    @Test("a write must name the current version; a stale one changes nothing")
    func versions() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let space = try await workspace(store)
            let template = try await store.createTemplate(in: space, TemplateSpec(key: "a.b", sourceLocale: en))
            let first = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hello",
                                                       state: .approved, expecting: .absent, author: "ana")
            #expect(first.version == 1)
            let second = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hello!",
                                                        state: .approved, expecting: .version(1), author: "ben")
            #expect(second.version == 2)
            do {
                _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hi",
                                                   state: .approved, expecting: .version(1), author: "cy")
                Issue.record("a stale write was accepted")
            } catch let error as StoreError {
                #expect(error.kind == .stale)
                #expect(error.current?.version == 2)
                #expect(error.current?.author == "ben")
            }
            await #expect(throws: StoreError.self) {
                try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hi",
                                               state: .approved, expecting: .absent, author: "cy")
            }
            let stored = try await store.translation(of: template, in: space, locale: en, channel: .default)
            #expect(stored?.message == "Hello!")
            let history = try await store.revisions(of: template, in: space, locale: en, channel: .default)
            #expect(history.map(\.version) == [2, 1])
            #expect(history.map(\.action) == ["update", "create"])
        }
    }

    @Test("rollback writes an earlier text as a new version")
    func rollback() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let space = try await workspace(store)
            let template = try await store.createTemplate(in: space, TemplateSpec(key: "r.b", sourceLocale: en))
            _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "One",
                                               state: .approved, expecting: .absent, author: "a")
            _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Two",
                                               state: .approved, expecting: .version(1), author: "a")
            let oldest = try #require(try await store.revisions(of: template, in: space, locale: en, channel: .default).last)
            let restored = try await store.rollback(of: template, in: space, locale: en, channel: .default,
                                                    toRevision: oldest.id, expectedVersion: 2, author: "b", mayApprove: true)
            #expect(restored.message == "One")
            #expect(restored.version == 3)
            let history = try await store.revisions(of: template, in: space, locale: en, channel: .default)
            #expect(history.first?.action == "rollback")
            #expect(history.count == 3)
        }
    }

    @Test("a snapshot streamed in runs of two texts is the snapshot read at once: no template's texts split, outdated texts with their sources")
    func streamedSnapshot() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let space = try await workspace(store)
            for key in ["s.a", "s.b", "s.c"] {
                let template = try await store.createTemplate(in: space, TemplateSpec(key: key, sourceLocale: en))
                _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hi \(key)",
                                                   state: .approved, expecting: .absent, author: "a")
                for locale in [fr, ru] {
                    _ = try await store.putTranslation(of: template, in: space, locale: locale, channel: .default, message: "\(locale) \(key)",
                                                       state: .approved, expecting: .absent, author: "t")
                }
                // The source changes after its translations: they are outdated, made from "Hi …".
                _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hello \(key)",
                                                   state: .approved, expecting: .version(1), author: "a")
            }
            let whole = try await store.snapshot(of: space)
            #expect(whole.texts.count == 9)
            #expect(whole.texts.filter(\.outdated).count == 6)
            #expect(whole.texts.filter(\.outdated).allSatisfy { $0.previousSource == "Hi \($0.key)" })

            let runs = Mutex<[[SnapshotText]]>([])
            try await store.streamSnapshot(of: space, run: 2) { part in
                if case .texts(let texts) = part { runs.withLock { $0.append(texts) } }
            }
            let streamed = runs.withLock { $0 }
            #expect(streamed.count > 1, "read in several runs")
            #expect(streamed.allSatisfy { Set($0.map(\.key)).count == $0.count / 3 }, "each run holds whole templates")
            #expect(streamed.flatMap { $0 } == whole.texts)
        }
    }

    @Test("an export read in runs of two templates is the export of the snapshot, in every format: key order, outdated texts, channels, a template with no text")
    func streamedExport() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let space = try await workspace(store)
            // Created out of key order, so the templates' ids do not follow their keys.
            for key in ["e.c", "e.a", "e.d", "e.b"] {
                let template = try await store.createTemplate(in: space, TemplateSpec(key: key, description: "about \(key)", sourceLocale: en))
                guard key != "e.d" else { continue }
                _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hi \(key)",
                                                   state: .approved, expecting: .absent, author: "a")
                _ = try await store.putTranslation(of: template, in: space, locale: fr, channel: .default, message: "Salut \(key), \"ça\"",
                                                   state: .approved, expecting: .absent, author: "t")
                if key == "e.a" {
                    _ = try await store.putTranslation(of: template, in: space, locale: fr, channel: ReplyChannel(rawValue: "email"),
                                                       message: "Bonjour,\n\(key)", state: .draft, expecting: .absent, author: "t")
                    _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hello \(key)",
                                                       state: .approved, expecting: .version(1), author: "a")
                }
            }
            let bundle = try await store.snapshot(of: space).bundle
            #expect(bundle.texts.contains { $0.outdated && $0.previousSource == "Hi e.a" })
            for format in InterchangeFormat.allCases {
                for locales in format.isPerLocale ? [[fr], [ru], [en]] : [space.locales] {
                    let whole = Interchange.export(bundle, as: format, locales: locales)[0]
                    let file = Mutex((ExportWriter(format, workspace: space.name, locale: locales[0]), runs: 0, text: ""))
                    try await store.streamExport(of: space, locales: locales, run: 2) { locale, run in
                        file.withLock { file in
                            file.text += file.0.write(run, for: locale)
                            file.runs += 1
                        }
                    }
                    let streamed = file.withLock { ($0.text + $0.0.finish(), $0.0.fileName, $0.runs) }
                    #expect(streamed.2 == 2 * locales.count, "\(format): four templates in runs of two, per locale")
                    #expect(streamed.1 == whole.name)
                    #expect(streamed.0 == whole.contents, "\(format) \(locales)")
                }
            }
        }
    }

    @Test("editing the source text marks translations outdated until re-approved; coverage counts it")
    func outdated() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let space = try await workspace(store)
            let template = try await store.createTemplate(in: space, TemplateSpec(key: "o.k", sourceLocale: en))
            _ = try await store.createTemplate(in: space, TemplateSpec(key: "o.other", sourceLocale: en))
            _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hi",
                                               state: .approved, expecting: .absent, author: "a")
            let french = try await store.putTranslation(of: template, in: space, locale: fr, channel: .default, message: "Salut",
                                                        state: .needsReview, expecting: .absent, author: "t")
            #expect(french.sourceVersion == 1)
            _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hello",
                                               state: .approved, expecting: .version(1), author: "a")
            var coverage = try await store.coverage(of: space).first { $0.locale == fr }
            #expect(coverage?.translated == 1)
            #expect(coverage?.outdated == 1)
            #expect(coverage?.approved == 0)
            #expect(coverage?.missing == 1)
            var filter = TemplateFilter()
            filter.outdatedIn = fr
            #expect(try await store.templates(in: space, matching: filter).templates.map(\.key) == ["o.k"])
            let approved = try await store.review(of: template, in: space, locale: fr, channel: .default, approve: true,
                                                  expectedVersion: 1, author: "r")
            #expect(approved.sourceVersion == 2)
            coverage = try await store.coverage(of: space).first { $0.locale == fr }
            #expect(coverage?.outdated == 0)
            #expect(coverage?.approved == 1)
        }
    }

    @Test("lists filter and page by key")
    func listing() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let space = try await workspace(store)
            for index in 0..<7 {
                _ = try await store.createTemplate(in: space, TemplateSpec(
                    key: "k.\(index)", category: index % 2 == 0 ? "even" : "odd", tags: index == 3 ? ["three"] : [],
                    description: "item \(index)", sourceLocale: en))
            }
            var filter = TemplateFilter()
            filter.limit = 3
            let first = try await store.templates(in: space, matching: filter)
            #expect(first.templates.map(\.key) == ["k.0", "k.1", "k.2"])
            filter.after = first.next
            let second = try await store.templates(in: space, matching: filter)
            #expect(second.templates.map(\.key) == ["k.3", "k.4", "k.5"])
            filter.after = second.next
            let last = try await store.templates(in: space, matching: filter)
            #expect(last.templates.map(\.key) == ["k.6"])
            #expect(last.next == nil)
            var byCategory = TemplateFilter()
            byCategory.category = "odd"
            #expect(try await store.templates(in: space, matching: byCategory).templates.count == 3)
            var byTag = TemplateFilter()
            byTag.tag = "three"
            #expect(try await store.templates(in: space, matching: byTag).templates.map(\.key) == ["k.3"])
            var byKeys = TemplateFilter()
            byKeys.keys = ["k.5", "k.2", "nothing"]
            #expect(try await store.templates(in: space, matching: byKeys).templates.map(\.key) == ["k.2", "k.5"])
            var missing = TemplateFilter()
            missing.missingIn = ru
            #expect(try await store.templates(in: space, matching: missing).templates.count == 7)
        }
    }

    @Test("an import is all or nothing")
    func importAtomic() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let name = TestDatabase.uniqueName("import")
            let good = CatalogBundle(
                workspace: WorkspaceSpec(name: name, defaultLocale: en, locales: [en, ru]),
                templates: [TemplateSpec(key: "i.one", sourceLocale: en)],
                texts: [TextSpec(key: "i.one", locale: en, message: "One"), TextSpec(key: "i.one", locale: ru, message: "Один")])
            var bad = good
            bad.workspace.name = TestDatabase.uniqueName("import")
            bad.texts.append(TextSpec(key: "i.missing", locale: en, message: "No template"))
            await #expect(throws: StoreError.self) { try await store.importBundle(bad, author: "t") }
            await #expect(throws: StoreError.self) { try await store.workspace(named: bad.workspace.name) }
            // A text that does not pass the checks: found while the rows are written, and they are rolled back.
            var broken = good
            broken.workspace.name = TestDatabase.uniqueName("import")
            broken.texts[1].message = "Один {"
            await #expect(throws: StoreError.self) { try await store.importBundle(broken, author: "t") }
            await #expect(throws: StoreError.self) { try await store.workspace(named: broken.workspace.name) }
            let (space, summary) = try await store.importBundle(good, author: "t")
            #expect(summary.templatesCreated == 1)
            #expect(summary.textsCreated == 2)
            let again = try await store.importBundle(good, author: "t").1
            #expect(again.textsUnchanged == 2)
            let template = try await store.template(in: space, key: "i.one")
            #expect(try await store.translation(of: template, in: space, locale: ru, channel: .default)?.sourceVersion == 1)
        }
    }

    @Test("an import in bulk: versions, revisions, the source versions translations follow per channel, one logged change")
    func importVersions() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let name = TestDatabase.uniqueName("bulk")
            var bundle = CatalogBundle(
                workspace: WorkspaceSpec(name: name, defaultLocale: en, locales: [en, ru]),
                templates: [TemplateSpec(key: "b.one", tags: ["a", "b \"quoted\""], shortcut: "/one", sourceLocale: en),
                            TemplateSpec(key: "b.alias", aliases: ["utter_alias"], sourceLocale: en)],
                texts: [TextSpec(key: "b.one", locale: en, message: "One"), TextSpec(key: "b.one", locale: ru, message: "Один"),
                        TextSpec(key: "b.one", locale: ru, channel: "email", message: "Один, письмо"),
                        TextSpec(key: "b.alias", locale: en, message: "Alias")])
            let before = try await store.latestChangeID()
            let (space, first) = try await store.importBundle(bundle, author: "t")
            #expect((first.templatesCreated, first.textsCreated, first.textsUpdated) == (2, 4, 0))
            let changes = try await store.changes(after: before).changes.filter { $0.workspaceID == space.id }
            #expect(changes.map(\.templateID) == [nil], "one change for the workspace")
            let one = try await store.template(in: space, key: "b.one")
            #expect(one.tags == ["a", "b \"quoted\""] && one.shortcut == "/one")
            #expect(try await store.template(in: space, key: "b.alias").aliases == ["utter_alias"])
            // The email translation follows the source's default text: the source has no email text.
            #expect(try await store.translation(of: one, in: space, locale: ru, channel: "email")?.sourceVersion == 1)

            // The source changes, and an email source text appears: the translations keep the versions they were made from.
            bundle.texts[0].message = "One, again"
            bundle.texts.append(TextSpec(key: "b.one", locale: en, channel: "email", message: "One, by email"))
            let second = try await store.importBundle(bundle, author: "t").1
            #expect((second.textsCreated, second.textsUpdated, second.textsUnchanged) == (1, 1, 3))
            #expect(try await store.translation(of: one, in: space, locale: en, channel: .default)?.version == 2)
            #expect(try await store.translation(of: one, in: space, locale: ru, channel: .default)?.sourceVersion == 1)

            // Translated again in the same import as the source changes: made from the new source versions.
            bundle.texts[0].message = "One, third"
            bundle.texts[1].message = "Один, снова"
            bundle.texts[2].message = "Один, письмо, снова"
            let third = try await store.importBundle(bundle, author: "t").1
            #expect((third.textsCreated, third.textsUpdated, third.textsUnchanged) == (0, 3, 2))
            let russian = try await store.translation(of: one, in: space, locale: ru, channel: .default)
            #expect(russian?.version == 2 && russian?.sourceVersion == 3)
            #expect(try await store.translation(of: one, in: space, locale: ru, channel: "email")?.sourceVersion == 1,
                    "the email translation now follows the email source text, version 1")
            #expect(try await store.revisions(of: one, in: space, locale: en, channel: .default).map(\.version) == [3, 2, 1])
        }
    }

    @Test("API keys: stored hashed, authenticated, revoked")
    func keys() async throws {
        try await TestDatabase.withDatabase { database in
            let keys = KeyStore(database: database)
            let (key, secret) = try await keys.create(name: "bot", role: .render)
            #expect(secret.hasPrefix("pk_"))
            #expect(key.prefix == String(secret.prefix(10)))
            let principal = try #require(try await keys.authenticate(secret).principal)
            #expect(principal.role == .render)
            #expect(try await keys.authenticate(secret + "x") == .unknown)
            try await keys.revoke(id: key.id)
            #expect(try await keys.authenticate(secret) == .unknown)
            await #expect(throws: StoreError.self) { try await keys.revoke(id: key.id) }
        }
    }
}
