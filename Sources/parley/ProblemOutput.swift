import ArgumentParser
import Catalog
import MessageFormat

/// `--json` for the commands that work without a server (the remote ones have it in `RemoteOptions`).
struct OutputOptions: ParsableArguments {
    @Flag(name: .long, help: "Print JSON instead of text.") var json = false
}

/// A problem as `--json` prints it: where (the file's line and column), how bad, what, and for
/// a text of a catalog, which one.
struct ProblemOutput: Encodable {
    var file: String
    var line: Int
    var column: Int?
    var severity: String
    var code: String?
    var message: String
    var key: String?
    var locale: String?
    var channel: String?

    /// A text's problem in a catalog folder.
    init(_ diagnostic: TextDiagnostic) {
        let position = diagnostic.position
        (file, line, column) = (position.file, position.line, position.column ?? diagnostic.problem.column)
        (severity, code, message) = (diagnostic.severity.rawValue, diagnostic.problem.code, diagnostic.problem.message)
        (key, locale, channel) = (diagnostic.text.key, diagnostic.text.locale.tag, diagnostic.text.channel.rawValue)
    }

    /// A problem with a file itself.
    init(_ problem: FileProblem) {
        (file, line, column) = (problem.position.file, problem.position.line, problem.position.column)
        (severity, message) = (problem.severity.rawValue, problem.message)
    }

    /// A lint finding in a message that starts at line `line` of `file`.
    init(_ diagnostic: Diagnostic, source: String, file: String, line: Int) {
        let location = SourceLocation(offset: diagnostic.range.start, in: source)
        self.file = file
        self.line = line + location.line - 1
        column = location.column
        (severity, code, message) = (diagnostic.severity.rawValue, diagnostic.code, diagnostic.message)
    }
}
