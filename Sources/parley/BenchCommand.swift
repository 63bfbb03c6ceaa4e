import ArgumentParser
import Foundation
import Logging
import RenderCorpus
import Server

struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure hot paths.",
        discussion: "Example: parley bench render --corpus ../shared/conformance/render.jsonl --seconds 3",
        subcommands: [RenderBench.self, DetectBench.self, SuggestBench.self, UsageBench.self, HTTPBaseline.self, HTTPContract.self]
    )
}

struct RenderBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "render",
        abstract: "Render a corpus in the same two loops as the ICU4C peer benchmark.",
        discussion: """
            First the whole corpus precompiled and rendered round after round (after 200 warm-up rounds), \
            then each message parsed, compiled and rendered. Prints compiled_renders_per_sec and \
            parse_and_render_per_sec. Build with -c release before measuring.

            Example: parley bench render --corpus corpus.jsonl --seconds 3
            """
    )

    @Option(name: .long, help: "A JSON-lines corpus file.")
    var corpus: String

    @Option(name: .long, help: "Seconds for each of the two loops.")
    var seconds: Double = 3

    @Flag(name: .long, help: "Also convert the corpus to MessageFormat 2 and run both forms, alternately, three times each.")
    var mf2Beside = false

    func run() throws {
        let lines = try CorpusLine.read(contentsOf: corpus)
        guard mf2Beside else {
            let result = CorpusBenchmark.run(lines, seconds: seconds)
            print("compiled_renders_per_sec: \(Int(result.compiledRendersPerSecond))")
            print("parse_and_render_per_sec: \(Int(result.parseAndRenderPerSecond))")
            return
        }
        let (mf1, mf2) = CorpusBenchmark.convertedToMF2(lines)
        print("lines: \(lines.count), converted: \(mf2.count)")
        var ratios: [Double] = []
        for round in 1...3 {
            let one = CorpusBenchmark.run(mf1, seconds: seconds)
            let two = CorpusBenchmark.run(mf2, seconds: seconds)
            let ratio = one.compiledRendersPerSecond / two.compiledRendersPerSecond
            ratios.append(ratio)
            print("round \(round): mf1 \(Int(one.compiledRendersPerSecond)) compiled/s, \(Int(one.parseAndRenderPerSecond)) parse+render/s; "
                  + "mf2 \(Int(two.compiledRendersPerSecond)) compiled/s, \(Int(two.parseAndRenderPerSecond)) parse+render/s; "
                  + "mf2 time / mf1 time \(String(format: "%.3f", ratio))")
        }
        print("median mf2 time / mf1 time (compiled renders): \(String(format: "%.3f", ratios.sorted()[1]))")
    }
}

/// Where a benchmark's yardstick server listens.
struct YardstickOptions: ParsableArguments {
    @Option(name: .long, help: "Port to listen on.")
    var port: Int = 8090

    @Option(name: .long, help: "Address to listen on.")
    var host: String = "127.0.0.1"

    /// A logger that reports only problems: the yardstick's own lines would cost it throughput.
    func logger(_ label: String) -> Logger {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        return logger
    }
}

struct HTTPBaseline: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-baseline",
        abstract: "Serve a constant string with a bare Hummingbird server: the yardstick for HTTP benchmarks.",
        discussion: "Example: parley bench http-baseline --port 8090"
    )

    @OptionGroup var listen: YardstickOptions

    func run() async throws {
        try await BaselineServer.run(host: listen.host, port: listen.port, logger: listen.logger("baseline"))
    }
}

struct HTTPContract: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "http-contract",
        abstract: "Answer the render operation through the generated OpenAPI layer and through Parley's own JSON path, side by side.",
        discussion: """
        The routes read the same request and give the same answer without rendering: the differences are the wire layers' costs.
        Example: parley bench http-contract --port 8091, then POST to /v1/workspaces/support/render, \
        /codable/v1/workspaces/support/render and /hand/v1/workspaces/support/render
        """
    )

    @OptionGroup var listen: YardstickOptions

    func run() async throws {
        try await ContractYardstick.run(host: listen.host, port: listen.port, logger: listen.logger("contract"))
    }
}
