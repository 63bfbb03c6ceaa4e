import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import ParleyAPI
import ParleyClient
import Testing

/// The translators' workflow against a running server on a real socket, through the `parley`
/// binary as translators run it, and through the client library.
@Suite("Translators' workflow", .needsDatabase, .serialized)
struct TranslatorWorkflowTests {
    static let binary = ServeBinaryTests.binary
    static var binaryBuilt: Bool { FileManager.default.isExecutableFile(atPath: binary.path) }

    /// Runs `parley ARGS` and waits for it: exit status, standard output, standard error.
    static func parley(_ arguments: [String], in folder: URL, environment extra: [String: String] = [:]) async throws
        -> (status: Int32, out: String, err: String) {
        let out = folder.appendingPathComponent("out-\(UUID().uuidString)")
        let err = folder.appendingPathComponent("err-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: out.path, contents: nil)
        _ = FileManager.default.createFile(atPath: err.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: out); try? FileManager.default.removeItem(at: err) }
        var environment = ProcessInfo.processInfo.environment
        for name in ["PARLEY_URL", "PARLEY_API_KEY", "PARLEY_WORKSPACE"] { environment[name] = nil }
        environment.merge(extra) { _, new in new }
        let process = try ChildProcess(binary.path, arguments, directory: folder.path, environment: environment,
                                       output: out.path, error: err.path)
        let status = try await process.wait()
        return (status, try String(contentsOf: out, encoding: .utf8), try String(contentsOf: err, encoding: .utf8))
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("parley-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// Changes one text in a pulled workspace folder, as a translator's editor would.
    static func edit(_ folder: URL, workspace: String, _ change: (inout CatalogBundle) throws -> Void) throws {
        let workspaceFolder = folder.appendingPathComponent("Locales/\(workspace)")
        var bundle = try ConvertCommandTests.bundle(workspaceFolder)
        try change(&bundle)
        for file in LocalesFormat.write(bundle) {
            try file.contents.write(to: workspaceFolder.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
    }

    static func setText(_ bundle: inout CatalogBundle, _ key: String, _ locale: String, _ message: String) throws {
        let locale = try LocaleID(locale)
        bundle.texts.removeAll { $0.key == key && $0.locale == locale && $0.channel == .default }
        bundle.texts.append(TextSpec(key: key, locale: locale, message: message))
    }

    /// The CLI's view of a test server: a client, a scratch folder (the caller removes it) and the
    /// flags that point `parley` at the server.
    func connect(_ server: TestServer, _ http: any TestClientProtocol) throws -> (api: ParleyClient, folder: URL, flags: [String]) {
        let port = try #require(http.port)
        return (client(server, port), try Self.temporaryFolder(),
                ["--server", "http://127.0.0.1:\(port)", "--key", server.adminKey, "-w", server.workspace])
    }

    func client(_ server: TestServer, _ port: Int, key: String? = nil) -> ParleyClient {
        ParleyClient(server: URL(string: "http://127.0.0.1:\(port)")!, key: key ?? server.adminKey, workspace: server.workspace)
    }

    static let russianA = "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}} (Алиса)"
    static let russianB = "{n, plural, one {# файл} few {# файла} many {# файлов} other {# файла}} (Борис)"

    @Test("two pushes from the same pull: the second is refused, naming who changed what and when, and nothing is lost",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func stalePush() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let alice = try await server.server.keys.create(name: "alice", role: .translator).secret
            let boris = try await server.server.keys.create(name: "boris", role: .translator).secret
            let (folderA, folderB) = (try Self.temporaryFolder(), try Self.temporaryFolder())
            defer { try? FileManager.default.removeItem(at: folderA); try? FileManager.default.removeItem(at: folderB) }
            let remoteA = ["--server", "http://127.0.0.1:\(port)", "--key", alice, "-w", server.workspace]
            let remoteB = ["--server", "http://127.0.0.1:\(port)", "--key", boris, "-w", server.workspace]

            #expect(try await Self.parley(["pull"] + remoteA, in: folderA).status == 0)
            #expect(try await Self.parley(["pull"] + remoteB, in: folderB).status == 0)
            try Self.edit(folderA, workspace: server.workspace) { try Self.setText(&$0, "files", "ru", Self.russianA) }
            try Self.edit(folderB, workspace: server.workspace) { bundle in
                try Self.setText(&bundle, "files", "ru", Self.russianB)
                try Self.setText(&bundle, "greeting", "es", "¡Hola, {name}! (Boris)")
            }

            let dryRun = try await Self.parley(["push", "--dry-run"] + remoteA, in: folderA)
            #expect(dryRun.status == 0, "\(dryRun.err)")
            #expect(dryRun.out.contains("~ files (ru)") && dryRun.out.contains("Dry run: 0 would be created, 1 updated"), "\(dryRun.out)")
            let first = try await Self.parley(["push"] + remoteA, in: folderA)
            #expect(first.status == 0, "\(first.out)\(first.err)")
            #expect(first.out.contains("Pushed: 0 created, 1 updated"))

            let second = try await Self.parley(["push"] + remoteB, in: folderB)
            #expect(second.status == 2, "\(second.out)\(second.err)")
            #expect(second.err.contains("files (ru): expected version 1, it is at version 2, changed by alice at 20"), "\(second.err)")
            #expect(second.err.contains("Nothing was written"))

            let snapshot = try await client(server, port).snapshot()
            #expect(snapshot.texts.first { $0.key == "files" && $0.locale == "ru" }?.message == Self.russianA)
            #expect(snapshot.texts.first { $0.key == "greeting" && $0.locale == "es" }?.message == "Hola {name}",
                    "a refused push wrote part of its changes")

            // A second push from A's folder starts from the version it pushed: nothing to push, then a clean update.
            #expect(try await Self.parley(["push"] + remoteA, in: folderA).out.contains("Nothing to push"))
        }
    }

    @Test("a rollback restores an earlier text as a new revision, and history shows it",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func rollback() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let api = client(server, port)
            let original = try await api.text("files", locale: "ru", channel: "default")
            _ = try await api.push([ChangeItem(key: "files", locale: "ru", channel: "default", message: Self.russianA, baseVersion: original.version)], dryRun: false)
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = ["--server", "http://127.0.0.1:\(port)", "--key", server.adminKey, "-w", server.workspace]

            let history = try await Self.parley(["history", "files", "--locale", "ru", "--json"] + remote, in: folder)
            let revisions = try JSONDecoder().decode([Components.Schemas.Revision].self, from: Data(history.out.utf8))
            #expect(revisions.map(\.message) == [Self.russianA, original.message])
            let restored = try await Self.parley(["rollback", "files", "--locale", "ru", "--to", "\(revisions[1].id)"] + remote, in: folder)
            #expect(restored.status == 0, "\(restored.err)")
            #expect(restored.out.contains("restored as version 3"))

            let now = try await api.text("files", locale: "ru", channel: "default")
            #expect(now.message == original.message)
            #expect(now.version == 3)
            let after = try await api.history("files", locale: "ru", channel: "default")
            #expect(after.map(\.action) == ["rollback", "update", "import"])
        }
    }

    @Test("a Russian plural without `few` is refused by `catalog lint` and by the server, and nothing is written",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func russianWithoutFew() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = ["--server", "http://127.0.0.1:\(port)", "--key", server.adminKey, "-w", server.workspace]
            #expect(try await Self.parley(["pull"] + remote, in: folder).status == 0)
            let withoutFew = "{n, plural, one {# файл} many {# файлов} other {# файла}}"
            try Self.edit(folder, workspace: server.workspace) { try Self.setText(&$0, "files", "ru", withoutFew) }

            let lint = try await Self.parley(["catalog", "lint", "Locales/\(server.workspace)"], in: folder)
            #expect(lint.status == 1)
            #expect(lint.out.contains("ru.yaml:") && lint.out.contains("few"), "\(lint.out)")
            let push = try await Self.parley(["push"] + remote, in: folder)
            #expect(push.status == 1, "the CLI checks before sending: \(push.out)")

            // The server refuses it on its own, whoever sends it.
            let api = client(server, port)
            let current = try await api.text("files", locale: "ru", channel: "default")
            do {
                _ = try await api.push([ChangeItem(key: "files", locale: "ru", channel: "default", message: withoutFew, baseVersion: current.version)], dryRun: false)
                Issue.record("the server accepted a Russian plural without few")
            } catch RequestFailure.refused(let status, let failure) {
                #expect(status == 422)
                #expect(failure.diagnostics?.first?.contains("few") == true, "\(failure)")
            }
            #expect(try await api.text("files", locale: "ru", channel: "default") == current)
        }
    }

    @Test("a source edit marks the other locales outdated; status counts them; approving brings one up to date",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func outdated() async throws {
        try await TestServer.run { server, http in
            let (api, folder, remote) = try connect(server, http)
            defer { try? FileManager.default.removeItem(at: folder) }
            func outdatedCounts() async throws -> [String: Int] {
                let status = try await Self.parley(["status", "--json"] + remote, in: folder)
                let coverage = try JSONDecoder().decode(Components.Schemas.LocaleCoverage.self, from: Data(status.out.utf8))
                return Dictionary(uniqueKeysWithValues: coverage.locales.map { ($0.locale, $0.outdated) })
            }
            #expect(try await outdatedCounts().values.allSatisfy { $0 == 0 })

            let source = try await api.text("greeting", locale: "en", channel: "default")
            _ = try await api.push([ChangeItem(key: "greeting", locale: "en", channel: "default", message: "Hello there, {name}", baseVersion: source.version)], dryRun: false)
            let counts = try await outdatedCounts()
            for locale in ["es", "es-419", "pt-PT", "zh-Hant"] { #expect(counts[locale] == 1, "\(locale): \(counts)") }
            #expect(counts["en"] == 0 && counts["ru"] == 0)
            #expect(try await api.text("greeting", locale: "es", channel: "default").outdated)

            let missing = try await Self.parley(["missing", "--locale", "es", "--outdated"] + remote, in: folder)
            #expect(missing.out.contains("greeting\toutdated\tHello there, {name}"), "\(missing.out)")
            let review = try await Self.parley(["review", "approve", "greeting", "--locale", "es"] + remote, in: folder)
            #expect(review.status == 0, "\(review.err)")
            #expect(try await outdatedCounts()["es"] == 0)
            #expect(try await api.text("greeting", locale: "es", channel: "default").outdated == false)
        }
    }

    @Test("channel texts: outdated agrees across GET, PUT, the template, the listing, the snapshot, missing --outdated and coverage",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func outdatedChannels() async throws {
        try await TestServer.run { server, http in
            let (api, folder, remote) = try connect(server, http)
            defer { try? FileManager.default.removeItem(at: folder) }
            let templateURI = "/v1/workspaces/\(server.workspace)/templates/greeting"
            func editSource(_ channel: String, _ message: String) async throws {
                let source = try await api.text("greeting", locale: "en", channel: channel)
                _ = try await api.push([ChangeItem(key: "greeting", locale: "en", channel: channel, message: message, baseVersion: source.version)], dryRun: false)
            }
            /// Whether the French text of `channel` is outdated, as each reader says it; they must agree.
            func outdated(_ channel: String) async throws -> Bool {
                let got = try await api.text("greeting", locale: "fr", channel: channel).outdated
                let detail = try await http.json(.get, templateURI, key: server.adminKey)
                let inTemplate = (detail.json["translations"] as? [[String: Any]])?
                    .first { $0["locale"] as? String == "fr" && $0["channel"] as? String == channel }?["outdated"] as? Bool
                let inSnapshot = try await api.snapshot().texts.first { $0.key == "greeting" && $0.locale == "fr" && $0.channel == channel }?.outdated
                let missing = try await Self.parley(["missing", "--locale", "fr", "--outdated", "--json"] + remote, in: folder)
                let items = try JSONSerialization.jsonObject(with: Data(missing.out.utf8)) as? [[String: Any]] ?? []
                let inMissing = items.contains { $0["key"] as? String == "greeting" && $0["channel"] as? String == channel && $0["reason"] as? String == "outdated" }
                #expect(inTemplate == got && inSnapshot == got && inMissing == got, "\(channel): GET \(got), template \(String(describing: inTemplate)), snapshot \(String(describing: inSnapshot)), missing \(inMissing)")
                return got
            }
            func coverage() async throws -> Int? { try await api.coverage().locales.first { $0.locale == "fr" }?.outdated }
            func listed() async throws -> [String] {
                let list = try await http.json(.get, "/v1/workspaces/\(server.workspace)/templates?outdated=fr", key: server.adminKey)
                return (list.json["templates"] as? [[String: Any]] ?? []).compactMap { $0["key"] as? String }
            }

            // The source's default text moves ahead of its email text (2 against 1).
            try await editSource("default", "Hello there, {name}")
            // French email follows the source's email text; French sms, which the source lacks, its default text.
            for (channel, message) in [("email", "Cher {name}, bonjour."), ("sms", "Salut {name}")] {
                let put = try await http.json(.put, "\(templateURI)/translations/fr?channel=\(channel)", key: server.adminKey,
                                              body: ["message": message], headers: [.ifNoneMatch: "*"])
                #expect(put.status == .created, "\(put.json)")
                #expect((put.json["translation"] as? [String: Any])?["outdated"] as? Bool == false, "\(channel): \(put.json)")
                #expect(try await outdated(channel) == false)
            }
            #expect(try await coverage() == 0)
            #expect(try await listed().isEmpty)

            // The source's email text changes: French email is outdated, French sms is not.
            try await editSource("email", "Dear {name}, hello again.")
            #expect(try await outdated("email"))
            #expect(try await outdated("sms") == false)
            #expect(try await coverage() == 1)
            #expect(try await listed() == ["greeting"])
            let missing = try await Self.parley(["missing", "--locale", "fr", "--outdated"] + remote, in: folder)
            #expect(missing.out.contains("greeting (email)\toutdated\tDear {name}, hello again."), "\(missing.out)")

            // The source's default text changes: French sms follows it.
            try await editSource("default", "Hi {name}")
            #expect(try await outdated("sms"))
            #expect(try await coverage() == 1)  // one template, two outdated texts
        }
    }

    @Test("parley export and import: a PO file out, translated, back in; a broken one refused at its line",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func exportImportCommands() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = ["--server", "http://127.0.0.1:\(port)", "--key", server.adminKey, "-w", server.workspace]
            let exported = try await Self.parley(["export", "--format", "po", "--locale", "fr", "-o", "fr.po"] + remote, in: folder)
            #expect(exported.status == 0, "\(exported.err)")
            let file = folder.appendingPathComponent("fr.po")
            let po = try String(contentsOf: file, encoding: .utf8)
            #expect(po.contains("msgctxt \"greeting\"\nmsgid \"Hello {name}\"\nmsgstr \"\""), "untranslated texts are listed")
            try po.replacingOccurrences(of: "msgid \"Hello {name}\"\nmsgstr \"\"", with: "msgid \"Hello {name}\"\nmsgstr \"Bonjour {name}\"")
                .write(to: file, atomically: true, encoding: .utf8)
            let imported = try await Self.parley(["import", "fr.po", "--json"] + remote, in: folder)
            #expect(imported.status == 0, "\(imported.out)\(imported.err)")
            let summaries = try JSONDecoder().decode([Components.Schemas.ImportSummary].self, from: Data(imported.out.utf8))
            #expect(summaries.first?.created == 1)
            #expect(try await client(server, port).text("greeting", locale: "fr", channel: "default").message == "Bonjour {name}")

            try "msgid \"\"\nmsgstr \"Language: fr\\n\"\n\nmsgctxt \"files\"\nmsgid \"x\"\nmsgstr \"{n, plural, one {# fichier} other {# fichiers}\"\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let refused = try await Self.parley(["import", "fr.po"] + remote, in: folder)
            #expect(refused.status == 1)
            #expect(refused.out.hasPrefix("fr.po:6: error: files (fr)"), "\(refused.out)")
            #expect(refused.err.contains("nothing was imported"))
        }
    }

    @Test("parley export writes every format exactly as the server sends it (a flat JSON file's entries in its order)",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func exportedBytes() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let folder = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let remote = ["--server", "http://127.0.0.1:\(port)", "--key", server.adminKey, "-w", server.workspace]
            for format in ["json", "po", "xliff2", "csv"] {
                let exported = try await Self.parley(["export", "--format", format, "--locale", "ru", "-o", "out.\(format)"] + remote, in: folder)
                #expect(exported.status == 0, "\(format): \(exported.err)")
                let written = try Data(contentsOf: folder.appendingPathComponent("out.\(format)"))
                let served = try await http.execute(uri: "/v1/workspaces/\(server.workspace)/export?format=\(format)&locale=ru", method: .get,
                                                    headers: [.authorization: "Bearer \(server.adminKey)"]) { Data(buffer: $0.body) }
                #expect(written == served, "\(format): \(String(decoding: written, as: UTF8.self))")
            }
        }
    }

    @Test("import: a malformed file is refused at its line and nothing is imported; an exported file comes back in")
    func importFiles() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let api = client(server, port)
            let before = try await api.snapshot()
            let broken = "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgctxt \"greeting\"\nmsgid \"Hello {name}\"\nmsgstr \"Bonjour {name}\n"
            do {
                _ = try await api.importFile(name: "fr.po", contents: Data(broken.utf8), format: nil, locale: nil, dryRun: false)
                Issue.record("a malformed PO file was imported")
            } catch RequestFailure.refused(let status, let failure) {
                #expect(status == 422)
                #expect(failure.diagnostics == ["fr.po:7: error: the string is not closed (a missing '\"')"])
            }
            #expect(try await api.snapshot() == before)

            // Export French as XLIFF 2.0, translate the missing text, import it back.
            let exported = try await api.export(format: "xliff2", locale: "fr")
            #expect(exported.contains("trgLang=\"fr\"") && exported.contains("<unit id=\"greeting\""))
            let source = "<source xml:space=\"preserve\">Hello {name}</source>"
            let translated = exported.replacingOccurrences(
                of: source, with: "\(source)\n        <target xml:space=\"preserve\">Bonjour {name}</target>")
                .replacingOccurrences(of: "<segment state=\"initial\">\n        \(source)", with: "<segment state=\"translated\">\n        \(source)")
            let summary = try await api.importFile(name: "support.fr.xlf", contents: Data(translated.utf8), format: nil, locale: nil, dryRun: false)
            #expect(summary.created == 1 && summary.updated == 0)
            let french = try await api.text("greeting", locale: "fr", channel: "default")
            // The file's state is kept for reviewers and admins: "translated" waits for review.
            #expect(french.message == "Bonjour {name}" && french.state == .needsReview)
        }
    }
}

/// What an import, a batch and a rollback write, for each role, through the API on a real socket.
@Suite("What a translator's write changes", .needsDatabase, .serialized)
struct ReviewPathTests {
    func client(_ server: TestServer, _ port: Int, key: String) -> ParleyClient {
        ParleyClient(server: URL(string: "http://127.0.0.1:\(port)")!, key: key, workspace: server.workspace)
    }

    /// Every text's version and state, to tell what a call wrote.
    static func versions(_ snapshot: Components.Schemas.Snapshot) -> [String: String] {
        Dictionary(uniqueKeysWithValues: snapshot.texts.map { ("\($0.key) \($0.locale) \($0.channel)", "v\($0.version) \($0.state)") })
    }

    @Test("an untouched export, imported by a translator, a reviewer or an admin, writes nothing in any format",
          arguments: ["po", "xliff2", "xliff12", "json", "csv"])
    func untouchedImport(format: String) async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let admin = client(server, port, key: server.adminKey)
            let keys = [try await server.key(.translator, locales: ["es"]), try await server.key(.reviewer), server.adminKey]
            let before = try await admin.snapshot()
            for key in keys {
                let caller = client(server, port, key: key)
                let file = try await caller.export(format: format, locale: format == "csv" ? nil : "es")
                let locale = format == "csv" ? nil : "es"
                // A translator of es may import the es file; CSV holds every locale, so only the others send it.
                if format == "csv" && key == keys[0] { continue }
                let summary = try await caller.importFile(name: "support.es.\(format == "xliff2" || format == "xliff12" ? "xlf" : format)",
                                                          contents: Data(file.utf8), format: format, locale: locale, dryRun: false)
                #expect(summary.created == 0 && summary.updated == 0, "\(format): \(summary)")
            }
            #expect(Self.versions(try await admin.snapshot()) == Self.versions(before))
        }
    }

    @Test("a translator's import, batch and rollback never produce approved; an approved text they leave alone stays approved")
    func translatorsNeverApprove() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let translator = client(server, port, key: try await server.key(.translator, locales: ["es", "pt-PT"]))
            let admin = client(server, port, key: server.adminKey)
            // Import: a changed text in a file that calls everything final.
            let exported = try await translator.export(format: "xliff2", locale: "es")
            #expect(exported.contains("<segment state=\"final\">"))
            let edited = exported.replacingOccurrences(of: ">Hola {name}</target>", with: ">Hola, {name}</target>")
            let summary = try await translator.importFile(name: "es.xlf", contents: Data(edited.utf8), format: nil, locale: nil, dryRun: false)
            #expect(summary.updated == 1)
            #expect(try await admin.text("greeting", locale: "es", channel: "default").state == .needsReview)
            // Batch: asked as approved.
            let portuguese = try await admin.text("greeting", locale: "pt-PT", channel: "default")
            #expect(portuguese.state == .approved)
            _ = try await translator.push([ChangeItem(key: "greeting", locale: "pt-PT", channel: "default", message: "Olá, {name}",
                                                  state: .approved, baseVersion: portuguese.version)], dryRun: false)
            let pushed = try await admin.text("greeting", locale: "pt-PT", channel: "default")
            #expect(pushed.message == "Olá, {name}" && pushed.state == .needsReview)
            // The same batch again is unchanged: nothing written.
            let again = try await translator.push([ChangeItem(key: "greeting", locale: "pt-PT", channel: "default", message: "Olá, {name}",
                                                         state: nil, baseVersion: pushed.version)], dryRun: false)
            #expect(again.created == 0 && again.updated == 0)
            #expect(try await admin.text("greeting", locale: "pt-PT", channel: "default").version == pushed.version)
            // Rollback to the approved revision.
            let approvedRevision = try #require(try await admin.history("greeting", locale: "pt-PT", channel: "default").last)
            #expect(approvedRevision.state == .approved)
            let restored = try await translator.rollback("greeting", locale: "pt-PT", channel: "default", to: approvedRevision.id,
                                                         version: pushed.version)
            #expect(restored.message == "Olá {name}" && restored.state == .needsReview)
        }
    }

    @Test("a file exported before a colleague's change does not undo it when the file is imported untouched")
    func colleaguesChangeKept() async throws {
        try await TestServer.run { server, http in
            let port = try #require(http.port)
            let translator = client(server, port, key: try await server.key(.translator, locales: ["es"]))
            let admin = client(server, port, key: server.adminKey)
            let exported = try await translator.export(format: "po", locale: "es")
            // A colleague changes the Spanish greeting after the export.
            let before = try await admin.text("greeting", locale: "es", channel: "default")
            let (status, _, _) = try await http.json(.put, "/v1/workspaces/\(server.workspace)/templates/greeting/translations/es", key: server.adminKey,
                                                     body: ["message": "¡Hola {name}!"], headers: [.ifMatch: "\"\(before.version)\""])
            #expect(status == .ok)
            let summary = try await translator.importFile(name: "support.es.po", contents: Data(exported.utf8), format: nil, locale: nil, dryRun: false)
            #expect(summary.created == 0 && summary.updated == 0)
            #expect(try await admin.text("greeting", locale: "es", channel: "default").message == "¡Hola {name}!")
        }
    }

    @Test("the keys API: a translator key names its locales or says all; unknown locales are refused")
    func translatorKeyLocales() async throws {
        try await TestServer.run { server, http in
            func create(_ locales: [String]?) async throws -> HTTPResponse.Status {
                var body: [String: Any] = ["name": "t", "role": "translator", "workspace": server.workspace]
                if let locales { body["locales"] = locales }
                return try await http.json(.post, "/v1/keys", key: server.adminKey, body: body).status
            }
            let refused = [try await create(nil), try await create(["xx-nonsense"]), try await create(["de"])]
            // de is well-formed and known, but not one of the test workspace's locales.
            #expect(refused == [.unprocessableContent, .unprocessableContent, .unprocessableContent])
            let created = [try await create(["fr"]), try await create(["all"])]
            #expect(created == [.created, .created])
        }
    }
}
