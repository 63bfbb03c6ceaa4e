import ArgumentParser

@main
struct Parley: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parley",
        abstract: "Multilingual reply templates: serve them, translate them, render them.",
        discussion: """
            Translators work on files and push them back:
              parley pull                    Locales/support/*.yaml, as on the server
              parley catalog lint Locales/   check them offline, as the server will
              parley push --dry-run          see what would change; then parley push
              parley status                  coverage per locale, outdated texts
              parley export --format po --locale fr -o fr.po   /   parley import fr.po

            The remote commands find the server and key in --server/--key, then PARLEY_URL/PARLEY_API_KEY/\
            PARLEY_WORKSPACE, then .parley.yaml or ~/.config/parley/config.yaml (server:, key:, workspace:). \
            They print JSON with --json.

            Exit status: 0 done; 1 problems in the input or the setup (lint errors, a refused file or text, a missing file); 2 refused \
            because someone changed the texts since you read them (or a pull stopped at conflicts); 3 denied (key, permission, not found); \
            4 the server could not be reached or failed; 64 a usage error (bad flags or arguments).

            Example: parley pull -w support && parley catalog lint Locales/support && parley push --dry-run
            """,
        subcommands: [
            ServeCommand.self, MigrateCommand.self, KeysCommand.self,
            CatalogCommand.self, PullCommand.self, PushCommand.self, StatusCommand.self, MissingCommand.self,
            ExportCommand.self, ImportCommand.self, ReviewCommand.self, HistoryCommand.self, RollbackCommand.self,
            SearchCommand.self, SuggestCommand.self, UsageCommand.self,
            DetectCommand.self, RenderCommand.self, LintCommand.self, BenchCommand.self, HealthCommand.self,
        ]
    )

    /// ArgumentParser's entry point, with one more kind of error: a `CommandFailure` prints its
    /// line and exits with its status, without the usage that ArgumentParser adds to errors.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let failure as CommandFailure {
            failure.exit()
        } catch {
            exit(withError: error)
        }
    }
}
