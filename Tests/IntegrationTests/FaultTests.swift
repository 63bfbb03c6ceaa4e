import AsyncHTTPClient
import Catalog
import Foundation
import Hummingbird
import HummingbirdTesting
import ICU
import NIOCore
import Server
import Store
import Synchronization
import Testing

/// A PostgreSQL server of the test's own (so stopping it disturbs no other test), started and
/// faulted with `scripts/test-database`.
struct OwnPostgres: Sendable {
    let folder: String
    let configuration: DatabaseConfiguration

    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("scripts/test-database").path

    /// Runs the script with `arguments`; its standard output.
    @discardableResult
    static func run(_ arguments: [String]) async throws -> String {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("pg-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: output) }
        let process = try ChildProcess("/bin/bash", [script] + arguments, directory: "/", environment: ProcessInfo.processInfo.environment,
                                       output: output, error: output)
        let status = try await process.wait(timeout: .seconds(90))
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        guard status == 0 else { throw ChildProcess.Failure(description: "test-database \(arguments): \(status)\n\(text)") }
        return text
    }

    static func start() async throws -> OwnPostgres {
        let exports = try await run(["start"])
        func value(_ name: String) -> String? {
            exports.split(separator: "\n").first { $0.hasPrefix("export \(name)=") }
                .map { String($0.dropFirst("export \(name)=".count)).trimmingCharacters(in: CharacterSet(charactersIn: "'")) }
        }
        guard let folder = value("PARLEY_TEST_PG"), let url = value("DATABASE_URL"), let configuration = DatabaseConfiguration(url: url) else {
            throw ChildProcess.Failure(description: "test-database start printed \(exports)")
        }
        return OwnPostgres(folder: folder, configuration: configuration)
    }

    func pause() async throws { try await Self.run(["pause", folder]) }
    func resume() async throws { try await Self.run(["resume", folder]) }
    func halt() async throws { try await Self.run(["halt", folder]) }
    func boot() async throws { try await Self.run(["boot", folder]) }
    func stop() async { _ = try? await Self.run(["stop", folder]) }
}

/// Tells the load's loops to end.
final class StopFlag: Sendable {
    private let flag = Mutex(false)
    var isSet: Bool { flag.withLock { $0 } }
    func set() { flag.withLock { $0 = true } }
}

/// What the load saw: every answer with its status and how long it took.
final class Observations: Sendable {
    struct Answer: Sendable {
        var status: Int
        var seconds: Double
        var at: ContinuousClock.Instant
    }

    private let answers = Mutex<[String: [Answer]]>([:])
    /// Messages of writes that answered 200, and of writes that answered anything else or timed out.
    private let writes = Mutex<(acknowledged: Set<String>, failed: Set<String>)>(([], []))

    func record(_ kind: String, status: Int, since start: ContinuousClock.Instant) {
        let now = ContinuousClock.now
        let seconds = Double(start.duration(to: now).components.attoseconds) / 1e18 + Double(start.duration(to: now).components.seconds)
        answers.withLock { $0[kind, default: []].append(Answer(status: status, seconds: seconds, at: now)) }
    }

    func wrote(_ message: String, acknowledged: Bool) {
        writes.withLock { writes in
            _ = acknowledged ? writes.acknowledged.insert(message) : writes.failed.insert(message)
        }
    }

    /// Answers no outage explains, with their bodies, for the failure message.
    private let odd = Mutex<[String]>([])
    func unexpected(_ status: Int, _ body: String) { odd.withLock { $0.append("\(status): \(body)") } }
    var unexpectedAnswers: [String] { odd.withLock { $0 } }

    subscript(kind: String) -> [Answer] { answers.withLock { $0[kind] ?? [] } }
    var acknowledged: Set<String> { writes.withLock { $0.acknowledged } }
    var failed: Set<String> { writes.withLock { $0.failed } }
}

/// PostgreSQL frozen (SIGSTOP), then shut down fast, under a bounded load of renders, writes and
/// readiness probes: renders go on from memory, writes and `/readyz` answer 503 within their
/// deadlines, no write whose client saw a failure is ever committed, and every acknowledged one is.
@Suite("Faults: the database stops and goes away under load", .needsDatabase, .serialized)
struct FaultTests {
    static let timeouts = RequestTimeouts(request: .seconds(2), bulk: .seconds(4), readiness: .milliseconds(800), keyMemory: .seconds(1))

    @Test("renders 200 throughout, writes 503 within the deadline, readiness 503 within a second, no late or lost write")
    func outage() async throws {
        try await Self.withOwnPostgres(Self.outage)
    }

    /// `body` with a PostgreSQL of its own, stopped afterwards whatever happens.
    static func withOwnPostgres(_ body: (OwnPostgres) async throws -> Void) async throws {
        let postgres = try await OwnPostgres.start()
        do {
            try await body(postgres)
        } catch {
            await postgres.stop()
            throw error
        }
        await postgres.stop()
    }

    /// A server over a real socket, on `postgres`, with the test workspace `workspace` and an admin key.
    struct Live: Sendable {
        let server: ParleyServer
        /// `http://127.0.0.1:PORT`, and the workspace's API under it.
        let root: String
        let base: String
        let adminKey: String
        let http: HTTPClient

        func send(_ method: String, _ url: String, key: String? = nil, body: String? = nil,
                  headers: [(String, String)] = []) async -> (status: Int, body: String) {
            var request = HTTPClientRequest(url: url)
            request.method = .init(rawValue: method)
            request.headers.add(name: "Authorization", value: "Bearer \(key ?? adminKey)")
            request.headers.add(name: "Content-Type", value: "application/json")
            for (name, value) in headers { request.headers.add(name: name, value: value) }
            if let body { request.body = .bytes(ByteBuffer(string: body)) }
            do {
                let response = try await http.execute(request, timeout: .seconds(20))
                let bytes = try await response.body.collect(upTo: 1 << 20)
                return (Int(response.status.code), String(buffer: bytes))
            } catch {
                return (0, "\(error)")
            }
        }
    }

    static func serve(_ postgres: OwnPostgres, workspace: String, usage: UsageSettings = .init(),
                      _ body: @escaping @Sendable (Live) async throws -> Void) async throws {
        let database = Database(postgres.configuration, logger: TestDatabase.logger)
        let server = ParleyServer(database: database, logger: TestDatabase.logger, timeouts: timeouts, limits: .unlimited, usage: usage)
        let adminKey = KeyStore.newSecret()
        let app = server.application(configuration: .init(address: .hostname("127.0.0.1", port: 0))) {
            try await server.migrator.migrate(database)
            _ = try await server.store.importBundle(try TestServer.bundle(workspace), author: "seed")
            try await server.keys.ensureAdmin(secret: adminKey, name: "test admin")
        }
        try await app.test(.live) { client in
            let port = try #require(client.port)
            // The feed's catch-up on connecting is over before the server remembers anything.
            try await Eventually.within(.seconds(10)) { server.followsChanges }
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let root = "http://127.0.0.1:\(port)"
            try await body(Live(server: server, root: root, base: "\(root)/v1/workspaces/\(workspace)", adminKey: adminKey, http: http))
            try await http.shutdown()
        }
    }

    static func outage(_ postgres: OwnPostgres) async throws {
        try await serve(postgres, workspace: "faults") { live in
            let (server, base, workspace) = (live.server, live.base, "faults")
            let seen = Observations()
            let renderKey = try await server.keys.create(name: "bot", role: .render).secret
            let revokedKey = try await server.keys.create(name: "old bot", role: .render).secret

            @Sendable func send(_ method: String, _ url: String, key: String, body: String? = nil,
                                headers: [(String, String)] = []) async -> (status: Int, body: String) {
                await live.send(method, url, key: key, body: body, headers: headers)
            }
            @Sendable func render(_ key: String) async -> Int {
                await send("POST", "\(base)/render", key: key, body: #"{"key": "greeting", "locale": "ja", "args": {"name": "Ana"}}"#).status
            }

            // Both keys are checked once while the database is up; then one is revoked.
            #expect(await render(renderKey) == 200)
            #expect(await render(revokedKey) == 200)
            let revokedID = try #require(try await server.keys.list().first { $0.name == "old bot" }?.id)
            try await server.keys.revoke(id: revokedID)
            try await Task.sleep(for: .milliseconds(300))  // the revocation's notification reaches the replica

            let stop = StopFlag()
            let load = Task {
                await withTaskGroup(of: Void.self) { group in
                    for _ in 0..<2 {
                        group.addTask {
                            while !stop.isSet {
                                let start = ContinuousClock.now
                                seen.record("render", status: await render(renderKey), since: start)
                                let revoked = ContinuousClock.now
                                seen.record("revoked", status: await render(revokedKey), since: revoked)
                                try? await Task.sleep(for: .milliseconds(20))
                            }
                        }
                    }
                    for locale in ["es", "pt-PT"] {
                        group.addTask {
                            let url = "\(base)/templates/greeting/translations/\(locale)"
                            var version: Int?
                            var count = 0
                            while !stop.isSet {
                                if version == nil {
                                    let (status, body) = await send("GET", url, key: live.adminKey)
                                    if status == 200, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any] {
                                        version = object["version"] as? Int
                                    } else {
                                        try? await Task.sleep(for: .milliseconds(200))
                                        continue
                                    }
                                }
                                count += 1
                                let message = "{name} \(locale) \(count)"
                                let start = ContinuousClock.now
                                let (status, body) = await send("PUT", url, key: live.adminKey, body: #"{"message": "\#(message)"}"#,
                                                                 headers: [("If-Match", "\"\(version!)\"")])
                                seen.record("write", status: status, since: start)
                                seen.wrote(message, acknowledged: status == 200)
                                if status != 200 && status != 503 { seen.unexpected(status, body) }
                                if status == 200, let object = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any],
                                   let translation = object["translation"] as? [String: Any] {
                                    version = translation["version"] as? Int
                                } else {
                                    version = nil
                                }
                                try? await Task.sleep(for: .milliseconds(50))
                            }
                        }
                    }
                    group.addTask { () async -> Void in
                        while !stop.isSet {
                            let start = ContinuousClock.now
                            var request = HTTPClientRequest(url: "\(live.root)/readyz")
                            request.method = .GET
                            let response = try? await live.http.execute(request, timeout: .seconds(20))
                            let status = response.map { Int($0.status.code) } ?? 0
                            seen.record("ready", status: status, since: start)
                            try? await Task.sleep(for: .milliseconds(100))
                        }
                    }
                }
            }

            try await Task.sleep(for: .seconds(1))
            // Frozen: every PostgreSQL process stopped, as on a hung machine.
            let frozen = ContinuousClock.now
            try await postgres.pause()
            // A template no render had used: its texts' sources are in the frozen database, so its
            // render answers 503 within the request's deadline, while the others go on from memory.
            let cold = ContinuousClock.now
            let coldRender = await send("POST", "\(base)/render", key: renderKey, body: #"{"key": "files", "locale": "ru", "args": {"n": 3}}"#)
            let coldTook = ContinuousClock.now - cold
            try await Task.sleep(for: .seconds(6) - coldTook)
            try await postgres.resume()
            let thawed = ContinuousClock.now
            try await Task.sleep(for: .seconds(3))
            // Gone: a fast shutdown, then a start.
            let down = ContinuousClock.now
            try await postgres.halt()
            try await Task.sleep(for: .seconds(5))
            try await postgres.boot()
            let back = ContinuousClock.now
            try await Task.sleep(for: .seconds(6))
            stop.set()
            await load.value

            #expect(coldRender.status == 503, "\(coldRender.body)")
            #expect(coldTook < Self.timeouts.request + .seconds(1), "\(coldTook)")
            let after = await send("POST", "\(base)/render", key: renderKey, body: #"{"key": "files", "locale": "ru", "args": {"n": 3}}"#)
            #expect(after.status == 200 && after.body.contains("3 файла"), "\(after.body)")

            // Renders, for the key used before the outage: every one answered, from memory.
            let renders = seen["render"]
            #expect(renders.count > 50)
            #expect(renders.allSatisfy { $0.status == 200 }, "render statuses: \(Set(renders.map(\.status)))")
            // The key revoked before the outage stays refused throughout.
            #expect(!seen["revoked"].contains { $0.status == 200 })
            // Writes: each answered 200 or 503, within the deadline (the slowest, not the median).
            let writes = seen["write"]
            #expect(Set(writes.map(\.status)).isSubset(of: [200, 503]), "unexpected write answers: \(seen.unexpectedAnswers)")
            #expect(writes.contains { $0.status == 503 && $0.at > frozen && $0.at < thawed }, "writes during the freeze answered 503")
            let slowest = writes.map(\.seconds).max() ?? 0
            #expect(slowest <= 2 + 1.5, "slowest write answer: \(slowest) s for a 2 s deadline")
            // Readiness: 503 within a second while the database is away.
            let ready = seen["ready"]
            #expect(ready.contains { $0.status == 503 && $0.at > frozen && $0.at < thawed })
            #expect(ready.contains { $0.status == 503 && $0.at > down && $0.at < back })
            let slowestReady = ready.map(\.seconds).max() ?? 0
            #expect(slowestReady <= 1.5, "slowest /readyz: \(slowestReady) s")
            // After each return, writes succeed again within 5 s.
            #expect(writes.contains { $0.status == 200 && $0.at > thawed && $0.at < thawed + .seconds(5) })
            #expect(writes.contains { $0.status == 200 && $0.at > back && $0.at < back + .seconds(5) })

            // Nothing late, nothing lost: the texts' histories hold every acknowledged write and no failed one.
            var stored = Set<String>()
            for locale in ["es", "pt-PT"] {
                let template = try await server.store.template(in: try await server.store.workspace(named: workspace), key: "greeting")
                let revisions = try await server.store.revisions(of: template, in: try await server.store.workspace(named: workspace),
                                                                 locale: try LocaleID(locale), channel: .default)
                stored.formUnion(revisions.map(\.message))
            }
            #expect(seen.acknowledged.isSubset(of: stored), "acknowledged writes missing: \(seen.acknowledged.subtracting(stored))")
            #expect(seen.failed.isDisjoint(with: stored), "writes committed after their client was told they failed: \(seen.failed.intersection(stored))")
            #expect(seen.acknowledged.count > 10 && !seen.failed.isEmpty)
        }
    }

    @Test("usage counts through a frozen database: reports answer 503 in time, and afterwards every render is counted once")
    func usageThroughAnOutage() async throws {
        try await Self.withOwnPostgres(Self.usageThroughAnOutage)
    }

    static func usageThroughAnOutage(_ postgres: OwnPostgres) async throws {
        var usage = UsageSettings()
        usage.flushInterval = .milliseconds(500)
        usage.flushTimeout = .seconds(1)
        try await serve(postgres, workspace: "usage-faults", usage: usage) { live in
            let base = live.base
            func send(_ method: String, _ url: String, body: String? = nil) async -> (status: Int, body: String) {
                await live.send(method, url, body: body)
            }
            func render(_ count: Int) async {
                for _ in 0..<count {
                    let status = await send("POST", "\(base)/render", body: #"{"key": "greeting", "locale": "ja", "args": {"name": "Ana"}}"#).status
                    #expect(status == 200)
                }
            }
            func counted() async throws -> Int {
                let answer = await send("GET", "\(base)/usage?by=template")
                #expect(answer.status == 200, "\(answer.body)")
                let json = try JSONSerialization.jsonObject(with: Data(answer.body.utf8)) as? [String: Any]
                return (json?["total"] as? [String: Any])?["renders"] as? Int ?? -1
            }

            await render(30)
            #expect(try await counted() == 30)
            await render(20)
            // Frozen while counts wait to be written, and while a report asks for them.
            try await postgres.pause()
            await render(15)  // from memory
            let start = ContinuousClock.now
            let report = await send("GET", "\(base)/usage?by=template")
            #expect(report.status == 503, "\(report.body)")
            #expect(ContinuousClock.now - start < .seconds(4))
            try await Task.sleep(for: .seconds(2))  // background flushes give up too, their counts kept
            try await postgres.resume()
            await render(5)
            // A flush cut off mid-way may have committed when the database came back; written
            // again under its id, it adds nothing twice.
            #expect(try await counted() == 70)
            try await Task.sleep(for: .seconds(1))
            #expect(try await counted() == 70)
        }
    }
}
