import Catalog
import LanguageDetection
import ICU
import Logging
import MessageFormat
import Metrics
import Search
import Store
import Synchronization
import Foundation

/// Workspaces' renderable texts, compiled, in this replica's memory: a render that finds its
/// workspace here never touches the database. A workspace is loaded on its first use and kept
/// while the memory budget allows (the least recently used go first); the change feed keeps what
/// is held current: a change reloads just the template it names (or the workspace, for a
/// workspace-wide change).
public final class RenderCache: Sendable {
    /// One template's texts by locale and channel.
    struct TemplateTexts: Sendable {
        var id: Int64
        var key: String
        var aliases: [String]
        /// One object for all its texts, rather than tables by locale and channel or an object
        /// per text (see ``StoredTexts``).
        var texts: StoredTexts
        /// The estimated bytes of the texts (as loaded, not yet compiled) and what holds them.
        var bytes = 0
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
        /// The estimated bytes of the templates' texts as loaded.
        var bytes = 0
        /// Where its texts' sources are read on their first renders: where it was loaded from,
        /// so a source read later is never older than the snapshot.
        var sources: ReadFrom
        /// What its texts took when they were read and compiled, on their first renders.
        var compiled: CompiledBytes
        /// Unique to each snapshot made (loaded or changed), so a writer can tell that another
        /// replaced the one it started from.
        var generation = Snapshot.newGeneration()

        private static let generations = Atomic<Int>(0)
        static func newGeneration() -> Int { generations.add(1, ordering: .relaxed).newValue }

        /// The template `name` stands for: a template's own key first, else another's alias.
        func template(named name: String) -> TemplateTexts? {
            templates[name] ?? keyByAlias[name].flatMap { templates[$0] }
        }

        mutating func index(_ template: TemplateTexts) {
            for alias in template.aliases { keyByAlias[alias] = template.key }
            bytes += template.bytes
        }

        mutating func unindex(_ template: TemplateTexts) {
            for alias in template.aliases where keyByAlias[alias] == template.key { keyByAlias[alias] = nil }
            bytes -= template.bytes
        }

        /// Replaces one template's texts with those read now (none: it was archived or deleted).
        mutating func replace(templateID: Int64, with templates: [String: TemplateTexts], _ keys: [Int64: String]) {
            if let oldKey = keyByID[templateID] {
                if let old = self.templates[oldKey] { unindex(old) }
                self.templates[oldKey] = nil
            }
            keyByID[templateID] = nil
            for (id, key) in keys {
                keyByID[id] = key
                self.templates[key] = templates[key]
                if let template = templates[key] { index(template) }
            }
            generation = Snapshot.newGeneration()
        }
    }

    /// The workspaces held, and their names by id (for the change feed, which names ids).
    struct Held {
        var residency = CacheResidency<Snapshot>()
        var nameByID: [Int64: String] = [:]

        /// Bytes compiled in the workspaces held.
        let compiled: CompiledBytes

        /// Holds `snapshot`; a workspace loaded anew counts its compiled texts from nothing again.
        /// True when it replaced a snapshot of the workspace.
        @discardableResult
        mutating func hold(_ snapshot: Snapshot) -> Bool {
            let old = residency.entries[snapshot.workspace.name]
            if let old, old.compiled !== snapshot.compiled {
                compiled.add(-old.compiled.value)
            }
            residency.hold(snapshot.workspace.name, snapshot, bytes: snapshot.bytes)
            nameByID[snapshot.workspace.id] = snapshot.workspace.name
            return old != nil
        }

        mutating func remove(_ name: String) {
            guard let snapshot = residency.entries[name] else { return }
            compiled.add(-snapshot.compiled.value)
            nameByID[snapshot.workspace.id] = nil
            residency.remove(name)
        }

        /// The estimated bytes held: as loaded, and what compiling added since.
        var bytes: Int { residency.bytes + compiled.value }
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
    let settings: CacheSettings
    /// Locale coverage per workspace, forgotten on every change to it.
    let coverage = CoverageCache()
    private let heap = HeapReleaser()
    /// What the estimates hold back from the budget: after each release of freed pages, the
    /// process's growth since it became ready is compared with the budget, and what it is over
    /// by is added (what it is under by, taken off). Estimates are not resident bytes: pages
    /// freed by evictions are partly still in use, and the allocator keeps some.
    private let heldBack = Mutex(0)
    /// The process's resident memory when the replica became ready, before the cache held anything.
    private let residentAtStart = Atomic<Int>(0)
    private let held: Mutex<Held>
    /// Bytes compiled in the workspaces held (each workspace's count adds into it).
    private let compiled = CompiledBytes()
    /// Loads under way, by workspace name: concurrent first uses wait for the same one.
    private let loading = Mutex<[String: Task<Snapshot, any Error>]>([:])
    private let negotiations = Mutex<[NegotiationKey: Negotiated]>([:])
    private let following = Mutex(false)
    /// Per workspace, how many changes this replica has heard of: a load that read while one
    /// arrived reads again (see ``load(_:)``).
    private let changesHeard = Mutex<[Int64: Int]>([:])

    let hits = Counter(label: "parley_render_cache_hits_total")
    let misses = Counter(label: "parley_render_cache_misses_total")
    /// Workspaces read from the database and compiled (first uses, and reloads after a workspace-wide change).
    let loads = Counter(label: "parley_render_cache_loads_total")
    /// Templates whose texts' sources were read, on the first render of one of them.
    let sourceReads = Counter(label: "parley_render_cache_source_reads_total")
    /// Workspaces let go to stay within the memory budget.
    let evictions = Counter(label: "parley_render_cache_evictions_total")
    /// Whole reloads after the change log was pruned past what this replica had handled.
    let reloads = Counter(label: "parley_render_cache_reloads_total")
    let heldBytes = Gauge(label: "parley_render_cache_bytes")
    let heldWorkspaces = Gauge(label: "parley_render_cache_workspaces")
    /// The budget less what is held back (see ``heldBack``): what the estimates may reach.
    let target = Gauge(label: "parley_render_cache_target_bytes")

    /// How long a workspace's load may take (a million texts take about 20 s).
    static let loadTimeout = Duration.seconds(300)

    public init(store: CatalogStore, logger: Logger, detector: LanguageDetector? = nil, settings: CacheSettings = .init()) {
        self.store = store
        self.logger = logger
        self.detector = detector
        self.settings = settings
        self.held = Mutex(Held(compiled: compiled))
        Gauge(label: "parley_render_cache_budget_bytes").record(settings.memory)
    }

    /// Whether this replica follows the change log, so what it loads from now on stays current
    /// (for readiness; workspaces are loaded on first use, not before).
    public var isFollowing: Bool { following.withLock { $0 } }

    /// Marks the cache as following the change log from here on.
    func startFollowing() {
        residentAtStart.store(HeapReleaser.residentBytes(), ordering: .relaxed)
        following.withLock { $0 = true }
    }

    /// The estimated bytes and number of workspaces held.
    var usage: (bytes: Int, workspaces: Int) {
        held.withLock { ($0.bytes, $0.residency.count) }
    }

    /// Reloads every workspace this replica holds, after it missed changes the log no longer has.
    func reloadHeld() async throws {
        coverage.invalidate(nil)
        let names = held.withLock { Set($0.residency.entries.keys) }
        for workspace in try await store.workspaces() where names.contains(workspace.name) {
            try await load(workspace)
        }
        reloads.increment()
    }

    /// The workspace's snapshot, loading it when this replica does not hold it.
    func snapshot(named name: String) async throws -> Snapshot {
        if let snapshot = held.withLock({ $0.residency.use(name) }) {
            hits.increment()
            return snapshot
        }
        misses.increment()
        let task = loading.withLock { tasks in
            if let task = tasks[name] { return task }
            let task = Task {
                defer { _ = self.loading.withLock { $0.removeValue(forKey: name) } }
                // Its own deadline, not the first caller's: others wait for the same load.
                return try await Deadline.$current.withValue(.now + Self.loadTimeout) {
                    try await self.load(try await self.store.workspace(named: name))
                }
            }
            tasks[name] = task
            return task
        }
        return try await task.value
    }

    /// Reads and compiles a workspace, from the standby unless `source` says otherwise, and holds it.
    @discardableResult
    func load(_ workspace: Workspace, from source: ReadFrom = .standby) async throws -> Snapshot {
        loads.increment()
        // Changes that arrive while it loads are not applied to it: read again until none did.
        for attempt in 0..<4 {
            let before = changesHeard.withLock { $0[workspace.id] ?? 0 }
            let snapshot = try await read(workspace, from: source)
            // nil: read again; true: it replaced a snapshot held before.
            let replaced = changesHeard.withLock { heard -> Bool? in
                guard (heard[workspace.id] ?? 0) == before || attempt == 3 else { return nil }
                return held.withLock { $0.hold(snapshot) }
            }
            if let replaced {
                // Negotiations are remembered only for workspaces held (evictions forget theirs),
                // so only a reload has any to forget (its locales may have changed).
                if replaced { negotiations.withLock { $0 = $0.filter { $0.key.workspace != workspace.name } } }
                keepWithinBudget(keeping: workspace.name)
                // What reading it took (its rows, as read) is freed now: hand the pages back.
                heap.release()
                return snapshot
            }
        }
        preconditionFailure("the last attempt always stores")
    }

    /// Lets go of the least recently used workspaces once the budget is passed, down to 90% of
    /// it, so a full cache does not evict on every load.
    private func keepWithinBudget(keeping name: String) {
        let budget = settings.memory - heldBack.withLock { $0 }
        let (evicted, bytes, count) = held.withLock { held in
            guard held.bytes > budget else { return ([String](), held.bytes, held.residency.count) }
            let evicted = held.residency.victims(downTo: budget / 10 * 9, keeping: name, held: held.bytes) { $0.compiled.value }
            for name in evicted { held.remove(name) }
            return (evicted, held.bytes, held.residency.count)
        }
        heldBytes.record(bytes)
        heldWorkspaces.record(count)
        guard !evicted.isEmpty else { return }
        evictions.increment(by: evicted.count)
        heap.release { [weak self] in self?.holdBack() }
        let names = Set(evicted)
        negotiations.withLock { $0 = $0.filter { !names.contains($0.key.workspace) } }
        if bytes > settings.memory {
            logger.warning("the workspace alone is larger than the render cache's memory budget",
                           metadata: ["workspace": "\(name)", "bytes": "\(bytes)", "budget": "\(settings.memory)"])
        }
    }

    /// Compares what the process gained since it became ready with the budget (the rest of
    /// the process's growth counts too, which errs on the side of the budget), and holds back
    /// from the estimates what it is over by; at most three quarters of the budget.
    private func holdBack() {
        let start = residentAtStart.load(ordering: .relaxed)
        guard start > 0 else { return }
        let grown = HeapReleaser.residentBytes() - start
        let now = heldBack.withLock { heldBack in
            heldBack = settings.heldBack(previous: heldBack, grown: grown)
            return heldBack
        }
        target.record(settings.memory - now)
    }

    /// A workspace's snapshot as the database has it now.
    private func read(_ workspace: Workspace, from source: ReadFrom) async throws -> Snapshot {
        // A reload keeps the workspace's search catalog: it is brought up to date from the same
        // texts (unchanged templates cost a hash), not built again.
        let search = held.withLock { $0.residency.entries[workspace.name]?.search } ?? SearchCatalog()
        var snapshot = Snapshot(workspace: workspace, templates: [:], keyByID: [:], candidates: Candidates(workspace.locales.map(\.tag)),
                                search: search, sources: source, compiled: CompiledBytes(addingTo: compiled))
        // Without the texts' messages: each is read on its template's first render.
        let data = try await store.renderData(workspaceID: workspace.id, from: source, messages: false)
        Self.add(data, counted: snapshot.compiled, to: &snapshot.templates, &snapshot.keyByID)
        for key in snapshot.templates.keys {
            snapshot.templates[key]!.bytes = Self.estimatedBytes(snapshot.templates[key]!)
            snapshot.index(snapshot.templates[key]!)
        }
        if search.noteChange() {
            search.apply(try await store.renderData(workspaceID: workspace.id, from: source).texts,
                         try await store.searchData(workspaceID: workspace.id, from: source), templateID: nil)
        }
        return snapshot
    }

    /// A template's texts and what holds them, estimated: the template's slot in the workspace's
    /// tables (its key, by key and by id), and its texts.
    static func estimatedBytes(_ template: TemplateTexts) -> Int {
        let slots = 2 * (MemoryLayout<String>.stride + MemoryLayout<TemplateTexts>.stride)
        return slots + MemoryEstimate.string(template.key) + template.texts.estimatedBytes
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

    /// Applies a logged change: reloads the template it names, or the whole workspace, read from
    /// the standby (the change feed reads the standby's change log, so it has the change), or from
    /// the primary for this replica's own write. Throws when the data could not be read, so the
    /// change feed retries it.
    public func apply(_ change: Change, from source: ReadFrom = .standby) async throws {
        // A load already under way may have read before this change: it is told to read again.
        changesHeard.withLock { $0[change.workspaceID, default: 0] += 1 }
        coverage.invalidate(change.workspaceID)
        guard let name = held.withLock({ $0.nameByID[change.workspaceID] }) else {
            // Not served here: its next use loads it as it is then. Its own write is loaded from
            // the primary now, as a standby may not have it yet when that use comes.
            if source == .primary && store.readsFromStandby {
                try await load(try await store.workspace(id: change.workspaceID), from: .primary)
            }
            return
        }
        guard let templateID = change.templateID else {
            try await load(try await store.workspace(id: change.workspaceID), from: source)
            return
        }
        var templates: [String: TemplateTexts] = [:]
        var keyByID: [Int64: String] = [:]
        let data = try await store.renderData(workspaceID: change.workspaceID, templateID: templateID, from: source)
        guard let count = held.withLock({ $0.residency.entries[name]?.compiled }) else { return }  // let go meanwhile
        Self.add(data, counted: count, to: &templates, &keyByID)
        for key in templates.keys { templates[key]!.bytes = Self.estimatedBytes(templates[key]!) }
        // The search catalog changes outside the snapshot lock (it has its own), so renders never wait for it.
        if let search = held.withLock({ $0.residency.entries[name]?.search }), search.noteChange() {
            search.apply(data.texts, try await store.searchData(workspaceID: change.workspaceID, templateID: templateID, from: source),
                         templateID: templateID)
        }
        // The workspace's tables are copied and changed outside the lock, then swapped in if no
        // other write replaced them meanwhile, so renders never wait while a large workspace is
        // copied. When one did, what is there now is changed under the lock.
        guard var snapshot = held.withLock({ $0.residency.entries[name] }) else { return }  // let go meanwhile
        let generation = snapshot.generation
        snapshot.replace(templateID: templateID, with: templates, keyByID)
        held.withLock { held in
            guard var current = held.residency.entries[name] else { return }
            if current.generation == generation {
                held.hold(snapshot)
            } else {
                current.replace(templateID: templateID, with: templates, keyByID)
                held.hold(current)
            }
        }
        keepWithinBudget(keeping: name)
    }

    /// Applies a write this replica just made, read from the primary, so it serves it at once;
    /// should that fail, the change feed brings it when it reads the change log.
    private func applyOwnWrite(_ change: Change) async {
        do {
            try await apply(change, from: .primary)
        } catch {
            logger.warning("could not apply a catalog change; the change feed retries it", metadata: ["error": "\(String(reflecting: error))"])
        }
    }

    /// Adds templates that have texts, their texts to be read and compiled on their first renders
    /// (the bytes that takes counted in `count`).
    private static func add(_ data: RenderData, counted count: CompiledBytes, to templates: inout [String: TemplateTexts],
                            _ keyByID: inout [Int64: String]) {
        var textsByID: [Int64: [(place: StoredTexts.Place, source: StoredTexts.Source?)]] = [:]
        for text in data.texts {
            textsByID[text.templateID, default: []].append((StoredTexts.Place(locale: text.locale, channel: text.channel),
                                                            text.message.map { StoredTexts.Source(text: $0, syntax: text.syntax) }))
        }
        for template in data.templates {
            guard let texts = textsByID[template.id], !texts.isEmpty else { continue }
            keyByID[template.id] = template.key
            templates[template.key] = TemplateTexts(id: template.id, key: template.key, aliases: template.aliases,
                                                    texts: StoredTexts(texts, counted: count))
        }
    }

    // MARK: Texts on first render

    /// The compiled text of `template` in `locale` for `channel`, nil when it has none to serve.
    /// A text whose source is still in the database has it read first, with its template's others.
    func compiled(_ template: TemplateTexts, _ locale: LocaleID, _ channel: ReplyChannel, in snapshot: Snapshot) async throws -> CompiledMessage? {
        guard let index = template.texts.index(locale, channel) else { return nil }
        switch template.texts.compiled(at: index, template: template.key) {
        case .message(let message): return message
        case .none: return nil
        case .inDatabase:
            try await readSources(of: template, in: snapshot)
            if case .message(let message) = template.texts.compiled(at: index, template: template.key) { return message }
            return nil
        }
    }

    /// Reads the sources of a template's texts: from where its workspace was loaded, so never
    /// older than what the snapshot holds. Concurrent first renders may each read them; the first
    /// to arrive is kept. A database that is away is a 503 for this render (a text already
    /// compiled is still served from memory).
    func readSources(of template: TemplateTexts, in snapshot: Snapshot) async throws {
        let data: RenderData
        do {
            data = try await store.renderData(workspaceID: snapshot.workspace.id, templateID: template.id, from: snapshot.sources)
        } catch let error as StoreError {
            throw APIError(error)
        } catch {
            throw APIError(StoreError(.unavailable, "\(error)"))
        }
        sourceReads.increment()
        var read: [StoredTexts.Place: StoredTexts.Source] = [:]
        for text in data.texts {
            if let message = text.message {
                read[StoredTexts.Place(locale: text.locale, channel: text.channel)] = StoredTexts.Source(text: message, syntax: text.syntax)
            }
        }
        template.texts.take(read)
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
