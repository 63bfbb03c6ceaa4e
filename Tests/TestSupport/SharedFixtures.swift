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
