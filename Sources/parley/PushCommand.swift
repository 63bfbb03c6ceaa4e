import ArgumentParser
import Catalog
import Foundation
import ParleyClient

struct PushCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send the texts you changed since `parley pull`, all or none.",
        discussion: """
            Compares FOLDER/WORKSPACE with what was pulled, shows each new or changed text (by wording or state), \
            checks them as the server will, and writes them in one transaction. A state is sent only when you \
            changed it; otherwise the server decides (a translator's edit waits for review). If someone changed \
            one of those texts on the server since your pull, nothing is written and each conflict is named with \
            who changed it and when: `parley pull` merges their changes with yours, then push again. Texts deleted \
            from the files are not deleted on the server. Changed examples are sent after the texts, each \
            template's and locale's on its own, refused when someone changed them since your pull.

            Exit status: 0 pushed (or nothing to push), 1 a text has errors, 2 refused as stale or conflicts \
            from the last pull unresolved, 3 denied, 4 unreachable.

            Example: parley push --dry-run -w support
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: ArgumentHelp("The folder of workspaces pulled into.", valueName: "folder"))
    var from = "Locales"
    @Flag(name: .long, help: "Show and check what would be written; write nothing.")
    var dryRun = false

    func run() async throws {
        let client = try remote.client()
        let folder = PulledFolder(root: from, workspace: client.workspace)
        guard let pulled = try folder.readState() else {
            throw CommandFailure("\(folder.stateFile.relativePath) is missing: run `parley pull` first", status: Status.problems)
        }
        let conflicts = try folder.readConflicts()
        guard conflicts.isEmpty else {
            throw CommandFailure("""
                \(conflicts.count) conflict(s) from the last pull are not resolved (\(conflicts.map(\.identity.description).joined(separator: ", "))): \
                choose with `parley pull --resolve ours|theirs [KEY…]`; nothing was pushed
                """, status: Status.stale)
        }
        let local = try folder.readFiles()
        let errors = local.diagnostics().filter { $0.severity == .error }
        guard errors.isEmpty else {
            errors.forEach { print($0.rendered) }
            throw CommandFailure("\(errors.count) error(s); nothing was pushed", status: Status.problems)
        }
        let outgoing = CatalogSync.outgoing(local, pulled: pulled)
        let examples = ExamplesSync.outgoing(local.examples, pulled: pulled.examples ?? [])
        if !remote.json {
            if outgoing.isEmpty && examples.isEmpty { print("Nothing to push: the files are as pulled."); return }
            outgoing.forEach { print(Self.describe($0)) }
            examples.forEach { print("\($0.base == nil ? "+" : "~") examples of \($0.examples.key) (\($0.examples.locale)): \($0.examples.phrases.count)") }
        }
        do {
            let summary = try await client.push(outgoing.map(\.change), dryRun: dryRun)
            if !dryRun {
                var after = CatalogSync.afterPush(pulled, files: local, sent: outgoing, written: try summary.written.map { try $0.written })
                try folder.write(after.files)
                try folder.write(after.pulled)
                // Examples after the texts, each set on its own, checked against the version pulled.
                for (spec, base) in examples {
                    let written = try await client.putExamples(spec.key, locale: spec.locale.tag, phrases: spec.phrases, version: base)
                    var pulledExamples = (after.pulled.examples ?? []).filter { $0.key != spec.key || $0.locale != spec.locale }
                    pulledExamples.append(PulledExamples(key: spec.key, locale: spec.locale, version: written.version, phrases: written.phrases))
                    after.pulled.examples = pulledExamples.sorted { ($0.key, $0.locale.tag) < ($1.key, $1.locale.tag) }
                    try folder.write(after.pulled)
                }
            }
            if remote.json {
                Output.json(["created": AnyEncodable(summary.created), "updated": AnyEncodable(summary.updated),
                             "unchanged": AnyEncodable(summary.unchanged ?? 0), "dryRun": AnyEncodable(dryRun),
                             "examples": AnyEncodable(examples.map { "\($0.examples.key) (\($0.examples.locale))" }),
                             "changes": AnyEncodable(summary.changes ?? [])])
            } else {
                let unchanged = summary.unchanged.map { ", \($0) unchanged" } ?? ""
                let sets = examples.isEmpty ? "" : "; \(examples.count) set(s) of examples"
                print(dryRun ? "Dry run: \(summary.created) would be created, \(summary.updated) updated\(unchanged)\(sets); nothing was written."
                             : "Pushed: \(summary.created) created, \(summary.updated) updated\(unchanged)\(sets).")
            }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }

    /// `~ key (locale, channel) vN`, the old and the new wording and state; `+ …` for a new text.
    static func describe(_ text: CatalogSync.Outgoing) -> String {
        let state = text.state.map { " [\($0.rawValue)]" } ?? ""
        guard let base = text.base else { return "+ \(text.text.identity)\(state)\n  + \(Output.short(text.text.message))" }
        let was = text.state == nil ? "" : " [\(base.state.rawValue)]"
        return "~ \(text.text.identity) v\(base.version)\n  - \(Output.short(base.message))\(was)\n  + \(Output.short(text.text.message))\(state)"
    }
}
