import Hummingbird
import Logging

/// The yardstick for HTTP benchmarks: a bare Hummingbird server answering a constant string,
/// on the same machine and framework as Parley, so a ratio between the two is meaningful.
public enum BaselineServer {
    public static func run(host: String, port: Int, logger: Logger) async throws {
        let router = Router()
        router.get("/") { _, _ in "Hello, world!" }
        router.post("/") { _, _ in "Hello, world!" }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "Baseline"), logger: logger)
        try await app.runService()
    }
}
