import Catalog
import ICU
import Logging
import MessageFormat
import Metrics
import Store
import Synchronization

/// Every workspace's renderable texts, compiled, in this replica's memory: a render that finds
/// its workspace here never touches the database. The change feed keeps it current: a change
/// reloads just the template it names (or the workspace, for a workspace-wide change).
public final class RenderCache: Sendable {
    /// One template's compiled texts by locale and channel.
    struct TemplateTexts: Sendable {
        var key: String
        var texts: [LocaleID: [ReplyChannel: CompiledMessage]]
    }

    /// A workspace as rendering sees it; replaced whole, never changed in place.
    struct Snapshot: Sendable {
        var workspace: Workspace
        var templates: [String: TemplateTexts]
        var keyByID: [Int64: String]
    }

    let store: CatalogStore
    let logger: Logger
    private let snapshots = Mutex<[String: Snapshot]>([:])
    private let negotiations = Mutex<[NegotiationKey: LocaleNegotiation]>([:])
    private let loaded = Mutex(false)
    private let fallbackCounters = Mutex<[LocaleID: Counter]>([:])
    private let parsedTags = Mutex<[String: [LocaleID]]>([:])

    let hits = Counter(label: "parley_render_cache_hits_total")
    let misses = Counter(label: "parley_render_cache_misses_total")

    public init(store: CatalogStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Whether every workspace has been loaded once (for readiness).
    public var isLoaded: Bool { loaded.withLock { $0 } }

    /// Loads every workspace (at start, and after a reconnection when changes may have been missed).
    public func loadAll() async throws {
        for workspace in try await store.workspaces() {
            try await load(workspace)
        }
        loaded.withLock { $0 = true }
    }

    /// The workspace's snapshot, loading it when this replica has not seen it yet.
    func snapshot(named name: String) async throws -> Snapshot {
        if let snapshot = snapshots.withLock({ $0[name] }) {
            hits.increment()
            return snapshot
        }
        misses.increment()
        return try await load(try await store.workspace(named: name))
    }

    @discardableResult
    func load(_ workspace: Workspace) async throws -> Snapshot {
        var snapshot = Snapshot(workspace: workspace, templates: [:], keyByID: [:])
        for text in try await store.renderTexts(workspaceID: workspace.id) {
            add(text, to: &snapshot)
        }
        let result = snapshot
        snapshots.withLock { $0[workspace.name] = result }
        negotiations.withLock { $0 = $0.filter { $0.key.workspace != workspace.name } }
        return result
    }

    /// Reloads a template this replica just wrote, so its own next render already serves it
    /// (other replicas hear of it through the change feed).
    func refresh(_ workspace: Workspace, templateID: Int64) async {
        await apply(Change(id: 0, workspaceID: workspace.id, templateID: templateID))
    }

    /// Applies a logged change: reloads the template it names, or the whole workspace.
    public func apply(_ change: Change) async {
        do {
            guard let templateID = change.templateID,
                let name = snapshots.withLock({ $0.values.first { $0.workspace.id == change.workspaceID }?.workspace.name })
            else {
                try await load(try await store.workspace(id: change.workspaceID))
                return
            }
            let texts = try await store.renderTexts(workspaceID: change.workspaceID, templateID: templateID)
            var fresh = Snapshot(workspace: Workspace(id: 0, name: "", defaultLocale: .root, locales: []), templates: [:], keyByID: [:])
            for text in texts { add(text, to: &fresh) }
            snapshots.withLock { all in
                guard var snapshot = all[name] else { return }
                if let oldKey = snapshot.keyByID[templateID] { snapshot.templates[oldKey] = nil }
                snapshot.keyByID[templateID] = nil
                for (id, key) in fresh.keyByID {
                    snapshot.keyByID[id] = key
                    snapshot.templates[key] = fresh.templates[key]
                }
                all[name] = snapshot
            }
        } catch {
            logger.warning("could not apply a catalog change; the next poll retries", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func add(_ text: RenderText, to snapshot: inout Snapshot) {
        do {
            let compiled = try CompiledMessage(text.message, locale: text.locale)
            snapshot.keyByID[text.templateID] = text.key
            snapshot.templates[text.key, default: TemplateTexts(key: text.key, texts: [:])].texts[text.locale, default: [:]][text.channel] = compiled
        } catch {
            // Writes are checked, so only data written around the API lands here.
            logger.error("stored text does not compile; it is not served",
                         metadata: ["template": "\(text.key)", "locale": "\(text.locale)", "error": "\(error)"])
        }
    }

    // MARK: Negotiation

    /// Fallbacks by the locale served (a counter per locale, made once).
    func fallbackCounter(_ locale: LocaleID) -> Counter {
        if let counter = fallbackCounters.withLock({ $0[locale] }) { return counter }
        let counter = Counter(label: "parley_render_fallbacks_total", dimensions: [("locale", locale.tag)])
        fallbackCounters.withLock { $0[locale] = counter }
        return counter
    }

    /// A locale tag or an Accept-Language header, parsed once: the same few come back all day.
    func preferences(tag: String?, acceptLanguage: String?) throws -> [LocaleID] {
        guard let text = tag ?? acceptLanguage else { return [] }
        let key = (tag != nil ? "t:" : "a:") + text
        if let known = parsedTags.withLock({ $0[key] }) { return known }
        let parsed: [LocaleID]
        if tag != nil {
            guard let locale = try? LocaleID(text) else { throw APIError.badRequest("'\(text)' is not a valid locale tag") }
            parsed = [locale]
        } else {
            parsed = AcceptLanguage.parse(text)
        }
        parsedTags.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = parsed
        }
        return parsed
    }

    struct NegotiationKey: Hashable {
        var workspace: String
        var preferences: [LocaleID]
    }

    /// The negotiation for these preferences, remembered: ICU's LocaleMatcher is built per call,
    /// and the same few preferences come back all day.
    func negotiate(_ preferences: [LocaleID], in workspace: Workspace) -> LocaleNegotiation {
        let key = NegotiationKey(workspace: workspace.name, preferences: preferences)
        if let known = negotiations.withLock({ $0[key] }) { return known }
        let negotiation = LocaleNegotiation(preferences: preferences, workspace: workspace)
        negotiations.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = negotiation
        }
        return negotiation
    }
}
