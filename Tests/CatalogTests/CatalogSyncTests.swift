import Catalog
import Foundation
import ICU
import Testing

@Suite("Push and pull")
struct CatalogSyncTests {
    static let workspace = (name: "workspace.yaml", contents: "format: 1\nworkspace: w\ndefault_locale: en\nlocales: [en, fr]\n")

    /// The server's texts: a chat text and an email text in two locales, the email ones in review.
    static func server() throws -> [PulledText] {
        let (en, fr) = (try LocaleID("en"), try LocaleID("fr"))
        return [
            PulledText(key: "greeting", locale: en, channel: .default, version: 1, message: "Hello {name}", state: .approved),
            PulledText(key: "greeting", locale: en, channel: "email", version: 2, message: "Dear {name},\nhello.", state: .needsReview),
            PulledText(key: "greeting", locale: fr, channel: .default, version: 3, message: "Bonjour {name}", state: .approved),
            PulledText(key: "greeting", locale: fr, channel: "email", version: 1, message: "Cher {name},\nbonjour.", state: .draft,
                       author: "alice", updatedAt: "2026-12-01T10:00:00Z"),
        ]
    }

    static func bundle(_ texts: [PulledText]) throws -> CatalogBundle {
        CatalogBundle(workspace: WorkspaceSpec(name: "w", defaultLocale: try LocaleID("en"), locales: [try LocaleID("en"), try LocaleID("fr")]),
                      templates: [TemplateSpec(key: "greeting", category: "c", description: "d", sourceLocale: try LocaleID("en"))],
                      texts: texts.map(\.spec))
    }

    /// The files a pull writes, read back as a push reads them.
    static func pulledFiles(_ texts: [PulledText]) throws -> CatalogBundle {
        let files = LocalesFormat.write(try bundle(texts))
        return try LocalesFormat.read(workspaceFile: try #require(files.first { $0.name == "workspace.yaml" }),
                                      localeFiles: files.filter { $0.name != "workspace.yaml" })
    }

    static func state(_ texts: [PulledText]) -> PullState {
        PullState(server: "http://127.0.0.1:8080", workspace: "w", pulledAt: "2026-12-01T00:00:00Z", texts: texts)
    }

    static func edited(_ texts: [PulledText], _ key: String, _ locale: String, _ channel: ReplyChannel = .default,
                       message: String? = nil, state: ReviewState? = nil, version: Int? = nil) throws -> [PulledText] {
        let locale = try LocaleID(locale)
        return texts.map { text in
            guard text.key == key, text.locale == locale, text.channel == channel else { return text }
            var changed = text
            changed.message = message ?? text.message
            changed.state = state ?? text.state
            changed.version = version ?? text.version + 1
            return changed
        }
    }

    @Test("a fresh pull pushes nothing, though its channels are in other states than their default texts")
    func unchangedPullPushesNothing() throws {
        let server = try Self.server()
        let files = try Self.pulledFiles(server)
        #expect(CatalogSync.outgoing(files, pulled: Self.state(server)).isEmpty)
    }

    @Test("a push sends exactly the edited text, with a state only when the file changed it")
    func pushSendsTheEdit() throws {
        let server = try Self.server()
        var files = try Self.pulledFiles(server)
        let index = try #require(files.texts.firstIndex { $0.locale.tag == "fr" && $0.channel == "email" })
        files.texts[index].message = "Chère {name},\nbonjour."
        let outgoing = CatalogSync.outgoing(files, pulled: Self.state(server))
        #expect(outgoing.map(\.text.identity.description) == ["greeting (fr, email)"])
        #expect(outgoing.first?.base?.version == 1 && outgoing.first?.state == nil)

        files.texts[index].message = "Cher {name},\nbonjour."
        files.texts[index].state = .needsReview
        #expect(CatalogSync.outgoing(files, pulled: Self.state(server)).map(\.state) == [.needsReview])
    }

    @Test("after a push the base is at the written versions and the files take the server's state")
    func afterPush() throws {
        let server = try Self.server()
        var files = try Self.pulledFiles(server)
        let index = try #require(files.texts.firstIndex { $0.locale.tag == "fr" && $0.channel == .default })
        files.texts[index].message = "Salut {name}"
        let state = Self.state(server)
        let sent = CatalogSync.outgoing(files, pulled: state)
        let written = [CatalogSync.Written(identity: files.texts[index].identity, version: 4, state: .needsReview)]
        let after = CatalogSync.afterPush(state, files: files, sent: sent, written: written)
        #expect(after.files.texts[index].state == .needsReview)
        #expect(after.pulled.byIdentity[files.texts[index].identity]?.version == 4)
        #expect(CatalogSync.outgoing(after.files, pulled: after.pulled).isEmpty)
    }

    @Test("a pull merges a local edit and a server edit of different texts, and keeps the local one to push")
    func mergeDifferentTexts() throws {
        let base = try Self.server()
        let theirs = try Self.edited(base, "greeting", "fr", message: "Bonjour, {name} !")
        let yours = try Self.edited(base, "greeting", "fr", "email", message: "Cher {name},\nbonjour !").map(\.spec)
        let merge = CatalogSync.merge(base: Self.state(base), theirs: theirs, yours: yours)
        #expect(merge.conflicts.isEmpty)
        let texts = Dictionary(uniqueKeysWithValues: merge.texts.map { ($0.identity.description, $0.message) })
        #expect(texts["greeting (fr)"] == "Bonjour, {name} !")
        #expect(texts["greeting (fr, email)"] == "Cher {name},\nbonjour !")
        #expect(merge.kept.map(\.description) == ["greeting (fr, email)"])
        // The merged files push exactly the kept edit, over the server's version.
        let files = try Self.bundle([]).with(texts: merge.texts)
        let outgoing = CatalogSync.outgoing(files, pulled: Self.state(merge.pulled))
        #expect(outgoing.map(\.text.identity.description) == ["greeting (fr, email)"])
    }

    @Test("a pull stops at a text edited on both sides, loses neither, and names who changed it")
    func conflict() throws {
        let base = try Self.server()
        var theirs = try Self.edited(base, "greeting", "fr", "email", message: "Cher {name},\nsalut.")
        theirs = theirs.map { var text = $0; text.author = "boris"; text.updatedAt = "2026-12-02T09:00:00Z"; return text }
        let yours = try Self.edited(base, "greeting", "fr", "email", message: "Chère {name},\nbonjour.").map(\.spec)
        let merge = CatalogSync.merge(base: Self.state(base), theirs: theirs, yours: yours)
        let conflict = try #require(merge.conflicts.first)
        #expect(merge.conflicts.count == 1)
        #expect(conflict.description == "greeting (fr, email): changed on the server by boris at 2026-12-02T09:00:00Z (version 2), and in your files")
        #expect(conflict.theirs?.message == "Cher {name},\nsalut.")
        #expect(merge.texts.first { $0.identity == conflict.identity }?.message == "Chère {name},\nbonjour.", "yours stays in the files")
        #expect(merge.pulled.first { $0.identity == conflict.identity }?.version == 1, "the base stays, so a push is refused")

        let ours = CatalogSync.resolve(merge.conflicts, keeping: .ours, keys: nil, texts: merge.texts, pulled: merge.pulled)
        #expect(ours.remaining.isEmpty)
        #expect(ours.texts.first { $0.identity == conflict.identity }?.message == "Chère {name},\nbonjour.")
        #expect(ours.pulled.first { $0.identity == conflict.identity }?.version == 2, "pushed over theirs, knowingly")
        let theirsKept = CatalogSync.resolve(merge.conflicts, keeping: .theirs, keys: ["greeting"], texts: merge.texts, pulled: merge.pulled)
        #expect(theirsKept.texts.first { $0.identity == conflict.identity }?.message == "Cher {name},\nsalut.")
        let untouched = CatalogSync.resolve(merge.conflicts, keeping: .theirs, keys: ["other"], texts: merge.texts, pulled: merge.pulled)
        #expect(untouched.remaining == merge.conflicts)
    }

    @Test("state counts as an edit: a state changed on both sides, differently, is a conflict")
    func stateConflict() throws {
        let base = try Self.server()
        let theirs = try Self.edited(base, "greeting", "fr", "email", state: .approved)
        let yours = try Self.edited(base, "greeting", "fr", "email", state: .needsReview).map(\.spec)
        #expect(CatalogSync.merge(base: Self.state(base), theirs: theirs, yours: yours).conflicts.count == 1)
        // The same change on both sides is no conflict.
        #expect(CatalogSync.merge(base: Self.state(base), theirs: theirs, yours: theirs.map(\.spec)).conflicts.isEmpty)
    }

    @Test("without a previous pull, texts equal to the server's are taken and different ones are conflicts")
    func firstPullOverFiles() throws {
        let theirs = try Self.server()
        var yours = theirs.map(\.spec)
        yours[0].message = "Hi {name}"
        let merge = CatalogSync.merge(base: nil, theirs: theirs, yours: yours)
        #expect(merge.conflicts.map(\.identity.description) == ["greeting (en)"])
        #expect(merge.conflicts.first?.description.contains("added on the server") == true)
    }

    @Test("a text deleted from the files comes back from the server; a text new in the files is kept")
    func deletedAndNew() throws {
        let base = try Self.server()
        var yours = Array(base.dropFirst()).map(\.spec)
        yours.append(TextSpec(key: "farewell", locale: try LocaleID("fr"), message: "Au revoir"))
        let merge = CatalogSync.merge(base: Self.state(base), theirs: base, yours: yours)
        #expect(merge.conflicts.isEmpty)
        #expect(merge.texts.contains { $0.identity == base[0].identity && $0.message == base[0].message })
        #expect(merge.kept.map(\.description) == ["farewell (fr)"])
    }

    @Test("the pull state file of earlier versions (no author) still reads")
    func pullStateFile() throws {
        let json = #"{"pulledAt":"x","server":"s","texts":[{"channel":"email","key":"k","locale":"fr","message":"m","state":"needs_review","version":3}],"workspace":"w"}"#
        let state = try JSONDecoder().decode(PullState.self, from: Data(json.utf8))
        #expect(state.texts.first?.channel == "email" && state.texts.first?.state == .needsReview)
        let again = try JSONDecoder().decode(PullState.self, from: try JSONEncoder().encode(state))
        #expect(again == state)
    }
}

extension CatalogBundle {
    func with(texts: [TextSpec]) -> CatalogBundle {
        var bundle = self
        bundle.texts = texts
        return bundle
    }
}
