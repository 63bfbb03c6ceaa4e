import ArgumentParser
import Catalog
import Foundation

struct CatalogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Work on catalog files offline.",
        subcommands: [Lint.self]
    )

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check catalog folders: the file format, and every text as the server would.",
            discussion: """
                PATH is a folder of workspaces (such as Locales/) or one workspace folder (holding workspace.yaml). \
                Each problem prints as FILE:LINE:COLUMN: SEVERITY: MESSAGE [code], then the text's line and a caret \
                (the column counts in the text).

                Exit status: 0 with no error (1 with --warnings-as-errors and a warning), 1 with errors.
                """
        )

        @Argument(help: "Catalog folders.") var paths: [String] = ["Locales"]
        @Flag(name: .long, help: "Fail on warnings too.") var warningsAsErrors = false

        func run() throws {
            var errors = 0
            var warnings = 0
            var texts = 0
            for path in paths {
                let folder = URL(fileURLWithPath: path)
                let isWorkspace = FileManager.default.fileExists(atPath: folder.appendingPathComponent("workspace.yaml").path)
                do {
                    let bundles = isWorkspace ? try SeedCatalog.read(folder.deletingLastPathComponent(), only: folder.lastPathComponent)
                                              : try SeedCatalog.read(folder)
                    for bundle in bundles {
                        texts += bundle.texts.count
                        for diagnostic in bundle.diagnostics() {
                            print(diagnostic.rendered)
                            if diagnostic.severity == .error { errors += 1 } else { warnings += 1 }
                        }
                    }
                } catch let problems as FileProblems {
                    for problem in problems.problems {
                        print(problem.description)
                        if problem.severity == .error { errors += 1 } else { warnings += 1 }
                    }
                }
            }
            FileHandle.standardError.write(Data("\(texts) texts: \(errors) error(s), \(warnings) warning(s)\n".utf8))
            if errors > 0 || (warningsAsErrors && warnings > 0) { throw ExitCode.failure }
        }
    }
}
