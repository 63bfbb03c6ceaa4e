import Catalog
import Hummingbird
import ICU
import Store

/// `POST /v1/workspaces/{workspace}/nlg`: Rasa's NLG server contract. Rasa asks for each bot
/// utterance by its response name; the answer is the template's reply, rendered in the
/// customer's language.
///
/// Point Rasa at it in `endpoints.yml`:
///
/// ```yaml
/// nlg:
///   url: https://parley.example.com/v1/workspaces/support/nlg
///   headers:
///     Authorization: Bearer pk_…   # a render key
/// ```
struct NLGRoutes {
    let cache: RenderCache
    let usage: UsageCounter

    func register(on group: RouterGroup<ParleyContext>) {
        group.post("workspaces/:workspace/nlg", use: generate)
    }

    /// Rasa's request, as far as Parley reads it.
    struct NLGRequest {
        /// The response name (`utter_refund_status`): `response`, or `template` as Rasa 1 and
        /// early Rasa 2 sent it.
        var name: String
        /// The tracker's `language` slot, when it is a tag.
        var language: String?
        /// The latest user message, whose language is detected when there is no `language` slot.
        var latestText: String?
        /// The tracker's slots (those with a string, number or boolean value), then `arguments`,
        /// which win: the message's arguments.
        var arguments: [(String, FastJSON.Value)]
        /// The output channel's name (`rest`, `slack`, …): the template's text for that channel
        /// when it has one, else its default text.
        var channel: String?

        init(json: FastJSON.Value) throws {
            guard case .object = json else { throw APIError.badRequest("the NLG request must be a JSON object") }
            guard case .string(let name)? = json["response"] ?? json["template"], !name.isEmpty else {
                throw APIError.badRequest("missing 'response' (the name of the response Rasa asks for)")
            }
            self.name = name
            let tracker = json["tracker"]
            var arguments: [(String, FastJSON.Value)] = []
            if case .object(let slots)? = tracker?["slots"] {
                for (slot, value) in slots {
                    switch value {
                    case .string, .number, .bool: arguments.append((slot, value))
                    default: continue  // unset (null), lists and objects are not message arguments
                    }
                    if slot == "language", case .string(let tag) = value, !tag.isEmpty { language = tag }
                }
            }
            if case .object(let given)? = json["arguments"] {
                let names = Set(given.map(\.0))
                arguments = arguments.filter { !names.contains($0.0) } + given
            }
            self.arguments = arguments
            if case .string(let text)? = tracker?["latest_message"]?["text"], !text.allSatisfy(\.isWhitespace) { latestText = text }
            if case .string(let name)? = json["channel"]?["name"], ReplyChannel(rawValue: name).isValid { channel = name }
        }

        /// The render it asks for, once the name is resolved to a template's key.
        func render(key: String) throws -> RenderRequest {
            var members: [(String, FastJSON.Value)] = [("key", .string(key)), ("args", .object(arguments))]
            if let language, (try? LocaleID(language)) != nil { members.append(("locale", .string(language))) }
            if let latestText { members.append(("text", .string(latestText))) }
            if let channel { members.append(("channel", .string(channel))) }
            return try RenderRequest(json: .object(members))
        }
    }

    @Sendable func generate(_ request: Request, context: ParleyContext) async throws -> Response {
        let (snapshot, role) = try await cache.renderSnapshot(context)
        let body = try NLGRequest(json: try await RenderRoutes.json(request, context))
        guard let template = snapshot.template(named: body.name) else {
            throw APIError.notFound("no template or alias '\(body.name)' in workspace '\(snapshot.workspace.name)'")
        }
        let response = try await cache.render(try body.render(key: template.key), in: snapshot, by: role)
        usage.count(response.use)
        var json = FastJSON.Writer(capacity: response.text.utf8.count + 16)
        json.raw("{\"text\":")
        json.string(response.text)
        json.raw("}")
        var answer = RenderRoutes.response(json)
        answer.headers[.contentLanguage] = response.locale
        return answer
    }
}
