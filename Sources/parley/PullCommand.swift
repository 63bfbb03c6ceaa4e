import ArgumentParser
import Catalog
import Foundation
import ParleyAPI
import ParleyClient

extension CatalogSync.Side: ExpressibleByArgument {}

struct PullCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Download a workspace into Locales-format files you can edit, keeping your edits not yet pushed.",
        discussion: """
            Writes FOLDER/WORKSPACE/workspace.yaml and one LOCALE.yaml per locale (see Locales/README.md), and \
            remembers the version of every text in FOLDER/WORKSPACE/\(PullState.fileName), so that `parley push` \
            sends only what you changed and refuses to overwrite what others changed since.

            A pull never discards your edits. Into a folder pulled before, it merges each text three ways, by \
            wording and state: a text you did not edit takes the server's; a text you edited that nobody changed \
            on the server keeps your edit (push it later); a text changed the same way on both sides is taken. \
            A text changed on the server and by you, differently, is a conflict: your text stays in the files, \
            the server's is kept beside it in FOLDER/WORKSPACE/\(PulledFolder.conflictsFileName), each conflict is \
            named with who changed it on the server and when, and the pull ends with status 2 (everything else \
            is merged and written). Choose for each conflicting template, offline:
              parley pull --resolve ours [KEY…]     keep yours, to push over theirs
              parley pull --resolve theirs [KEY…]   take the server's instead
            Without KEY, every conflict is resolved. `parley push` refuses while conflicts remain.

            Exit status: 0 pulled, 1 the files have problems, 2 conflicts to resolve, 3 denied, 4 unreachable.

            Example: parley pull --server https://parley.example.com --key $KEY -w support
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: ArgumentHelp("The folder of workspaces to write into.", valueName: "folder"))
    var into = "Locales"
    @Option(name: .long, help: ArgumentHelp("Resolve the last pull's conflicts, keeping ours or theirs; offline.", valueName: "side"))
    var resolve: CatalogSync.Side?
    @Argument(help: "With --resolve: the templates whose conflicts to resolve (default: all).")
    var keys: [String] = []

    func validate() throws {
        if resolve == nil && !keys.isEmpty { throw ValidationError("template keys are given with --resolve only") }
    }

    func run() async throws {
        if let resolve { return try resolveConflicts(keeping: resolve) }
        let client = try remote.client()
        let snapshot: Components.Schemas.Snapshot
        do {
            snapshot = try await client.snapshot()
        } catch {
            throw Status.report(error, json: remote.json)
        }
        let folder = PulledFolder(root: into, workspace: snapshot.workspace.name)
        var theirs = try snapshot.bundle()
        let files = folder.hasFiles ? try folder.readFiles() : nil
        let state = try folder.readState()
        let merge = CatalogSync.merge(base: state, theirs: try snapshot.pulledTexts(), yours: files?.texts ?? [])
        let examples = ExamplesSync.merge(base: state?.examples ?? [], theirs: try snapshot.pulledExamples(), yours: files?.examples ?? [])
        theirs.texts = merge.texts
        theirs.examples = examples.examples
        try folder.write(theirs)
        try folder.write(PullState(server: client.server.absoluteString, workspace: snapshot.workspace.name,
                                   pulledAt: ISO8601DateFormatter().string(from: Date()), texts: merge.pulled,
                                   examples: try snapshot.pulledExamples()))
        try folder.write(conflicts: merge.conflicts)
        if remote.json {
            Output.json(["folder": AnyEncodable(folder.url.path), "texts": AnyEncodable(snapshot.texts.count),
                         "kept": AnyEncodable(merge.kept.map(\.description) + examples.kept), "conflicts": AnyEncodable(merge.conflicts)])
        } else {
            print("Pulled \(snapshot.texts.count) texts of \(snapshot.templates.count) templates into \(folder.url.path).")
            let kept = merge.kept.map(\.description) + examples.kept
            if !kept.isEmpty {
                print("Kept \(kept.count) edit(s) of yours not yet pushed (`parley push` sends them):")
                kept.forEach { print("  \($0)") }
            }
        }
        guard merge.conflicts.isEmpty else {
            let lines = merge.conflicts.map { "conflict: \($0)\n" }.joined()
            FileHandle.standardError.write(Data((lines + """
                \(merge.conflicts.count) conflict(s): your texts are in the files, the server's in \
                \(folder.conflictsFile.relativePath). Everything else is merged. Choose with \
                `parley pull --resolve ours|theirs [KEY…]`.

                """).utf8))
            throw Status.stale
        }
    }

    /// Settles the last pull's conflicts in the files and the pull state; no server is needed.
    private func resolveConflicts(keeping side: CatalogSync.Side) throws {
        let folder = PulledFolder(root: into, workspace: try remote.workspaceName())
        let conflicts = try folder.readConflicts()
        guard !conflicts.isEmpty else {
            print("No conflicts to resolve in \(folder.url.path).")
            return
        }
        let unknown = Set(keys).subtracting(conflicts.map(\.key))
        guard unknown.isEmpty else {
            throw CommandFailure("no conflict in \(unknown.sorted().joined(separator: ", ")); the conflicts are in "
                                 + Set(conflicts.map(\.key)).sorted().joined(separator: ", "), status: Status.problems)
        }
        guard let state = try folder.readState() else {
            throw CommandFailure("\(folder.stateFile.relativePath) is missing: run `parley pull` again", status: Status.problems)
        }
        var files = try folder.readFiles()
        let resolved = CatalogSync.resolve(conflicts, keeping: side, keys: keys.isEmpty ? nil : Set(keys),
                                           texts: files.texts, pulled: state.texts)
        files.texts = resolved.texts
        var after = state
        after.texts = resolved.pulled
        try folder.write(files)
        try folder.write(after)
        try folder.write(conflicts: resolved.remaining)
        let settled = conflicts.count - resolved.remaining.count
        print("Resolved \(settled) conflict(s), keeping \(side == .ours ? "your texts" : "the server's texts"); "
              + (resolved.remaining.isEmpty ? "none left." : "\(resolved.remaining.count) left."))
    }
}
