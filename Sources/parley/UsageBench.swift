import ArgumentParser
import Catalog
import Foundation
import Server
import Store

struct UsageBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Count renders in memory and flush them, beside a flush of one statement per row.",
        discussion: """
            Counts --renders renders across --keys distinct kinds (template, locales, channel, role) through \
            the counter the render path uses, then writes them as one flush does (one statement for all rows) \
            and, in the next hour's bucket, as one upsert per row in one transaction. Each is done twice: \
            into new rows, then adding to them. Writes rows of workspace id -1: use a scratch database.

            Example: DATABASE_URL=postgres://… parley bench usage
            """
    )

    @Option(name: .long, help: "Renders to count.") var renders = 1_000_000
    @Option(name: .long, help: "Distinct kinds of render among them.") var keys = 10_000
    @OptionGroup var database: DatabaseOptions

    func run() async throws {
        let (renders, keys) = (renders, keys)
        try await DatabaseSession.with(database) { db in
            _ = try await Migrator().migrate(db)
            let store = CatalogStore(database: db)
            let locales = ["en", "es-MX", "ko", "fr"]
            let kinds = (0..<keys).map { index in
                RenderUse(workspaceID: -1, templateID: Int64(index / locales.count), requested: locales[index % locales.count],
                          wanted: locales[index % locales.count], served: index % 7 == 0 ? "en" : locales[index % locales.count],
                          channel: index % 2 == 0 ? "default" : "email", role: .render)
            }
            let counter = UsageCounter()
            let clock = ContinuousClock()
            let counting = clock.measure {
                for index in 0..<renders { counter.count(kinds[index % kinds.count]) }
            }
            var tally = counter.take()
            print("counted \(renders) renders in \(tally.renders.count) rows: \(Self.nanoseconds(counting, renders)) ns per render")
            let replica = UUID().uuidString
            for (sequence, round) in ["new rows", "adding to them"].enumerated() {
                let ours = try await clock.measure {
                    try await store.recordUsage(UsageBatch(replica: replica, sequence: Int64(sequence + 1), renders: tally.renders))
                }
                // The peer writes the next hour's rows, so that both write the same amount.
                let later = Dictionary(uniqueKeysWithValues: tally.renders.map { (Bucketed($0.key.value, hour: $0.key.hour + 3600), $0.value) })
                let peer = try await clock.measure {
                    try await store.recordUsageRowByRow(UsageBatch(replica: replica, sequence: 0, renders: later))
                }
                print("flush, \(round): one statement \(Self.milliseconds(ours)) ms, one per row \(Self.milliseconds(peer)) ms, ratio \(String(format: "%.1f", Self.seconds(peer) / Self.seconds(ours)))×")
            }
            tally = counter.take()
            precondition(tally.renders.isEmpty)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func milliseconds(_ duration: Duration) -> String { String(format: "%.0f", seconds(duration) * 1000) }

    static func nanoseconds(_ duration: Duration, _ count: Int) -> String { String(format: "%.0f", seconds(duration) * 1e9 / Double(count)) }
}
