import ArgumentParser
import Foundation
import ParleyAPI
import ParleyClient

/// A period back from now, as commands take it: `7d`, `24h`.
struct Since: ExpressibleByArgument, Sendable {
    var seconds: Int

    init?(argument: String) {
        guard let unit = argument.last, let count = Int(argument.dropLast()), count > 0 else { return nil }
        switch unit {
        case "d": seconds = count * 86_400
        case "h": seconds = count * 3_600
        default: return nil
        }
        guard seconds <= 400 * 86_400 else { return nil }
    }

    /// The period's start as RFC 3339.
    var start: String { ISO8601DateFormatter().string(from: Date().addingTimeInterval(-Double(seconds))) }

    static let help = ArgumentHelp("How far back: a number of days or hours (7d, 24h; at most 400d).", valueName: "period")
}

struct UsageCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "usage",
        abstract: "Renders over a period: by template, the locale customers asked for, channel, role or day.",
        discussion: """
            Counted by every replica (renders, batches and the replies agents copy in the desk; not previews) \
            and added to the database every flush interval; suggestions shown, accepted and rejected follow.

            Examples:
              parley usage --since 7d
              parley usage --by locale --since 24h --json
            """
    )

    enum Grouping: String, ExpressibleByArgument, CaseIterable { case template, locale, channel, role, day }

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: "How to group the renders.") var by: Grouping = .template
    @Option(name: .long, help: Since.help) var since = Since(argument: "7d")!

    func run() async throws {
        do {
            let usage = try await remote.client().usage(from: since.start, by: by.rawValue)
            if remote.json { Output.json(usage); return }
            print("\(usage.total.renders) renders, \(usage.total.fallbacks) in another locale than asked, \(usage.from) to \(usage.to)")
            Output.table([by.rawValue, "renders", "fallbacks"], usage.groups.map { [$0.key, "\($0.renders)", "\($0.fallbacks)"] })
            if !usage.suggestions.isEmpty {
                print("")
                Output.table(["suggested", "shown", "accepted", "rejected"],
                             usage.suggestions.map { [$0.key, "\($0.shown)", "\($0.accepted)", "\($0.rejected)"] })
            }
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

/// `parley missing --by-demand`: a translator's work, most customers reached first.
struct DemandItem: Encodable {
    /// `locale`: a locale the workspace lacks; `missing`: a template's text; `outdated`: a text to update.
    var kind: String
    var locale: String
    var key: String?
    var servedFrom: String?
    var renders: Int

    /// The demand's items, ranked by renders; `locale` keeps one locale's.
    static func items(_ demand: Components.Schemas.Demand, locale: String?, outdated: Bool) -> [DemandItem] {
        var items = demand.locales.map { DemandItem(kind: "locale", locale: $0.locale, servedFrom: $0.servedFrom, renders: $0.renders) }
        items += demand.missing.map { DemandItem(kind: "missing", locale: $0.locale, key: $0.key, servedFrom: $0.servedFrom, renders: $0.renders) }
        if outdated { items += demand.outdated.map { DemandItem(kind: "outdated", locale: $0.locale, key: $0.key, renders: $0.renders) } }
        if let locale { items = items.filter { $0.locale == locale } }
        // Stable: the server's order within each list breaks ties.
        return items.enumerated().sorted { ($0.element.renders, $1.offset) > ($1.element.renders, $0.offset) }.map(\.element)
    }

    var line: String {
        switch kind {
        case "locale": return "\(locale)\t(not a locale of the workspace)\t\(renders) renders served from \(servedFrom ?? "")"
        case "missing": return "\(locale)\t\(key ?? "")\tmissing: \(renders) renders served from \(servedFrom ?? "")"
        default: return "\(locale)\t\(key ?? "")\toutdated: \(renders) renders"
        }
    }
}
