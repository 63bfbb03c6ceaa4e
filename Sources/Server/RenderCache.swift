import Catalog
import LanguageDetection
import ICU
import Logging
import MessageFormat
import Metrics
import Search
import Store
import Synchronization

/// Every workspace's renderable texts, compiled, in this replica's memory: a render that finds
/// its workspace here never touches the database. The change feed keeps it current: a change
/// reloads just the template it names (or the workspace, for a workspace-wide change).
public final class RenderCache: Sendable {
    /// One template's compiled texts by locale and channel.
    struct TemplateTexts: Sendable {
        var id: Int64
        var key: String
        var aliases: [String]
        var texts: [LocaleID: [ReplyChannel: CompiledMessage]]
    }

    /// A workspace as rendering sees it; replaced whole, never changed in place.
    struct Snapshot: Sendable {
        var workspace: Workspace
        var templates: [String: TemplateTexts]
        var keyByID: [Int64: String]
        /// Templates' other names (a bot's response names), to their keys.
        var keyByAlias: [String: String] = [:]
        /// The workspace's locales as detection candidates, prepared once.
        var candidates: Candidates
        /// Agents' search over the same templates: built on first use, then kept current with
        /// them by the same changes (in place).
        var search: SearchCatalog

        /// The template `name` stands for: a template's own key first, else another's alias.
        func template(named name: String) -> TemplateTexts? {
            templates[name] ?? keyByAlias[name].flatMap { templates[$0] }
        }

        mutating func index(_ template: TemplateTexts) {
            for alias in template.aliases { keyByAlias[alias] = template.key }
        }

        mutating func unindex(_ template: TemplateTexts) {
            for alias in template.aliases where keyByAlias[alias] == template.key { keyByAlias[alias] = nil }
        }
    }

    /// What a render needs to know about the caller's locales, worked out once per workspace
    /// and preference text.
    final class Negotiated: Sendable {
        let negotiation: LocaleNegotiation
        let chainTags: [String]
        let requestedTag: String
        /// The requested locale as usage counts and metrics name it (bounded: ``UsageLocale``).
        let requestedLabel: String
        /// The workspace locale that serves the request best: the chain's first.
        let wantedTag: String
        /// Fallback counters of the chain's locales, made once, labelled by the locale asked for
        /// and the one served (as usage counts them: `ko` served for `ko-KR` is no fallback).
        let fallbackCounters: [LocaleID: Counter]

        init(_ negotiation: LocaleNegotiation, in workspace: Workspace) {
            self.negotiation = negotiation
            self.chainTags = negotiation.chainTags
            self.requestedTag = negotiation.requested.tag
            self.requestedLabel = UsageLocale.label(for: negotiation.requested, in: workspace)
            self.wantedTag = negotiation.chain.first?.tag ?? workspace.defaultLocale.tag
            var counters: [LocaleID: Counter] = [:]
            for locale in negotiation.chain where locale.tag != requestedLabel {
                counters[locale] = Counter(label: "parley_render_fallbacks_total",
                                           dimensions: [("requested", requestedLabel), ("served", locale.tag)])
            }
            self.fallbackCounters = counters
        }
    }

    let store: CatalogStore
    let logger: Logger
    /// Chooses the locale from the customer's text when a render names none.
    let detector: LanguageDetector?
    private let snapshots = Mutex<[String: Snapshot]>([:])
    private let negotiations = Mutex<[NegotiationKey: Negotiated]>([:])
    private let loaded = Mutex(false)
    /// Per workspace not served here, how many changes went by (see ``load(_:)``).
    private let missed = Mutex<[Int64: Int]>([:])

    let hits = Counter(label: "parley_render_cache_hits_total")
    let misses = Counter(label: "parley_render_cache_misses_total")
    /// Whole reloads after the change log was pruned past what this replica had handled.
    let reloads = Counter(label: "parley_render_cache_reloads_total")

    public init(store: CatalogStore, logger: Logger, detector: LanguageDetector? = nil) {
        self.store = store
        self.logger = logger
        self.detector = detector
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

    /// Reloads every workspace this replica holds, after it missed changes the log no longer has.
    func reloadHeld() async throws {
        let held = snapshots.withLock { Set($0.values.map(\.workspace.id)) }
        for workspace in try await store.workspaces() where held.contains(workspace.id) {
            try await load(workspace)
        }
        reloads.increment()
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
        // Changes that arrive while it loads are not applied to it: read again until none did.
        for _ in 0..<3 {
            let before = missed.withLock { $0[workspace.id] ?? 0 }
            let snapshot = try await read(workspace)
            let stored = missed.withLock { missed in
                guard (missed[workspace.id] ?? 0) == before else { return false }
                snapshots.withLock { $0[workspace.name] = snapshot }
                return true
            }
            if stored {
                negotiations.withLock { $0 = $0.filter { $0.key.workspace != workspace.name } }
                return snapshot
            }
        }
        let snapshot = try await read(workspace)
        snapshots.withLock { $0[workspace.name] = snapshot }
        return snapshot
    }

    /// A workspace's snapshot as the database has it now.
    private func read(_ workspace: Workspace) async throws -> Snapshot {
        // A reload keeps the workspace's search catalog: it is brought up to date from the same
        // texts (unchanged templates cost a hash), not built again.
        let search = snapshots.withLock { $0[workspace.name]?.search } ?? SearchCatalog()
        var snapshot = Snapshot(workspace: workspace, templates: [:], keyByID: [:], candidates: Candidates(workspace.locales.map(\.tag)),
                                search: search)
        let texts = try await store.renderTexts(workspaceID: workspace.id)
        for text in texts {
            add(text, to: &snapshot.templates, &snapshot.keyByID)
        }
        for template in snapshot.templates.values { snapshot.index(template) }
        if search.noteChange() {
            search.apply(texts, try await store.searchData(workspaceID: workspace.id), templateID: nil)
        }
        return snapshot
    }

    /// Reloads a template this replica just wrote, so its own next render already serves it
    /// (other replicas hear of it through the change feed).
    func refresh(_ workspace: Workspace, templateID: Int64) async {
        await applyOwnWrite(Change(id: 0, workspaceID: workspace.id, templateID: templateID))
    }

    /// The path's workspace, which the caller (with at least `role`) may use.
    func workspace(_ context: ParleyContext, _ role: Role) async throws -> (Workspace, Principal) {
        let principal = try context.require(role)
        let workspace = try await snapshot(named: try context.parameter("workspace")).workspace
        guard principal.mayUse(workspace) else { throw APIError.forbidden("this key is for another workspace") }
        return (workspace, principal)
    }

    /// Reloads a whole workspace, after a batch write.
    func refresh(_ workspace: Workspace) async {
        await applyOwnWrite(Change(id: 0, workspaceID: workspace.id, templateID: nil))
    }

    /// Applies a logged change: reloads the template it names, or the whole workspace. Throws
    /// when the data could not be read, so the change feed retries it.
    public func apply(_ change: Change) async throws {
        guard let name = snapshots.withLock({ $0.values.first { $0.workspace.id == change.workspaceID }?.workspace.name }) else {
            // Not served here yet: its first use loads it as it is then. A load already under way
            // may have read before this change, so it is told to read again.
            missed.withLock { $0[change.workspaceID, default: 0] += 1 }
            return
        }
        guard let templateID = change.templateID else {
            try await load(try await store.workspace(id: change.workspaceID))
            return
        }
        var templates: [String: TemplateTexts] = [:]
        var keyByID: [Int64: String] = [:]
        let texts = try await store.renderTexts(workspaceID: change.workspaceID, templateID: templateID)
        for text in texts {
            add(text, to: &templates, &keyByID)
        }
        // The search catalog changes outside the snapshot lock (it has its own), so renders never wait for it.
        if let search = snapshots.withLock({ $0[name]?.search }), search.noteChange() {
            search.apply(texts, try await store.searchData(workspaceID: change.workspaceID, templateID: templateID), templateID: templateID)
        }
        snapshots.withLock { all in
            guard var snapshot = all[name] else { return }
            if let oldKey = snapshot.keyByID[templateID] {
                if let old = snapshot.templates[oldKey] { snapshot.unindex(old) }
                snapshot.templates[oldKey] = nil
            }
            snapshot.keyByID[templateID] = nil
            for (id, key) in keyByID {
                snapshot.keyByID[id] = key
                snapshot.templates[key] = templates[key]
                if let template = templates[key] { snapshot.index(template) }
            }
            all[name] = snapshot
        }
    }

    /// Applies a write this replica just made, so it serves it at once; should that fail, the
    /// change feed brings it when it reads the change log.
    private func applyOwnWrite(_ change: Change) async {
        do {
            try await apply(change)
        } catch {
            logger.warning("could not apply a catalog change; the change feed retries it", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    private func add(_ text: RenderText, to templates: inout [String: TemplateTexts], _ keyByID: inout [Int64: String]) {
        do {
            let compiled = try CompiledMessage(text.message, locale: text.locale)
            keyByID[text.templateID] = text.key
            templates[text.key, default: TemplateTexts(id: text.templateID, key: text.key, aliases: text.aliases, texts: [:])].texts[text.locale, default: [:]][text.channel] = compiled
        } catch {
            // Writes are checked, so only data written around the API lands here.
            logger.error("stored text does not compile; it is not served",
                         metadata: ["template": "\(text.key)", "locale": "\(text.locale)", "error": "\(error)"])
        }
    }

    // MARK: Negotiation

    /// The key of a remembered negotiation: the workspace, and the caller's tag or
    /// Accept-Language text as sent (parsing and matching are done once per distinct text).
    struct NegotiationKey: Hashable {
        var workspace: String
        var text: String
        var isTag: Bool
    }

    /// The negotiation for a locale tag or an Accept-Language header (or neither), remembered:
    /// ICU's LocaleMatcher is built per call, and the same few preferences come back all day.
    func negotiate(tag: String?, acceptLanguage: String?, in workspace: Workspace) throws -> Negotiated {
        let key = NegotiationKey(workspace: workspace.name, text: tag ?? acceptLanguage ?? "", isTag: tag != nil)
        if let known = negotiations.withLock({ $0[key] }) { return known }
        var preferences: [LocaleID] = []
        if let tag {
            guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
            preferences = [locale]
        } else if let acceptLanguage {
            preferences = AcceptLanguage.parse(acceptLanguage)
        }
        let negotiated = Negotiated(LocaleNegotiation(preferences: preferences, workspace: workspace), in: workspace)
        negotiations.withLock { entries in
            if entries.count > 10_000 { entries.removeAll() }
            entries[key] = negotiated
        }
        return negotiated
    }
}
