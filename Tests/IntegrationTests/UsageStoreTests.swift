import Catalog
import Foundation
import ICU
import Server
import Store
import Testing

@Suite("Usage in the store", .needsDatabase)
struct UsageStoreTests {
    let en = try! LocaleID("en")
    let ko = try! LocaleID("ko")
    let hour: Int64 = Int64(Date().timeIntervalSince1970) / 3600 * 3600

    func workspace(_ store: CatalogStore) async throws -> (Workspace, [Template]) {
        let space = try await store.createWorkspace(name: TestDatabase.uniqueName("usage"), defaultLocale: en, locales: [en, ko])
        var templates: [Template] = []
        for key in ["a.one", "a.two"] {
            let template = try await store.createTemplate(in: space, TemplateSpec(key: key, sourceLocale: en))
            _ = try await store.putTranslation(of: template, in: space, locale: en, channel: .default, message: "Hi",
                                               state: .approved, expecting: .absent, author: "ana")
            templates.append(template)
        }
        return (space, templates)
    }

    func use(_ space: Workspace, _ template: Template, requested: String, served: String = "en") -> RenderUse {
        RenderUse(workspaceID: space.id, templateID: template.id, requested: requested, wanted: requested == "ko" ? "ko" : served,
                  served: served, channel: "default", role: .render)
    }

    func week(_ store: CatalogStore, _ space: Workspace, by grouping: UsageGrouping = .template) async throws -> UsageReport {
        try await store.usage(of: space, from: Date().addingTimeInterval(-7 * 86_400), to: Date().addingTimeInterval(3600),
                              by: grouping, every: .day)
    }

    @Test("counts past their bound in memory are written before the flush interval is up")
    func flushWhenFull() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let (space, templates) = try await workspace(store)
            var settings = UsageSettings()
            settings.flushInterval = .seconds(3600)
            settings.flushAtEntries = 3
            let counter = UsageCounter()
            let recorder = UsageRecorder(counter: counter, store: store, settings: settings, logger: TestDatabase.logger)
            let running = Task { try await recorder.run() }
            for requested in ["en", "fr", "de", "es"] { counter.count(use(space, templates[0], requested: requested)) }
            let deadline = ContinuousClock.now + .seconds(5)
            var written: Int64 = 0
            while written < 4, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(100))
                written = try await week(store, space).renders
            }
            running.cancel()
            _ = await running.result
            #expect(written == 4, "four distinct counts, over the bound of three, written within seconds, not the hour")
        }
    }

    @Test("a batch written again under its id (its first answer was lost) adds nothing")
    func idempotent() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let (space, templates) = try await workspace(store)
            let batch = UsageBatch(replica: UUID().uuidString, sequence: 1,
                                   renders: [Bucketed(use(space, templates[0], requested: "en"), hour: hour): 5],
                                   suggestions: [Bucketed(SuggestionOutcome(workspaceID: space.id, templateID: templates[0].id, kind: .accepted), hour: hour): 2])
            #expect(try await store.recordUsage(batch))
            #expect(try await !store.recordUsage(batch))
            let report = try await week(store, space)
            #expect(report.renders == 5)
            #expect(report.suggestions.map(\.accepted) == [2])
        }
    }

    @Test("many replicas adding to the same rows at once: every count lands once, no deadlock")
    func concurrent() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let (space, templates) = try await workspace(store)
            let replicas = 8, batches = 5
            try await withThrowingTaskGroup(of: Void.self) { group in
                for replica in 0..<replicas {
                    group.addTask {
                        for sequence in 1...batches {
                            var renders: [Bucketed<RenderUse>: Int64] = [:]
                            // The same rows, listed in a different order by each replica.
                            let keys = [("en", templates[0]), ("ko", templates[1]), ("en", templates[1]), ("ko", templates[0])]
                            for (requested, template) in replica % 2 == 0 ? keys : keys.reversed() {
                                renders[Bucketed(use(space, template, requested: requested), hour: hour)] = 3
                            }
                            try await store.recordUsage(UsageBatch(replica: "r\(replica)-\(space.id)", sequence: Int64(sequence), renders: renders))
                        }
                    }
                }
                try await group.waitForAll()
            }
            let report = try await week(store, space, by: .locale)
            #expect(report.renders == Int64(replicas * batches * 4 * 3))
            #expect(Dictionary(uniqueKeysWithValues: report.groups.map { ($0.key, $0.renders) }) == ["en": 240, "ko": 240])
            #expect(report.fallbacks == 240)  // ko served from en
        }
    }

    @Test("hourly rows past retention roll up into days, totals unchanged; days past theirs go")
    func rollUp() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let (space, templates) = try await workspace(store)
            let old = hour - 20 * 86_400
            var renders: [Bucketed<RenderUse>: Int64] = [:]
            for offset in [0, 1, 2, 30] as [Int64] {  // three hours of one day and one of the next
                renders[Bucketed(use(space, templates[0], requested: "ko"), hour: old + offset * 3600)] = 10
            }
            renders[Bucketed(use(space, templates[1], requested: "en"), hour: hour)] = 4
            renders[Bucketed(use(space, templates[1], requested: "en"), hour: hour - 500 * 86_400)] = 9
            try await store.recordUsage(UsageBatch(replica: UUID().uuidString, sequence: 1, renders: renders))
            let period = (from: Date(timeIntervalSince1970: TimeInterval(old - 86_400)), to: Date().addingTimeInterval(3600))
            let before = try await store.usage(of: space, from: period.from, to: period.to, by: .day, every: .day)
            try await store.compactUsage(hoursBefore: Date().addingTimeInterval(-14 * 86_400), daysBefore: Date().addingTimeInterval(-400 * 86_400))
            try await store.compactUsage(hoursBefore: Date().addingTimeInterval(-14 * 86_400), daysBefore: Date().addingTimeInterval(-400 * 86_400))
            let after = try await store.usage(of: space, from: period.from, to: period.to, by: .day, every: .day)
            #expect(after.renders == 44 && before.renders == 44)
            #expect(after.groups.map(\.renders).sorted() == before.groups.map(\.renders).sorted())
            let hourly = try await store.usage(of: space, from: period.from, to: Date(timeIntervalSince1970: TimeInterval(old + 86_400 * 2)),
                                               by: .template, every: .hour)
            // Rolled up: one point per day left, at the day's start.
            #expect(hourly.groups.first?.series.allSatisfy { $0.at % 86_400 == 0 } == true)
            let all = try await store.usage(of: space, from: Date(timeIntervalSince1970: TimeInterval(hour - 510 * 86_400)),
                                            to: Date(timeIntervalSince1970: TimeInterval(hour - 110 * 86_400)), by: .template, every: .day)
            #expect(all.renders == 0)  // the 500-day-old row is gone
        }
    }

    @Test("demand: missing texts by renders, not once translated; unused templates")
    func demand() async throws {
        try await TestDatabase.withDatabase { database in
            let store = CatalogStore(database: database)
            let (space, templates) = try await workspace(store)
            let renders: [Bucketed<RenderUse>: Int64] = [
                Bucketed(use(space, templates[0], requested: "ko"), hour: hour): 900,
                Bucketed(use(space, templates[0], requested: "es-MX"), hour: hour): 1234,
                Bucketed(use(space, templates[0], requested: "en"), hour: hour): 50,
            ]
            try await store.recordUsage(UsageBatch(replica: UUID().uuidString, sequence: 1, renders: renders))
            let window = (Date().addingTimeInterval(-86_400), Date().addingTimeInterval(3600))
            var report = try await store.demand(of: space, from: window.0, to: window.1, unusedSince: window.0)
            #expect(report.locales.map { "\($0.locale)<\($0.servedFrom):\($0.renders)" } == ["es-MX<en:1234"])
            #expect(report.missing.map { "\($0.key)/\($0.locale)<\($0.servedFrom):\($0.renders)" } == ["a.one/ko<en:900"])
            #expect(report.unused.map(\.key) == ["a.two"])
            _ = try await store.putTranslation(of: templates[0], in: space, locale: ko, channel: .default, message: "안녕",
                                               state: .approved, expecting: .absent, author: "min")
            report = try await store.demand(of: space, from: window.0, to: window.1, unusedSince: window.0)
            #expect(report.missing.isEmpty)
        }
    }
}
