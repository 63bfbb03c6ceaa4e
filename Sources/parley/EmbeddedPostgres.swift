import Foundation
import Logging
import Store
import Synchronization

/// The zero-configuration database: a PostgreSQL server that Parley creates in its data folder
/// (`initdb` on first use), starts listening on a Unix socket only, and stops on shutdown.
///
/// PostgreSQL refuses to run as root; when Parley runs as root, the server runs as the
/// `postgres` user (created by Debian's package), which owns the server's folder.
final class EmbeddedPostgres: Sendable {
    let folder: URL
    let socketFolder: URL
    let binaries: URL
    let runAs: String?
    let logger: Logger
    /// Whether this process started the server (and so stops it); another `parley` may run it.
    private let startedHere = Mutex(false)
    static let port = 5432
    static let user = "parley"
    static let database = "parley"

    var configuration: DatabaseConfiguration {
        DatabaseConfiguration(port: Self.port, socketFolder: socketFolder.path, username: Self.user, database: Self.database)
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(dataFolder: URL, logger: Logger) throws {
        self.folder = dataFolder.appendingPathComponent("postgres")
        self.logger = logger
        self.binaries = try Self.findBinaries()
        self.runAs = getuid() == 0 ? "postgres" : nil
        // A socket path is limited to about 100 bytes; a deep data folder gets one in /tmp.
        let preferred = dataFolder.appendingPathComponent("run")
        if preferred.path.utf8.count + 16 < 100 {
            socketFolder = preferred
        } else {
            socketFolder = URL(fileURLWithPath: "/tmp/parley-\(abs(dataFolder.path.hashValue) % 1_000_000)")
        }
    }

    /// Creates the server on first use, then starts it and waits until it accepts connections.
    func start() throws {
        try FileManager.default.createDirectory(at: socketFolder, withIntermediateDirectories: true)
        let fresh = !FileManager.default.fileExists(atPath: folder.appendingPathComponent("PG_VERSION").path)
        if fresh {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try chmod(folder, 0o700)
            try handOver(folder)
            logger.info("creating the embedded PostgreSQL", metadata: ["folder": "\(folder.path)"])
            try run("initdb", ["-D", folder.path, "-U", Self.user, "--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"])
        }
        try handOver(socketFolder)
        if !isRunning() {
            startedHere.withLock { $0 = true }
            try run("pg_ctl", ["-D", folder.path, "-l", folder.appendingPathComponent("server.log").path, "-w", "-t", "60",
                               // A catalog's bulk import writes gigabytes of WAL in one transaction: with the
                               // default 1 GB between checkpoints, a checkpoint came every 8 to 11 seconds.
                               "-o", "-c listen_addresses='' -c unix_socket_directories='\(socketFolder.path)' -p \(Self.port) -c max_wal_size=4GB",
                               "start"])
        }
        // On every start, not only the first: a first start stopped between initdb and createdb
        // leaves a server without the database, which no later start would otherwise create.
        do {
            try run("createdb", ["-h", socketFolder.path, "-p", String(Self.port), "-U", Self.user, Self.database], quiet: true)
        } catch let failure as Failure where failure.description.contains("already exists") {
            // The usual case after the first start.
        }
        logger.info("embedded PostgreSQL is running", metadata: ["socket": "\(socketFolder.path)"])
    }

    /// Stops the server if this process started it (fast shutdown: sessions end, data is safe).
    func stop() {
        guard startedHere.withLock({ $0 }), isRunning() else { return }
        do {
            try run("pg_ctl", ["-D", folder.path, "-m", "fast", "-w", "stop"])
            logger.info("embedded PostgreSQL stopped")
        } catch {
            logger.error("could not stop the embedded PostgreSQL", metadata: ["error": "\(error)"])
        }
    }

    func isRunning() -> Bool {
        (try? run("pg_ctl", ["-D", folder.path, "status"], quiet: true)) != nil
    }

    // MARK: Processes

    @discardableResult
    private func run(_ tool: String, _ arguments: [String], quiet: Bool = false) throws -> String {
        let executable = binaries.appendingPathComponent(tool).path
        // From the root folder: the server's user may not be allowed into the current one.
        let command = ["/usr/bin/env", "-C", "/"] + (runAs.map { ["/usr/sbin/runuser", "-u", $0, "--", executable] } ?? [executable])
        // Output goes to a file, not a pipe: the server that pg_ctl starts inherits the output
        // and would hold a pipe open for good.
        let outputFile = FileManager.default.temporaryDirectory.appendingPathComponent("parley-\(tool)-\(UInt32.random(in: 0...UInt32.max)).log")
        defer { try? FileManager.default.removeItem(at: outputFile) }
        let status = try Subprocess.run(command + arguments, output: outputFile.path)
        let text = (try? String(contentsOf: outputFile, encoding: .utf8)) ?? ""
        guard status == 0 else {
            if !quiet { logger.error("\(tool) failed", metadata: ["output": "\(text)"]) }
            throw Failure(description: "\(tool) failed (exit \(status)): \(text.suffix(400))")
        }
        return text
    }

    /// Gives a folder to the server's user when running as root.
    private func handOver(_ url: URL) throws {
        guard let runAs else { return }
        guard let user = getpwnam(runAs) else {
            throw Failure(description: "running as root needs the '\(runAs)' user for PostgreSQL (apt-get install postgresql creates it)")
        }
        guard chown(url.path, user.pointee.pw_uid, user.pointee.pw_gid) == 0 else {
            throw Failure(description: "could not hand \(url.path) to \(runAs)")
        }
        // The server's user must be able to reach the folder.
        var parent = url.deletingLastPathComponent()
        while parent.path != "/" && parent.path.count > 1 {
            var info = stat()
            if stat(parent.path, &info) == 0, info.st_mode & 0o001 == 0 { _ = Foundation.chmod(parent.path, info.st_mode | 0o001) }
            parent = parent.deletingLastPathComponent()
        }
    }

    private func chmod(_ url: URL, _ mode: mode_t) throws {
        guard Foundation.chmod(url.path, mode) == 0 else { throw Failure(description: "could not set the mode of \(url.path)") }
    }

    /// PostgreSQL's programs: `pg_config --bindir`, else the newest of Debian's versions.
    static func findBinaries() throws -> URL {
        let candidates = ((try? FileManager.default.contentsOfDirectory(atPath: "/usr/lib/postgresql")) ?? [])
            .compactMap(Int.init).sorted(by: >).map { URL(fileURLWithPath: "/usr/lib/postgresql/\($0)/bin") }
        for folder in candidates where FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("initdb").path) {
            return folder
        }
        for path in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let folder = URL(fileURLWithPath: String(path))
            if FileManager.default.isExecutableFile(atPath: folder.appendingPathComponent("initdb").path) { return folder }
        }
        throw Failure(description: "PostgreSQL's server programs (initdb, pg_ctl) were not found: apt-get install postgresql, or set DATABASE_URL")
    }
}

/// Runs a program and waits for it, with posix_spawn and waitpid (Foundation's Process can miss
/// the exit of a child whose own child lives on, as pg_ctl's server does).
enum Subprocess {
    static func run(_ command: [String], output path: String) throws -> Int32 {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let argv: [UnsafeMutablePointer<CChar>?] = command.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, command[0], &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw EmbeddedPostgres.Failure(description: "could not start \(command[0]): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        // Exit code when it exited normally, 128 + signal otherwise.
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }
}
