import Catalog
import Foundation
import Hummingbird
import ICU
import Interchange
import MessageFormat
import ParleyAPI
import Store

/// The whole catalog at once: snapshots for `pull`, batches for `push`, export and import in
/// translators' formats. Batches and imports are all or nothing.
struct ExchangeRoutes {
    let store: CatalogStore
    let cache: RenderCache

    func register(on group: RouterGroup<ParleyContext>) {
        group.get("workspaces/:workspace/snapshot", use: snapshot)
        group.post("workspaces/:workspace/changes", use: changes)
        group.get("workspaces/:workspace/export", use: export)
        group.post("workspaces/:workspace/import", use: importFile)
    }

    // MARK: Snapshot and batches

    /// The snapshot, streamed: a million texts are written out as they are read, in the memory of
    /// a few thousand. A database that is away is found before the answer starts (503); a failure
    /// after that cuts the answer off, which a client sees as JSON that does not end.
    @Sendable func snapshot(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .agent)
        try await store.checkReadable()
        let store = self.store
        return Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: ResponseBody { writer in
            let json = StreamedJSONObject(writer)
            try await json.member("workspace", Contract.Workspace(workspace))
            try await json.ensureArray("templates")
            try await store.streamSnapshot(of: workspace) { part in
                switch part {
                case .templates(let templates):
                    try await json.append(templates.map(Contract.Template.init), to: "templates")
                case .texts(let texts):
                    try await json.ensureArray("templates")
                    try await json.append(texts.map { Contract.Translation($0.translation, key: $0.key, outdated: $0.outdated) }, to: "texts")
                case .examples(let examples):
                    try await json.ensureArray("texts")
                    try await json.append(examples.map { Contract.Examples(key: $0.key, locale: $0.locale.tag, phrases: $0.phrases, version: $0.version) },
                                          to: "examples")
                }
            }
            // Every member the contract requires, even when empty.
            try await json.ensureArray("texts")
            try await json.ensureArray("examples")
            try await json.finish()
        })
    }

    @Sendable func changes(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await cache.workspace(context, .translator)
        let body = try await request.decode(as: Operations.ApplyChanges.Input.Body.JsonPayload.self, context: context)
        let bundle = try await store.snapshot(of: workspace, from: .primary).bundle
        var texts: [TextSpec] = []
        var expectations: [CatalogStore.Expectation] = []
        for (index, change) in body.changes.enumerated() {
            let locale = try CatalogRoutes.locale(change.locale)
            guard principal.mayEdit(locale) else { throw APIError.forbidden("this key may not edit \(locale)") }
            let channel = ReplyChannel(rawValue: change.channel ?? "default")
            guard channel.isValid else { throw APIError.badRequest("'\(channel.rawValue)' is not a valid channel name") }
            // A batch names a state exactly or not at all; a translator's `approved` is capped when
            // the text changes, and says "as it is" when it does not (a push of a pulled approved text).
            let marks = change.state.map { StateMarks.exactly(ReviewState($0)) } ?? .unspecified
            texts.append(TextSpec(key: change.key, locale: locale, channel: channel, message: change.message,
                                  syntax: change.syntax.map(MessageSyntax.init) ?? .mf1, namesSyntax: change.syntax != nil,
                                  state: marks.requested ?? .approved, origin: FilePosition(file: "changes[\(index)]", line: 1), marks: marks))
            expectations.append(change.baseVersion.map { .version($0) } ?? .absent)
        }
        // A change that names no syntax keeps the text's (or takes its source's).
        texts = bundle.withUnnamedSyntax(texts)
        try Self.check(texts, against: bundle)
        let summary = try await write(texts, expecting: expectations, in: workspace, principal: principal, dryRun: body.dryRun ?? false)
        return try JSON.response(Contract.ChangeSummary(summary))
    }

    // MARK: Files

    @Sendable func export(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .agent)
        let query = request.uri.queryParameters
        let format = try Self.format(query["format"].map(String.init))
        let locale = try query["locale"].map { try CatalogRoutes.locale(String($0)) }
        if format.isPerLocale && locale == nil {
            throw APIError.badRequest("\(format.rawValue) holds one locale: name it (?locale=fr)")
        }
        if let locale, !workspace.locales.contains(locale) {
            throw APIError.notFound("\(locale) is not one of the workspace's locales")
        }
        try await store.checkReadable()
        let file = ExportWriter(format, workspace: workspace.name, locale: locale ?? workspace.defaultLocale)
        let headers: HTTPFields = [
            .contentType: Self.mediaType(format),
            .contentDisposition: "attachment; filename=\"\(file.fileName)\"",
        ]
        let store = self.store
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await StreamedExport(writer, file).write(workspace, locales: locale.map { [$0] } ?? workspace.locales, from: store)
        })
    }

    /// `POST …/import?format=po&name=fr.po[&locale=fr][&dryRun=true]`, the file as the body.
    @Sendable func importFile(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await cache.workspace(context, .translator)
        let query = request.uri.queryParameters
        let name = query["name"].map(String.init) ?? "upload"
        let format = try query["format"].map { try Self.format(String($0)) }
        let locale = try query["locale"].map { try CatalogRoutes.locale(String($0)) }
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard let contents = String(validating: buffer.readableBytesView, as: UTF8.self) else {
            throw APIError.badRequest("the file is not UTF-8")
        }
        let file = InterchangeFile(name: name, contents: contents)
        let snapshot = try await store.snapshot(of: workspace, from: .primary)
        let texts: [TextSpec]
        do {
            texts = try Interchange.read(file, as: format, locale: locale, catalog: snapshot.bundle)
        } catch {
            throw Self.refused(error)
        }
        for text in texts where !principal.mayEdit(text.locale) {
            throw APIError.forbidden("this key may not edit \(text.locale)")
        }
        try Self.check(texts, against: snapshot.bundle)
        // Each text is expected at the version read here; only the texts that change are held to it.
        let versions = Dictionary(snapshot.texts.map { (TextIdentity(key: $0.key, locale: $0.translation.locale, channel: $0.translation.channel),
                                                        $0.translation.version) },
                                  uniquingKeysWith: { first, _ in first })
        let expectations = texts.map { versions[TextIdentity($0)].map { CatalogStore.Expectation.version($0) } ?? .absent }
        let dryRun = query["dryRun"] == "true"
        let summary = try await write(texts, expecting: expectations, in: workspace, principal: principal, dryRun: dryRun, fromFile: true)
        return try JSON.response(Contract.ImportSummary(file: name, texts: texts.count, summary))
    }

    // MARK: Helpers

    /// Checks texts as writes are checked, against the catalog as it is: every problem at once.
    static func check(_ texts: [TextSpec], against bundle: CatalogBundle) throws {
        do {
            _ = try Interchange.apply(texts, to: bundle)
        } catch {
            throw refused(error)
        }
    }

    /// Writes checked texts, all or none.
    private func write(_ texts: [TextSpec], expecting expectations: [CatalogStore.Expectation], in workspace: Workspace,
                       principal: Principal, dryRun: Bool, fromFile: Bool = false) async throws -> BatchSummary {
        let changes = zip(texts, expectations).map { text, expectation in
            TextChange(key: text.key, locale: text.locale, channel: text.channel, message: text.message, syntax: text.syntax, marks: text.stateMarks,
                       shownSource: text.shownSource, expecting: expectation, keepsLaterChanges: fromFile)
        }
        let summary = try await store.apply(changes, in: workspace, author: principal.name, mayApprove: principal.role.mayApprove, dryRun: dryRun)
        if !summary.written.isEmpty { await cache.refresh(workspace) }
        return summary
    }

    static func refused(_ problems: FileProblems) -> APIError {
        let errors = problems.problems.filter { $0.severity == .error }
        return APIError(.unprocessableContent, "invalid-import",
                        "\(errors.count) problem(s); nothing was imported. First: \(errors.first?.description ?? "")",
                        diagnostics: problems.problems.map(\.description))
    }

    static func format(_ name: String?) throws -> InterchangeFormat {
        guard let name else { throw APIError.badRequest("name the format (?format=xliff2, xliff12, po, json or csv)") }
        guard let format = InterchangeFormat(rawValue: name) else {
            throw APIError.badRequest("'\(name)' is not a format: xliff2, xliff12, po, json or csv")
        }
        return format
    }

    static func mediaType(_ format: InterchangeFormat) -> String {
        switch format {
        case .xliff2, .xliff12: "application/xliff+xml; charset=utf-8"
        case .po: "text/x-gettext-translation; charset=utf-8"
        case .json: "application/json; charset=utf-8"
        case .csv: "text/csv; charset=utf-8"
        }
    }
}
