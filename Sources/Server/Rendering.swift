import Catalog
import LanguageDetection
import ICU
import MessageFormat
import Metrics

/// A render request: `POST /v1/workspaces/{workspace}/render`.
struct RenderRequest: Sendable {
    var key: String
    /// An explicit BCP 47 tag; wins over everything else.
    var locale: String?
    /// The customer's `Accept-Language`, when there is no explicit tag.
    var acceptLanguage: String?
    var channel: String?
    var args: MessageArguments?
    /// Missing or mistyped arguments make the request fail (422) instead of showing `{name}`.
    var strict: Bool?
    /// IANA time zone for dates (default UTC).
    var timeZone: String?
    /// The customer's message: its language chooses the locale when neither `locale` nor
    /// `acceptLanguage` is given.
    var customerText: String?
    /// A look at the reply (an agent trying arguments, a list of replies), not a reply sent to a
    /// customer: not counted in usage.
    var preview: Bool?
}

struct RenderResponse: Sendable {
    /// The response as JSON, written directly (the render path's hot spot was Codable).
    func write(into json: inout FastJSON.Writer) {
        json.raw("{\"chain\":")
        json.strings(chain)
        if let detected {
            json.raw(",\"detected\":")
            detected.write(into: &json)
        }
        json.raw(",\"fallback\":")
        json.bool(fallback)
        if let issues {
            json.raw(",\"issues\":")
            json.strings(issues)
        }
        json.raw(",\"key\":")
        json.string(key)
        json.raw(",\"locale\":")
        json.string(locale)
        json.raw(",\"requestedLocale\":")
        json.string(requestedLocale)
        json.raw(",\"text\":")
        json.string(text)
        json.raw("}")
    }

    var key: String
    var text: String
    /// The locale of the text served.
    var locale: String
    var requestedLocale: String
    /// Whether the text served is in another locale than the one asked for.
    var fallback: Bool
    /// The locales looked at, in order.
    var chain: [String]
    /// Argument problems shown in the text as `{name}` (absent when none).
    var issues: [String]?
    /// The language detected in the customer's text, when it chose the locale.
    var detected: DetectedLanguage?
    /// What usage counts of this render (not part of the answer).
    var use: RenderUse
}

/// The language of the customer's text, as render and suggest answers report it: for `und`, why,
/// and the best candidate with its confidence (the caller may still choose it); and the text as
/// read when it was repaired from a wrong charset.
struct DetectedLanguage: Sendable {
    var language: String
    var confidence: Double
    var reason: String
    var best: RankedLanguage?
    var repairedText: String?

    init(_ detection: Detection) {
        language = detection.language
        confidence = detection.confidence
        reason = detection.reason.name
        best = detection.best
        repairedText = detection.repaired
    }

    /// `{"confidence":0.973,"language":"es","reason":"model"}`, with `best`, `repaired` and
    /// `repairedText` when they apply.
    func write(into json: inout FastJSON.Writer) {
        if let best {
            json.raw("{\"best\":{\"confidence\":")
            json.fraction(best.confidence)
            json.raw(",\"language\":")
            json.string(best.tag)
            json.raw("},\"confidence\":")
        } else {
            json.raw("{\"confidence\":")
        }
        json.fraction(confidence)
        json.raw(",\"language\":")
        json.string(language)
        json.raw(",\"reason\":")
        json.string(reason)
        if let repairedText {
            json.raw(",\"repaired\":true,\"repairedText\":")
            json.string(repairedText)
        }
        json.raw("}")
    }
}

extension RenderRequest {
    /// Reads a request from parsed JSON; wrong types are a 400 naming the field.
    init(json: FastJSON.Value, at path: String = "") throws {
        guard case .object = json else { throw APIError.badRequest("the render request\(path) must be a JSON object") }
        func text(_ name: String) throws -> String? {
            switch json[name] {
            case nil, .null?: return nil
            case .string(let value)?: return value
            default: throw APIError.badRequest("'\(name)'\(path) must be a string")
            }
        }
        guard let key = try text("key") else { throw APIError.badRequest("missing 'key'\(path)") }
        self.key = key
        locale = try text("locale")
        acceptLanguage = try text("acceptLanguage")
        channel = try text("channel")
        timeZone = try text("timeZone")
        customerText = try text("text")
        func flag(_ name: String) throws -> Bool? {
            switch json[name] {
            case nil, .null?: return nil
            case .bool(let value)?: return value
            default: throw APIError.badRequest("'\(name)'\(path) must be true or false")
            }
        }
        strict = try flag("strict")
        preview = try flag("preview")
        switch json["args"] {
        case nil, .null?: args = nil
        case .object(let members)?:
            do { args = try JSONArgument.arguments(of: members) } catch { throw APIError.badRequest(error.description) }
        default: throw APIError.badRequest("'args'\(path) must be an object")
        }
    }
}

extension RenderCache {
    /// The path's workspace as renders see it, and the caller's role (at least `render`).
    func renderSnapshot(_ context: ParleyContext) async throws -> (Snapshot, Role) {
        let principal = try context.require(.render)
        let snapshot = try await snapshot(named: try context.parameter("workspace"))
        guard principal.mayUse(snapshot.workspace) else { throw APIError.forbidden("this key is for another workspace") }
        return (snapshot, principal.role)
    }

    /// Renders one request against the workspace's snapshot, for a caller with `role`. The locale
    /// comes from the explicit tag, else Accept-Language, else the workspace default.
    func render(_ request: RenderRequest, in snapshot: Snapshot, by role: Role) async throws -> RenderResponse {
        let channel = ReplyChannel(rawValue: request.channel ?? ReplyChannel.default.rawValue)
        guard let template = snapshot.templates[request.key] else {
            throw APIError.notFound("no template '\(request.key)' with a text to serve in workspace '\(snapshot.workspace.name)'")
        }
        var tag = request.locale
        var detected: DetectedLanguage?
        if tag == nil, request.acceptLanguage == nil, let text = request.customerText, let detector {
            // The customer's own language, among the workspace's; unknown falls to the default.
            let detection = detector.detect(text, among: snapshot.candidates)
            detected = DetectedLanguage(detection)
            if !detection.languages.isEmpty { tag = detection.language }
        }
        let negotiated = try negotiate(tag: tag, acceptLanguage: tag == nil ? request.acceptLanguage : nil,
                                       in: snapshot.workspace)
        let negotiation = negotiated.negotiation
        let arguments = request.args ?? MessageArguments()
        for locale in negotiation.chain {
            let compiled: CompiledMessage
            let servedChannel: ReplyChannel
            if let own = try await self.compiled(template, locale, channel, in: snapshot) {
                (compiled, servedChannel) = (own, channel)
            } else if channel != .default, let standard = try await self.compiled(template, locale, .default, in: snapshot) {
                (compiled, servedChannel) = (standard, .default)
            } else {
                continue
            }
            let message = try timeZoned(compiled, request.timeZone)
            let rendered = message.render(arguments)
            if request.strict == true, !rendered.issues.isEmpty {
                throw APIError(.unprocessableContent, "arguments", "the arguments do not fit the message",
                               issues: rendered.issues.map(\.message))
            }
            let fallback = locale != negotiation.requested
            if fallback { negotiated.fallbackCounters[locale]?.increment() }
            return RenderResponse(
                key: request.key, text: rendered.text, locale: locale.tag, requestedLocale: negotiated.requestedTag,
                fallback: fallback, chain: negotiated.chainTags,
                issues: rendered.issues.isEmpty ? nil : rendered.issues.map(\.message), detected: detected,
                use: RenderUse(workspaceID: snapshot.workspace.id, templateID: template.id, requested: negotiated.requestedLabel,
                               wanted: negotiated.wantedTag, served: locale.tag, channel: servedChannel.rawValue, role: role))
        }
        throw APIError.notFound("'\(request.key)' has no text in \(negotiation.chain.map(\.tag).joined(separator: ", "))")
    }

    /// The cached message is compiled for UTC; another zone parses and compiles it anew (a few microseconds).
    private func timeZoned(_ compiled: CompiledMessage, _ timeZone: String?) throws -> CompiledMessage {
        guard let timeZone, timeZone != "UTC", timeZone != "Etc/UTC" else { return compiled }
        guard DateFormat.isKnownTimeZone(timeZone) else { throw APIError(.unprocessableContent, "unknown-time-zone", "unknown time zone '\(timeZone)'") }
        return try compiled.inTimeZone(timeZone)
    }
}
