import Foundation
import Testing

/// MessageFormat 2 texts in the catalog: written, checked, rendered and kept through every way a
/// text arrives, over HTTP on a real socket with PostgreSQL.
@Suite(.serialized) struct MF2CatalogTests {
    static let frenchFiles = ".input {$n :number}\n.match $n\none {{{$n} fichier}}\nmany {{{$n} de fichiers}}\n* {{{$n} fichiers}}"

    @Test func writtenCheckedAndRendered() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let base = "/v1/workspaces/\(server.workspace)"
            func render(_ key: String, _ locale: String, _ args: [String: Any]) async throws -> String? {
                try await client.json(.post, base + "/render", key: admin, body: ["key": key, "locale": locale, "args": args]).json["text"] as? String
            }

            // A new text names its syntax; the answer and a read show it.
            let written = try await client.json(.put, base + "/templates/files/translations/fr", key: admin,
                                                body: ["message": Self.frenchFiles, "syntax": "mf2", "state": "approved"],
                                                headers: [.ifNoneMatch: "*"])
            #expect(written.status == .created, "\(written.json)")
            #expect((written.json["translation"] as? [String: Any])?["syntax"] as? String == "mf2")
            #expect(try await client.json(.get, base + "/templates/files/translations/fr", key: admin).json["syntax"] as? String == "mf2")
            #expect(try await render("files", "fr", ["n": 1]) == "1 fichier")
            #expect(try await render("files", "fr", ["n": 1234]) == "1\u{202F}234 fichiers")

            // A write that names no syntax keeps the text's: this MessageFormat 2 message is accepted.
            let changed = try await client.json(.put, base + "/templates/files/translations/fr", key: admin,
                                                body: ["message": Self.frenchFiles.replacingOccurrences(of: "fichiers", with: "documents"),
                                                       "state": "approved"],
                                                headers: [.ifMatch: "\"1\""])
            #expect(changed.status == .ok)
            #expect((changed.json["translation"] as? [String: Any])?["syntax"] as? String == "mf2")
            #expect(try await render("files", "fr", ["n": 3]) == "3 documents")

            // A new text that names none takes its source's syntax (MessageFormat 1 here): a
            // MessageFormat 2 message is then refused, with its position.
            let unnamed = try await client.json(.put, base + "/templates/files/translations/ja", key: admin,
                                                body: ["message": "{$n :number} 件のファイル"], headers: [.ifNoneMatch: "*"])
            #expect(unnamed.status == .unprocessableContent)

            // Checks as MessageFormat 1's: a Russian plural without `few`, a syntax error.
            let russianURI = base + "/templates/files/translations/ru"
            let noFew = try await client.json(.put, russianURI, key: admin,
                                              body: ["message": ".input {$n :number}\n.match $n\none {{{$n} файл}}\n* {{{$n} файлов}}", "syntax": "mf2"],
                                              headers: [.ifMatch: "\"1\""])
            #expect(noFew.status == .unprocessableContent)
            let problem = (((noFew.json["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.first)
            #expect(problem?["code"] as? String == "missing-plural-category")
            let broken = try await client.json(.put, russianURI, key: admin,
                                               body: ["message": ".input {$n :number}\n.match $n\n* {{{$n} файлов}", "syntax": "mf2"],
                                               headers: [.ifMatch: "\"1\""])
            #expect(broken.status == .unprocessableContent)
            let brokenProblem = (((broken.json["error"] as? [String: Any])?["problems"] as? [[String: Any]])?.first)
            #expect(brokenProblem?["code"] as? String == "syntax-error")
            #expect(brokenProblem?["line"] as? Int == 3)
            #expect(try await client.json(.get, russianURI, key: admin).json["version"] as? Int == 1)

            // Revisions keep the syntax, so a rollback restores it.
            let revisions = try await client.json(.get, base + "/templates/files/translations/fr/revisions", key: admin)
            #expect((revisions.json["revisions"] as? [[String: Any]])?.allSatisfy { $0["syntax"] as? String == "mf2" } == true)
        }
    }

    @Test func batchesAndTranslatorsFilesKeepTheSyntax() async throws {
        try await TestServer.run { server, client in
            let admin = server.adminKey
            let base = "/v1/workspaces/\(server.workspace)"
            // A batch names the syntax of a new text.
            let batch = try await client.json(.post, base + "/changes", key: admin, body: ["changes": [
                ["key": "greeting", "locale": "ja", "message": "{$name :string}さん、こんにちは", "syntax": "mf2", "state": "approved"],
            ]])
            #expect(batch.status == .ok)
            let render = try await client.json(.post, base + "/render", key: admin, body: ["key": "greeting", "locale": "ja", "args": ["name": "Ana"]])
            #expect(render.json["text"] as? String == "Anaさん、こんにちは")

            // A translator's file does not carry the syntax: the text keeps its own.
            let file = Array(#"{"greeting": "{$name :string}さん、ようこそ"}"#.utf8)
            let imported = try await client.raw(.post, base + "/import?format=json&locale=ja&name=ja.json", key: admin, bytes: file)
            #expect(imported.status == .ok)
            let text = try await client.json(.get, base + "/templates/greeting/translations/ja", key: admin)
            #expect(text.json["syntax"] as? String == "mf2")
            #expect(text.json["message"] as? String == "{$name :string}さん、ようこそ")
            // And the snapshot, which `parley pull` writes to files, has it.
            let snapshot = try await client.json(.get, base + "/snapshot", key: admin)
            let texts = snapshot.json["texts"] as? [[String: Any]] ?? []
            #expect(texts.first { $0["key"] as? String == "greeting" && $0["locale"] as? String == "ja" }?["syntax"] as? String == "mf2")
            #expect(texts.first { $0["key"] as? String == "greeting" && $0["locale"] as? String == "es" }?["syntax"] as? String == "mf1")
        }
    }
}
