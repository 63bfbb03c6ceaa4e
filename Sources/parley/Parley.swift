import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Multilingual reply templates: render, lint and benchmark ICU MessageFormat messages.",
        subcommands: [RenderCommand.self, LintCommand.self, BenchCommand.self]
    )
}
