import Catalog
import Hummingbird
import ICU
import MessageFormat
import Store

/// Workspaces, templates, texts, their history and review.
struct CatalogRoutes {
    let store: CatalogStore
    let cache: RenderCache

    func register(on group: RouterGroup<ParleyContext>) {
        group.get("workspaces", use: listWorkspaces)
        group.post("workspaces", use: createWorkspace)
        group.get("workspaces/:workspace", use: getWorkspace)
        group.get("workspaces/:workspace/locales", use: locales)
        group.get("workspaces/:workspace/templates", use: listTemplates)
        group.post("workspaces/:workspace/templates", use: createTemplate)
        group.get("workspaces/:workspace/templates/:key", use: getTemplate)
        group.patch("workspaces/:workspace/templates/:key", use: updateTemplate)
        group.delete("workspaces/:workspace/templates/:key", use: archiveTemplate)
        group.get("workspaces/:workspace/templates/:key/translations/:locale", use: getTranslation)
        group.put("workspaces/:workspace/templates/:key/translations/:locale", use: putTranslation)
        group.get("workspaces/:workspace/templates/:key/translations/:locale/revisions", use: revisions)
        group.post("workspaces/:workspace/templates/:key/translations/:locale/rollback", use: rollback)
        group.post("workspaces/:workspace/templates/:key/translations/:locale/review", use: review)
    }

    // MARK: Workspaces

    struct WorkspaceList: Encodable { var workspaces: [WorkspaceBody] }

    struct NewWorkspace: Decodable {
        var name: String
        var defaultLocale: String
        var locales: [String]
    }

    @Sendable func listWorkspaces(_ request: Request, context: ParleyContext) async throws -> Response {
        let principal = try context.require(.agent)
        let visible = try await store.workspaces().filter { principal.mayUse($0) }
        return try JSON.response(WorkspaceList(workspaces: visible.map(WorkspaceBody.init)))
    }

    @Sendable func createWorkspace(_ request: Request, context: ParleyContext) async throws -> Response {
        let principal = try context.require(.admin)
        guard principal.workspaceID == nil else { throw APIError.forbidden("this key is limited to one workspace") }
        let body = try await request.decode(as: NewWorkspace.self, context: context)
        guard let defaultLocale = try? LocaleID(body.defaultLocale) else {
            throw APIError.badRequest("'\(body.defaultLocale)' is not a valid locale tag")
        }
        let locales = try body.locales.map { tag in
            guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
            return locale
        }
        let workspace = try await store.createWorkspace(name: body.name, defaultLocale: defaultLocale, locales: locales)
        return try JSON.response(WorkspaceBody(workspace), status: .created)
    }

    @Sendable func getWorkspace(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        return try JSON.response(WorkspaceBody(workspace))
    }

    struct Coverage: Encodable { var workspace: String; var locales: [LocaleCoverage] }

    @Sendable func locales(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        return try JSON.response(Coverage(workspace: workspace.name, locales: try await store.coverage(of: workspace)))
    }

    // MARK: Templates

    struct TemplateList: Encodable {
        var templates: [TemplateBody]
        /// Pass as `after` for the next page; absent on the last.
        var next: String?
    }

    struct NewTemplate: Decodable {
        var key: String
        var category: String?
        var tags: [String]?
        var shortcut: String?
        var aliases: [String]?
        var description: String?
        var sourceLocale: String?
        /// The source-locale text, created with the template.
        var message: String?
    }

    struct TemplateDetail: Encodable {
        var template: TemplateBody
        var translations: [TranslationBody]
        /// The arguments its texts use (the source locale's first), for a form that fills them.
        var arguments: [ArgumentBody]

        init(template: Template, translations: [TranslationBody]) {
            self.template = TemplateBody(template)
            self.translations = translations
            let ordered = translations.filter { $0.locale == template.sourceLocale.tag } + translations.filter { $0.locale != template.sourceLocale.tag }
            arguments = Message.argumentUses(of: ordered.compactMap { try? MessageParser.parse($0.message) }).map(ArgumentBody.init)
        }
    }

    @Sendable func listTemplates(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let query = request.uri.queryParameters
        var filter = TemplateFilter()
        filter.category = query["category"].map(String.init)
        filter.tag = query["tag"].map(String.init)
        filter.after = query["after"].map(String.init)
        filter.includeArchived = query["archived"] == "true"
        filter.missingIn = try query["missing"].map { try Self.locale(String($0)) }
        filter.outdatedIn = try query["outdated"].map { try Self.locale(String($0)) }
        if let state = query["state"] {
            guard let reviewState = ReviewState(rawValue: String(state)) else {
                throw APIError.badRequest("state is one of draft, needs_review, approved")
            }
            guard let locale = query["locale"] else { throw APIError.badRequest("filtering by state needs a locale") }
            filter.state = (reviewState, try Self.locale(String(locale)))
        }
        if let limit = query["limit"] {
            guard let value = Int(limit), (1...500).contains(value) else { throw APIError.badRequest("limit is 1 to 500") }
            filter.limit = value
        }
        let search = query["q"].map(String.init).flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let locale = try query["locale"].map { try Self.locale(String($0)) }
        guard search != nil || (locale != nil && filter.state == nil) else {
            let page = try await store.templates(in: workspace, matching: filter)
            return try JSON.response(TemplateList(templates: page.templates.map(TemplateBody.init), next: page.next))
        }
        // Ranked by the search index, or in the locale's collation order: the index gives the
        // order, the store the filters, and the page continues after the `after` key.
        let index = try await cache.searchIndex(try await cache.snapshot(named: workspace.name))
        let order: [String]
        if let search {
            let hits = index.search(search, locale: locale, limit: Self.mostSearchHits)
            order = hits.map(\.key)
            filter.keys = order
        } else {
            order = index.keysInCollationOrder(of: locale!)
        }
        let (limit, after) = (filter.limit, filter.after)
        (filter.limit, filter.after) = (TemplateFilter.everything, nil)
        let matching = try await store.templates(in: workspace, matching: filter).templates
        let page = Self.page(matching, in: order, after: after, limit: limit)
        return try JSON.response(TemplateList(templates: page.templates.map(TemplateBody.init), next: page.next))
    }

    /// The most templates a search ranks.
    static let mostSearchHits = 500

    /// A page of `templates` in the order of `keys` (templates not in it after them, by key),
    /// continuing after the key `after`.
    static func page(_ templates: [Template], in keys: [String], after: String?, limit: Int) -> TemplatePage {
        let rank = Dictionary(keys.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        let ordered = templates.sorted { a, b in
            switch (rank[a.key], rank[b.key]) {
            case let (x?, y?): x < y
            case (_?, nil): true
            case (nil, _?): false
            case (nil, nil): a.key < b.key
            }
        }
        let start = after.flatMap { key in ordered.firstIndex { $0.key == key }.map { $0 + 1 } } ?? 0
        let slice = Array(ordered.dropFirst(start).prefix(limit))
        let more = start + slice.count < ordered.count
        return TemplatePage(templates: slice, next: more ? slice.last?.key : nil)
    }

    @Sendable func createTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await workspace(context, .admin)
        let body = try await request.decode(as: NewTemplate.self, context: context)
        let sourceLocale = try body.sourceLocale.map(Self.locale) ?? workspace.defaultLocale
        if let message = body.message { try Self.validate(message, locale: sourceLocale, source: nil) }
        let template = try await store.createTemplate(in: workspace, TemplateSpec(
            key: body.key, category: body.category ?? "", tags: body.tags ?? [], shortcut: body.shortcut, aliases: body.aliases ?? [],
            description: body.description ?? "", sourceLocale: sourceLocale))
        var translations: [TranslationBody] = []
        if let message = body.message {
            let text = try await store.putTranslation(
                of: template, in: workspace, locale: sourceLocale, channel: .default, message: message, state: .approved,
                expecting: .absent, author: principal.name)
            translations.append(TranslationBody(text, key: template.key, outdated: false))
        }
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(TemplateDetail(template: template, translations: translations),
                                 status: .created, etag: template.version)
    }

    @Sendable func getTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let template = try await store.template(in: workspace, key: try context.parameter("key"))
        let translations = try await store.translations(of: template, in: workspace)
        let sourceVersions = SourceText.versions(in: translations, sourceLocale: template.sourceLocale)
        let bodies = translations.map {
            TranslationBody($0, key: template.key,
                            outdated: SourceText.isOutdated($0, sourceLocale: template.sourceLocale, sourceVersions: sourceVersions))
        }
        return try JSON.response(TemplateDetail(template: template, translations: bodies), etag: template.version)
    }

    @Sendable func updateTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .admin)
        let version = try Precondition.version(of: request)
        let change = try await request.decode(as: TemplateChange.self, context: context)
        let template = try await store.updateTemplate(in: workspace, key: try context.parameter("key"), expectedVersion: version, change)
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(TemplateBody(template), etag: template.version)
    }

    /// Archiving keeps the template and its history, and stops serving it.
    @Sendable func archiveTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .admin)
        let version = try Precondition.version(of: request)
        let template = try await store.updateTemplate(in: workspace, key: try context.parameter("key"), expectedVersion: version,
                                                      TemplateChange(archived: true))
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(TemplateBody(template), etag: template.version)
    }

    // MARK: Texts

    struct TextWrite: Decodable {
        var message: String
        var state: String?
    }

    struct TextWritten: Encodable {
        var translation: TranslationBody
        /// Lint warnings that did not block the write.
        var warnings: [MessageProblem]
    }

    @Sendable func getTranslation(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let (template, locale, channel) = try await target(context, request, workspace)
        guard let text = try await store.translation(of: template, in: workspace, locale: locale, channel: channel) else {
            throw APIError.notFound("'\(template.key)' has no \(channel.rawValue) text in \(locale)")
        }
        let sources = try await store.sourceTexts(of: template, in: workspace)
        return try JSON.response(Self.shown(text, of: template, sources: sources), etag: text.version)
    }

    @Sendable func putTranslation(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await workspace(context, .translator)
        let (template, locale, channel) = try await target(context, request, workspace)
        guard principal.mayEdit(locale) else { throw APIError.forbidden("this key may not edit \(locale)") }
        let expectation = try Precondition.expectation(request)
        let body = try await request.decode(as: TextWrite.self, context: context)
        let state = try Self.state(body.state, for: principal)
        // Read before the write: once it commits, nothing may fail the answer (the client would be
        // told a committed write failed).
        let sources = locale == template.sourceLocale ? [] : try await store.sourceTexts(of: template, in: workspace)
        let sourceChannel = SourceText.channel(for: channel, sourceChannels: sources.map(\.channel))
        let warnings = try Self.validate(body.message, locale: locale, source: sources.first { $0.channel == sourceChannel }?.message)
        let saved = try await store.putTranslation(
            of: template, in: workspace, locale: locale, channel: channel, message: body.message, state: state,
            expecting: expectation, author: principal.name)
        await cache.refresh(workspace, templateID: template.id)
        let status: HTTPResponse.Status = expectation == .absent ? .created : .ok
        return try JSON.response(TextWritten(translation: Self.shown(saved, of: template, sources: sources), warnings: warnings),
                                 status: status, etag: saved.version)
    }

    struct RevisionList: Encodable { var revisions: [Revision] }

    @Sendable func revisions(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let (template, locale, channel) = try await target(context, request, workspace)
        return try JSON.response(RevisionList(revisions: try await store.revisions(of: template, in: workspace, locale: locale, channel: channel)))
    }

    struct RollbackRequest: Decodable { var revision: Int64 }

    @Sendable func rollback(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await workspace(context, .translator)
        let (template, locale, channel) = try await target(context, request, workspace)
        guard principal.mayEdit(locale) else { throw APIError.forbidden("this key may not edit \(locale)") }
        let version = try Precondition.version(of: request)
        let body = try await request.decode(as: RollbackRequest.self, context: context)
        let sources = try await store.sourceTexts(of: template, in: workspace)  // before the write, as for PUT
        let saved = try await store.rollback(of: template, in: workspace, locale: locale, channel: channel,
                                             toRevision: body.revision, expectedVersion: version, author: principal.name,
                                             mayApprove: principal.role.mayApprove)
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Self.shown(saved, of: template, sources: sources), etag: saved.version)
    }

    struct ReviewRequest: Decodable { var decision: String }

    @Sendable func review(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await workspace(context, .reviewer)
        let (template, locale, channel) = try await target(context, request, workspace)
        let version = try Precondition.version(of: request)
        let body = try await request.decode(as: ReviewRequest.self, context: context)
        guard ["approve", "reject"].contains(body.decision) else { throw APIError.badRequest("decision is approve or reject") }
        let sources = try await store.sourceTexts(of: template, in: workspace)  // before the write, as for PUT
        let saved = try await store.review(of: template, in: workspace, locale: locale, channel: channel,
                                           approve: body.decision == "approve", expectedVersion: version, author: principal.name)
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Self.shown(saved, of: template, sources: sources), etag: saved.version)
    }

    // MARK: Helpers

    private func workspace(_ context: ParleyContext, _ role: Role) async throws -> (Workspace, Principal) {
        try await cache.workspace(context, role)
    }

    private func target(_ context: ParleyContext, _ request: Request, _ workspace: Workspace) async throws -> (Template, LocaleID, ReplyChannel) {
        let template = try await store.template(in: workspace, key: try context.parameter("key"))
        let locale = try context.locale()
        let channel = ReplyChannel(rawValue: request.uri.queryParameters["channel"].map(String.init) ?? "default")
        guard channel.isValid else { throw APIError.badRequest("'\(channel.rawValue)' is not a valid channel name") }
        return (template, locale, channel)
    }

    static func locale(_ tag: String) throws -> LocaleID {
        guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
        return locale
    }

    /// Refuses a message with errors (422, each with line, column and caret); returns the warnings.
    @discardableResult
    static func validate(_ message: String, locale: LocaleID, source: String?) throws -> [MessageProblem] {
        let (errors, warnings) = MessageCheck.check(message, locale: locale, source: source)
        guard errors.isEmpty else {
            let first = errors[0]
            throw APIError(.unprocessableContent, "invalid-message", "\(first.line):\(first.column): \(first.message)", problems: errors)
        }
        return warnings
    }

    /// The review state of a write: translators may not approve their own text.
    static func state(_ requested: String?, for principal: Principal) throws -> ReviewState {
        guard let requested else { return TextUpdate.defaultState(mayApprove: principal.role.mayApprove) }
        guard let state = ReviewState(rawValue: requested) else { throw APIError.badRequest("state is one of draft, needs_review, approved") }
        if state == .approved && !principal.role.mayApprove { throw APIError.forbidden("only reviewers may approve") }
        return state
    }

    /// A text as the API shows it, outdated by ``SourceText``'s rule against the template's source texts.
    private static func shown(_ text: Translation, of template: Template, sources: [Translation]) -> TranslationBody {
        let versions = SourceText.versions(in: sources, sourceLocale: template.sourceLocale)
        return TranslationBody(text, key: template.key,
                               outdated: SourceText.isOutdated(text, sourceLocale: template.sourceLocale, sourceVersions: versions))
    }
}
