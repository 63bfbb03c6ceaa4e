import Foundation
import HummingbirdTesting
import NIOCore
import Testing

/// `parley serve` as a user runs it: no configuration, an empty data folder, its own PostgreSQL.
@Suite("parley serve with no configuration")
struct ServeBinaryTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let binary = root.appendingPathComponent(".build/debug/parley")
    static var initdbAvailable: Bool {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? []).contains {
            FileManager.default.isExecutableFile(atPath: "/usr/lib/postgresql/\($0)/bin/initdb")
        }
    }

    @Test("from an empty data folder: its own PostgreSQL, migrated, seeded, ready, rendering; stopped on shutdown",
          .enabled(if: FileManager.default.isExecutableFile(atPath: binary.path) && initdbAvailable,
                   "needs the built parley binary and PostgreSQL's server programs"))
    func zeroConfiguration() async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("parley-serve-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let port = Int.random(in: 20_000...60_000)
        let adminKey = "pk_test_" + String(UInt64.random(in: 0...UInt64.max), radix: 16)
        let log = data.appendingPathExtension("log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: log) }

        var environment = ProcessInfo.processInfo.environment
        environment["DATABASE_URL"] = nil
        environment["PARLEY_ADMIN_KEY"] = adminKey
        environment["PARLEY_LOG_FORMAT"] = "json"
        let process = try ChildProcess(Self.binary.path, ["serve", "--port", String(port), "--data", data.path],
                                       directory: Self.root.path,  // finds ./Locales, the seed catalog
                                       environment: environment, output: log.path, error: log.path)
        defer { if process.isRunning { kill(process.pid, SIGKILL) } }

        var ready = false
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline, process.isRunning {
            if let status = try? await request(port, "GET", "/readyz").status, status == .ok {
                ready = true
                break
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        #expect(ready, "not ready; log:\n\((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
        guard ready else { return }

        let rendered = try await request(port, "POST", "/v1/workspaces/support/render", key: adminKey,
                                         body: #"{"key":"general.greeting","locale":"es-MX","args":{"name":"Ana"}}"#)
        #expect(rendered.status == .ok)
        let json = try JSONSerialization.jsonObject(with: Data(rendered.body.utf8)) as? [String: Any]
        #expect(json?["locale"] as? String == "es-419")
        #expect((json?["text"] as? String)?.contains("Ana") == true)
        #expect(try await request(port, "POST", "/v1/workspaces/support/render", body: "{}").status == .unauthorized)

        process.terminate()  // SIGTERM: graceful shutdown
        #expect(try await process.wait(timeout: .seconds(30)) == 0)
        #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("postgres/postmaster.pid").path),
                "the embedded PostgreSQL still runs")
    }

    func request(_ port: Int, _ method: String, _ path: String, key: String? = nil, body: String? = nil) async throws -> (status: HTTPResponse.Status, body: String) {
        let client = TestClient(host: "127.0.0.1", port: port, configuration: .init(timeout: .seconds(10)))
        client.connect()
        defer { Task { try? await client.shutdown() } }
        var headers: HTTPFields = [.contentType: "application/json"]
        if let key { headers[.authorization] = "Bearer \(key)" }
        let response = try await client.execute(.init(path, method: .init(method)!, headers: headers, body: body.map { ByteBuffer(string: $0) }))
        return (response.status, response.body.map { String(buffer: $0) } ?? "")
    }
}

import HTTPTypes
