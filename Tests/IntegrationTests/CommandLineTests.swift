import Foundation
import ParleyAPI
import ParleyClient
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The `parley` binary as a tool, without a server or a database: how it fails, and its help.
@Suite("parley as a command-line tool", .serialized)
struct CommandLineTests {
    static var binaryBuilt: Bool { TranslatorWorkflowTests.binaryBuilt }

    static func parley(_ arguments: [String], environment: [String: String] = [:]) async throws -> (status: Int32, out: String, err: String) {
        let folder = try TranslatorWorkflowTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await TranslatorWorkflowTests.parley(arguments, in: folder, environment: environment)
    }

    /// A TCP port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        try withUnsafeMutablePointer(to: &address) { pointer in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                guard bind(fd, $0, length) == 0, getsockname(fd, $0, &length) == 0 else { throw CocoaError(.featureUnsupported) }
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test("a server that is not there fails within seconds, in one readable line, with status 4",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func unreachable() async throws {
        let port = try Self.closedPort()
        // Starting the debug binary takes seconds when other suites load the machine: time a start
        // that does nothing, and count only what the attempt to connect adds to it.
        let clock = ContinuousClock()
        let startup = try await clock.measure { _ = try await Self.parley(["status", "--help"]) }
        var outcome: (status: Int32, out: String, err: String)?
        let elapsed = try await clock.measure {
            outcome = try await Self.parley(["status", "--key", "k"], environment: ["PARLEY_URL": "http://127.0.0.1:\(port)"])
        }
        let result = try #require(outcome)
        #expect(result.status == 4, "\(result.err)")
        #expect(elapsed - startup < .seconds(5), "took \(elapsed), of which \(startup) to start")
        #expect(result.err == "error: cannot reach http://127.0.0.1:\(port): connection refused\n", "\(result.err)")
    }

    @Test("failures that are not usage errors print one line and no usage; bad flags exit 64",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func failuresAreNotUsageErrors() async throws {
        let push = try await Self.parley(["push", "--key", "k", "--server", "http://127.0.0.1:9"])
        #expect(push.status == 1, "\(push.err)")
        #expect(push.err == "error: Locales/support/.parley-pull.json is missing: run `parley pull` first\n", "\(push.err)")

        let noKey = try await Self.parley(["status", "--server", "http://127.0.0.1:9"], environment: ["HOME": "/nonexistent"])
        #expect(noKey.status == 3, "\(noKey.err)")
        #expect(noKey.err.hasPrefix("error: no API key") && !noKey.err.contains("Usage:"), "\(noKey.err)")

        let lint = try await Self.parley(["catalog", "lint", "no-such-folder"])
        #expect(lint.status == 1 && lint.err == "error: no folder no-such-folder\n", "\(lint.err)")

        let resolve = try await Self.parley(["pull", "--resolve", "ours"])
        #expect(resolve.status == 0 && resolve.out.hasPrefix("No conflicts to resolve"), "\(resolve.out)\(resolve.err)")

        let badFlag = try await Self.parley(["push", "--no-such-flag"])
        #expect(badFlag.status == 64 && badFlag.err.contains("Usage:"), "\(badFlag.err)")
    }

    @Test("a translator key needs an explicit list of known locales, or `all`",
          .enabled(if: binaryBuilt, "needs the built parley binary"))
    func translatorKeyLocales() async throws {
        let database = ["DATABASE_URL": "postgres://nobody@127.0.0.1:1/none"]
        let missing = try await Self.parley(["keys", "create", "--name", "t", "--role", "translator"], environment: database)
        #expect(missing.status == 64 && missing.err.contains("a translator key needs the locales it may edit"), "\(missing.err)")
        let nonsense = try await Self.parley(["keys", "create", "--name", "t", "--role", "translator", "--locales", "fr,xx-nonsense"],
                                            environment: database)
        #expect(nonsense.status == 64 && nonsense.err.contains("'xx-nonsense' is not a known locale"), "\(nonsense.err)")
        let role = try await Self.parley(["keys", "create", "--name", "t", "--role", "boss", "--locales", "all"], environment: database)
        #expect(role.status == 64, "\(role.err)")
    }

    @Test("batch and import summaries read with and without the unchanged count and the list of changes")
    func summaries() throws {
        let old = try JSONDecoder().decode(Components.Schemas.ChangeSummary.self, from: Data(#"{"created":0,"updated":1,"dryRun":false,"written":[]}"#.utf8))
        #expect(old.unchanged == nil && old.changes == nil)
        let new = try JSONDecoder().decode(Components.Schemas.ChangeSummary.self, from: Data(#"""
            {"created":0,"updated":1,"unchanged":3,"dryRun":true,"written":[],
             "changes":[{"key":"greeting","locale":"fr","channel":"email","action":"updated","state":"needs_review","outdated":false}]}
            """#.utf8))
        #expect(new.unchanged == 3 && new.changes?.first?.channel == "email")
    }

    /// Every command and subcommand, from the SUBCOMMANDS lists of the help pages.
    static func commands(_ path: [String] = []) async throws -> [[String]] {
        let help = try await parley(path + ["--help"]).out
        guard let list = help.components(separatedBy: "SUBCOMMANDS:\n").dropFirst().first else { return [path] }
        var found = [path]
        for line in list.split(separator: "\n", omittingEmptySubsequences: false) {
            guard !line.isEmpty else { break }
            // A command's line is indented by two; a wrapped abstract continues further in.
            guard !line.hasPrefix("   "), let name = line.split(separator: " ").first, name != "help" else { continue }
            found += try await commands(path + [String(name)])
        }
        return found
    }

    @Test("the help of every command and subcommand has an example", .enabled(if: binaryBuilt, "needs the built parley binary"))
    func examples() async throws {
        let commands = try await Self.commands()
        #expect(commands.count > 20, "\(commands)")
        for command in commands {
            let help = try await Self.parley(command + ["--help"]).out
            let hasExample = help.split(separator: "\n").contains {
                let line = $0.trimmingCharacters(in: .whitespaces)
                return line.hasPrefix("Example:") || line.hasPrefix("Examples:")
            }
            #expect(hasExample, "parley \(command.joined(separator: " ")) --help has no example")
        }
    }

    @Test("every command that reports has --json; its output parses", .enabled(if: binaryBuilt, "needs the built parley binary"))
    func json() async throws {
        // A server, a probe answering by its exit status, measurements, and render's JSON lines.
        let without: Set<[String]> = [["serve"], ["health"], ["render"], ["bench", "render"], ["bench", "detect"],
                                      ["bench", "suggest"], ["bench", "usage"], ["bench", "http-baseline"], ["bench", "http-contract"]]
        for command in try await Self.commands() where !command.isEmpty && !without.contains(command) {
            let help = try await Self.parley(command + ["--help"]).out
            guard !help.contains("SUBCOMMANDS:") else { continue }
            #expect(help.contains("--json"), "parley \(command.joined(separator: " ")) has no --json")
        }
        let lint = try await Self.parley(["lint", "--locale", "ru", "{n, plural, one {# файл} other {# файлов}}", "--json"])
        #expect(lint.status == 1)
        let problems = try #require(try JSONSerialization.jsonObject(with: Data(lint.out.utf8)) as? [[String: Any]])
        #expect(problems.first?["code"] as? String == "missing-plural-category" && problems.first?["line"] as? Int == 1)

        let detect = try await Self.parley(["detect", "--json", "mi cuenta fue hackeada", "fÃ¼r die RÃ¼ckerstattung meiner Bestellung"])
        let lines = detect.out.split(separator: "\n").map { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        #expect(lines.count == 2)
        #expect(lines.first??["language"] as? String == "es" && lines.first??["reason"] as? String == "model")
        #expect(lines.last??["repairedText"] as? String == "für die Rückerstattung meiner Bestellung")

        let catalog = try await Self.parley(["catalog", "lint", ServeBinaryTests.root.appendingPathComponent("Locales/support").path, "--json"])
        let found = try JSONSerialization.jsonObject(with: Data(catalog.out.utf8)) as? [Any]
        #expect(catalog.status == 0 && found?.isEmpty == true, "\(catalog.err)")
    }
}
