import Catalog
import ICU
import MessageFormat
import Metrics

/// A render request: `POST /v1/workspaces/{workspace}/render`.
struct RenderRequest: Decodable, Sendable {
    var key: String
    /// An explicit BCP 47 tag; wins over everything else.
    var locale: String?
    /// The customer's `Accept-Language`, when there is no explicit tag.
    var acceptLanguage: String?
    var channel: String?
    var args: [String: JSONArgument]?
    /// Missing or mistyped arguments make the request fail (422) instead of showing `{name}`.
    var strict: Bool?
    /// IANA time zone for dates (default UTC).
    var timeZone: String?
}

struct RenderResponse: Encodable, Sendable {
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
}

/// An argument value in JSON: a string, a number, a boolean, or `{"date": "…ISO 8601…"}`,
/// `{"date": milliseconds}`, `{"decimal": "19.99"}` for an exact decimal.
struct JSONArgument: Decodable, Sendable {
    var value: ArgumentValue

    private enum Keys: String, CodingKey { case date, decimal }

    init(from decoder: any Decoder) throws {
        if let object = try? decoder.container(keyedBy: Keys.self) {
            if let text = try? object.decode(String.self, forKey: .date) {
                guard let date = ArgumentValue.date(iso8601: text) else {
                    throw DecodingError.dataCorruptedError(forKey: .date, in: object, debugDescription: "'\(text)' is not an ISO 8601 date")
                }
                value = date
            } else if let millis = try? object.decode(Double.self, forKey: .date) {
                value = .date(millisecondsSince1970: millis)
            } else if let decimal = try? object.decode(String.self, forKey: .decimal) {
                value = .decimal(decimal)
            } else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "an object argument is {\"date\": …} or {\"decimal\": …}"))
            }
            return
        }
        let single = try decoder.singleValueContainer()
        if let integer = try? single.decode(Int64.self) {
            value = .integer(integer)
        } else if let double = try? single.decode(Double.self) {
            value = .double(double)
        } else if let bool = try? single.decode(Bool.self) {
            value = .string(bool ? "true" : "false")
        } else {
            value = .string(try single.decode(String.self))
        }
    }
}

extension RenderCache {
    /// Renders one request against the workspace's snapshot.
    func render(_ request: RenderRequest, in snapshot: Snapshot, preferences: [LocaleID]) throws -> RenderResponse {
        let channel = ReplyChannel(rawValue: request.channel ?? ReplyChannel.default.rawValue)
        guard let template = snapshot.templates[request.key] else {
            throw APIError.notFound("no template '\(request.key)' with a text to serve in workspace '\(snapshot.workspace.name)'")
        }
        let negotiation = negotiate(preferences, in: snapshot.workspace)
        var arguments = MessageArguments()
        for (name, argument) in request.args ?? [:] { arguments[name] = argument.value }
        for locale in negotiation.chain {
            guard let texts = template.texts[locale], let compiled = texts[channel] ?? texts[.default] else { continue }
            let message = try timeZoned(compiled, request.timeZone)
            let rendered = message.render(arguments)
            if request.strict == true, !rendered.issues.isEmpty {
                throw APIError(.unprocessableContent, "arguments", "the arguments do not fit the message",
                               issues: rendered.issues.map(\.message))
            }
            let fallback = locale != negotiation.requested
            if fallback { Counter(label: "parley_render_fallbacks_total", dimensions: [("locale", locale.tag)]).increment() }
            return RenderResponse(
                key: request.key, text: rendered.text, locale: locale.tag, requestedLocale: negotiation.requested.tag,
                fallback: fallback, chain: negotiation.chain.map(\.tag),
                issues: rendered.issues.isEmpty ? nil : rendered.issues.map(\.message))
        }
        throw APIError.notFound("'\(request.key)' has no text in \(negotiation.chain.map(\.tag).joined(separator: ", "))")
    }

    /// The cached message is compiled for UTC; another zone compiles it anew (a few microseconds).
    private func timeZoned(_ compiled: CompiledMessage, _ timeZone: String?) throws -> CompiledMessage {
        guard let timeZone, timeZone != "UTC", timeZone != "Etc/UTC" else { return compiled }
        guard DateFormat.isKnownTimeZone(timeZone) else { throw APIError.badRequest("unknown time zone '\(timeZone)'") }
        return try CompiledMessage(message: compiled.message, locale: compiled.locale, timeZone: timeZone)
    }
}
