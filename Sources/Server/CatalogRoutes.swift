import Catalog
import Hummingbird
import ICU
import MessageFormat
import ParleyAPI
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

    @Sendable func listWorkspaces(_ request: Request, context: ParleyContext) async throws -> Response {
        let principal = try context.require(.agent)
        let paging = try PageRequest(request)
        let page = paging.page(try await store.workspaces(after: paging.after, limit: paging.readLimit), cursor: \.name)
        // A key for one workspace sees only that one; its pages may then be short.
        return try JSON.response(Operations.ListWorkspaces.Output.Ok.Body.JsonPayload(
            workspaces: page.items.filter { principal.mayUse($0) }.map(Contract.Workspace.init), next: page.next))
    }

    @Sendable func createWorkspace(_ request: Request, context: ParleyContext) async throws -> Response {
        let principal = try context.require(.admin)
        guard principal.workspaceID == nil else { throw APIError.forbidden("this key is limited to one workspace") }
        let body = try await request.decode(as: Contract.Workspace.self, context: context)
        guard let defaultLocale = try? LocaleID(body.defaultLocale) else {
            throw APIError.badRequest("'\(body.defaultLocale)' is not a valid locale tag")
        }
        let locales = try body.locales.map { tag in
            guard let locale = try? LocaleID(tag) else { throw APIError.badRequest("'\(tag)' is not a valid locale tag") }
            return locale
        }
        let workspace = try await store.createWorkspace(name: body.name, defaultLocale: defaultLocale, locales: locales)
        return try JSON.response(Contract.Workspace(workspace), status: .created)
    }

    @Sendable func getWorkspace(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        return try JSON.response(Contract.Workspace(workspace))
    }

    @Sendable func locales(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let coverage = try await cache.coverage.coverage(of: workspace.id) { try await store.coverage(of: workspace) }
        return try JSON.response(Contract.LocaleCoverage(workspace: workspace.name, locales: coverage.map(Contract.Coverage.init)))
    }

    // MARK: Templates

    typealias NewTemplate = Operations.CreateTemplate.Input.Body.JsonPayload

    @Sendable func listTemplates(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let query = request.uri.queryParameters
        var filter = TemplateFilter()
        filter.category = query["category"].map(String.init)
        filter.tag = query["tag"].map(String.init)
        let paging = try PageRequest(request)
        (filter.after, filter.limit) = (paging.after, paging.limit)
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
        let search = query["q"].map(String.init).flatMap { $0.allSatisfy(\.isWhitespace) ? nil : $0 }
        let locale = try query["locale"].map { try Self.locale(String($0)) }
        guard search != nil || (locale != nil && filter.state == nil) else {
            let page = try await store.templates(in: workspace, matching: filter)
            return try JSON.response(Contract.TemplatePage(templates: page.templates.map(Contract.Template.init), next: page.next))
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
        return try JSON.response(Contract.TemplatePage(templates: page.templates.map(Contract.Template.init), next: page.next))
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
        let syntax = body.syntax.map(MessageSyntax.init) ?? .mf1
        if let message = body.message { try Self.validate(message, syntax: syntax, locale: sourceLocale, source: nil) }
        let template = try await store.createTemplate(in: workspace, TemplateSpec(
            key: body.key, category: body.category ?? "", tags: body.tags ?? [], shortcut: body.shortcut, aliases: body.aliases ?? [],
            description: body.description ?? "", sourceLocale: sourceLocale))
        var translations: [Contract.Translation] = []
        if let message = body.message {
            let text = try await store.putTranslation(
                of: template, in: workspace, locale: sourceLocale, channel: .default, message: message, syntax: syntax, state: .approved,
                expecting: .absent, author: principal.name)
            translations.append(Contract.Translation(text, key: template.key, outdated: false))
        }
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Contract.TemplateDetail(template: template, translations: translations),
                                 status: .created, etag: template.version)
    }

    @Sendable func getTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let template = try await store.template(in: workspace, key: try context.parameter("key"))
        let translations = try await store.translations(of: template, in: workspace)
        let sourceVersions = SourceText.versions(in: translations, sourceLocale: template.sourceLocale)
        let bodies = translations.map {
            Contract.Translation($0, key: template.key,
                            outdated: SourceText.isOutdated($0, sourceLocale: template.sourceLocale, sourceVersions: sourceVersions))
        }
        return try JSON.response(Contract.TemplateDetail(template: template, translations: bodies), etag: template.version)
    }

    @Sendable func updateTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .admin)
        let version = try Precondition.version(of: request)
        let body = try await request.decode(as: Operations.UpdateTemplate.Input.Body.JsonPayload.self, context: context)
        let change = TemplateChange(category: body.category, tags: body.tags, shortcut: body.shortcut, aliases: body.aliases,
                                    description: body.description, archived: body.archived)
        let template = try await store.updateTemplate(in: workspace, key: try context.parameter("key"), expectedVersion: version, change)
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Contract.Template(template), etag: template.version)
    }

    /// Archiving keeps the template and its history, and stops serving it.
    @Sendable func archiveTemplate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .admin)
        let version = try Precondition.version(of: request)
        let template = try await store.updateTemplate(in: workspace, key: try context.parameter("key"), expectedVersion: version,
                                                      TemplateChange(archived: true))
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Contract.Template(template), etag: template.version)
    }

    // MARK: Texts

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
        let body = try await request.decode(as: Operations.PutTranslation.Input.Body.JsonPayload.self, context: context)
        let state = try Self.state(body.state, for: principal)
        // Read before the write: once it commits, nothing may fail the answer (the client would be
        // told a committed write failed).
        let sources = locale == template.sourceLocale ? [] : try await store.sourceTexts(of: template, in: workspace)
        let sourceChannel = SourceText.channel(for: channel, sourceChannels: sources.map(\.channel))
        let source = sources.first { $0.channel == sourceChannel }
        let current = body.syntax == nil ? try await store.translation(of: template, in: workspace, locale: locale, channel: channel) : nil
        let syntax = body.syntax.map(MessageSyntax.init) ?? .unnamed(current: current?.syntax, source: source?.syntax)
        let warnings = try Self.validate(body.message, syntax: syntax, locale: locale, source: source.map { ($0.message, $0.syntax) })
        let saved = try await store.putTranslation(
            of: template, in: workspace, locale: locale, channel: channel, message: body.message, syntax: syntax, state: state,
            expecting: expectation, author: principal.name)
        await cache.refresh(workspace, templateID: template.id)
        let status: HTTPResponse.Status = expectation == .absent ? .created : .ok
        return try JSON.response(Contract.TextWritten(translation: Self.shown(saved, of: template, sources: sources),
                                                     warnings: warnings.map(Contract.MessageProblem.init)),
                                 status: status, etag: saved.version)
    }

    @Sendable func revisions(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await workspace(context, .agent)
        let (template, locale, channel) = try await target(context, request, workspace)
        let paging = try PageRequest(request)
        let page = paging.page(try await store.revisions(of: template, in: workspace, locale: locale, channel: channel,
                                                         before: try PageRequest.id(request), limit: paging.readLimit),
                               cursor: { String($0.id) })
        return try JSON.response(Contract.Revisions(revisions: page.items.map(Contract.Revision.init), next: page.next))
    }

    @Sendable func rollback(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await workspace(context, .translator)
        let (template, locale, channel) = try await target(context, request, workspace)
        guard principal.mayEdit(locale) else { throw APIError.forbidden("this key may not edit \(locale)") }
        let version = try Precondition.version(of: request)
        let body = try await request.decode(as: Operations.RollbackTranslation.Input.Body.JsonPayload.self, context: context)
        let sources = try await store.sourceTexts(of: template, in: workspace)  // before the write, as for PUT
        let saved = try await store.rollback(of: template, in: workspace, locale: locale, channel: channel,
                                             toRevision: Int64(body.revision), expectedVersion: version, author: principal.name,
                                             mayApprove: principal.role.mayApprove)
        await cache.refresh(workspace, templateID: template.id)
        return try JSON.response(Self.shown(saved, of: template, sources: sources), etag: saved.version)
    }

    @Sendable func review(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await workspace(context, .reviewer)
        let (template, locale, channel) = try await target(context, request, workspace)
        let version = try Precondition.version(of: request)
        let body = try await request.decode(as: Operations.ReviewTranslation.Input.Body.JsonPayload.self, context: context)
        let sources = try await store.sourceTexts(of: template, in: workspace)  // before the write, as for PUT
        let saved = try await store.review(of: template, in: workspace, locale: locale, channel: channel,
                                           approve: body.decision == .approve, expectedVersion: version, author: principal.name)
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
    static func validate(_ message: String, syntax: MessageSyntax, locale: LocaleID,
                         source: (message: String, syntax: MessageSyntax)?) throws -> [MessageProblem] {
        let (errors, warnings) = MessageCheck.check(message, syntax: syntax, locale: locale, source: source)
        guard errors.isEmpty else {
            let first = errors[0]
            throw APIError(.unprocessableContent, "invalid-message", "\(first.line):\(first.column): \(first.message)", problems: errors)
        }
        return warnings
    }

    /// The review state of a write: translators may not approve their own text.
    static func state(_ requested: Contract.ReviewState?, for principal: Principal) throws -> ReviewState {
        guard let requested else { return TextUpdate.defaultState(mayApprove: principal.role.mayApprove) }
        let state = ReviewState(requested)
        if state == .approved && !principal.role.mayApprove { throw APIError.forbidden("only reviewers may approve") }
        return state
    }

    /// A text as the API shows it, outdated by ``SourceText``'s rule against the template's source texts.
    private static func shown(_ text: Translation, of template: Template, sources: [Translation]) -> Contract.Translation {
        let versions = SourceText.versions(in: sources, sourceLocale: template.sourceLocale)
        return Contract.Translation(text, key: template.key,
                                    outdated: SourceText.isOutdated(text, sourceLocale: template.sourceLocale, sourceVersions: versions))
    }
}
