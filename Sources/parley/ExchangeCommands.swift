import ArgumentParser
import Foundation
import Interchange
import MessageFormat
import ParleyAPI
import ParleyClient

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Download texts in a translators' format: xliff2, xliff12, po, json or csv.",
        discussion: """
            With --locale (or for csv, which holds every locale), one file: to --output or standard output. \
            Without --locale, one file per locale of the workspace into the --output folder, named \
            WORKSPACE.LOCALE.EXT. XLIFF and PO files list untranslated texts too, so translators see what is missing.

            Example: parley export --format xliff2 --locale fr --output support.fr.xlf
            """)

    @OptionGroup var remote: RemoteOptions
    @Option(name: .long, help: "xliff2, xliff12, po, json or csv.") var format: InterchangeFormat
    @Option(name: .long, help: "One locale.") var locale: String?
    @Option(name: [.short, .long], help: "A file (one locale, or csv) or a folder (every locale).") var output: String?

    func run() async throws {
        let client = try remote.client()
        do {
            if locale != nil || !format.isPerLocale {
                let contents = try await client.export(format: format.rawValue, locale: locale)
                if let output { try contents.write(toFile: output, atomically: true, encoding: .utf8) } else { print(contents, terminator: "") }
                return
            }
            let folder = URL(fileURLWithPath: output ?? ".")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            var written: [String] = []
            for locale in try await client.coverage().locales.map(\.locale) {
                let contents = try await client.export(format: format.rawValue, locale: locale)
                let file = folder.appendingPathComponent("\(client.workspace).\(locale).\(format.fileExtension)")
                try contents.write(to: file, atomically: true, encoding: .utf8)
                written.append(file.path)
            }
            if remote.json { Output.json(written) } else { written.forEach { print($0) } }
        } catch {
            throw Status.report(error, json: remote.json)
        }
    }
}

extension InterchangeFormat: ExpressibleByArgument {}
extension MessageSyntax: ExpressibleByArgument {}

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Upload translators' files; each is imported whole or not at all.",
        discussion: """
            The format comes from --format or the file's extension (.xlf is read as XLIFF 2.0 or 1.2 by its version). \
            Every text is checked as a write is; any problem refuses the whole file and is printed as \
            FILE:LINE: SEVERITY: MESSAGE. A translator's texts wait for review.

            A text that is as the server has it (wording, and state where the format carries one) is unchanged:             nothing is written for it. With --dry-run each text that would be written is listed as `push --dry-run`             lists them: `+ KEY (LOCALE[, CHANNEL])` new, `~ …` updated.

            Exit status: 0 imported, 1 a file was refused, 2 texts changed meanwhile, 3 denied, 4 unreachable.

            Example: parley import fr.po --dry-run
            """)

    @OptionGroup var remote: RemoteOptions
    @Argument(help: "Files to import.") var files: [String]
    @Option(name: .long, help: "xliff2, xliff12, po, json or csv (default: from the extension).") var format: InterchangeFormat?
    @Option(name: .long, help: "The locale of flat JSON files (default: from the name, fr.json).") var locale: String?
    @Flag(name: .long, help: "Check only; import nothing.") var dryRun = false

    func run() async throws {
        let client = try remote.client()
        var status: ExitCode?
        var summaries: [Components.Schemas.ImportSummary] = []
        for path in files {
            let name = URL(fileURLWithPath: path).lastPathComponent
            do {
                let contents = try Data(contentsOf: URL(fileURLWithPath: path))
                let summary = try await client.importFile(name: name, contents: contents, format: format?.rawValue, locale: locale, dryRun: dryRun)
                summaries.append(summary)
                if !remote.json {
                    if dryRun { (summary.changes ?? []).forEach { print($0.line) } }
                    print("\(path): \(summary.texts) texts, \(summary.created) created, \(summary.updated) updated, \(summary.unchanged) unchanged\(dryRun ? " (dry run)" : "")")
                }
            } catch RequestFailure.refused(let code, let failure) where failure.diagnostics != nil {
                (failure.diagnostics ?? []).forEach { print($0.replacingOccurrences(of: name + ":", with: path + ":")) }
                FileHandle.standardError.write(Data("\(path): refused; nothing was imported\n".utf8))
                status = status ?? Status.exitCode(forHTTP: code)
            } catch let error as CocoaError where error.code == .fileReadNoSuchFile || error.code == .fileReadNoPermission {
                FileHandle.standardError.write(Data("error: cannot read \(path)\n".utf8))
                status = status ?? Status.problems
            } catch {
                status = status ?? Status.report(error, json: remote.json)
            }
        }
        if remote.json { Output.json(summaries) }
        if let status { throw status }
    }
}
