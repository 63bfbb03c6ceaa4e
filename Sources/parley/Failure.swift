import ArgumentParser
import Foundation
import ParleyAPI
import ParleyClient

/// A command that could not do its work: the line to print (`error: MESSAGE`) and the exit
/// status. Everything but a usage error ends this way; ArgumentParser's `ValidationError`,
/// which prints the usage and exits 64, is for bad flags and arguments only.
struct CommandFailure: Error, CustomStringConvertible {
    var message: String
    var status: ExitCode

    init(_ message: String, status: ExitCode) {
        self.message = message
        self.status = status
    }

    var description: String { message }

    /// Prints the failure on standard error and ends the process with its status.
    func exit() -> Never {
        FileHandle.standardError.write(Data("error: \(message)\n".utf8))
        Foundation.exit(status.rawValue)
    }
}

/// The exit statuses (see `parley --help`).
enum Status {
    /// Problems in the input or the setup: lint errors, a refused import or push, a missing file.
    static let problems = ExitCode(1)
    /// Refused: someone changed the texts since you read them.
    static let stale = ExitCode(2)
    /// The server said no: authentication, permission, not found.
    static let denied = ExitCode(3)
    /// The server could not be reached or failed.
    static let unreachable = ExitCode(4)
    /// Bad flags or arguments (ArgumentParser's own status for them).
    static let usage = ExitCode.validationFailure

    /// Prints a client failure as a person (or a script, with --json) needs it, and returns its status.
    static func report(_ error: Error, json: Bool) -> ExitCode {
        guard let error = error as? RequestFailure else {
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
                if failure.code == "stale" { text += "Nothing was written. Run `parley pull`: it merges their changes with yours; then push again.\n" }
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
