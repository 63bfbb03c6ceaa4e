import Foundation
import HummingbirdTesting
import Testing

/// Language detection through the API over a real socket, in renders, and through the CLI.
@Suite("Language detection in the service", .needsDatabase)
struct DetectionTests {
    @Test("POST /v1/detect ranks languages; candidates restrict them; und says why")
    func detect() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key(.render)
            let spanish = try await client.json(.post, "/v1/detect", key: key, body: ["text": "mi cuenta fue hackeada"])
            #expect(spanish.status == .ok)
            #expect(spanish.json["language"] as? String == "es")
            #expect(spanish.json["reason"] as? String == "model")
            let ranked = try #require(spanish.json["languages"] as? [[String: Any]])
            #expect(ranked.count <= 5 && ranked.first?["tag"] as? String == "es")
            #expect((spanish.json["confidence"] as? Double ?? 0) > 0.5)

            let chinese = try await client.json(.post, "/v1/detect", key: key, body: ["text": "充值的金币没到账"])
            #expect(chinese.json["language"] as? String == "zh-Hans" && chinese.json["reason"] as? String == "script")

            let restricted = try await client.json(.post, "/v1/detect", key: key,
                                                   body: ["text": "Saya suka makan nasi goreng.", "candidates": ["en", "id"]])
            #expect(restricted.json["language"] as? String == "id")
            let outside = try await client.json(.post, "/v1/detect", key: key,
                                                body: ["text": "계정이 해킹당했어요", "candidates": ["en", "de"]])
            #expect(outside.json["language"] as? String == "und" && outside.json["reason"] as? String == "not-a-candidate")
            #expect((outside.json["languages"] as? [Any])?.isEmpty == true)

            // A language outside the candidates: und, why, and the candidate that came closest.
            let catalan = try await client.json(.post, "/v1/detect", key: key, body: [
                "text": "El meu compte ha estat piratejat i no puc recuperar la contrasenya de cap manera",
                "candidates": ["en", "es", "fr", "de", "pt-BR"]])
            #expect(catalan.json["language"] as? String == "und")
            #expect(["better-outside-candidates", "poor-fit"].contains(catalan.json["reason"] as? String))
            let best = try #require(catalan.json["best"] as? [String: Any])
            #expect(best["language"] as? String == "es" && (best["confidence"] as? Double ?? 2) <= 1)
            #expect(catalan.json["repaired"] as? Bool == false && spanish.json["best"] == nil)

            // UTF-8 read as Windows-1252 on its way: read as written, and said so.
            let garbled = try await client.json(.post, "/v1/detect", key: key,
                                                body: ["text": "Ich warte seit zwei Wochen auf die RÃ¼ckerstattung fÃ¼r meine Bestellung"])
            #expect(garbled.json["language"] as? String == "de" && garbled.json["repaired"] as? Bool == true)
            #expect(garbled.json["repairedText"] as? String == "Ich warte seit zwei Wochen auf die Rückerstattung für meine Bestellung")

            #expect(try await client.json(.post, "/v1/detect", key: nil, body: ["text": "hello"]).status == .unauthorized)
            #expect(try await client.json(.post, "/v1/detect", key: key, body: ["candidates": ["en"]]).status == .badRequest)
        }
    }

    @Test("a render without a locale answers in the language of the customer's text, among the workspace's locales")
    func renderByText() async throws {
        try await TestServer.run { server, client in
            let key = try await server.key(.render)
            let uri = "/v1/workspaces/\(server.workspace)/render"
            let spanish = try await client.json(.post, uri, key: key,
                                                body: ["key": "greeting", "text": "hola, no puedo entrar a mi cuenta", "args": ["name": "Ana"]])
            #expect(spanish.json["text"] as? String == "Hola Ana")
            #expect(spanish.json["locale"] as? String == "es")
            #expect((spanish.json["detected"] as? [String: Any])?["language"] as? String == "es")

            // Chinese in Traditional characters: the workspace has zh-Hant.
            let chinese = try await client.json(.post, uri, key: key, body: ["key": "greeting", "text": "我的帳號被盜了，請幫幫我", "args": ["name": "Ana"]])
            #expect(chinese.json["locale"] as? String == "zh-Hant")

            // German is not a workspace locale: not a candidate, so the default serves.
            let german = try await client.json(.post, uri, key: key,
                                               body: ["key": "greeting", "text": "Mein Konto wurde gehackt, bitte helfen Sie mir", "args": ["name": "Ana"]])
            #expect(german.json["locale"] as? String == "en")
            let undetermined = try #require(german.json["detected"] as? [String: Any])
            #expect(undetermined["language"] as? String == "und")
            #expect(["better-outside-candidates", "poor-fit"].contains(undetermined["reason"] as? String))
            #expect((undetermined["best"] as? [String: Any])?["language"] != nil)

            // An explicit locale wins over the text.
            let explicit = try await client.json(.post, uri, key: key, body: ["key": "greeting", "locale": "es", "text": "hello there my friend", "args": ["name": "Ana"]])
            #expect(explicit.json["locale"] as? String == "es" && explicit.json["detected"] == nil)
        }
    }

    @Test("parley detect --lines: one TAG<TAB>CONFIDENCE per line, in order, und for the unknown",
          .enabled(if: FileManager.default.isExecutableFile(atPath: ServeBinaryTests.binary.path), "needs the built parley binary"))
    func detectLines() async throws {
        let folder = try TranslatorWorkflowTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = ["where is my refund", "", "мой аккаунт взломали", "12345", "Bon dia, com estàs? Avui fa molt bon temps a Barcelona.", "アカウントが乗っ取られました"]
        try (input.joined(separator: "\n") + "\n").write(to: folder.appendingPathComponent("in.txt"), atomically: true, encoding: .utf8)
        let result = try await TranslatorWorkflowTests.parley(
            ["detect", "--lines", "in.txt", "--candidates", "ar,de,en,es,fa,fr,he,hi,id,it,ja,ko,nl,pl,pt,ru,th,tr,uk,vi,zh"], in: folder)
        #expect(result.status == 0, "\(result.err)")
        let lines = result.out.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0.split(separator: "\t").map(String.init) }
        #expect(lines.count == input.count)
        #expect(lines.map { $0.first ?? "" } == ["en", "und", "ru", "und", "und", "ja"])
        #expect(lines[1] == ["und", "0.000"] && lines[5] == ["ja", "1.000"])
        #expect(lines.allSatisfy { $0.count == 2 && Double($0[1]).map { (0...1).contains($0) } == true })
    }
}
