import ArgumentParser
import Foundation
import ParleyClient

/// `parley health`: the container's health check, run with the binary the image already has.
struct HealthCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "health",
        abstract: "Check that a Parley server answers as ready (exit 0) or not (exit 1).",
        discussion: """
            Asks the URL (by default this machine's /readyz on PARLEY_PORT, 8080 when unset) and exits 0 on a 200, 1 on \
            anything else, a timeout or no answer. Docker's HEALTHCHECK runs it inside the image, which has no curl.

            Example: parley health --url http://127.0.0.1:8080/healthz --timeout 2
            """
    )

    @Option(help: "The URL to ask.")
    var url: String?

    @Option(help: "Seconds to wait for the answer.")
    var timeout: Double = 3

    func run() async throws {
        let port = ProcessInfo.processInfo.environment["PARLEY_PORT"] ?? "8080"
        guard let target = URL(string: url ?? "http://127.0.0.1:\(port)/readyz"), target.scheme != nil else {
            throw ValidationError("'\(url ?? "")' is not a URL")
        }
        do {
            let status = try await HealthProbe.status(of: target, timeout: .milliseconds(Int(timeout * 1000)))
            print("\(target.absoluteString): \(status)")
            if status != 200 { throw ExitCode.failure }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            print("\(target.absoluteString): no answer (\(error))")
            throw ExitCode.failure
        }
    }
}
