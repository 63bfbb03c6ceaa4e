import Catalog
import LanguageDetection
import MessageFormat
import ParleyAPI
import Store

/// The API's JSON shapes, as `openapi.yaml` defines them: ParleyAPI generates these types from
/// the document at build time, so the server cannot answer a shape the document does not have.
/// The render, batch, suggest and NLG answers are the exception: they are written by
/// ``FastJSON/Writer`` directly, because Codable costs more than the render itself on that path.
typealias Contract = Components.Schemas

// MARK: The domain as the API shows it

extension Contract.Workspace {
    init(_ workspace: Catalog.Workspace) {
        self.init(name: workspace.name, defaultLocale: workspace.defaultLocale.tag, locales: workspace.locales.map(\.tag))
    }
}

extension Contract.Template {
    init(_ template: Catalog.Template) {
        self.init(key: template.key, category: template.category, tags: template.tags, shortcut: template.shortcut,
                  aliases: template.aliases, description: template.description, sourceLocale: template.sourceLocale.tag,
                  archived: template.archived, version: template.version)
    }
}

extension Contract.Translation {
    /// `outdated` by ``SourceText``'s rule.
    init(_ translation: Catalog.Translation, key: String, outdated: Bool) {
        self.init(key: key, locale: translation.locale.tag, channel: translation.channel.rawValue, message: translation.message,
                  syntax: Contract.MessageSyntax(translation.syntax), state: Contract.ReviewState(translation.state), version: translation.version,
                  sourceVersion: translation.sourceVersion, outdated: outdated, author: translation.author,
                  updatedAt: translation.updatedAt)
    }
}

extension Contract.MessageSyntax {
    init(_ syntax: MessageFormat.MessageSyntax) {
        self = Contract.MessageSyntax(rawValue: syntax.rawValue)!
    }
}

extension MessageFormat.MessageSyntax {
    init(_ syntax: Contract.MessageSyntax) {
        self = MessageFormat.MessageSyntax(rawValue: syntax.rawValue)!
    }
}

extension Contract.ReviewState {
    init(_ state: Catalog.ReviewState) {
        switch state {
        case .draft: self = .draft
        case .needsReview: self = .needsReview
        case .approved: self = .approved
        }
    }

    /// A state named by the store as text (a planned or written text's): the same names.
    init(named name: String) {
        self = Contract.ReviewState(rawValue: name) ?? .draft
    }
}

extension Catalog.ReviewState {
    init(_ state: Contract.ReviewState) {
        switch state {
        case .draft: self = .draft
        case .needsReview: self = .needsReview
        case .approved: self = .approved
        }
    }
}

extension Contract.TemplateDetail {
    /// A template with its texts, and the arguments they use (the source locale's first), for a
    /// form that fills them.
    init(template: Catalog.Template, translations: [Contract.Translation]) {
        let ordered = translations.filter { $0.locale == template.sourceLocale.tag } + translations.filter { $0.locale != template.sourceLocale.tag }
        let uses = Message.argumentUses(of: ordered.compactMap { try? MessageParser.parse($0.message) })
        self.init(template: Contract.Template(template), translations: translations, arguments: uses.map(Contract.ArgumentUse.init))
    }
}

extension Contract.ArgumentUse {
    /// `{"name": "amount", "type": "number", "style": "::currency/USD", "currency": "USD"}`.
    init(_ use: MessageFormat.ArgumentUse) {
        self.init(name: use.name, _type: _TypePayload(rawValue: use.kind.rawValue) ?? .text, style: use.style,
                  currency: use.currency, options: use.options.isEmpty ? nil : use.options)
    }
}

extension Contract.MessageProblem {
    init(_ problem: Catalog.MessageProblem) {
        self.init(code: problem.code, message: problem.message, line: problem.line, column: problem.column, caret: problem.caret)
    }
}

extension Contract.Revision {
    init(_ revision: Store.Revision) {
        self.init(id: Int(revision.id), version: revision.version, message: revision.message,
                  syntax: Contract.MessageSyntax(revision.syntax), state: Contract.ReviewState(revision.state),
                  sourceVersion: revision.sourceVersion, author: revision.author, action: revision.action, createdAt: revision.createdAt)
    }
}

extension Contract.Coverage {
    init(_ coverage: LocaleCoverage) {
        self.init(locale: coverage.locale.tag, templates: coverage.templates, translated: coverage.translated,
                  approved: coverage.approved, outdated: coverage.outdated, missing: coverage.missing)
    }
}

extension Contract.Examples {
    init(_ examples: Store.Examples, key: String? = nil) {
        self.init(key: key, locale: examples.locale.tag, phrases: examples.phrases, version: examples.version,
                  author: examples.author, updatedAt: examples.updatedAt)
    }
}

extension Contract.APIKey {
    init(_ key: Store.APIKey) {
        self.init(id: Int(key.id), name: key.name, prefix: key.prefix, role: Contract.Role(rawValue: key.role.rawValue),
                  workspaceID: key.workspaceID.map { Int($0) }, locales: key.locales?.map(\.tag), createdAt: key.createdAt,
                  expiresAt: key.expiresAt, expired: key.expired, bootstrap: key.bootstrap, revoked: key.revoked)
    }
}

// MARK: Batches and imports

extension Contract.PlannedText {
    init(_ text: Store.PlannedText) {
        self.init(key: text.key, locale: text.locale, channel: text.channel, action: ActionPayload(rawValue: text.action) ?? .updated,
                  state: Contract.ReviewState(named: text.state), outdated: text.outdated)
    }
}

extension Contract.WrittenText {
    init(_ text: Store.WrittenText) {
        self.init(key: text.key, locale: text.locale, channel: text.channel, version: text.version,
                  state: Contract.ReviewState(named: text.state))
    }
}

extension Contract.ChangeSummary {
    init(_ summary: BatchSummary) {
        self.init(created: summary.created, updated: summary.updated, unchanged: summary.unchanged, dryRun: summary.dryRun,
                  changes: summary.changes.map(Contract.PlannedText.init), kept: summary.kept.map(Contract.PlannedText.init),
                  written: summary.written.map(Contract.WrittenText.init))
    }
}

extension Contract.ImportSummary {
    init(file: String, texts: Int, _ summary: BatchSummary) {
        self.init(file: file, texts: texts, created: summary.created, updated: summary.updated, unchanged: summary.unchanged,
                  dryRun: summary.dryRun, changes: summary.changes.map(Contract.PlannedText.init),
                  kept: summary.kept.map(Contract.PlannedText.init))
    }
}

// MARK: Errors

extension Contract.ErrorContent {
    init(_ error: APIError, requestID: String?) {
        let current = error.current.map { CurrentPayload(version: $0.version, author: $0.author, at: $0.at) }
        let conflicts = error.conflicts?.map { conflict in
            ConflictsPayloadPayload(key: conflict.key, locale: conflict.locale, channel: conflict.channel, expected: conflict.expected,
                                    current: .init(version: conflict.current.version, author: conflict.current.author, at: conflict.current.at))
        }
        self.init(code: error.code, message: error.message, problems: error.problems?.map(Contract.MessageProblem.init),
                  current: current, issues: error.issues, requestId: requestID, conflicts: conflicts, diagnostics: error.diagnostics)
    }
}
