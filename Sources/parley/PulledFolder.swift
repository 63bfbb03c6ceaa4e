import Catalog
import Foundation

/// A workspace folder written by `parley pull`: the `Locales/` files, the pull state beside them
/// (`.parley-pull.json`) and the conflicts a pull left for the translator (`.parley-conflicts.json`).
struct PulledFolder {
    /// FOLDER/WORKSPACE.
    let url: URL
    /// FOLDER, the folder of workspaces.
    let root: URL
    let workspace: String

    static let conflictsFileName = ".parley-conflicts.json"

    init(root: String, workspace: String) {
        self.root = URL(fileURLWithPath: root)
        self.workspace = workspace
        self.url = self.root.appendingPathComponent(workspace)
    }

    var stateFile: URL { url.appendingPathComponent(PullState.fileName) }
    var conflictsFile: URL { url.appendingPathComponent(Self.conflictsFileName) }
    var hasFiles: Bool { FileManager.default.fileExists(atPath: url.appendingPathComponent("workspace.yaml").path) }

    /// The files' catalog; problems in them are printed and end the command.
    func readFiles() throws -> CatalogBundle {
        do {
            guard hasFiles, let bundle = try SeedCatalog.read(root, only: workspace).first else {
                throw CommandFailure("no workspace '\(workspace)' in \(root.relativePath) (no \(workspace)/workspace.yaml)", status: Status.problems)
            }
            return bundle
        } catch let problems as FileProblems {
            problems.problems.forEach { print($0.description) }
            throw CommandFailure("\(problems.problems.count) problem(s) in \(url.relativePath)", status: Status.problems)
        }
    }

    func write(_ bundle: CatalogBundle) throws {
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        for file in LocalesFormat.write(bundle) {
            try file.contents.write(to: url.appendingPathComponent(file.name), atomically: true, encoding: .utf8)
        }
    }

    /// The pull state, or nil when the folder was never pulled.
    func readState() throws -> PullState? {
        guard let data = try? Data(contentsOf: stateFile) else { return nil }
        do {
            return try JSONDecoder().decode(PullState.self, from: data)
        } catch {
            throw CommandFailure("\(stateFile.relativePath) is not a pull state (\(error)); pull into a new folder", status: Status.problems)
        }
    }

    func write(_ state: PullState) throws {
        try JSONEncoder.sorted.encode(state).write(to: stateFile)
    }

    /// The conflicts the last pull left unresolved.
    func readConflicts() throws -> [PullConflict] {
        guard let data = try? Data(contentsOf: conflictsFile) else { return [] }
        do {
            return try JSONDecoder().decode([PullConflict].self, from: data)
        } catch {
            throw CommandFailure("\(conflictsFile.relativePath) is not a conflicts file (\(error))", status: Status.problems)
        }
    }

    /// Writes the conflicts, or removes the file when there are none.
    func write(conflicts: [PullConflict]) throws {
        if conflicts.isEmpty {
            if FileManager.default.fileExists(atPath: conflictsFile.path) { try FileManager.default.removeItem(at: conflictsFile) }
        } else {
            try JSONEncoder.sorted.encode(conflicts).write(to: conflictsFile)
        }
    }
}
