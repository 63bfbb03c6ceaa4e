import Catalog
import Hummingbird
import ICU
import LanguageDetection
import MessageFormat
import ParleyAPI
import Search
import Store

/// A customer's message as suggestions and feedback take it: readable text of a chat message's
/// size. One rule for every route that reads one.
enum CustomerText {
    /// The most a message may hold (the detector's limit too).
    static let maximumBytes = 100_000

    /// A 400 naming `field` when the text is empty, too long or not text.
    static func check(_ text: String, field: String = "text") throws {
        guard !text.allSatisfy(\.isWhitespace) else { throw APIError.badRequest("'\(field)' is empty") }
        guard text.utf8.count <= maximumBytes else { throw APIError.badRequest("'\(field)' is limited to 100 000 bytes (got \(text.utf8.count))") }
        // Control characters other than line breaks and tabs (C0, DEL, C1), or bytes that were not
        // UTF-8 (read as U+FFFD), are a file, not a message. Read as bytes: this runs on every suggestion.
        var previous: (UInt8, UInt8) = (0, 0)
        let binary = text.utf8.contains { byte in
            defer { previous = (previous.1, byte) }
            switch byte {
            case 0x09, 0x0A, 0x0D: return false
            case 0..<0x20, 0x7F: return true
            case 0x80...0x9F where previous.1 == 0xC2: return true
            case 0xBD where previous == (0xEF, 0xBF): return true
            default: return false
            }
        }
        guard !binary else { throw APIError.badRequest("'\(field)' is not readable text (it has control characters or bytes that are not UTF-8)") }
    }
}

/// `POST /v1/workspaces/{workspace}/suggest`: the replies that answer a customer's message,
/// rendered in the customer's locale; and agents' feedback on them.
struct SuggestRoutes {
    let cache: RenderCache
    let store: CatalogStore
    let usage: UsageCounter

    func register(on group: RouterGroup<ParleyContext>) {
        group.post("workspaces/:workspace/suggest", use: suggest)
        group.post("workspaces/:workspace/suggest/feedback", use: feedback)
        group.delete("workspaces/:workspace/suggest/feedback/:key", use: eraseFeedback)
    }

    /// A suggest request's body.
    struct SuggestRequest {
        var text: String
        var locale: String?
        var acceptLanguage: String?
        var channel: String?
        var args: MessageArguments?
        var timeZone: String?
        var limit: Int
        /// Suggestions while an agent types: not counted as shown.
        var preview: Bool

        init(json: FastJSON.Value) throws {
            let render = try RenderRequest(json: .object([("key", .string(""))] + Self.members(json).filter { $0.0 != "key" && $0.0 != "limit" }))
            guard let text = render.customerText else { throw APIError.badRequest("missing 'text' (the customer's message)") }
            try CustomerText.check(text)
            self.text = text
            (locale, acceptLanguage, channel, args, timeZone) = (render.locale, render.acceptLanguage, render.channel, render.args, render.timeZone)
            preview = render.preview ?? false
            switch json["limit"] {
            case nil, .null?: limit = 3
            case .number(let value, _)?:
                // JSON Schema's integer: any number without a fraction (3, 3.0, 3e0).
                guard let number = Double(value), number == number.rounded(), (1...20).contains(number) else {
                    throw APIError.badRequest("'limit' must be an integer from 1 to 20")
                }
                limit = Int(number)
            default: throw APIError.badRequest("'limit' must be an integer from 1 to 20")
            }
        }

        private static func members(_ json: FastJSON.Value) throws -> [(String, FastJSON.Value)] {
            guard case .object(let members) = json else { throw APIError.badRequest("the suggest request must be a JSON object") }
            return members
        }
    }

    @Sendable func suggest(_ request: Request, context: ParleyContext) async throws -> Response {
        let principal = try context.require(.render)
        let snapshot = try await cache.snapshot(named: try context.parameter("workspace"))
        guard principal.mayUse(snapshot.workspace) else { throw APIError.forbidden("this key is for another workspace") }
        var body = try SuggestRequest(json: try await RenderRoutes.json(request, context))
        AcceptLanguageHeader.resolve(locale: body.locale, acceptLanguage: &body.acceptLanguage,
                                     header: AcceptLanguageHeader.languages(of: request))
        let answer = try await cache.suggest(body, in: snapshot, index: try await cache.searchIndex(snapshot))
        if !body.preview {
            for suggestion in answer.suggestions {
                usage.count(SuggestionOutcome(workspaceID: snapshot.workspace.id, templateID: suggestion.templateID, kind: .shown))
            }
        }
        var json = FastJSON.Writer(capacity: 1024)
        answer.write(into: &json)
        return RenderRoutes.response(json)
    }

    @Sendable func feedback(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, principal) = try await cache.workspace(context, .agent)
        let body = try await request.decode(as: Operations.SendSuggestionFeedback.Input.Body.JsonPayload.self, context: context)
        try CustomerText.check(body.text)
        let snapshot = try await cache.snapshot(named: workspace.name)
        let locale = try cache.suggestionLocale(tag: body.locale, acceptLanguage: nil, text: body.text, in: snapshot).locale
            ?? workspace.defaultLocale
        try await store.addFeedback(in: workspace, key: body.key, text: body.text, locale: locale, accepted: body.accepted,
                                    voter: principal.voter)
        let templateID = try await store.template(in: workspace, key: body.key).id
        await cache.refresh(workspace, templateID: templateID)
        usage.count(SuggestionOutcome(workspaceID: workspace.id, templateID: templateID, kind: body.accepted ? .accepted : .rejected))
        // Only the workspace's templates, each once: a made-up list adds nothing.
        for id in Set((body.shown ?? []).prefix(20).compactMap { snapshot.templates[$0]?.id }) {
            usage.count(SuggestionOutcome(workspaceID: workspace.id, templateID: id, kind: .shown))
        }
        return try JSON.response(Operations.SendSuggestionFeedback.Output.Ok.Body.JsonPayload(key: body.key, accepted: body.accepted, locale: locale.tag))
    }

    @Sendable func eraseFeedback(_ request: Request, context: ParleyContext) async throws -> Response {
        let (workspace, _) = try await cache.workspace(context, .reviewer)
        let key = try context.parameter("key")
        let erased = try await store.eraseFeedback(in: workspace, key: key)
        await cache.refresh(workspace, templateID: try await store.template(in: workspace, key: key).id)
        return try JSON.response(Operations.DeleteSuggestionFeedback.Output.Ok.Body.JsonPayload(key: key, erased: erased))
    }
}

/// What a suggest call answers.
struct SuggestAnswer {
    /// The answer as JSON, written directly (as render answers are: Codable was most of a suggestion's cost).
    func write(into json: inout FastJSON.Writer) {
        if let detected {
            json.raw("{\"detected\":")
            detected.write(into: &json)
            json.raw(",")
        } else {
            json.raw("{")
        }
        if let locale {
            json.raw("\"locale\":")
            json.string(locale)
            json.raw(",")
        }
        json.raw("\"searched\":")
        json.strings(searched)
        json.raw(",\"suggestions\":[")
        for (index, suggestion) in suggestions.enumerated() {
            json.raw(index == 0 ? "{\"fallback\":" : ",{\"fallback\":")
            json.bool(suggestion.fallback)
            if let issues = suggestion.issues {
                json.raw(",\"issues\":")
                json.strings(issues)
            }
            json.raw(",\"key\":")
            json.string(suggestion.key)
            json.raw(",\"locale\":")
            json.string(suggestion.locale)
            json.raw(",\"matched\":")
            json.strings(suggestion.matched)
            json.raw(",\"score\":")
            json.decimal(suggestion.score)
            json.raw(",\"text\":")
            json.string(suggestion.text)
            json.raw("}")
        }
        json.raw("]}")
    }

    struct Suggestion {
        /// Not answered: for usage counts.
        var templateID: Int64
        var key: String
        var score: Double
        /// The customer's words that matched the reply's texts or examples.
        var matched: [String]
        /// The reply, rendered in the customer's locale (missing arguments shown as `{name}`).
        var text: String
        var locale: String
        var fallback: Bool
        var issues: [String]?
    }

    var suggestions: [Suggestion]
    /// The customer's locale as negotiated, or absent when the language is unknown (every
    /// locale was searched).
    var locale: String?
    /// The locales whose texts were searched.
    var searched: [String]
    var detected: DetectedLanguage?
}

extension RenderCache {
    /// The locale a message is read in (see ``SuggestionLocale``), with the remembered negotiations.
    func suggestionLocale(tag: String?, acceptLanguage: String?, text: String, in snapshot: Snapshot) throws
        -> (locale: LocaleID?, detected: DetectedLanguage?)
    {
        let (locale, detection) = try SuggestionLocale.choose(
            tag: tag, acceptLanguage: acceptLanguage, text: text, workspace: snapshot.workspace, detector: detector,
            candidates: snapshot.candidates
        ) { tag, acceptLanguage in try self.negotiate(tag: tag, acceptLanguage: acceptLanguage, in: snapshot.workspace).negotiation }
        return (locale, detection.map(DetectedLanguage.init))
    }

    /// Suggestions for a customer's message, each rendered as a render of its key would be.
    func suggest(_ request: SuggestRoutes.SuggestRequest, in snapshot: Snapshot, index: SearchIndex) async throws -> SuggestAnswer {
        let (locale, detected) = try suggestionLocale(tag: request.locale, acceptLanguage: request.acceptLanguage, text: request.text, in: snapshot)
        let backup = snapshot.workspace.defaultLocale
        // A message repaired from a wrong charset is searched as it was written.
        let (hits, searched) = index.suggestions(detected?.repairedText ?? request.text, locale: locale, backup: backup, limit: request.limit)
        var suggestions: [SuggestAnswer.Suggestion] = []
        for hit in hits {
            let render = RenderRequest(key: hit.key, locale: locale?.tag ?? hit.locale, acceptLanguage: nil, channel: request.channel,
                                       args: request.args, strict: nil, timeZone: request.timeZone, customerText: nil, preview: true)
            guard let rendered = try? await self.render(render, in: snapshot, by: .render) else { continue }
            suggestions.append(.init(templateID: rendered.use.templateID, key: hit.key, score: Double(hit.score), matched: hit.matched,
                                     text: rendered.text, locale: rendered.locale, fallback: rendered.fallback, issues: rendered.issues))
        }
        return SuggestAnswer(suggestions: suggestions, locale: locale?.tag, searched: searched.map(\.tag), detected: detected)
    }
}

extension Principal {
    /// Who a vote is from: the API key (each counts once per reply, see the Search module's learning rule).
    var voter: String { "key:\(keyID)" }
}
