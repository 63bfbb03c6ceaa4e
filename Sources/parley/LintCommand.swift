import ArgumentParser
import Foundation
import ICU
import MessageFormat
import RenderCorpus

struct LintCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lint",
        abstract: "Check messages for errors ICU would accept silently.",
        discussion: """
            Lints one message given as an argument, or every message of a file: a text file holds one \
            message per line (all in --locale); a .jsonl file holds {"locale","message","source"?} lines. \
            Problems print as FILE:LINE:COLUMN: SEVERITY: MESSAGE [code], the line and a caret.

            Errors: syntax, styles ICU rejects, plural categories the locale needs but the message lacks, \
            plural keywords that are no CLDR category, arguments the source message does not have. \
            Warnings: categories the locale never uses, source arguments left out, quoting mistakes, \
            styles ICU would misread or ignore.

            Exit status: 0 when there is no error (1 with --warnings-as-errors and a warning), 1 when \
            there is, 64 for bad usage.

            Examples:
              parley lint --locale ru '{n, plural, one {# файл} other {# файлов}}'
              parley lint --locale fr --source '{n} files' '{count} fichiers'
              parley lint --file messages.jsonl
            """
    )

    @Argument(help: "A message to lint (or use --file).")
    var message: String?

    @Option(name: .long, help: "A file of messages: one per line, or JSON lines.")
    var file: String?

    @Option(name: .long, help: "The locale of the messages (BCP 47).")
    var locale: String = "en"

    @Option(name: .long, help: "The source-locale message the one given translates.")
    var source: String?

    @Option(name: .long, help: "The syntax of the messages and of --source: mf1 (default) or mf2; a .jsonl line may name its own.")
    var syntax: MessageSyntax = .mf1

    @Flag(name: .long, help: "Fail on warnings too.")
    var warningsAsErrors = false

    @OptionGroup var output: OutputOptions

    func validate() throws {
        guard (message == nil) != (file == nil) else {
            throw ValidationError("give either a message or --file")
        }
    }

    func run() throws {
        let locale: LocaleID
        do {
            locale = try LocaleID(self.locale)
        } catch {
            throw ValidationError("'\(self.locale)' is not a valid locale tag")
        }
        var entries: [(line: Int, locale: LocaleID, text: String, source: String?, syntax: MessageSyntax)] = []
        let name = file ?? "<message>"
        if let message {
            entries.append((1, locale, message, source, syntax))
        } else if let file {
            let contents = try String(contentsOfFile: file, encoding: .utf8)
            if file.hasSuffix(".jsonl") {
                for (index, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.allSatisfy(\.isWhitespace) {
                    let parsed = try CorpusLine.parse(String(line))
                    guard let entry = parsed.first else { continue }
                    guard let entryLocale = try? LocaleID(entry.locale) else {
                        print("\(file):\(index + 1):1: error: '\(entry.locale)' is not a valid locale tag")
                        throw ExitCode.failure
                    }
                    entries.append((index + 1, entryLocale, entry.message, entry.source, entry.syntax))
                }
            } else {
                for (index, line) in contents.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                where !line.isEmpty {
                    entries.append((index + 1, locale, String(line), source, syntax))
                }
            }
        }
        var errors = 0
        var warnings = 0
        var problems: [ProblemOutput] = []
        for entry in entries {
            for diagnostic in Linter.lint(entry.text, syntax: entry.syntax, locale: entry.locale, source: entry.source, sourceSyntax: entry.syntax) {
                if output.json {
                    problems.append(ProblemOutput(diagnostic, source: entry.text, file: name, line: entry.line))
                } else {
                    print(diagnostic.rendered(source: entry.text, file: name, lineOffset: entry.line - 1))
                }
                if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
            }
        }
        if output.json { Output.json(problems) }
        if errors + warnings > 0 {
            FileHandle.standardError.write(Data("\(errors) error(s), \(warnings) warning(s) in \(entries.count) message(s)\n".utf8))
        }
        if errors > 0 || (warningsAsErrors && warnings > 0) { throw ExitCode.failure }
    }
}
