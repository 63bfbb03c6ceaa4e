import ArgumentParser
import Foundation
import ParleyClient
import Yams

/// Where the server is and who the caller is: flags, then the environment, then a config file.
struct RemoteOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The server's URL (env PARLEY_URL; default http://127.0.0.1:8080).", valueName: "url"))
    var server: String?

    @Option(name: .long, help: ArgumentHelp("An API key (env PARLEY_API_KEY; default: .parley/admin-key when present).", valueName: "key"))
    var key: String?

    @Option(name: [.customShort("w"), .long], help: ArgumentHelp("The workspace (env PARLEY_WORKSPACE; default support).", valueName: "name"))
    var workspace: String?

    @Option(name: .long, help: ArgumentHelp("A config file (YAML: server, key, workspace). Default: ./.parley.yaml, then ~/.config/parley/config.yaml.", valueName: "path"))
    var config: String?

    @Flag(name: .long, help: "Print JSON for scripts instead of text.")
    var json = false

    /// The settings in force, each from the first place that gives it.
    func client() throws -> ParleyClient {
        let environment = ProcessInfo.processInfo.environment
        let file = try configFile()
        let server = self.server ?? environment["PARLEY_URL"] ?? file["server"] ?? "http://127.0.0.1:8080"
        let workspace = self.workspace ?? environment["PARLEY_WORKSPACE"] ?? file["workspace"] ?? "support"
        let key = self.key ?? environment["PARLEY_API_KEY"] ?? file["key"]
            ?? (try? String(contentsOfFile: ".parley/admin-key", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let url = URL(string: server), url.scheme == "http" || url.scheme == "https" else {
            throw CommandFailure("'\(server)' is not an http(s) URL", status: self.server == nil ? Status.problems : Status.usage)
        }
        guard let key, !key.isEmpty else {
            throw CommandFailure("no API key: pass --key, set PARLEY_API_KEY, or put `key:` in .parley.yaml", status: Status.denied)
        }
        return ParleyClient(server: url, key: key, workspace: workspace, connectTimeout: try Self.connectTimeout(),
                            progress: json ? nil : ProgressBar.ifTerminal())
    }

    /// The workspace named by the flag, the environment or the config file, for the commands
    /// that work on pulled files without the server.
    func workspaceName() throws -> String {
        try workspace ?? ProcessInfo.processInfo.environment["PARLEY_WORKSPACE"] ?? (configFile())["workspace"] ?? "support"
    }

    /// How long to wait for a connection: PARLEY_CONNECT_TIMEOUT seconds, else 3.
    static func connectTimeout() throws -> Duration {
        guard let text = ProcessInfo.processInfo.environment["PARLEY_CONNECT_TIMEOUT"] else { return .seconds(3) }
        guard let seconds = Double(text), seconds > 0 else {
            throw CommandFailure("PARLEY_CONNECT_TIMEOUT is '\(text)', not a number of seconds", status: Status.problems)
        }
        return .milliseconds(Int(seconds * 1000))
    }

    private func configFile() throws -> [String: String] {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "~"
        let candidates = config.map { [$0] } ?? [".parley.yaml", "\(home)/.config/parley/config.yaml"]
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let values = try Yams.load(yaml: text) as? [String: Any] else {
                throw CommandFailure("\(path): expected keys server, key and workspace", status: Status.problems)
            }
            return values.compactMapValues { $0 as? String }
        }
        if let config { throw CommandFailure("no config file at \(config)", status: Status.problems) }
        return [:]
    }
}

/// A one-line progress bar on standard error, drawn only on a terminal.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDrawn = -1

    static func ifTerminal() -> (@Sendable (Int, Int?) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        let bar = ProgressBar()
        return { done, total in bar.draw(done, total) }
    }

    func draw(_ done: Int, _ total: Int?) {
        lock.lock()
        defer { lock.unlock() }
        let line: String
        if let total, total > 0 {
            let percent = min(100, done * 100 / total)
            guard percent != lastDrawn else { return }
            lastDrawn = percent
            let filled = percent * 30 / 100
            line = "\r[" + String(repeating: "#", count: filled) + String(repeating: ".", count: 30 - filled) + "] \(percent)% \(done / 1024) KiB"
        } else {
            line = "\r\(done / 1024) KiB"
        }
        FileHandle.standardError.write(Data((line + (total.map { done >= $0 } == true ? "\n" : "")).utf8))
    }
}

/// Standard output for people or scripts.
enum Output {
    static func json(_ value: some Encodable) {
        if let data = try? JSONEncoder.sorted.encode(value) { print(String(decoding: data, as: UTF8.self)) }
    }

    /// A text on one line, at most 100 characters: line breaks shown as ⏎.
    static func short(_ message: String) -> String {
        let flat = message.replacingOccurrences(of: "\n", with: "⏎")
        return flat.count > 100 ? String(flat.prefix(99)) + "…" : flat
    }

    /// Left-aligned columns.
    static func table(_ header: [String], _ rows: [[String]]) {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        for row in all {
            print(row.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces))
        }
    }
}

/// Any encodable value, for mixed JSON objects.
struct AnyEncodable: Encodable {
    let value: any Encodable
    init(_ value: any Encodable) { self.value = value }
    func encode(to encoder: Encoder) throws { try value.encode(to: encoder) }
}
