import Foundation
import Hummingbird
import HummingbirdTesting
import Testing

/// Rasa's NLG contract over HTTP, with request bodies shaped as Rasa 3 sends them
/// (`rasa.core.nlg.callback.nlg_request_format`: the tracker's whole state).
@Suite("Rasa NLG", .needsDatabase)
struct NLGTests {
    /// A request as Rasa sends it for `response`, with the tracker's slots and latest user message.
    static func rasaRequest(_ response: String, slots: [String: Any] = [:], text: String? = nil, channel: String = "rest",
                            arguments: [String: Any] = [:], nameField: String = "response") -> [String: Any] {
        var allSlots: [String: Any] = ["requested_slot": NSNull(), "session_started_metadata": NSNull()]
        allSlots.merge(slots) { $1 }
        let latest: [String: Any] = text.map {
            ["intent": ["name": "ask_help", "confidence": 0.98], "entities": [], "text": $0, "message_id": "94838d6f49ff4366b254b6f6d23a90cf",
             "metadata": [:], "intent_ranking": [["name": "ask_help", "confidence": 0.98]]]
        } ?? [:]
        return [
            nameField: response, "arguments": arguments, "id": NSNull(),
            "tracker": [
                "sender_id": "user_0", "slots": allSlots, "latest_message": latest, "latest_event_time": 1_599_476_297.694504,
                "followup_action": NSNull(), "paused": false,
                "events": [["event": "action", "timestamp": 1_599_476_297.68784, "name": "action_session_start", "policy": NSNull(), "confidence": NSNull()],
                           ["event": "session_started", "timestamp": 1_599_476_297.6878452]],
                "latest_input_channel": channel, "active_loop": [:], "latest_action_name": "action_listen",
            ],
            "channel": ["name": channel],
        ]
    }

    @Test("an alias, the language slot, the detected language, slots and arguments, channels; an unknown name is a 404")
    func nlg() async throws {
        try await TestServer.run { server, client in
            let render = try await server.key(.render)
            let uri = "/v1/workspaces/\(server.workspace)/nlg"
            let templates = "/v1/workspaces/\(server.workspace)/templates"
            let aliased = try await client.json(.patch, "\(templates)/greeting", key: server.adminKey,
                                                body: ["aliases": ["utter_greet", "utter_hello"]], headers: [.ifMatch: "\"1\""])
            #expect(aliased.status == .ok && (aliased.json["aliases"] as? [String]) == ["utter_greet", "utter_hello"], "\(aliased.json)")

            func utter(_ body: [String: Any]) async throws -> (status: HTTPResponse.Status, text: String?, language: String?, json: [String: Any]) {
                let answer = try await client.json(.post, uri, key: render, body: body)
                return (answer.status, answer.json["text"] as? String, answer.headers[.contentLanguage], answer.json)
            }
            // The alias, the customer's language detected from their latest message, a slot as the argument.
            var answer = try await utter(Self.rasaRequest("utter_greet", slots: ["name": "Ana"], text: "hola, necesito ayuda con mi pedido por favor"))
            #expect(answer.status == .ok && answer.text == "Hola Ana" && answer.language == "es", "\(answer.json)")
            #expect(Set(answer.json.keys) == ["text"])
            // The language slot wins over the message; negotiated as a render is (pt-AO → pt-PT).
            answer = try await utter(Self.rasaRequest("utter_hello", slots: ["name": "Ana", "language": "pt-AO"], text: "hola, necesito ayuda"))
            #expect(answer.text == "Olá Ana" && answer.language == "pt-PT", "\(answer.json)")
            // The template's own key; no language and no message: the workspace default. Arguments win over slots.
            answer = try await utter(Self.rasaRequest("greeting", slots: ["name": "Ana", "language": NSNull()], arguments: ["name": "Rui"]))
            #expect(answer.text == "Hello Rui" && answer.language == "en", "\(answer.json)")
            // Rasa's output channel picks the template's text for that channel; Rasa 1's `template` field.
            answer = try await utter(Self.rasaRequest("utter_greet", slots: ["name": "Ana"], channel: "email", nameField: "template"))
            #expect(answer.text == "Dear Ana, hello.", "\(answer.json)")
            // An unknown response name: a 404 in the API's error shape (Rasa reports the failed request).
            answer = try await utter(Self.rasaRequest("utter_nothing_like_it"))
            #expect(answer.status == .notFound)
            #expect((answer.json["error"] as? [String: Any])?["code"] as? String == "not-found")
            #expect(try await utter(["tracker": [:]]).status == .badRequest)
            #expect(try await client.json(.post, uri, key: nil, body: Self.rasaRequest("utter_greet")).status == .unauthorized)

            // An alias names one template; a bad one is refused, and nothing changes.
            let taken = try await client.json(.patch, "\(templates)/files", key: server.adminKey,
                                              body: ["aliases": ["utter_greet"]], headers: [.ifMatch: "\"1\""])
            #expect(taken.status == .conflict, "\(taken.json)")
            let bad = try await client.json(.patch, "\(templates)/files", key: server.adminKey,
                                            body: ["aliases": ["utter greet!"]], headers: [.ifMatch: "\"1\""])
            #expect((400..<500).contains(bad.status.code) && bad.status != .conflict, "\(bad.status) \(bad.json)")
            let files = try await client.json(.get, "\(templates)/files", key: server.adminKey)
            #expect((files.json["template"] as? [String: Any])?["aliases"] as? [String] == [])
        }
    }
}
