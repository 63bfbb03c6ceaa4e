import Foundation
import HummingbirdTesting
import Testing

/// `parley health`, the image's health check: 0 when the server is ready, 1 otherwise.
@Suite("parley health", .needsDatabase, .enabled(if: TranslatorWorkflowTests.binaryBuilt, "needs the built parley binary"))
struct HealthCommandTests {
    @Test("exits 0 when /readyz answers 200, 1 for another status or no server")
    func health() async throws {
        try await TestServer.run { _, client in
            let port = try #require(client.port)
            let base = "http://127.0.0.1:\(port)"
            try await Eventually.within(.seconds(5)) { try await client.raw(.get, "/readyz", key: nil, bytes: nil).status == .ok }
            let ready = try await CommandLineTests.parley(["health", "--url", "\(base)/readyz"])
            #expect(ready.status == 0, "\(ready.out)\(ready.err)")
            let refused = try await CommandLineTests.parley(["health", "--url", "\(base)/v1/workspaces"])
            #expect(refused.status == 1, "\(refused.out)")
            #expect(refused.out.contains("401"))
        }
        let gone = try await CommandLineTests.parley(["health", "--timeout", "2"], environment: ["PARLEY_PORT": String(try CommandLineTests.closedPort())])
        #expect(gone.status == 1)
        #expect(gone.out.contains("no answer"))
    }
}
