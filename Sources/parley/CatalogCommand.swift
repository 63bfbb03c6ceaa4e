import ArgumentParser
import Catalog
import Foundation
import ICU
import Interchange
import MessageFormat

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work on catalog files offline.",
        discussion: "Example: parley catalog lint Locales/",
        subcommands: [Lint.self, Convert.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check catalog folders: the file format, and every text as the server would.",
            discussion: """
                PATH is a folder of workspaces (such as Locales/) or one workspace folder (holding workspace.yaml). \
                Each problem prints as FILE:LINE:COLUMN: SEVERITY: KEY (LOCALE[, CHANNEL]): MESSAGE [code], the line \
                and column in the file, then the text's line and a caret under the problem.

                Exit status: 0 with no error (1 with --warnings-as-errors and a warning), 1 with errors.

                Example: parley catalog lint Locales/support --warnings-as-errors
                """
        )

        @Argument(help: "Catalog folders.") var paths: [String] = ["Locales"]
        @Flag(name: .long, help: "Fail on warnings too.") var warningsAsErrors = false
        @OptionGroup var output: OutputOptions

        func run() throws {
            var errors = 0
            var warnings = 0
            var texts = 0
            var found: [ProblemOutput] = []
            for path in paths {
                let folder = URL(fileURLWithPath: path)
                guard FileManager.default.fileExists(atPath: folder.path) else {
                    throw CommandFailure("no folder \(path)", status: Status.problems)
                }
                let isWorkspace = FileManager.default.fileExists(atPath: folder.appendingPathComponent("workspace.yaml").path)
                do {
                    let bundles = isWorkspace ? try SeedCatalog.read(folder.deletingLastPathComponent(), only: folder.lastPathComponent)
                                              : try SeedCatalog.read(folder)
                    for bundle in bundles {
                        texts += bundle.texts.count
                        for diagnostic in bundle.diagnostics() {
                            if output.json { found.append(ProblemOutput(diagnostic)) } else { print(diagnostic.rendered) }
                            if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
                        }
                    }
                } catch let problems as FileProblems {
                    for problem in problems.problems {
                        if output.json { found.append(ProblemOutput(problem)) } else { print(problem.description) }
                        if problem.severity == .error { errors += 1 } else { warnings += 1 }
                    }
                }
            }
            if output.json { Output.json(found) }
            FileHandle.standardError.write(Data("\(texts) texts: \(errors) error(s), \(warnings) warning(s)\n".utf8))
            if errors > 0 || (warningsAsErrors && warnings > 0) { throw ExitCode.failure }
        }
    }

    struct Convert: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Convert between the Locales folder and translators' formats, offline.",
            discussion: """
                From a workspace folder (holding workspace.yaml) to xliff2, xliff12, po, json or csv: one file per \
                locale (csv: one file) in the --output folder, named WORKSPACE.LOCALE.EXT.

                From translators' files back: give the files and --catalog, the workspace folder that has the \
                templates; their texts replace the catalog's, and the result is written in the --to format \
                (`locales` writes a workspace folder). Nothing is written if any text has a problem: each is \
                printed as FILE:LINE: SEVERITY: MESSAGE.

                --syntax mf2 converts every MessageFormat 1 text to MessageFormat 2 (the same text for the same \
                arguments); a text that cannot be converted is printed with the reason, and nothing is written.

                Examples:
                  parley catalog convert Locales/support --to po --output po/
                  parley catalog convert Locales/support --to locales --syntax mf2 --output mf2/support
                  parley catalog convert po/support.fr.po --catalog Locales/support --to locales --output Locales/support
                """)

        enum Target: String, ExpressibleByArgument, CaseIterable {
            case xliff2, xliff12, po, json, csv, locales
        }

        @Argument(help: "A workspace folder, or translators' files.") var inputs: [String]
        @Option(name: .long, help: "xliff2, xliff12, po, json, csv or locales.") var to: Target
        @Option(name: .long, help: "The format of the input files (default: from their extension).") var from: InterchangeFormat?
        @Option(name: .long, help: "The workspace folder the files' texts belong to.") var catalog: String?
        @Option(name: .long, help: "Only these locales (comma-separated), for per-locale formats.") var locales: String?
        @Option(name: .long, help: "The locale of input files that name none (flat JSON, files from xliff2po or po2xliff).") var locale: String?
        @Option(name: [.short, .long], help: "The folder to write into.") var output = "."
        @Option(name: .long, help: "mf2: convert the texts to MessageFormat 2.") var syntax: MessageSyntax?
        @OptionGroup var format: OutputOptions

        /// What `--json` prints: the files written, or the problems that stopped it.
        struct Written: Encodable { var written: [String] }

        func run() throws {
            var bundle: CatalogBundle
            do {
                if inputs.count == 1, FileManager.default.fileExists(atPath: inputs[0] + "/workspace.yaml") {
                    bundle = try Self.workspace(inputs[0])
                } else {
                    guard let catalog else { throw ValidationError("name the workspace folder the files belong to (--catalog Locales/support)") }
                    bundle = try Self.workspace(catalog)
                    var texts: [TextSpec] = []
                    var problems: [FileProblem] = []
                    let locale = try locale.map { tag in
                        guard let locale = try? LocaleID(tag) else { throw ValidationError("'\(tag)' is not a valid locale tag") }
                        return locale
                    }
                    for path in inputs {
                        let file = InterchangeFile(name: path, contents: try String(contentsOfFile: path, encoding: .utf8))
                        do { texts += try Interchange.read(file, as: from, locale: locale, catalog: bundle) } catch { problems += error.problems }
                    }
                    guard problems.isEmpty else { throw FileProblems(problems: problems) }
                    bundle = try Interchange.apply(texts, to: bundle)
                }
                if syntax == .mf2 { bundle = try Self.convertedToMF2(bundle) }
            } catch let problems as FileProblems {
                if format.json { Output.json(problems.problems.map(ProblemOutput.init)) } else { problems.problems.forEach { print($0.description) } }
                FileHandle.standardError.write(Data("\(problems.problems.count) problem(s); nothing was written\n".utf8))
                throw ExitCode.failure
            }
            let chosen = try locales.map { try $0.split(separator: ",").map { try LocaleID(String($0)) } }
            let folder = URL(fileURLWithPath: output)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let files: [(name: String, contents: String)] = if let format = InterchangeFormat(rawValue: to.rawValue) {
                Interchange.export(bundle, as: format, locales: chosen).map { ($0.name, $0.contents) }
            } else {
                LocalesFormat.write(bundle)
            }
            var written: [String] = []
            for file in files {
                let url = folder.appendingPathComponent(file.name)
                try file.contents.write(to: url, atomically: true, encoding: .utf8)
                written.append(url.path)
            }
            if format.json { Output.json(Written(written: written)) } else { written.forEach { print($0) } }
        }

        /// The bundle with its MessageFormat 1 texts written as MessageFormat 2; every text that
        /// cannot be is a problem.
        static func convertedToMF2(_ bundle: CatalogBundle) throws(FileProblems) -> CatalogBundle {
            var converted = bundle
            var problems: [FileProblem] = []
            for index in converted.texts.indices where converted.texts[index].syntax == .mf1 {
                let text = converted.texts[index]
                do {
                    converted.texts[index].message = try MF2.Converter.convert(MessageParser.parse(text.message))
                    converted.texts[index].syntax = .mf2
                } catch {
                    let at = text.origin ?? FilePosition(file: "\(text.locale).yaml", line: 1)
                    problems.append(FileProblem(at, "\(text.key) (\(text.locale), \(text.channel.rawValue)): cannot be written as MessageFormat 2: \(error)"))
                }
            }
            guard problems.isEmpty else { throw FileProblems(problems: problems) }
            return converted
        }

        static func workspace(_ path: String) throws -> CatalogBundle {
            let folder = URL(fileURLWithPath: path).standardizedFileURL
            guard let bundle = try SeedCatalog.read(folder.deletingLastPathComponent(), only: folder.lastPathComponent).first else {
                throw CommandFailure("\(path) is not a workspace folder (no workspace.yaml)", status: Status.problems)
            }
            return bundle
        }
    }
}
