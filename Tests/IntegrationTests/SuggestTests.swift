import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import Server
import Store
import Testing
import TestSupport

/// Agents' suggestions and search over HTTP, on the seed catalog or on small catalogs made for
/// one property.
@Suite("Suggestions and search")
struct SuggestTests {
    /// The locales of the seed these tests use: every server of the shared test database loads
    /// every workspace, so each test's copy of the seed is kept small.
    static let locales = ["en", "es", "pt-BR", "th", "ar"]

    /// The seed catalog (Locales/support) in ``locales``, under a new workspace name.
    static func seed(_ name: String) throws -> CatalogBundle {
        let files = try SeedFiles.read()
        var bundle = try LocalesFormat.read(workspaceFile: files.workspace,
                                            localeFiles: files.locales.filter { file in locales.contains { file.name == "\($0).yaml" } })
        bundle.workspace.name = name
        bundle.workspace.locales = bundle.workspace.locales.filter { locales.contains($0.tag) }
        return bundle
    }

    static func importing(_ bundle: CatalogBundle) async throws {
        try await TestDatabase.withDatabase { database in
            _ = try await CatalogStore(database: database).importBundle(bundle, author: "seed")
        }
    }

    static func keys(_ answer: [String: Any]) -> [String] {
        (answer["suggestions"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
    }

    static func score(_ answer: [String: Any], of key: String) -> Double? {
        (answer["suggestions"] as? [[String: Any]] ?? []).first { $0["key"] as? String == key }?["score"] as? Double
    }

    @Test("a suggestion is rendered in the customer's detected locale, with its score and matched words")
    func suggestRenders() async throws {
        let name = TestDatabase.uniqueName("suggest")
        try await Self.importing(try Self.seed(name))
        try await TestServer.run(workspace: name) { server, client in
            let render = try await server.key(.render)
            let answer = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render,
                                               body: ["text": "hola, me hackearon la cuenta y cambiaron el correo", "args": ["name": "Ana"]])
            #expect(answer.status == .ok)
            #expect(answer.json["locale"] as? String == "es")
            #expect((answer.json["detected"] as? [String: Any])?["language"] as? String == "es")
            let first = try #require((answer.json["suggestions"] as? [[String: Any]])?.first)
            #expect(first["key"] as? String == "account.hacked_recovery")
            #expect(first["locale"] as? String == "es")
            let text = try #require(first["text"] as? String)
            #expect(text.contains("Ana"))
            // The missing arguments show as placeholders, as a render shows them.
            #expect(text.contains("{ticket}") || (first["issues"] as? [String])?.isEmpty == false)
            #expect((first["matched"] as? [String] ?? []).contains { $0.lowercased().hasPrefix("hack") })
            #expect((first["score"] as? Double ?? 0) > 0)

            // An explicit locale wins over detection; an unknown language searches every locale.
            let explicit = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render,
                                                 body: ["text": "refund??", "locale": "pt-BR"])
            #expect(explicit.json["locale"] as? String == "pt-BR")
            #expect(Self.keys(explicit.json).first == "payments.refund_status")
            // The Accept-Language header, when the body names no locale, wins over detection;
            // `*` leaves the choice to the text (the desk sends it).
            let header = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render,
                                               body: ["text": "hola, me hackearon la cuenta"], headers: [.acceptLanguage: "pt-BR,pt;q=0.8"])
            #expect(header.json["locale"] as? String == "pt-BR")
            let any = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render,
                                            body: ["text": "hola, me hackearon la cuenta"], headers: [.acceptLanguage: "*"])
            #expect(any.json["locale"] as? String == "es")
            let unknown = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: render, body: ["text": "🙂 123 ???"])
            #expect(unknown.status == .ok)
            #expect(unknown.json["locale"] == nil)
            #expect((unknown.json["searched"] as? [String])?.count == Self.locales.count)
        }
    }

    @Test("empty, huge or binary messages are a 400; feedback on an unknown key is a 404 that stores nothing")
    func badInput() async throws {
        let name = TestDatabase.uniqueName("suggestbad")
        try await Self.importing(try Self.seed(name))
        try await TestServer.run(workspace: name) { server, client in
            let agent = try await server.key(.agent)
            let uri = "/v1/workspaces/\(name)/suggest"
            for text in ["", "   \n ", String(repeating: "a", count: 100_001), "\u{01}\u{02}\u{03}PK\u{03}\u{04}"] {
                let answer = try await client.json(.post, uri, key: agent, body: ["text": text])
                #expect(answer.status == .badRequest, "\(text.prefix(20))")
                #expect((answer.json["error"] as? [String: Any])?["message"] as? String != nil)
            }
            let bytes: [UInt8] = Array(#"{"text": ""#.utf8) + [0xFF, 0xFE, 0x00, 0x80] + Array(#""}"#.utf8)
            #expect(try await client.raw(.post, uri, key: agent, bytes: bytes).status == .badRequest)
            #expect(try await client.json(.post, uri, key: agent, body: ["text": "refund", "limit": 0]).status == .badRequest)

            let feedback = try await client.json(.post, "\(uri)/feedback", key: agent,
                                                 body: ["text": "where is my refund", "key": "no.such.template", "accepted": true])
            #expect(feedback.status == .notFound)
            let stored = try await TestDatabase.integer(
                "SELECT count(*)::int FROM suggestion_feedback f JOIN workspaces w ON w.id = f.workspace_id WHERE w.name = \(name)")
            #expect(stored == 0)
        }
    }

    @Test("agents' feedback lifts and lowers replies for similar messages, on every replica within a second, and erasing it restores the order")
    func learning() async throws {
        let name = TestDatabase.uniqueName("learning")
        try await Self.importing(try Self.seed(name))
        try await TestServer.run(workspace: name) { first, writer in
            try await TestServer.run(workspace: name) { second, reader in
                // Loading reads every workspace of the shared test database: give it time; the second is for changes.
                try await Eventually.within(.seconds(60)) { second.server.followsChanges }
                let render = try await second.key(.render)
                let agents = [try await first.key(.agent), try await first.key(.agent)]
                let reviewer = try await first.key(.reviewer)
                let uri = "/v1/workspaces/\(name)/suggest"
                let message = "the money for my order is still not there"
                let similar = "my order money still not there??"
                @Sendable func suggested(_ text: String) async throws -> [String: Any] {
                    let answer = try await reader.json(.post, uri, key: render, body: ["text": text, "locale": "en", "limit": 10])
                    try #require(answer.status == .ok)
                    return answer.json
                }
                let before = try await suggested(message)
                let beforeSimilar = Self.keys(try await suggested(similar))
                let initial = Self.keys(before)
                try #require(initial.count >= 3)
                let (top, chosen) = (initial[0], initial[2])
                #expect(beforeSimilar.first != chosen)

                // Two agents accept the third reply for this message: it comes first for a similar one, on the other replica.
                for agent in agents {
                    let vote = try await writer.json(.post, "\(uri)/feedback", key: agent, body: ["text": message, "key": chosen, "accepted": true])
                    #expect(vote.status == .ok)
                }
                try await Eventually.within(.seconds(1)) { Self.keys(try await suggested(similar)).first == chosen }

                // A rejection lowers the reply it names; one agent rejecting many times still cannot bury it.
                let topScore = try #require(Self.score(try await suggested(message), of: top))
                for _ in 0..<5 {
                    let vote = try await writer.json(.post, "\(uri)/feedback", key: agents[0], body: ["text": message, "key": top, "accepted": false])
                    #expect(vote.status == .ok)
                }
                try await Eventually.within(.seconds(1)) {
                    guard let lowered = Self.score(try await suggested(message), of: top) else { return false }
                    return lowered < topScore
                }
                #expect(Self.keys(try await suggested(message)).contains(top))

                // Erasing the feedback of both templates: every replica ranks as before.
                for key in [chosen, top] {
                    #expect(try await writer.json(.delete, "\(uri)/feedback/\(key)", key: reviewer).status == .ok)
                }
                try await Eventually.within(.seconds(1)) {
                    let now = Self.keys(try await suggested(message)), nowSimilar = Self.keys(try await suggested(similar))
                    return now == initial && nowSimilar == beforeSimilar
                }
                // An agent may vote but not erase.
                #expect(try await writer.json(.delete, "\(uri)/feedback/\(chosen)", key: agents[0]).status == .forbidden)
            }
        }
    }
}

/// Listings in a locale's collation order, and search that folds as the locale's collation does.
@Suite("Collated listings and folded search")
struct CollationTests {
    /// Words per locale whose collation order differs from their byte order.
    static let words: [String: [String]] = [
        "sv": ["zebra", "ödla", "åsna", "ärta", "Apa", "orm"],
        "de": ["Öl", "Ofen", "Zebra", "Apfel", "über", "Ufer"],
        "es": ["ñandú", "nube", "oso", "Llama", "luz", "chico", "cosa"],
        "zh-Hans": ["中国", "北京", "上海", "阿姨", "爸爸", "熊猫"],
        "ja": ["さくら", "カメラ", "あめ", "ねこ", "イヌ", "ひかり"],
        "ar": ["مرحبا", "باب", "سلام", "أهلا", "آخر", "ابن"],
    ]

    static func bundle(_ name: String) throws -> CatalogBundle {
        let en = try LocaleID("en")
        let count = words.values.map(\.count).max()!
        var texts: [TextSpec] = []
        for index in 0..<count {
            texts.append(TextSpec(key: "w.\(index)", locale: en, message: "word \(index)"))
            for (tag, list) in words where index < list.count {
                texts.append(TextSpec(key: "w.\(index)", locale: try LocaleID(tag), message: list[index]))
            }
        }
        texts.append(TextSpec(key: "folding", locale: en, message: "Your ＲＥＦＵＮＤ is on its way"))
        texts.append(TextSpec(key: "folding", locale: try LocaleID("es"), message: "Tu reembolsó está en camino"))
        texts.append(TextSpec(key: "folding", locale: try LocaleID("ja"), message: "アカウントの返金手続きが完了しました"))
        texts.append(TextSpec(key: "folding", locale: try LocaleID("th"), message: "โอนเงินซื้อเหรียญแล้วแต่เหรียญไม่เข้า"))
        texts.append(TextSpec(key: "folding", locale: try LocaleID("zh-Hans"), message: "直播的时候观众说画面一直卡"))
        return CatalogBundle(
            workspace: WorkspaceSpec(name: name, defaultLocale: en, locales: try (["en", "th"] + words.keys.sorted()).map { try LocaleID($0) }),
            templates: (0..<count).map { TemplateSpec(key: "w.\($0)", sourceLocale: en) } + [TemplateSpec(key: "folding", sourceLocale: en)],
            texts: texts)
    }

    @Test("a listing in a locale is in ICU's collation order for sv, de, es, zh, ja and ar (not byte order)")
    func collatedListing() async throws {
        let name = TestDatabase.uniqueName("collation")
        try await SuggestTests.importing(try Self.bundle(name))
        try await TestServer.run(workspace: name) { server, client in
            let agent = try await server.key(.agent)
            for (tag, list) in Self.words {
                let collator = try Collator(locale: LocaleID(tag))
                let expected = list.sorted { collator.compare($0, $1) < 0 }
                #expect(expected != list.sorted(), "the words of \(tag) must sort differently by bytes")
                // Two pages of three, to check the cursor too.
                var keys: [String] = []
                var next: String? = nil
                repeat {
                    let after = next.map { "&after=\($0)" } ?? ""
                    let page = try await client.json(.get, "/v1/workspaces/\(name)/templates?locale=\(tag)&limit=3\(after)", key: agent)
                    #expect(page.status == .ok)
                    keys += (page.json["templates"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
                    next = page.json["next"] as? String
                } while next != nil && keys.count < 20
                // The templates without a text in the locale come last, by key.
                let listed = keys.compactMap { $0.hasPrefix("w.") ? Int($0.dropFirst(2)) : nil }.filter { $0 < list.count }.map { list[$0] }
                let withText = keys.prefix { key in
                    key == "folding" ? ["es", "ja", "zh-Hans"].contains(tag) : (Int(key.dropFirst(2)).map { $0 < list.count } ?? false)
                }
                #expect(withText.count == list.count + (["es", "ja", "zh-Hans"].contains(tag) ? 1 : 0), "\(tag): \(keys)")
                #expect(listed == expected, "\(tag)")
            }
        }
    }

    @Test("search ignores case, accents and width, finds kana either way, and finds words inside unspaced Thai, Chinese and Japanese")
    func foldedSearch() async throws {
        let name = TestDatabase.uniqueName("folding")
        try await SuggestTests.importing(try Self.bundle(name))
        try await TestServer.run(workspace: name) { server, client in
            let agent = try await server.key(.agent)
            func found(_ query: String, _ tag: String) async throws -> [String] {
                let encoded = query.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
                let page = try await client.json(.get, "/v1/workspaces/\(name)/templates?q=\(encoded)&locale=\(tag)", key: agent)
                #expect(page.status == .ok)
                return (page.json["templates"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            }
            #expect(try await found("refund", "en") == ["folding"])
            #expect(try await found("REEMBOLSO", "es") == ["folding"])
            #expect(try await found("reemb", "es") == ["folding"])
            #expect(try await found("あかうんと", "ja") == ["folding"])
            #expect(try await found("返金", "ja") == ["folding"])
            #expect(try await found("เหรียญ", "th") == ["folding"])
            #expect(try await found("画面", "zh-Hans") == ["folding"])
            #expect(try await found("zebra", "es").isEmpty)
        }
    }

    @Test("examples are written like texts, checked, and searched at once")
    func examplesAPI() async throws {
        let name = TestDatabase.uniqueName("examples")
        try await SuggestTests.importing(try Self.bundle(name))
        try await TestServer.run(workspace: name) { server, client in
            let translator = try await server.key(.translator, locales: ["es"])
            let agent = try await server.key(.agent)
            let uri = "/v1/workspaces/\(name)/templates/folding/examples/es"
            func suggested(_ text: String) async throws -> String? {
                let answer = try await client.json(.post, "/v1/workspaces/\(name)/suggest", key: agent, body: ["text": text, "locale": "es"])
                return (answer.json["suggestions"] as? [[String: Any]])?.first?["key"] as? String
            }
            #expect(try await suggested("mi plata no aparece") == nil)
            // Checked like texts: every problem named, nothing stored.
            let bad = try await client.json(.put, uri, key: translator, body: ["phrases": ["", "dup", "dup", "line\nbreak"]], headers: [.ifNoneMatch: "*"])
            #expect(bad.status == .unprocessableContent)
            let message = (bad.json["error"] as? [String: Any])?["message"] as? String ?? ""
            #expect(message.contains("example 1 is empty") && message.contains("repeats") && message.contains("control character"))
            #expect(try await client.json(.get, uri, key: agent).status == .notFound)
            #expect(try await client.json(.put, uri, key: translator, body: ["phrases": ["hola"]]).status == .preconditionRequired)
            let created = try await client.json(.put, uri, key: translator, body: ["phrases": ["mi plata no aparece", "devolución?"]],
                                                headers: [.ifNoneMatch: "*"])
            #expect(created.status == .created)
            #expect(try await suggested("mi plata no aparece") == "folding")
            // A stale version is refused; another locale is not the translator's.
            #expect(try await client.json(.put, uri, key: translator, body: ["phrases": ["x"]], headers: [.ifMatch: "\"7\""]).status == .preconditionFailed)
            let french = try await client.json(.put, "/v1/workspaces/\(name)/templates/folding/examples/en", key: translator,
                                               body: ["phrases": ["x"]], headers: [.ifNoneMatch: "*"])
            #expect(french.status == .forbidden)
            let listed = try await client.json(.get, "/v1/workspaces/\(name)/templates/folding/examples", key: agent)
            #expect((listed.json["examples"] as? [[String: Any]])?.first?["phrases"] as? [String] == ["mi plata no aparece", "devolución?"])
        }
    }
}
