import Catalog
import Foundation
import Hummingbird
import MessageFormat
import ParleyAPI
import Store

/// `GET …/usage` and `GET …/demand`: what customers asked for, in which languages, and what they
/// did not get. Both read the database after adding this replica's own counts to it.
struct UsageRoutes {
    let cache: RenderCache
    let store: CatalogStore
    let recorder: UsageRecorder

    func register(on group: RouterGroup<ParleyContext>) {
        group.get("workspaces/:workspace/usage", use: usage)
        group.get("workspaces/:workspace/demand", use: demand)
    }

    @Sendable func usage(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .agent)
        let query = request.uri.queryParameters
        let period = try UsagePeriod(from: query["from"].map(String.init), to: query["to"].map(String.init))
        let grouping = try Self.choice(query["by"], UsageGrouping.self, "by", default: .template)
        let interval = try Self.choice(query["every"], UsageInterval.self, "every", default: .day)
        try await recorder.flush()
        let report = try await store.usage(of: workspace, from: period.from, to: period.to, by: grouping, every: interval)
        return try JSON.response(Contract.Usage(
            workspace: workspace.name, from: UsagePeriod.format(period.from), to: UsagePeriod.format(period.to),
            by: grouping.rawValue, every: interval.rawValue,
            total: .init(renders: Int(report.renders), fallbacks: Int(report.fallbacks)),
            groups: report.groups.map { group in
                .init(key: group.key, renders: Int(group.renders), fallbacks: Int(group.fallbacks),
                      series: group.series.map { .init(at: UsagePeriod.format(seconds: $0.at), renders: Int($0.renders)) })
            },
            suggestions: report.suggestions.map { .init(key: $0.key, shown: Int($0.shown), accepted: Int($0.accepted), rejected: Int($0.rejected)) }))
    }

    @Sendable func demand(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .agent)
        let query = request.uri.queryParameters
        let period = try UsagePeriod(from: query["from"].map(String.init), to: query["to"].map(String.init))
        var unusedDays = 30
        if let text = query["unusedDays"] {
            guard let days = Int(text), (1...400).contains(days) else { throw APIError.badRequest("'unusedDays' is a number of days from 1 to 400") }
            unusedDays = days
        }
        try await recorder.flush()
        let report = try await store.demand(of: workspace, from: period.from, to: period.to,
                                            unusedSince: period.to.addingTimeInterval(-Double(unusedDays) * 86_400))
        return try JSON.response(Contract.Demand(
            workspace: workspace.name, from: UsagePeriod.format(period.from), to: UsagePeriod.format(period.to), unusedDays: unusedDays,
            locales: report.locales.map { .init(locale: $0.locale, servedFrom: $0.servedFrom, renders: Int($0.renders)) },
            missing: report.missing.map { .init(key: $0.key, locale: $0.locale, servedFrom: $0.servedFrom, renders: Int($0.renders)) },
            outdated: report.outdated.map { .init(key: $0.key, locale: $0.locale, renders: Int($0.renders)) },
            unused: report.unused.map { .init(key: $0.key, lastUsed: $0.lastUsed.map { UsagePeriod.format(seconds: $0) }) }))
    }

    /// One of an enumeration's values from a query parameter, or a 400 listing them.
    static func choice<Value: RawRepresentable & CaseIterable>(_ text: Substring?, _: Value.Type, _ name: String,
                                                               default value: Value) throws -> Value where Value.RawValue == String {
        guard let text else { return value }
        guard let chosen = Value(rawValue: String(text)) else {
            throw APIError.badRequest("'\(name)' is one of \(Value.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return chosen
    }
}

/// The period a usage report covers: `[from, to)`, each an RFC 3339 time or a day (UTC); a day as
/// `to` means the end of that day. By default the 7 days before now; at most 400 days.
struct UsagePeriod {
    var from: Date
    var to: Date

    init(from: String?, to: String?, now: Date = Date()) throws {
        let end = try to.map { try Self.parse($0, name: "to", endOfDay: true) } ?? now
        let start = try from.map { try Self.parse($0, name: "from", endOfDay: false) } ?? end.addingTimeInterval(-7 * 86_400)
        // Well-formed times that make no period: the request is understood but cannot be answered.
        guard start < end else { throw APIError(.unprocessableContent, "invalid-period", "'from' must come before 'to'") }
        guard end.timeIntervalSince(start) <= 400 * 86_400 else { throw APIError(.unprocessableContent, "invalid-period", "a period is at most 400 days") }
        (self.from, self.to) = (start, end)
    }

    /// Read as arguments' dates are (MessageFormat's ISO 8601 reader), so the API has one reading of
    /// a time; a day alone is midnight UTC, or the next midnight as the end.
    private static func parse(_ text: String, name: String, endOfDay: Bool) throws -> Date {
        guard case .date(let milliseconds)? = ArgumentValue.date(iso8601: text) else {
            throw APIError.badRequest("'\(name)' is an RFC 3339 time (2026-12-01T09:30:00Z) or a day (2026-12-01), not '\(text)'")
        }
        let date = Date(timeIntervalSince1970: milliseconds / 1000)
        return endOfDay && text.utf8.count == 10 ? date.addingTimeInterval(86_400) : date
    }

    /// `2026-12-05T04:00:00Z`.
    static func format(_ date: Date) -> String {
        ISO8601DateFormatter().string(from: date)
    }

    static func format(seconds: Int64) -> String {
        format(Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
