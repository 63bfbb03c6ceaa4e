import Catalog
import Foundation
import Logging
import PostgresNIO

/// Counts a replica took from memory to add to the database in one go. Its id (the replica and a
/// sequence number) makes writing it idempotent: a batch whose write was answered by an error after
/// the commit may have happened is written again under the same id, and adds nothing twice.
public struct UsageBatch: Sendable {
    public var replica: String
    public var sequence: Int64
    /// Renders by kind and hour (seconds since 1970 at the hour's start).
    public var renders: [Bucketed<RenderUse>: Int64]
    public var suggestions: [Bucketed<SuggestionOutcome>: Int64]

    public init(replica: String, sequence: Int64, renders: [Bucketed<RenderUse>: Int64] = [:],
                suggestions: [Bucketed<SuggestionOutcome>: Int64] = [:]) {
        self.replica = replica
        self.sequence = sequence
        self.renders = renders
        self.suggestions = suggestions
    }

    public var isEmpty: Bool { renders.isEmpty && suggestions.isEmpty }
}

/// Something counted in an hour.
public struct Bucketed<Value: Hashable & Sendable>: Hashable, Sendable {
    public var value: Value
    /// The hour's start, in seconds since 1970 (UTC).
    public var hour: Int64

    public init(_ value: Value, hour: Int64) {
        self.value = value
        self.hour = hour
    }
}

/// How usage is grouped in a report.
public enum UsageGrouping: String, Sendable, CaseIterable {
    case template, locale, channel, role, day
}

/// The length of a report's time series buckets.
public enum UsageInterval: String, Sendable, CaseIterable {
    case hour, day
}

/// Renders in a period, grouped, with a time series per group.
public struct UsageReport: Sendable {
    public struct Group: Sendable {
        public var key: String
        public var renders: Int64
        public var fallbacks: Int64
        /// (bucket start in seconds since 1970, renders), oldest first, buckets with renders only.
        public var series: [(at: Int64, renders: Int64)]
    }

    public struct Suggestions: Sendable {
        public var key: String
        public var shown: Int64
        public var accepted: Int64
        public var rejected: Int64
    }

    public var renders: Int64
    public var fallbacks: Int64
    /// Most renders first.
    public var groups: [Group]
    public var suggestions: [Suggestions]
}

/// What the translation team should do next, by how many customers it would reach.
public struct DemandReport: Sendable {
    /// A locale asked for that the workspace does not have, and where it was served from.
    public struct AskedLocale: Sendable {
        public var locale: String
        public var servedFrom: String
        public var renders: Int64
    }

    /// A template's text missing in a workspace locale that was asked for.
    public struct MissingText: Sendable {
        public var key: String
        public var locale: String
        public var servedFrom: String
        public var renders: Int64
    }

    /// A text used in the period although its source changed since it was translated.
    public struct OutdatedText: Sendable {
        public var key: String
        public var locale: String
        public var renders: Int64
    }

    /// A live template not rendered in the period; when it last was, if ever since rows were kept.
    public struct UnusedTemplate: Sendable {
        public var key: String
        /// Seconds since 1970.
        public var lastUsed: Int64?
    }

    public var locales: [AskedLocale]
    public var missing: [MissingText]
    public var outdated: [OutdatedText]
    public var unused: [UnusedTemplate]
}

extension CatalogStore {
    /// The most rows a demand list answers.
    static let demandListLimit = 500

    // MARK: Writing

    /// Adds a batch's counts, once: false when a batch with its id was written before.
    @discardableResult
    public func recordUsage(_ batch: UsageBatch) async throws -> Bool {
        // Sorted by key, so that replicas flushing at once lock rows in the same order (no deadlock).
        let renders = batch.renders.sorted { Self.renderOrder($0.key, $1.key) }
        let suggestions = batch.suggestions.sorted {
            ($0.key.value.workspaceID, $0.key.hour, $0.key.value.templateID) < ($1.key.value.workspaceID, $1.key.hour, $1.key.value.templateID)
        }
        let logger = self.logger
        return try await client.transaction(logger: logger) { connection in
            let first = try await connection.query("""
                INSERT INTO usage_flushes (replica, sequence) VALUES (\(batch.replica), \(batch.sequence))
                ON CONFLICT DO NOTHING RETURNING 1
                """, logger: logger)
            var isNew = false
            for try await _ in first { isNew = true }
            guard isNew else { return false }
            if !renders.isEmpty {
                let workspaces = renders.map(\.key.value.workspaceID), hours = renders.map(\.key.hour)
                let templates = renders.map(\.key.value.templateID), requested = renders.map(\.key.value.requested)
                let wanted = renders.map(\.key.value.wanted), served = renders.map(\.key.value.served)
                let channels = renders.map(\.key.value.channel), roles = renders.map(\.key.value.role.rawValue)
                let counts = renders.map(\.value)
                _ = try await connection.query("""
                    INSERT INTO usage_renders AS u (workspace_id, bucket, span, template_id, requested_locale, wanted_locale,
                                                    served_locale, channel, role, renders)
                    SELECT w, to_timestamp(h), 'hour', t, r, wa, s, c, ro, n
                    FROM unnest(\(workspaces)::bigint[], \(hours)::bigint[], \(templates)::bigint[], \(requested)::text[],
                                \(wanted)::text[], \(served)::text[], \(channels)::text[], \(roles)::text[], \(counts)::bigint[])
                         WITH ORDINALITY AS x(w, h, t, r, wa, s, c, ro, n, i)
                    ORDER BY i
                    ON CONFLICT (workspace_id, bucket, span, template_id, requested_locale, wanted_locale, served_locale, channel, role)
                    DO UPDATE SET renders = u.renders + EXCLUDED.renders
                    """, logger: logger)
            }
            if !suggestions.isEmpty {
                var merged: [(Int64, Int64, Int64, [Int64])] = []  // workspace, hour, template, [shown, accepted, rejected]
                for (key, count) in suggestions {
                    let column = SuggestionOutcome.Kind.allCases.firstIndex(of: key.value.kind)!
                    if let last = merged.last, last.0 == key.value.workspaceID, last.1 == key.hour, last.2 == key.value.templateID {
                        merged[merged.count - 1].3[column] += count
                    } else {
                        var counts: [Int64] = [0, 0, 0]
                        counts[column] = count
                        merged.append((key.value.workspaceID, key.hour, key.value.templateID, counts))
                    }
                }
                let workspaces = merged.map(\.0), hours = merged.map(\.1), templates = merged.map(\.2)
                let shown = merged.map { $0.3[0] }, accepted = merged.map { $0.3[1] }, rejected = merged.map { $0.3[2] }
                _ = try await connection.query("""
                    INSERT INTO usage_suggestions AS u (workspace_id, bucket, span, template_id, shown, accepted, rejected)
                    SELECT w, to_timestamp(h), 'hour', t, s, a, r
                    FROM unnest(\(workspaces)::bigint[], \(hours)::bigint[], \(templates)::bigint[], \(shown)::bigint[],
                                \(accepted)::bigint[], \(rejected)::bigint[]) WITH ORDINALITY AS x(w, h, t, s, a, r, i)
                    ORDER BY i
                    ON CONFLICT (workspace_id, bucket, span, template_id)
                    DO UPDATE SET shown = u.shown + EXCLUDED.shown, accepted = u.accepted + EXCLUDED.accepted,
                                  rejected = u.rejected + EXCLUDED.rejected
                    """, logger: logger)
            }
            return true
        }
    }

    static func renderOrder(_ a: Bucketed<RenderUse>, _ b: Bucketed<RenderUse>) -> Bool {
        let (x, y) = (a.value, b.value)
        if (x.workspaceID, a.hour, x.templateID) != (y.workspaceID, b.hour, y.templateID) {
            return (x.workspaceID, a.hour, x.templateID) < (y.workspaceID, b.hour, y.templateID)
        }
        return (x.requested, x.wanted, x.served, x.channel, x.role.rawValue) < (y.requested, y.wanted, y.served, y.channel, y.role.rawValue)
    }

    /// Rolls hourly rows older than `hoursBefore` up into daily rows, deletes daily rows older than
    /// `daysBefore`, and forgets flush ids old enough never to be retried. Safe to run on many
    /// replicas at once: rows are moved by the statement that deletes them.
    public func compactUsage(hoursBefore: Date, daysBefore: Date) async throws {
        let logger = self.logger
        try await client.transaction(logger: logger) { connection in
            _ = try await connection.query("""
                WITH moved AS (DELETE FROM usage_renders WHERE span = 'hour' AND bucket < \(hoursBefore) RETURNING *)
                INSERT INTO usage_renders AS u (workspace_id, bucket, span, template_id, requested_locale, wanted_locale,
                                                served_locale, channel, role, renders)
                SELECT workspace_id, date_trunc('day', bucket, 'UTC'), 'day', template_id, requested_locale, wanted_locale,
                       served_locale, channel, role, sum(renders)
                FROM moved GROUP BY 1, 2, 4, 5, 6, 7, 8, 9 ORDER BY 1, 2, 4, 5, 6, 7, 8, 9
                ON CONFLICT (workspace_id, bucket, span, template_id, requested_locale, wanted_locale, served_locale, channel, role)
                DO UPDATE SET renders = u.renders + EXCLUDED.renders
                """, logger: logger)
            _ = try await connection.query("""
                WITH moved AS (DELETE FROM usage_suggestions WHERE span = 'hour' AND bucket < \(hoursBefore) RETURNING *)
                INSERT INTO usage_suggestions AS u (workspace_id, bucket, span, template_id, shown, accepted, rejected)
                SELECT workspace_id, date_trunc('day', bucket, 'UTC'), 'day', template_id, sum(shown), sum(accepted), sum(rejected)
                FROM moved GROUP BY 1, 2, 4 ORDER BY 1, 2, 4
                ON CONFLICT (workspace_id, bucket, span, template_id)
                DO UPDATE SET shown = u.shown + EXCLUDED.shown, accepted = u.accepted + EXCLUDED.accepted,
                              rejected = u.rejected + EXCLUDED.rejected
                """, logger: logger)
            _ = try await connection.query("DELETE FROM usage_renders WHERE span = 'day' AND bucket < \(daysBefore)", logger: logger)
            _ = try await connection.query("DELETE FROM usage_suggestions WHERE span = 'day' AND bucket < \(daysBefore)", logger: logger)
            _ = try await connection.query("DELETE FROM usage_flushes WHERE written_at < now() - interval '2 days'", logger: logger)
        }
    }

    // MARK: Reading

    /// Renders in `[from, to)`, grouped, with a series per group; and suggestion outcomes per template.
    public func usage(of workspace: Workspace, from: Date, to: Date, by grouping: UsageGrouping,
                      every interval: UsageInterval) async throws -> UsageReport {
        let group: String
        switch grouping {
        case .template: group = "t.key"
        case .locale: group = "u.requested_locale"
        case .channel: group = "u.channel"
        case .role: group = "u.role"
        case .day: group = "to_char(date_trunc('day', u.bucket, 'UTC') AT TIME ZONE 'UTC', 'YYYY-MM-DD')"
        }
        let rows = try await client.query("""
            SELECT \(unescaped: group), extract(epoch FROM date_trunc(\(interval.rawValue), u.bucket, 'UTC'))::bigint,
                   sum(u.renders)::bigint, (sum(u.renders) FILTER (WHERE u.requested_locale <> u.served_locale))::bigint
            FROM usage_renders u JOIN templates t ON t.workspace_id = u.workspace_id AND t.id = u.template_id
            WHERE u.workspace_id = \(workspace.id) AND u.bucket >= \(from) AND u.bucket < \(to)
            GROUP BY 1, 2
            """, logger: logger)
        var groups: [String: UsageReport.Group] = [:]
        for try await (key, at, renders, fallbacks) in rows.decode((String, Int64, Int64, Int64?).self) {
            groups[key, default: .init(key: key, renders: 0, fallbacks: 0, series: [])].renders += renders
            groups[key]!.fallbacks += fallbacks ?? 0
            groups[key]!.series.append((at, renders))
        }
        var report = UsageReport(renders: 0, fallbacks: 0, groups: [], suggestions: [])
        for var group in groups.values {
            group.series.sort { $0.at < $1.at }
            report.renders += group.renders
            report.fallbacks += group.fallbacks
            report.groups.append(group)
        }
        report.groups.sort { ($0.renders, $1.key) > ($1.renders, $0.key) }
        for try await (key, shown, accepted, rejected) in try await client.query("""
            SELECT t.key, sum(u.shown)::bigint, sum(u.accepted)::bigint, sum(u.rejected)::bigint
            FROM usage_suggestions u JOIN templates t ON t.workspace_id = u.workspace_id AND t.id = u.template_id
            WHERE u.workspace_id = \(workspace.id) AND u.bucket >= \(from) AND u.bucket < \(to)
            GROUP BY t.key ORDER BY 2 DESC, 1
            """, logger: logger).decode((String, Int64, Int64, Int64).self) {
            report.suggestions.append(.init(key: key, shown: shown, accepted: accepted, rejected: rejected))
        }
        return report
    }

    /// The locales and texts customers asked for and did not get, by renders in `[from, to)`; texts
    /// outdated now that were used then; live templates not rendered since `unusedSince`.
    public func demand(of workspace: Workspace, from: Date, to: Date, unusedSince: Date) async throws -> DemandReport {
        var report = DemandReport(locales: [], missing: [], outdated: [], unused: [])
        let locales = workspace.locales.map(\.tag)
        let limit = Self.demandListLimit
        for try await (locale, served, renders) in try await client.query("""
            SELECT requested_locale, served_locale, sum(renders)::bigint FROM usage_renders
            WHERE workspace_id = \(workspace.id) AND bucket >= \(from) AND bucket < \(to)
              AND requested_locale <> served_locale AND requested_locale <> \(UsageLocale.unknown)
              AND NOT (requested_locale = ANY (\(locales)::text[]))
            GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT \(limit)
            """, logger: logger).decode((String, String, Int64).self) {
            report.locales.append(.init(locale: locale, servedFrom: served, renders: renders))
        }
        // Missing now: a text added since stops the demand for it.
        for try await (key, locale, served, renders) in try await client.query("""
            SELECT t.key, u.wanted_locale, u.served_locale, sum(u.renders)::bigint
            FROM usage_renders u JOIN templates t ON t.workspace_id = u.workspace_id AND t.id = u.template_id AND NOT t.archived
            WHERE u.workspace_id = \(workspace.id) AND u.bucket >= \(from) AND u.bucket < \(to)
              AND u.wanted_locale <> u.served_locale
              AND NOT EXISTS (SELECT 1 FROM translations tr WHERE tr.workspace_id = u.workspace_id
                              AND tr.template_id = u.template_id AND tr.locale = u.wanted_locale)
            GROUP BY 1, 2, 3 ORDER BY 4 DESC, 1, 2, 3 LIMIT \(limit)
            """, logger: logger).decode((String, String, String, Int64).self) {
            report.missing.append(.init(key: key, locale: locale, servedFrom: served, renders: renders))
        }
        // Outdated as coverage counts it (SourceText's rule, in SQL), for the texts renders are counted against.
        for try await (key, locale, renders) in try await client.query("""
            SELECT t.key, tr.locale, sum(u.renders)::bigint
            FROM translations tr
            JOIN templates t ON t.workspace_id = tr.workspace_id AND t.id = tr.template_id AND NOT t.archived
            JOIN usage_renders u ON u.workspace_id = tr.workspace_id AND u.template_id = tr.template_id
                 AND u.served_locale = tr.locale AND u.bucket >= \(from) AND u.bucket < \(to)
            WHERE tr.workspace_id = \(workspace.id) AND tr.channel = 'default' AND tr.locale <> t.source_locale
              AND tr.source_version < source_version(tr.workspace_id, tr.template_id, t.source_locale, tr.channel)
            GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2 LIMIT \(limit)
            """, logger: logger).decode((String, String, Int64).self) {
            report.outdated.append(.init(key: key, locale: locale, renders: renders))
        }
        for try await (key, lastUsed) in try await client.query("""
            SELECT t.key, extract(epoch FROM max(u.bucket))::bigint
            FROM templates t LEFT JOIN usage_renders u ON u.workspace_id = t.workspace_id AND u.template_id = t.id
            WHERE t.workspace_id = \(workspace.id) AND NOT t.archived
            GROUP BY t.key HAVING max(u.bucket) IS NULL OR max(u.bucket) < \(unusedSince)
            ORDER BY 2 NULLS FIRST, 1 LIMIT \(limit)
            """, logger: logger).decode((String, Int64?).self) {
            report.unused.append(.init(key: key, lastUsed: lastUsed))
        }
        return report
    }
}

extension CatalogStore {
    /// The same counts as ``recordUsage(_:)`` writes, one upsert per row in one transaction: the
    /// straightforward way, kept as the peer of `parley bench usage`.
    public func recordUsageRowByRow(_ batch: UsageBatch) async throws {
        let logger = self.logger
        let renders = batch.renders.sorted { Self.renderOrder($0.key, $1.key) }
        try await client.transaction(logger: logger) { connection in
            for (key, count) in renders {
                let use = key.value
                _ = try await connection.query("""
                    INSERT INTO usage_renders AS u (workspace_id, bucket, span, template_id, requested_locale, wanted_locale,
                                                    served_locale, channel, role, renders)
                    VALUES (\(use.workspaceID), to_timestamp(\(key.hour)), 'hour', \(use.templateID), \(use.requested), \(use.wanted),
                            \(use.served), \(use.channel), \(use.role.rawValue), \(count))
                    ON CONFLICT (workspace_id, bucket, span, template_id, requested_locale, wanted_locale, served_locale, channel, role)
                    DO UPDATE SET renders = u.renders + EXCLUDED.renders
                    """, logger: logger)
            }
        }
    }
}
