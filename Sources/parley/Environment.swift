import ArgumentParser
import Catalog
import Foundation
import Logging
import Server
import Store

/// Settings shared by the commands that reach the database.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Data folder for the embedded PostgreSQL and the generated admin key (env PARLEY_DATA).", valueName: "path"))
    var data: String = ProcessInfo.processInfo.environment["PARLEY_DATA"] ?? ".parley"

    /// `DATABASE_URL`, when set, points at the server to use instead of the embedded one.
    var databaseURL: String? { ProcessInfo.processInfo.environment["DATABASE_URL"].flatMap { $0.isEmpty ? nil : $0 } }

    /// `DATABASE_READ_URL`, when set, points at a streaming standby of that server for the large
    /// reads (cache loads, snapshots, exports, listings).
    func readReplica() throws -> DatabaseConfiguration? {
        guard let url = ProcessInfo.processInfo.environment["DATABASE_READ_URL"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        guard databaseURL != nil else {
            throw CommandFailure("DATABASE_READ_URL needs DATABASE_URL: the embedded PostgreSQL has no standby", status: Status.problems)
        }
        guard let configuration = DatabaseConfiguration(url: url) else {
            throw CommandFailure("DATABASE_READ_URL is not a postgres:// URL", status: Status.problems)
        }
        return configuration
    }

    var dataFolder: URL { URL(fileURLWithPath: data, isDirectory: true).standardizedFileURL }

    /// The database to use, and the embedded server when Parley runs its own (already started).
    func open(logger: Logger) throws -> (DatabaseConfiguration, EmbeddedPostgres?) {
        if let url = databaseURL {
            guard let configuration = DatabaseConfiguration(url: url) else {
                throw CommandFailure("DATABASE_URL is not a postgres:// URL", status: Status.problems)
            }
            return (configuration, nil)
        }
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        let embedded = try EmbeddedPostgres(dataFolder: dataFolder, logger: logger)
        try embedded.start()
        return (embedded.configuration, embedded)
    }
}

enum Logs {
    /// Text logs on a terminal, one JSON object per line otherwise (or as PARLEY_LOG_FORMAT says).
    static func bootstrap(level: Logger.Level = .info) -> Logger {
        let format = ProcessInfo.processInfo.environment["PARLEY_LOG_FORMAT"] ?? (isatty(STDERR_FILENO) == 1 ? "text" : "json")
        let level = ProcessInfo.processInfo.environment["LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? level
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = format == "json" ? JSONLogHandler(label: label) : StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "parley")
    }
}

/// Structured logs: one JSON object per line on standard error.
struct JSONLogHandler: LogHandler {
    let label: String
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var fields: [String: String] = ["level": event.level.rawValue, "message": "\(event.message)", "logger": label,
                                        "time": ISO8601DateFormatter().string(from: Date())]
        for (key, value) in metadata.merging(event.metadata ?? [:], uniquingKeysWith: { $1 }) { fields[key] = "\(value)" }
        guard var data = try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys, .withoutEscapingSlashes]) else { return }
        data.append(0x0A)
        FileHandle.standardError.write(data)
    }
}

enum SeedCatalog {
    /// The workspace of the agent desk's interface texts.
    static let desk = "desk"

    /// Every workspace folder under `path` (a folder holding `workspace.yaml` and `<locale>.yaml`
    /// files), or only the one named `only`.
    static func read(_ path: URL, only: String? = nil) throws -> [CatalogBundle] {
        var bundles: [CatalogBundle] = []
        let folders = try FileManager.default.contentsOfDirectory(at: path, includingPropertiesForKeys: nil).sorted { $0.path < $1.path }
        for folder in folders where only == nil || folder.lastPathComponent == only {
            let workspaceFile = folder.appendingPathComponent("workspace.yaml")
            guard FileManager.default.fileExists(atPath: workspaceFile.path) else { continue }
            let files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "yaml" && $0.lastPathComponent != "workspace.yaml" }
            let relative = { (url: URL) in "\(path.relativePath)/\(folder.lastPathComponent)/\(url.lastPathComponent)" }
            bundles.append(try LocalesFormat.read(
                workspaceFile: (relative(workspaceFile), try String(contentsOf: workspaceFile, encoding: .utf8)),
                localeFiles: try files.map { (relative($0), try String(contentsOf: $0, encoding: .utf8)) }))
        }
        return bundles
    }

    /// `--locales`, else `./Locales`, else `share/parley/Locales` beside the binary.
    static func folder(_ explicit: String?) -> URL? {
        if let explicit { return URL(fileURLWithPath: explicit) }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        let candidates = [URL(fileURLWithPath: "Locales"),
                          executable.deletingLastPathComponent().appendingPathComponent("../share/parley/Locales").standardizedFileURL]
        return candidates.first { FileManager.default.fileExists(atPath: $0.path) }
    }
}
