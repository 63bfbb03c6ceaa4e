import ArgumentParser
import RenderCorpus

struct RenderCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render every message of a JSON-lines corpus.",
        discussion: """
            Each input line is {"id","locale","message","args"}; each output line, in the same order, is \
            {"id":…,"output":…} or {"id":…,"error":…}. Strings of the form YYYY-MM-DDTHH:MM:SSZ are dates; \
            dates are shown in UTC. A line may add "syntax":"mf2" (Unicode MessageFormat 2; MessageFormat 1 \
            when absent) and, for MessageFormat 2, "bidiIsolation":"default" or "none" (the default). \
            A MessageFormat 2 message with errors at render time prints its fallback output.

            Example: parley render --corpus corpus.jsonl
            """
    )

    @Option(name: .long, help: "A JSON-lines corpus file.")
    var corpus: String

    func run() throws {
        let lines = try CorpusLine.read(contentsOf: corpus)
        var out = ""
        for line in lines {
            out += CorpusRenderer.render(line)
            out += "\n"
        }
        print(out, terminator: "")
    }
}
