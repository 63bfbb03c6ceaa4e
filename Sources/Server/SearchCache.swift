import Catalog
import ICU
import Search
import Store
import Synchronization

/// A workspace's search index as a replica keeps it: built on the first search or suggestion
/// (so starting and readiness never wait for it, and a replica that only renders never pays for
/// it), then kept current by the change feed, as the render cache is.
final class SearchCatalog: Sendable {
    private enum Phase {
        case idle
        case building(Task<SearchIndex, any Error>)
        case built(SearchIndex)
    }

    private struct State {
        var phase = Phase.idle
        /// Changes that arrived while a build was reading: the build reads again.
        var missed = 0
        /// The keys of the templates in the index, by id.
        var keys: [Int64: String] = [:]
    }

    private let state = Mutex(State())
    /// One update of the index at a time, so two never interleave their key maps.
    private let updating = Mutex(())

    /// Takes note of a change: true when it is built and the change should be read and applied
    /// to it; a build under way is told to read again instead.
    func noteChange() -> Bool {
        state.withLock { state in
            switch state.phase {
            case .idle: return false
            case .building:
                state.missed += 1
                return false
            case .built: return true
            }
        }
    }

    /// The index, built from `read` the first time (concurrent callers wait for the same build).
    func index(_ read: @escaping @Sendable () async throws -> ([RenderText], SearchData)) async throws -> SearchIndex {
        let task: Task<SearchIndex, any Error>? = state.withLock { state in
            switch state.phase {
            case .built: return nil
            case .building(let task): return task
            case .idle:
                let task = Task { try await self.build(read) }
                state.phase = .building(task)
                return task
            }
        }
        guard let task else {
            // Built: the usual case, answered without a task.
            if let index = state.withLock({ state -> SearchIndex? in if case .built(let index) = state.phase { index } else { nil } }) {
                return index
            }
            return try await self.index(read)
        }
        do {
            return try await task.value
        } catch {
            state.withLock { if case .building = $0.phase { $0.phase = .idle } }
            throw error
        }
    }

    /// Reads and indexes everything; reads again when changes arrived meanwhile (three times at most).
    private func build(_ read: @Sendable () async throws -> ([RenderText], SearchData)) async throws -> SearchIndex {
        for attempt in 0..<3 {
            let before = state.withLock { $0.missed }
            let (texts, data) = try await read()
            let index = SearchIndex()
            var keys: [Int64: String] = [:]
            Self.index(texts, data, into: index, keys: &keys, templateID: nil)
            let installed = state.withLock { state in
                guard state.missed == before || attempt == 2 else { return false }
                (state.phase, state.keys) = (.built(index), keys)
                return true
            }
            if installed { return index }
        }
        preconditionFailure("the last attempt installs")
    }

    /// Applies what was just read for a change to the built index: one template, or the whole
    /// workspace (`templateID` nil).
    func apply(_ texts: [RenderText], _ data: SearchData, templateID: Int64?) {
        updating.withLock { _ in
            guard let (index, before) = state.withLock({ state -> (SearchIndex, [Int64: String])? in
                if case .built(let index) = state.phase { return (index, state.keys) }
                return nil
            }) else { return }
            var keys = before
            Self.index(texts, data, into: index, keys: &keys, templateID: templateID)
            state.withLock { $0.keys = keys }
        }
    }

    /// Brings an index up to date with what was read: the whole workspace (`templateID` nil:
    /// templates not read any more are removed) or one template, which is replaced, or removed
    /// when it is gone or archived.
    static func index(_ texts: [RenderText], _ data: SearchData, into index: SearchIndex, keys: inout [Int64: String], templateID: Int64?) {
        var entries: [Int64: SearchTemplate] = [:]
        for template in data.templates {
            var entry = SearchTemplate(key: template.key, shortcut: template.shortcut, category: template.category, tags: template.tags,
                                       description: template.description, sourceLocale: template.sourceLocale)
            for (locale, phrases) in data.examples[template.id] ?? [:] {
                entry.locales[locale, default: .init()].examples = phrases
            }
            entries[template.id] = entry
        }
        for text in texts {
            guard let message = text.message else { continue }
            entries[text.templateID]?.locales[text.locale, default: .init()].texts[text.channel] = message
        }
        let gone = templateID.map { id in entries[id] == nil ? [id] : [] } ?? keys.keys.filter { entries[$0] == nil }
        for id in gone {
            guard let key = keys.removeValue(forKey: id) else { continue }
            index.remove(key: key)
            index.setFeedback([], for: key)
        }
        for (id, entry) in entries {
            index.replace(entry)
            keys[id] = entry.key
            let votes = (data.feedback[id] ?? []).map {
                FeedbackVote(key: entry.key, text: $0.text, accepted: $0.accepted, voter: $0.voter, locale: $0.locale)
            }
            index.setFeedback(votes, for: entry.key)
        }
    }
}

extension RenderCache {
    /// The workspace's search index, built on first use.
    func searchIndex(_ snapshot: Snapshot) async throws -> SearchIndex {
        let (store, id) = (self.store, snapshot.workspace.id)
        return try await snapshot.search.index {
            (try await store.renderData(workspaceID: id).texts, try await store.searchData(workspaceID: id))
        }
    }
}
