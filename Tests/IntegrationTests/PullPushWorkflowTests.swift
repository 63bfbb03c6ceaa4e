import Catalog
import Foundation
import ICU
import ParleyAPI
import ParleyClient
import Testing

/// Pulling, editing, pulling again and pushing through the `parley` binary, against a running server.
@Suite("Pull and push", .needsDatabase, .serialized)
struct PullPushWorkflowTests {
    typealias Workflow = TranslatorWorkflowTests
    static var binaryBuilt: Bool { Workflow.binaryBuilt }

    static func remote(_ server: TestServer, _ port: Int, key: String? = nil) -> [String] {
        ["--server", "http://127.0.0.1:\(port)", "--key", key ?? server.adminKey, "-w", server.workspace]
    }

    static func client(_ server: TestServer, _ port: Int) -> ParleyClient {
        ParleyClient(server: URL(string: "http://127.0.0.1:\(port)")!, key: server.adminKey, workspace: server.workspace)
    }

    /// Writes one text on the server, as a colleague would.
    static func serverEdit(_ server: TestServer, _ port: Int, _ key: String, _ locale: String, _ channel: String = "default",
                           message: String? = nil, state: String? = nil) async throws {
        let api = client(server, port)
        let current = try await api.text(key, locale: locale, channel: channel)
        _ = try await api.push([ChangeItem(key: key, locale: locale, channel: channel, message: message ?? current.message, state: state.flatMap(Components.Schemas.ReviewState.init(rawValue:)),
                                       baseVersion: current.version)], dryRun: false)
    }

    static func fileText(_ folder: URL, _ server: TestServer, _ key: String, _ locale: String) throws -> TextSpec? {
        try ConvertCommandTests.bundle(folder.appendingPathComponent("Locales/\(server.workspace)")).texts
            .first { $0.key == key && $0.locale.tag == locale && $0.channel == .default }
    }

    @Test("a fresh pull pushes nothing though a channel's state differs from its default text's; a translator of fr pushes fr",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func freshPullPushesNothing() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            try await Self.serverEdit(server, port, "greeting", "en", "email", state: "needs_review")
            let translator = try await server.key(.translator, locales: ["fr"])
            let folder = try Workflow.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = Self.remote(server, port, key: translator)

            #expect(try await Workflow.parley(["pull"] + remote, in: folder).status == 0)
            let dryRun = try await Workflow.parley(["push", "--dry-run"] + remote, in: folder)
            #expect(dryRun.status == 0 && dryRun.out.contains("Nothing to push"), "\(dryRun.out)\(dryRun.err)")

            try Workflow.edit(folder, workspace: server.workspace) { try Workflow.setText(&$0, "greeting", "fr", "Bonjour {name}") }
            let push = try await Workflow.parley(["push"] + remote, in: folder)
            #expect(push.status == 0, "\(push.out)\(push.err)")
            #expect(push.out.contains("+ greeting (fr)") && push.out.contains("Pushed: 1 created"), "\(push.out)")
            #expect(try await Self.client(server, port).text("greeting", locale: "en", channel: "email").state == .needsReview)
        }
    }

    @Test("a pull keeps local edits: edits of different texts merge; the same text edited on both sides is a conflict, and neither is lost",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func safePull() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let folder = try Workflow.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = Self.remote(server, port)
            #expect(try await Workflow.parley(["pull"] + remote, in: folder).status == 0)

            // Different texts: yours and theirs both survive, and yours is still to push.
            try Workflow.edit(folder, workspace: server.workspace) { try Workflow.setText(&$0, "greeting", "es", "Hola, {name} (local)") }
            try await Self.serverEdit(server, port, "greeting", "es-419", message: "¡Hola! {name} (server)")
            let merged = try await Workflow.parley(["pull"] + remote, in: folder)
            #expect(merged.status == 0, "\(merged.out)\(merged.err)")
            #expect(merged.out.contains("Kept 1 edit(s)") && merged.out.contains("greeting (es)"), "\(merged.out)")
            #expect(try Self.fileText(folder, server, "greeting", "es")?.message == "Hola, {name} (local)")
            #expect(try Self.fileText(folder, server, "greeting", "es-419")?.message == "¡Hola! {name} (server)")
            let push = try await Workflow.parley(["push"] + remote, in: folder)
            #expect(push.status == 0 && push.out.contains("~ greeting (es)") && !push.out.contains("es-419"), "\(push.out)\(push.err)")

            // The same text: the pull stops, names the conflict, keeps yours in the files and theirs beside them.
            try Workflow.edit(folder, workspace: server.workspace) { try Workflow.setText(&$0, "files", "ru", Workflow.russianA) }
            try await Self.serverEdit(server, port, "files", "ru", message: Workflow.russianB)
            let conflicted = try await Workflow.parley(["pull"] + remote, in: folder)
            #expect(conflicted.status == 2, "\(conflicted.out)\(conflicted.err)")
            #expect(conflicted.err.contains("conflict: files (ru): changed on the server by "), "\(conflicted.err)")
            #expect(try Self.fileText(folder, server, "files", "ru")?.message == Workflow.russianA)
            let conflicts = try String(contentsOf: folder.appendingPathComponent("Locales/\(server.workspace)/.parley-conflicts.json"), encoding: .utf8)
            #expect(conflicts.contains("(Борис)"), "\(conflicts)")
            let refused = try await Workflow.parley(["push"] + remote, in: folder)
            #expect(refused.status == 2 && refused.err.contains("not resolved"), "\(refused.err)")

            // Keeping ours pushes it over theirs, knowingly.
            let resolved = try await Workflow.parley(["pull", "--resolve", "ours", "files", "-w", server.workspace], in: folder)
            #expect(resolved.status == 0 && resolved.out.contains("Resolved 1 conflict(s)"), "\(resolved.out)\(resolved.err)")
            let pushed = try await Workflow.parley(["push"] + remote, in: folder)
            #expect(pushed.status == 0, "\(pushed.out)\(pushed.err)")
            #expect(try await Self.client(server, port).text("files", locale: "ru", channel: "default").message == Workflow.russianA)
        }
    }

    @Test("keys create and list print no log lines; a locale outside the key's workspace is refused",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func keysCommands() async throws {
        try await TestServer.run { server, _ in
            let folder = try Workflow.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let created = try await Workflow.parley(["keys", "create", "--name", "cli", "--role", "translator", "--locales", "fr,ru",
                                                     "--workspace", server.workspace], in: folder)
            #expect(created.status == 0 && created.err.isEmpty, "\(created.err)")
            #expect(created.out.hasPrefix("Created key ") && created.out.split(separator: "\n").count == 2, "\(created.out)")
            // postgres-nio's warning came from a race between the first query and the pool's start: try several times.
            for _ in 0..<8 {
                let listed = try await Workflow.parley(["keys", "list"], in: folder)
                #expect(listed.status == 0 && listed.err.isEmpty, "\(listed.err)")
                #expect(!listed.out.contains("Trying to lease"), "\(listed.out)")
            }
            let outside = try await Workflow.parley(["keys", "create", "--name", "cli", "--role", "translator", "--locales", "de",
                                                     "--workspace", server.workspace], in: folder)
            #expect(outside.status == 1 && outside.err.contains("de is not one of the workspace's locales"), "\(outside.err)")
        }
    }

    @Test("examples travel with pull and push: a colleague's and yours merge, removals too, and a stale push is refused",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func examplesPullPush() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let api = Self.client(server, port)
            _ = try await api.putExamples("greeting", locale: "fr", phrases: ["salut", "bonjour ?"], version: nil)
            let folder = try Workflow.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = Self.remote(server, port)
            func fileExamples() throws -> [String] {
                try ConvertCommandTests.bundle(folder.appendingPathComponent("Locales/\(server.workspace)")).examples
                    .first { $0.key == "greeting" && $0.locale.tag == "fr" }?.phrases ?? []
            }
            #expect(try await Workflow.parley(["pull"] + remote, in: folder).status == 0)
            #expect(try fileExamples() == ["salut", "bonjour ?"])
            #expect(try await Workflow.parley(["push", "--dry-run"] + remote, in: folder).out.contains("Nothing to push"))

            // You add one and remove one; a colleague adds another meanwhile.
            try Workflow.edit(folder, workspace: server.workspace) { bundle in
                let index = try #require(bundle.examples.firstIndex { $0.key == "greeting" && $0.locale.tag == "fr" })
                bundle.examples[index].phrases = ["salut", "coucou"]
            }
            _ = try await api.putExamples("greeting", locale: "fr", phrases: ["salut", "bonjour ?", "allo"], version: 1)
            // Pushing now would overwrite the colleague's: refused, nothing written.
            let stale = try await Workflow.parley(["push"] + remote, in: folder)
            #expect(stale.status == 2, "\(stale.out)\(stale.err)")
            let pull = try await Workflow.parley(["pull"] + remote, in: folder)
            #expect(pull.status == 0 && pull.out.contains("examples of greeting (fr)"), "\(pull.out)\(pull.err)")
            #expect(try fileExamples() == ["salut", "allo", "coucou"])
            let push = try await Workflow.parley(["push"] + remote, in: folder)
            #expect(push.status == 0 && push.out.contains("1 set(s) of examples"), "\(push.out)\(push.err)")
            let listed = try await http.json(.get, "/v1/workspaces/\(server.workspace)/templates/greeting/examples/fr", key: server.adminKey)
            #expect(listed.json["phrases"] as? [String] == ["salut", "allo", "coucou"])
            #expect(try await Workflow.parley(["push", "--dry-run"] + remote, in: folder).out.contains("Nothing to push"))
        }
    }
}
