import ArgumentParser
import Catalog
import Foundation
import ICU
import Interchange
import ParleyClient

/// Texts in a pulled folder as they were on the server, to tell what a push changes.
struct PullState: Codable {
    struct Entry: Codable {
        var key: String
        var locale: String
        var channel: String
        var version: Int
        var message: String
        var state: String
    }

    var server: String
    var workspace: String
    var pulledAt: String
    var texts: [Entry]

    static let fileName = ".parley-pull.json"

    /// The pulled texts by key, locale and channel.
    var byText: [String: Entry] {
        Dictionary(texts.map { (Self.address($0.key, $0.locale, $0.channel), $0) }, uniquingKeysWith: { _, last in last })
    }

    static func address(_ key: String, _ locale: String, _ channel: String) -> String { "\(key)\u{0}\(locale)\u{0}\(channel)" }
}

/// The bundle a snapshot describes, for writing as `Locales/` files.
func bundle(of snapshot: Snapshot) throws -> CatalogBundle {
    CatalogBundle(
        workspace: WorkspaceSpec(name: snapshot.workspace.name, defaultLocale: try LocaleID(snapshot.workspace.defaultLocale),
                                 locales: try snapshot.workspace.locales.map { try LocaleID($0) }),
        templates: try snapshot.templates.map {
            TemplateSpec(key: $0.key, category: $0.category, tags: $0.tags, shortcut: $0.shortcut, description: $0.description,
                         sourceLocale: try LocaleID($0.sourceLocale))
        },
        texts: try snapshot.texts.map {
            TextSpec(key: $0.key, locale: try LocaleID($0.locale), channel: ReplyChannel(rawValue: $0.channel), message: $0.message,
                     state: ReviewState(rawValue: $0.state) ?? .needsReview)
        })
}

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Download a workspace into Locales-format files you can edit.",
        discussion: """
            Writes FOLDER/WORKSPACE/workspace.yaml and one LOCALE.yaml per locale (see Locales/README.md), and \
            remembers the version of every text in FOLDER/WORKSPACE/\(PullState.fileName), so that `parley push` \
            sends only what you changed and refuses to overwrite what others changed since.

            Example: parley pull --server https://parley.example.com --key $KEY -w support
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: ArgumentHelp("The folder of workspaces to write into.", valueName: "folder"))
    var into = "Locales"

    func run() async throws {
        let client = try remote.client()
        do {
            let snapshot = try await client.snapshot()
            let folder = URL(fileURLWithPath: into).appendingPathComponent(snapshot.workspace.name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files = LocalesFormat.write(try bundle(of: snapshot))
            for file in files {
                try file.contents.write(to: folder.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
            }
            let state = PullState(server: client.server.absoluteString, workspace: snapshot.workspace.name,
                                  pulledAt: ISO8601DateFormatter().string(from: Date()),
                                  texts: snapshot.texts.map { .init(key: $0.key, locale: $0.locale, channel: $0.channel, version: $0.version,
                                                                    message: $0.message, state: $0.state) })
            try JSONEncoder.sorted.encode(state).write(to: folder.appendingPathComponent(PullState.fileName))
            if remote.json {
                Output.json(["folder": folder.path, "files": "\(files.count)", "texts": "\(snapshot.texts.count)"])
            } else {
                print("Pulled \(snapshot.texts.count) texts of \(snapshot.templates.count) templates into \(folder.path) (\(files.count) files).")
            }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send the texts you changed since `parley pull`, all or none.",
        discussion: """
            Compares FOLDER/WORKSPACE with what was pulled, shows each new or changed text, checks them as the \
            server will, and writes them in one transaction. If someone changed one of those texts on the server \
            since your pull, nothing is written and each conflict is named with who changed it and when: pull \
            again, redo your change, push again. Texts deleted from the files are not deleted on the server.

            Exit status: 0 pushed (or nothing to push), 1 a text has errors, 2 refused as stale, 3 denied, 4 unreachable.
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: ArgumentHelp("The folder of workspaces pulled into.", valueName: "folder"))
    var from = "Locales"
    @Flag(name: .long, help: "Show and check what would be written; write nothing.")
    var dryRun = false

    func run() async throws {
        let client = try remote.client()
        let folder = URL(fileURLWithPath: from).appendingPathComponent(client.workspace)
        let stateFile = folder.appendingPathComponent(PullState.fileName)
        guard let data = try? Data(contentsOf: stateFile), var state = try? JSONDecoder().decode(PullState.self, from: data) else {
            throw ValidationError("\(stateFile.path) is missing: run `parley pull` first")
        }
        let local: CatalogBundle
        do {
            guard let read = try SeedCatalog.read(URL(fileURLWithPath: from), only: client.workspace).first else {
                throw ValidationError("no workspace '\(client.workspace)' in \(from)")
            }
            local = read
        } catch let problems as FileProblems {
            problems.problems.forEach { print($0.description) }
            throw Status.problems
        }
        let errors = local.diagnostics().filter { $0.severity == .error }
        guard errors.isEmpty else {
            errors.forEach { print($0.rendered) }
            FileHandle.standardError.write(Data("\(errors.count) error(s); nothing was pushed\n".utf8))
            throw Status.problems
        }
        let pulled = state.byText
        let changes = Self.changes(local, against: pulled)
        if !remote.json {
            if changes.isEmpty { print("Nothing to push: the files are as pulled."); return }
            for change in changes {
                let what = "\(change.key) (\(change.locale)\(change.channel == "default" ? "" : ", \(change.channel)"))"
                if let base = pulled[PullState.address(change.key, change.locale, change.channel)] {
                    print("~ \(what) v\(base.version)\n  - \(Self.short(base.message))\n  + \(Self.short(change.message))")
                } else {
                    print("+ \(what)\n  + \(Self.short(change.message))")
                }
            }
        }
        do {
            let summary = try await client.push(changes, dryRun: dryRun)
            if !dryRun {
                // The pushed texts are now at the versions the server wrote: remember them, so the next
                // push starts from here. The files take the state the server gave (a translator's text
                // now waits for review).
                let messages = Dictionary(changes.map { (PullState.address($0.key, $0.locale, $0.channel), $0.message) },
                                          uniquingKeysWith: { first, _ in first })
                var entries = pulled
                var newStates: [String: ReviewState] = [:]
                for text in summary.written {
                    let address = PullState.address(text.key, text.locale, text.channel)
                    guard let message = messages[address] else { continue }
                    entries[address] = .init(key: text.key, locale: text.locale, channel: text.channel, version: text.version,
                                             message: message, state: text.state)
                    newStates[address] = ReviewState(rawValue: text.state)
                }
                state.texts = entries.values.sorted { ($0.key, $0.locale, $0.channel) < ($1.key, $1.locale, $1.channel) }
                var files = local
                for index in files.texts.indices {
                    let text = files.texts[index]
                    if let newState = newStates[PullState.address(text.key, text.locale.tag, text.channel.rawValue)] {
                        files.texts[index].state = newState
                    }
                }
                for file in LocalesFormat.write(files) {
                    try file.contents.write(to: folder.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
                }
                try JSONEncoder.sorted.encode(state).write(to: stateFile)
            }
            if remote.json {
                Output.json(["created": summary.created, "updated": summary.updated, "dryRun": dryRun ? 1 : 0])
            } else {
                print(dryRun ? "Dry run: \(summary.created) would be created, \(summary.updated) updated; nothing was written."
                             : "Pushed: \(summary.created) created, \(summary.updated) updated.")
            }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }

    /// Texts new or different from the pulled ones. A state is sent only when the file changed
    /// it; otherwise the server decides (a translator's edit waits for review).
    static func changes(_ local: CatalogBundle, against pulled: [String: PullState.Entry]) -> [Change] {
        local.texts.compactMap { text in
            let (key, locale, channel) = (text.key, text.locale.tag, text.channel.rawValue)
            guard let base = pulled[PullState.address(key, locale, channel)] else {
                return Change(key: key, locale: locale, channel: channel, message: text.message,
                              state: text.state == .approved ? nil : text.state.rawValue, baseVersion: nil)
            }
            let stateChanged = base.state != text.state.rawValue
            guard base.message != text.message || stateChanged else { return nil }
            return Change(key: key, locale: locale, channel: channel, message: text.message,
                          state: stateChanged ? text.state.rawValue : nil, baseVersion: base.version)
        }
    }

    static func short(_ message: String) -> String {
        let flat = message.replacingOccurrences(of: "\n", with: "⏎")
        return flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Download texts in a translators' format: xliff2, xliff12, po, json or csv.",
        discussion: """
            With --locale (or for csv, which holds every locale), one file: to --output or standard output. \
            Without --locale, one file per locale of the workspace into the --output folder, named \
            WORKSPACE.LOCALE.EXT. XLIFF and PO files list untranslated texts too, so translators see what is missing.

            Example: parley export --format xliff2 --locale fr --output support.fr.xlf
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: "xliff2, xliff12, po, json or csv.") var format: InterchangeFormat
    @Option(name: .long, help: "One locale.") var locale: String?
    @Option(name: [.short, .long], help: "A file (one locale, or csv) or a folder (every locale).") var output: String?

    func run() async throws {
        let client = try remote.client()
        do {
            if locale != nil || !format.isPerLocale {
                let contents = try await client.export(format: format.rawValue, locale: locale)
                if let output { try contents.write(toFile: output, atomically: true, encoding: .utf8) } else { print(contents, terminator: "") }
                return
            }
            let folder = URL(fileURLWithPath: output ?? ".")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var written: [String] = []
            for locale in try await client.coverage().locales.map(\.locale) {
                let contents = try await client.export(format: format.rawValue, locale: locale)
                let file = folder.appendingPathComponent("\(client.workspace).\(locale).\(format.fileExtension)")
                try contents.write(to: file, atomically: true, encoding: .utf8)
                written.append(file.path)
            }
            if remote.json { Output.json(written) } else { written.forEach { print($0) } }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

extension InterchangeFormat: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Upload translators' files; each is imported whole or not at all.",
        discussion: """
            The format comes from --format or the file's extension (.xlf is read as XLIFF 2.0 or 1.2 by its version). \
            Every text is checked as a write is; any problem refuses the whole file and is printed as \
            FILE:LINE: SEVERITY: MESSAGE. A translator's texts wait for review.

            Exit status: 0 imported, 1 a file was refused, 2 texts changed meanwhile, 3 denied, 4 unreachable.
            """)

    @OptionGroup var remote: RemoteOptions
    @Argument(help: "Files to import.") var files: [String]
    @Option(name: .long, help: "xliff2, xliff12, po, json or csv (default: from the extension).") var format: InterchangeFormat?
    @Option(name: .long, help: "The locale of flat JSON files (default: from the name, fr.json).") var locale: String?
    @Flag(name: .long, help: "Check only; import nothing.") var dryRun = false

    func run() async throws {
        let client = try remote.client()
        var status: ExitCode?
        var summaries: [ImportSummary] = []
        for path in files {
            let name = URL(fileURLWithPath: path).lastPathComponent
            do {
                let contents = try Data(contentsOf: URL(fileURLWithPath: path))
                let summary = try await client.importFile(name: name, contents: contents, format: format?.rawValue, locale: locale, dryRun: dryRun)
                summaries.append(summary)
                if !remote.json {
                    print("\(path): \(summary.texts) texts, \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged\(dryRun ? " (dry run)" : "")")
                }
            } catch ClientError.refused(let code, let failure) where failure.diagnostics != nil {
                (failure.diagnostics ?? []).forEach { print($0.replacingOccurrences(of: name + ":", with: path + ":")) }
                FileHandle.standardError.write(Data("\(path): refused; nothing was imported\n".utf8))
                status = status ?? Status.exitCode(forHTTP: code)
            } catch {
                status = status ?? Status.report(error, json: remote.json)
            }
        }
        if remote.json { Output.json(summaries) }
        if let status { throw status }
    }
}
