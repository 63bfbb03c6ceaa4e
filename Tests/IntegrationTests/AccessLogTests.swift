import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import Server
import Synchronization
import Testing

/// Every request is traceable: an `X-Request-Id` on every answer and in every error body, and one
/// access log line naming it, without the key or the body.
@Suite("Request ids and the access log", .needsDatabase)
struct AccessLogTests {
    static let requestID = HTTPField.Name("X-Request-Id")!

    @Test("a valid X-Request-Id is echoed, an unusable one replaced, a missing one made; error bodies carry it")
    func requestIDs() async throws {
        try await TestServer.run { server, client in
            let ok = try await client.raw(.get, "/healthz", key: nil, bytes: nil, headers: [Self.requestID: "trace-42.abc"])
            #expect(ok.headers[Self.requestID] == "trace-42.abc")

            let missing = try await client.json(.get, "/v1/workspaces/\(server.workspace)/templates/nope", key: server.adminKey,
                                                headers: [Self.requestID: "client-7"])
            #expect(missing.status == .notFound)
            #expect(missing.headers[Self.requestID] == "client-7")
            #expect((missing.json["error"] as? [String: Any])?["requestId"] as? String == "client-7")

            for unusable in ["has space", String(repeating: "a", count: 129), "tab\there", "é"] {
                let answer = try await client.raw(.get, "/v1/workspaces", key: nil, bytes: nil, headers: [Self.requestID: unusable])
                #expect(answer.status == .unauthorized)
                let id = try #require(answer.headers[Self.requestID])
                #expect(id != unusable && Self.isGenerated(id), "\(unusable)")
                #expect((answer.json["error"] as? [String: Any])?["requestId"] as? String == id)
            }
            let first = try await client.raw(.get, "/healthz", key: nil, bytes: nil).headers[Self.requestID]
            let second = try await client.raw(.get, "/healthz", key: nil, bytes: nil).headers[Self.requestID]
            #expect(first.map(Self.isGenerated) == true && second.map(Self.isGenerated) == true && first != second)
        }
    }

    @Test("one access log line per request: method, route, status, duration, key id, request id; never the key or the body")
    func accessLog() async throws {
        let captured = CapturedLog()
        let logger = Logger(label: "parley.test.access") { _ in captured.handler() }
        try await TestServer.run(logger: logger) { server, client in
            let render = try await server.server.keys.create(name: "access log", role: .render)
            let uri = "/v1/workspaces/\(server.workspace)/render"
            let secretArgument = "private-customer-text-\(UInt32.random(in: 0...UInt32.max))"
            let answer = try await client.json(.post, uri, key: render.secret, body: ["key": "greeting", "args": ["name": secretArgument]],
                                               headers: [Self.requestID: "render-1"])
            #expect(answer.status == .ok)
            let refused = try await client.json(.post, uri, key: "pk_wrong_key", body: ["key": "greeting"], headers: [Self.requestID: "render-2"])
            #expect(refused.status == .unauthorized)

            let lines = captured.records.filter { $0.message == "request" }
            let served = try #require(lines.first { $0.metadata["request_id"] == "render-1" })
            #expect(served.level == .info)
            #expect(served.metadata["method"] == "POST")
            #expect(served.metadata["route"] == "/v1/workspaces/{workspace}/render")
            #expect(served.metadata["status"] == "200")
            #expect(served.metadata["key_id"] == String(render.key.id))
            #expect(Double(served.metadata["duration_ms"] ?? "") != nil)
            let denied = try #require(lines.first { $0.metadata["request_id"] == "render-2" })
            #expect(denied.metadata["status"] == "401")
            #expect(denied.metadata["key_id"] == nil)
            #expect(lines.filter { $0.metadata["request_id"] == "render-1" }.count == 1)

            let everything = captured.records.map { "\($0.message) \($0.metadata)" }.joined(separator: "\n")
            #expect(!everything.contains(render.secret) && !everything.contains("pk_wrong_key"))
            #expect(!everything.contains(secretArgument))
        }
    }

    static func isGenerated(_ id: String) -> Bool {
        id.count == 32 && id.allSatisfy(\.isHexDigit)
    }
}

/// What a service logged, for tests that read its log.
final class CapturedLog: Sendable {
    struct Record: Sendable {
        var level: Logger.Level
        var message: String
        /// The logger's and the call's metadata, as text.
        var metadata: [String: String]
    }

    private let stored = Mutex<[Record]>([])

    var records: [Record] { stored.withLock { $0 } }

    func append(_ record: Record) { stored.withLock { $0.append(record) } }

    /// A handler for `Logger(label:factory:)` that keeps info and above here.
    func handler() -> some LogHandler { Handler(log: self) }

    private struct Handler: LogHandler {
        let log: CapturedLog
        var logLevel: Logger.Level = .info
        var metadata: Logger.Metadata = [:]

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { $1 }
            log.append(Record(level: event.level, message: event.message.description, metadata: merged.mapValues(\.description)))
        }
    }
}
