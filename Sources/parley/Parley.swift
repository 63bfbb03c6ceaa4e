import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Multilingual reply templates: render, lint and benchmark ICU MessageFormat messages.",
        subcommands: [ServeCommand.self, MigrateCommand.self, KeysCommand.self, CatalogCommand.self, RenderCommand.self, LintCommand.self, BenchCommand.self]
    )
}
