import ICU
import Synchronization

/// A workspace's search index, in memory: every template's texts and examples in every locale,
/// and its key, shortcut, category and tags, ranked with BM25 (see ``BM25``). Pure: no I/O.
/// Readers run concurrently; a change takes the index alone for the time of one template.
///
/// ```swift
/// let index = SearchIndex()
/// index.replace(SearchTemplate(key: "payments.refund_status", shortcut: "/refund", sourceLocale: en,
///                              locales: [en: .init(texts: [.default: "Your refund…"], examples: ["where is my refund"])]))
/// index.suggest("refund??", locale: en, backup: en, limit: 3).first?.key   // "payments.refund_status"
/// ```
public final class SearchIndex: @unchecked Sendable {
    private let lock = ReadWriteLock()
    private var partitions: [LocaleID: LocalePartition] = [:]
    /// Shortcuts without their `/`, case-folded, to keys.
    private var shortcuts: [String: String] = [:]
    private var shortcutOfKey: [String: String] = [:]
    private var locales: [String: [LocaleID]] = [:]
    private var votes: [String: [FeedbackVote]] = [:]
    /// Per locale, per key, the votes' terms.
    private var storedVotes: [LocaleID: [String: [StoredVote]]] = [:]

    public init() {}

    // MARK: Changes

    /// Sets a template's entries: one document per locale it has words in. Unchanged locales
    /// cost a hash of their texts.
    public func replace(_ template: SearchTemplate) {
        // Words are read outside the lock; only changed locales are read at all.
        let current = lock.reading { Set(template.locales.keys.filter { partitions[$0]?.isCurrent(template.key, fingerprint: template.fingerprint(in: $0)) == true }) }
        let changed = template.locales.keys.filter { !current.contains($0) }.compactMap { locale in
            folder(for: locale).map { ($0, template.fields(in: locale), template.fingerprint(in: locale)) }
        }
        lock.writing {
            for (folder, fields, fingerprint) in changed {
                partition(folder).replace(key: template.key, fields: fields, fingerprint: fingerprint)
            }
            for gone in (locales[template.key] ?? []) where template.locales[gone] == nil {
                partitions[gone]?.remove(key: template.key)
            }
            locales[template.key] = Array(template.locales.keys)
            if let old = shortcutOfKey.removeValue(forKey: template.key) { shortcuts[old] = nil }
            if let shortcut = template.shortcut.map(Self.shortcutName), !shortcut.isEmpty {
                shortcuts[shortcut] = template.key
                shortcutOfKey[template.key] = shortcut
            }
        }
    }

    /// Drops a template (archived, or gone).
    public func remove(key: String) {
        lock.writing {
            for locale in locales.removeValue(forKey: key) ?? [] { partitions[locale]?.remove(key: key) }
            if let old = shortcutOfKey.removeValue(forKey: key) { shortcuts[old] = nil }
        }
    }

    /// Sets the agents' votes on one template (none: its feedback was erased).
    public func setFeedback(_ newVotes: [FeedbackVote], for key: String) {
        let folded = newVotes.compactMap { vote in
            folder(for: vote.locale).map { (vote.locale, StoredVote(voter: vote.voter, accepted: vote.accepted, terms: Set($0.terms(in: vote.text)))) }
        }
        lock.writing {
            votes[key] = newVotes.isEmpty ? nil : newVotes
            for locale in storedVotes.keys { storedVotes[locale]?[key] = nil }
            for (locale, vote) in folded { storedVotes[locale, default: [:]][key, default: []].append(vote) }
        }
    }

    /// The keys of the templates the index holds.
    public var keys: [String] { lock.reading { Array(locales.keys) } }

    // MARK: Queries

    /// The templates with a text in `locale`, in the locale's collation order of that text.
    public func keysInCollationOrder(of locale: LocaleID) -> [String] {
        lock.writing { partitions[locale]?.orderedKeys() ?? [] }
    }

    /// An agent's search, best first: an exact shortcut (`/refund` or `refund`), then the
    /// templates whose words best match, every word also as the start of a longer one
    /// (type-ahead). In `locale`'s texts, or in every locale's when nil.
    public func search(_ query: String, locale: LocaleID?, limit: Int) -> [SearchHit] {
        let trimmed = query.trimmingWhitespace
        guard !trimmed.isEmpty else { return [] }
        let folders = (locale.map { [$0] } ?? lock.reading { Array(partitions.keys) }).compactMap { folder(for: $0) }
        let queries = folders.map { folder in (folder, Array(folder.words(in: String(trimmed)).prefix(64)) + Self.whole(trimmed, folder)) }
        return lock.reading {
            var hits = queries.flatMap { folder, words in
                partitions[folder.locale].map { rank(words, in: $0, .all, completing: true, stemming: false, naming: 2, limit: limit) } ?? []
            }
            if let exact = shortcuts[Self.shortcutName(String(trimmed))] {
                let best = (hits.map(\.score).max() ?? 1) + 1
                hits.append(SearchHit(key: exact, locale: locale?.tag ?? "", score: best, matched: [String(trimmed)]))
            }
            return Self.best(hits, limit: limit)
        }
    }

    /// A query without spaces also as one word: word breaking may split it where the indexed
    /// text is one word in another script (hiragana あかうんと, where the text has アカウント).
    private static func whole(_ query: Substring, _ folder: TermFolder) -> [TermFolder.Word] {
        guard !query.contains(where: \.isWhitespace), let word = folder.words(in: String(query)).first, word.text.count < query.count
        else { return [] }
        return [TermFolder.Word(text: query, term: folder.term(query), alias: nil)]
    }

    /// The replies that best answer a customer's message in `locale`, best first, after the
    /// agents' votes (ranked a few beyond `limit`, so that a reply voted down makes room). When the locale has fewer than `limit` matches or fewer documents than
    /// half of `backup`'s, `backup` (the workspace's source locale) adds its own, a little
    /// lower. With no locale (the language is unknown), every locale is asked.
    public func suggest(_ text: String, locale: LocaleID?, backup: LocaleID?, limit: Int) -> [SearchHit] {
        suggestions(text, locale: locale, backup: backup, limit: limit).hits
    }

    /// ``suggest(_:locale:backup:limit:)`` with the locales whose texts were searched.
    public func suggestions(_ text: String, locale: LocaleID?, backup: LocaleID?, limit: Int) -> (hits: [SearchHit], searched: [LocaleID]) {
        let asked: [LocaleID] = locale.map { [$0] } ?? lock.reading { Array(partitions.keys) }
        let folders = asked.compactMap { folder(for: $0) }
        let backupFolder = backup.flatMap { backup in asked.contains(backup) ? nil : folder(for: backup) }
        let queries = folders.map { ($0, Array($0.words(in: text).prefix(64))) }
        return lock.reading {
            var hits: [SearchHit] = []
            var searched = asked
            for (folder, words) in queries {
                guard let partition = partitions[folder.locale] else { continue }
                hits += learned(rank(words, in: partition, .core, completing: true, stemming: true, naming: 1, limit: 2 * limit + 5), words, partition)
            }
            if let backupFolder, let partition = partitions[backupFolder.locale] {
                let thin = (locale.flatMap { partitions[$0]?.liveDocuments } ?? 0) * 2 < partition.liveDocuments
                if thin || Set(hits.map(\.key)).count < limit {
                    // Read in the backup locale's way only when it is asked.
                    let words = Array(backupFolder.words(in: text).prefix(64))
                    searched.append(backupFolder.locale)
                    hits += learned(rank(words, in: partition, .core, completing: true, stemming: true, naming: 1, limit: 2 * limit + 5), words, partition)
                        .map { SearchHit(key: $0.key, locale: $0.locale, score: $0.score * 0.8, matched: $0.matched) }
                }
            }
            return (Self.best(hits, limit: limit), searched)
        }
    }

    /// One partition's ranking as hits, with the words each matched.
    private func rank(_ words: [TermFolder.Word], in partition: LocalePartition, _ scope: LocalePartition.Scope,
                      completing: Bool, stemming: Bool, naming: Float, limit: Int) -> [SearchHit] {
        // Replies agents voted on are scored too, whatever their rank: their votes may lift them.
        let voted = storedVotes[partition.locale]?.keys
        return partition.rank(words, scope, completing: completing, stemming: stemming, naming: naming, limit: limit,
                              including: voted.map(Array.init) ?? []).map { scored in
            let matched = words.indices.filter { $0 < 64 && scored.matched & (1 << UInt64($0)) != 0 }.map { String(words[$0].text) }
            return SearchHit(key: scored.key, locale: partition.locale.tag, score: scored.score, matched: matched)
        }
    }

    /// Hits after the agents' votes on messages like this one (see ``Learning``).
    private func learned(_ hits: [SearchHit], _ words: [TermFolder.Word], _ partition: LocalePartition) -> [SearchHit] {
        guard let votesByKey = storedVotes[partition.locale], !votesByKey.isEmpty else { return hits }
        let terms = Set(words.map(\.term))
        let weights = Dictionary(uniqueKeysWithValues: terms.map { ($0, partition.idf(of: $0)) })
        let total = weights.values.reduce(0, +)
        guard total > 0 else { return hits }
        let top = hits.map(\.score).max() ?? 1
        var byKey = Dictionary(hits.map { ($0.key, $0) }, uniquingKeysWith: { $0.score >= $1.score ? $0 : $1 })
        for (key, votes) in votesByKey {
            var perVoter: [String: (up: Float, down: Float)] = [:]
            for vote in votes {
                let similarity = vote.terms.intersection(terms).reduce(0) { $0 + (weights[$1] ?? 0) } / total
                guard similarity >= Learning.minimumSimilarity else { continue }
                var current = perVoter[vote.voter] ?? (0, 0)
                if vote.accepted { current.up = max(current.up, similarity) } else { current.down = max(current.down, similarity) }
                perVoter[vote.voter] = current
            }
            guard !perVoter.isEmpty else { continue }
            let sum = perVoter.values.reduce(Float(0)) { $0 + ($1.up - $1.down) }
            let shift = min(Learning.mostUp, max(-Learning.mostDown, sum)) * Learning.step * top
            let base = byKey[key]?.score ?? 0
            let score = max(base + shift, base * Learning.floor)
            guard score > 0 else { continue }
            byKey[key] = SearchHit(key: key, locale: partition.locale.tag, score: score, matched: byKey[key]?.matched ?? [])
        }
        return Array(byKey.values)
    }

    /// The best hit per key, best first, then by key for equal scores.
    private static func best(_ hits: [SearchHit], limit: Int) -> [SearchHit] {
        var byKey: [String: SearchHit] = [:]
        for hit in hits where hit.score > 0 {
            if let current = byKey[hit.key], current.score >= hit.score { continue }
            byKey[hit.key] = hit
        }
        return Array(byKey.values.sorted { $0.score != $1.score ? $0.score > $1.score : $0.key < $1.key }.prefix(max(0, limit)))
    }

    // MARK: Partitions

    private func partition(_ folder: TermFolder) -> LocalePartition {
        if let existing = partitions[folder.locale] { return existing }
        let made = LocalePartition(folder: folder)
        partitions[folder.locale] = made
        return made
    }

    private func folder(for locale: LocaleID) -> TermFolder? { Folders.shared.folder(for: locale) }

    static func shortcutName(_ text: String) -> String {
        String(text.trimmingWhitespace.drop { $0 == "/" }).lowercased()
    }
}

/// Term folders, one per locale for the process: ICU's break iterators and collators are costly
/// to open and safe to share.
final class Folders: Sendable {
    static let shared = Folders()
    private let folders = Mutex<[LocaleID: TermFolder]>([:])

    func folder(for locale: LocaleID) -> TermFolder? {
        if let known = folders.withLock({ $0[locale] }) { return known }
        guard let made = try? TermFolder(locale: locale) else { return nil }
        return folders.withLock { all in
            if let raced = all[locale] { return raced }
            all[locale] = made
            return made
        }
    }
}

extension StringProtocol {
    var trimmingWhitespace: Substring {
        let text = self[...]
        guard let first = text.firstIndex(where: { !$0.isWhitespace }), let last = text.lastIndex(where: { !$0.isWhitespace }) else { return "" }
        return Substring(text[first...last])
    }
}
