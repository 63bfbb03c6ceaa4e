import ICU
import MessageFormat

/// A reason a message cannot be stored, with its position for the writer.
public struct MessageProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var code: String
    public var message: String
    public var line: Int
    public var column: Int
    /// The source line and a caret under the column.
    public var caret: String

    public var description: String { "\(line):\(column): \(message)" }
}

/// The check every write goes through: the message must parse, compile for its locale, and
/// lint without errors (a Russian plural without `few` is refused). Warnings do not block.
public enum MessageCheck {
    /// The errors that block storing `message` (written in `syntax`), and the warnings that do
    /// not; `source` is the source-locale text it translates, with its syntax.
    public static func check(_ message: String, syntax: MessageSyntax = .mf1, locale: LocaleID,
                             source: (message: String, syntax: MessageSyntax)?) -> (errors: [MessageProblem], warnings: [MessageProblem]) {
        var errors: [MessageProblem] = []
        var warnings: [MessageProblem] = []
        for diagnostic in Linter.lint(message, syntax: syntax, locale: locale, source: source?.message,
                                      sourceSyntax: source?.syntax ?? .mf1) {
            let location = SourceLocation(offset: diagnostic.range.start, in: message)
            let lines = diagnostic.rendered(source: message).split(separator: "\n", omittingEmptySubsequences: false)
            let problem = MessageProblem(code: diagnostic.code, message: diagnostic.message, line: location.line,
                                         column: location.column, caret: lines.dropFirst().joined(separator: "\n"))
            if diagnostic.severity == .error { errors.append(problem) } else { warnings.append(problem) }
        }
        return (errors, warnings)
    }
}
