import Foundation

/// The project's shared folder (`../shared` beside the repository), which holds conformance
/// suites. A user's clone has none: tests that need it are skipped with a message.
public enum Shared {
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared")

    public static func url(_ path: String) -> URL { root.appendingPathComponent(path) }

    public static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: url(path).path) }
}

/// Fixture files checked in beside the tests, in the `Fixtures` folder next to the calling test.
public enum Fixture {
    public static func data(_ name: String, file: String = #filePath) throws -> Data {
        try Data(contentsOf: URL(fileURLWithPath: file).deletingLastPathComponent()
            .appendingPathComponent("Fixtures").appendingPathComponent(name))
    }
}

/// The repository's seed catalog, `Locales/support`, as files.
public enum SeedFiles {
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Locales/support")

    /// `workspace.yaml` and the locale files, name and contents, of the seed or of another
    /// workspace folder.
    public static func read(_ folder: URL = folder) throws -> (workspace: (name: String, contents: String), locales: [(name: String, contents: String)]) {
        let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "yaml" && $0.lastPathComponent != "workspace.yaml" }
        return (("workspace.yaml", try String(contentsOf: folder.appendingPathComponent("workspace.yaml"), encoding: .utf8)),
                try files.map { ($0.lastPathComponent, try String(contentsOf: $0, encoding: .utf8)) })
    }
}
