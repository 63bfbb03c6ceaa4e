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
            throw ValidationError("'\(server)' is not an http(s) URL")
        }
        guard let key, !key.isEmpty else {
            throw ValidationError("no API key: pass --key, set PARLEY_API_KEY, or put `key:` in .parley.yaml")
        }
        return ParleyClient(server: url, key: key, workspace: workspace, progress: json ? nil : ProgressBar.ifTerminal())
    }

    private func configFile() throws -> [String: String] {
        let home = ProcessInfo.processInfo.environment["HOME"] ?? "~"
        let candidates = config.map { [$0] } ?? [".parley.yaml", "\(home)/.config/parley/config.yaml"]
        for path in candidates where FileManager.default.fileExists(atPath: path) {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            guard let values = try Yams.load(yaml: text) as? [String: Any] else {
                throw ValidationError("\(path): expected keys server, key and workspace")
            }
            return values.compactMapValues { $0 as? String }
        }
        if let config { throw ValidationError("no config file at \(config)") }
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

/// The exit statuses of the remote commands (see `parley --help`).
enum Status {
    /// Problems in the input: lint errors, a refused import or push.
    static let problems = ExitCode(1)
    /// Refused: someone changed the texts since you read them.
    static let stale = ExitCode(2)
    /// The server said no: authentication, permission, not found.
    static let denied = ExitCode(3)
    /// The server could not be reached or failed.
    static let unreachable = ExitCode(4)

    /// Prints a client failure as a person (or a script, with --json) needs it, and returns its status.
    static func report(_ error: Error, json: Bool) -> ExitCode {
        guard let error = error as? ClientError else {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            return ExitCode.failure
        }
        switch error {
        case .unreachable(let message):
            FileHandle.standardError.write(Data("error: \(message)\n".utf8))
            return unreachable
        case .refused(let status, let failure):
            if json {
                Output.json(["status": AnyEncodable(status), "error": AnyEncodable(failure)])
            } else {
                var text = "error: \(failure.message)\n"
                for problem in failure.problems ?? [] {
                    text += "  \(problem.line):\(problem.column): \(problem.message)\n"
                    if let caret = problem.caret { text += caret.split(separator: "\n").map { "    \($0)\n" }.joined() }
                }
                if let diagnostics = failure.diagnostics, diagnostics.count > 1 { text += diagnostics.map { "  \($0)\n" }.joined() }
                if failure.code == "stale" { text += "Nothing was written. Run `parley pull` to get their changes, redo yours, and push again.\n" }
                FileHandle.standardError.write(Data(text.utf8))
            }
            return exitCode(forHTTP: status)
        }
    }

    /// The exit status for a server's refusal.
    static func exitCode(forHTTP status: Int) -> ExitCode {
        switch status {
        case 412, 409: stale
        case 400, 422: problems
        case 401, 403, 404: denied
        default: unreachable
        }
    }
}

/// Standard output for people or scripts.
enum Output {
    static func json(_ value: some Encodable) {
        if let data = try? JSONEncoder.sorted.encode(value) { print(String(decoding: data, as: UTF8.self)) }
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
