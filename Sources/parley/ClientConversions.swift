import Catalog
import ICU
import MessageFormat
import ParleyAPI
import ParleyClient

/// The API's shapes as the catalog's types, for the commands that work on `Locales/` files.
extension Components.Schemas.Snapshot {
    /// The workspace and its templates and texts, for writing as `Locales/` files.
    func bundle() throws -> CatalogBundle {
        CatalogBundle(
            workspace: WorkspaceSpec(name: workspace.name, defaultLocale: try LocaleID(workspace.defaultLocale),
                                     locales: try workspace.locales.map { try LocaleID($0) }),
            templates: try templates.map {
                TemplateSpec(key: $0.key, category: $0.category, tags: $0.tags, shortcut: $0.shortcut, aliases: $0.aliases ?? [],
                             description: $0.description,
                             sourceLocale: try LocaleID($0.sourceLocale))
            },
            texts: try pulledTexts().map(\.spec),
            examples: try pulledExamples().map(\.spec))
    }

    /// Every template's examples per locale at their versions.
    func pulledExamples() throws -> [PulledExamples] {
        try (examples ?? []).compactMap { examples in
            guard let key = examples.key else { return nil }
            return PulledExamples(key: key, locale: try LocaleID(examples.locale), version: examples.version, phrases: examples.phrases)
        }
    }

    /// Every text at its version, with who wrote it when.
    func pulledTexts() throws -> [PulledText] {
        try texts.map {
            PulledText(key: $0.key, locale: try LocaleID($0.locale), channel: ReplyChannel(rawValue: $0.channel), version: $0.version,
                       message: $0.message, syntax: MessageSyntax(rawValue: $0.syntax.rawValue) ?? .mf1,
                       state: ReviewState(rawValue: $0.state.rawValue) ?? .needsReview,
                       author: $0.author, updatedAt: $0.updatedAt)
        }
    }
}

extension CatalogSync.Outgoing {
    /// The batch change that sends it.
    var change: ChangeItem {
        ChangeItem(key: text.key, locale: text.locale.tag, channel: text.channel.rawValue, message: text.message,
                   syntax: Components.Schemas.MessageSyntax(rawValue: text.syntax.rawValue),
                   state: state.flatMap { Components.Schemas.ReviewState(rawValue: $0.rawValue) }, baseVersion: base?.version)
    }
}

extension Components.Schemas.WrittenText {
    var written: CatalogSync.Written {
        get throws {
            CatalogSync.Written(identity: TextIdentity(key: key, locale: try LocaleID(locale), channel: ReplyChannel(rawValue: channel)),
                                version: version, state: ReviewState(rawValue: state.rawValue) ?? .needsReview)
        }
    }
}

extension Components.Schemas.PlannedText {
    /// `+ key (locale[, channel])` for a new text, `~ …` for an updated one, as `push --dry-run` lists them.
    var line: String {
        "\(action == .created ? "+" : "~") \(TextIdentity.name(key: key, locale: locale, channel: channel))"
    }
}
