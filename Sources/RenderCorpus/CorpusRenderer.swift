import ICU
import MessageFormat

/// Renders a corpus: each line compiled for its locale in UTC and rendered with its arguments.
public enum CorpusRenderer {
    /// The output line for one input: `{"id":…,"output":…}` or `{"id":…,"error":…}`.
    public static func render(_ line: CorpusLine) -> String {
        switch outcome(line) {
        case .success(let text): JSONLine.object([("id", line.id), ("output", text)])
        case .failure(let error): JSONLine.object([("id", line.id), ("error", error.message)])
        }
    }

    /// A failure to render a corpus line, in words.
    public struct Failure: Error {
        public var message: String
    }

    /// The rendered text, or why there is none (a bad locale, a syntax error, a render issue).
    /// A MessageFormat 2 line with errors at render time still has its text, fallbacks included,
    /// as the specification formats it.
    public static func outcome(_ line: CorpusLine) -> Result<String, Failure> {
        let locale: LocaleID
        do {
            locale = try LocaleID(line.locale)
        } catch {
            return .failure(Failure(message: "invalid locale '\(line.locale)'"))
        }
        if line.syntax == .mf2 {
            do {
                let message = try MF2.Parser.parse(line.message)
                return .success(MF2.Formatter(locale: locale, bidiIsolation: line.bidiIsolation).format(message, line.arguments).text)
            } catch {
                return .failure(Failure(message: error.description))
            }
        }
        let compiled: CompiledMessage
        do {
            compiled = try CompiledMessage(line.message, locale: locale)
        } catch {
            return .failure(Failure(message: error.description))
        }
        let rendered = compiled.render(line.arguments)
        if let issue = rendered.issues.first { return .failure(Failure(message: issue.message)) }
        return .success(rendered.text)
    }
}
