import ArgumentParser
import Catalog
import Foundation
import Logging
import Server
import Store

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service.",
        discussion: """
            With no DATABASE_URL, Parley runs its own PostgreSQL in the data folder (created on first start, \
            listening on a Unix socket only, stopped on shutdown). It then applies migrations, loads the seed \
            catalog (Locales/) into an empty database, and serves.

            Admin key: PARLEY_ADMIN_KEY, or one generated on first start, printed once and kept in \
            <data>/admin-key (mode 0600). The API does not revoke the PARLEY_ADMIN_KEY key; `parley keys revoke` \
            does, and it then stays revoked across restarts (the server still starts).

            Limits: each API key has a rate per class of request (render, read, detect, write) on each server; \
            over it, 429 with Retry-After. Exports, imports and snapshots beyond --expensive-at-once get 503 with Retry-After.

            Standby: with DATABASE_READ_URL (a streaming standby of DATABASE_URL's server), workspaces load from the \
            standby, and so do snapshots, exports and listings; writes, and the reads that check them, go to the primary. \
            The standby's lag shows in /metrics and /readyz.

            Environment: DATABASE_URL, DATABASE_READ_URL, PARLEY_CACHE_MEMORY, PARLEY_ADMIN_KEY, PARLEY_PORT, PARLEY_HOST, PARLEY_DATA, PARLEY_LOCALES, \
            PARLEY_RATE_LIMITS, PARLEY_EXPENSIVE_AT_ONCE, PARLEY_LOG_FORMAT (text|json), LOG_LEVEL, PARLEY_REQUEST_TIMEOUT \
            and PARLEY_BULK_TIMEOUT (seconds a request may wait on the database before it answers 503: 5 and 30 by default).

            Usage: renders are counted in memory and added to the database every PARLEY_USAGE_FLUSH seconds (60 by \
            default; on SIGTERM before exiting, so a crash loses at most that much). Hourly counts are kept \
            PARLEY_USAGE_HOURLY_DAYS days (14), then rolled up into days kept PARLEY_USAGE_DAILY_DAYS days (400). \
            PARLEY_USAGE=off counts nothing.

            Example: PARLEY_PORT=8080 parley serve --data .parley
            """
    )

    @Option(name: .long, help: "Port to listen on (env PARLEY_PORT).")
    var port: Int = Int(ProcessInfo.processInfo.environment["PARLEY_PORT"] ?? "") ?? 8080

    @Option(name: .long, help: "Address to listen on (env PARLEY_HOST).")
    var host: String = ProcessInfo.processInfo.environment["PARLEY_HOST"] ?? "127.0.0.1"

    @Option(name: .long, help: ArgumentHelp("Seed catalog folder (env PARLEY_LOCALES; default ./Locales).", valueName: "path"))
    var locales: String?

    @Option(name: .long, help: ArgumentHelp(
        "Rates per API key, per class of request (env PARLEY_RATE_LIMITS; default \(RequestLimits.standardRates)). Classes given replace their default; `CLASS=off` or `off` lifts limits.",
        valueName: "CLASS=COUNT/UNIT[:BURST],…"))
    var rateLimits: String = ProcessInfo.processInfo.environment["PARLEY_RATE_LIMITS"] ?? ""

    @Option(name: .long, help: ArgumentHelp(
        "Exports, imports and snapshots this server runs at once; more are refused with 503 (env PARLEY_EXPENSIVE_AT_ONCE).",
        valueName: "count"))
    var expensiveAtOnce: Int = Int(ProcessInfo.processInfo.environment["PARLEY_EXPENSIVE_AT_ONCE"] ?? "") ?? RequestLimits.standardExpensiveAtOnce

    @Option(name: .long, help: ArgumentHelp(
        "Memory for compiled workspaces, such as 512MB or 2GiB (env PARLEY_CACHE_MEMORY; default half the memory of the machine or container). Workspaces load on first use; past the budget the least recently used are let go.",
        valueName: "size"))
    var cacheMemory: String = ProcessInfo.processInfo.environment["PARLEY_CACHE_MEMORY"] ?? ""

    @OptionGroup var database: DatabaseOptions

    private var cacheSettings: CacheSettings {
        get throws {
            guard !cacheMemory.isEmpty else { return CacheSettings() }
            guard let bytes = CacheSettings.parseSize(cacheMemory) else {
                throw ValidationError("--cache-memory must be a size such as 512MB or 2GiB, not '\(cacheMemory)'")
            }
            return CacheSettings(memory: bytes)
        }
    }

    private var limits: RequestLimits {
        get throws {
            do {
                return try RequestLimits(parsing: rateLimits, expensiveAtOnce: expensiveAtOnce)
            } catch {
                throw ValidationError(error.description)
            }
        }
    }

    func validate() throws {
        _ = try limits
        _ = try cacheSettings
    }

    func run() async throws {
        let logger = Logs.bootstrap()
        let (configuration, embedded) = try database.open(logger: logger)
        defer { embedded?.stop() }
        logger.info("using database", metadata: ["database": "\(configuration)"])
        let readReplica = try database.readReplica()
        if let readReplica { logger.info("large reads from a standby", metadata: ["standby": "\(readReplica)"]) }
        let server = ParleyServer(database: Database(configuration, readReplica: readReplica, logger: logger), logger: logger,
                                  timeouts: try Self.timeouts(), limits: try limits, usage: try Self.usageSettings(),
                                  changeLog: try Self.changeLogSettings(), cache: try cacheSettings)
        let seedFolder = SeedCatalog.folder(locales ?? ProcessInfo.processInfo.environment["PARLEY_LOCALES"])
        let dataFolder = database.dataFolder
        try await server.run(host: host, port: port) {
            let applied = try await server.migrator.migrate(server.database)
            if !applied.isEmpty { logger.info("database migrated", metadata: ["applied": "\(applied)"]) }
            try await Self.seed(server, from: seedFolder, logger: logger)
            try await Self.ensureAdminKey(server, dataFolder: dataFolder, logger: logger)
        }
    }

    /// The request deadlines, from PARLEY_REQUEST_TIMEOUT and PARLEY_BULK_TIMEOUT (seconds).
    static func timeouts() throws -> RequestTimeouts {
        var timeouts = RequestTimeouts()
        let environment = ProcessInfo.processInfo.environment
        for (name, path) in [("PARLEY_REQUEST_TIMEOUT", \RequestTimeouts.request), ("PARLEY_BULK_TIMEOUT", \RequestTimeouts.bulk)] {
            guard let text = environment[name] else { continue }
            guard let seconds = Double(text), seconds > 0, seconds <= 3600 else {
                throw ValidationError("\(name) must be a number of seconds (0 to 3600), not '\(text)'")
            }
            timeouts[keyPath: path] = .milliseconds(Int64(seconds * 1000))
        }
        return timeouts
    }

    /// How usage is counted and kept, from PARLEY_USAGE, PARLEY_USAGE_FLUSH (seconds),
    /// PARLEY_USAGE_HOURLY_DAYS and PARLEY_USAGE_DAILY_DAYS.
    static func usageSettings() throws -> UsageSettings {
        var settings = UsageSettings()
        let environment = ProcessInfo.processInfo.environment
        switch environment["PARLEY_USAGE"] {
        case nil, "on": break
        case "off": settings.isOn = false
        case let other?: throw ValidationError("PARLEY_USAGE is on or off, not '\(other)'")
        }
        if let text = environment["PARLEY_USAGE_FLUSH"] {
            guard let seconds = Double(text), seconds >= 0.1, seconds <= 3600 else {
                throw ValidationError("PARLEY_USAGE_FLUSH must be a number of seconds (0.1 to 3600), not '\(text)'")
            }
            settings.flushInterval = .milliseconds(Int64(seconds * 1000))
        }
        for (name, path, most) in [("PARLEY_USAGE_HOURLY_DAYS", \UsageSettings.hourlyDays, 400), ("PARLEY_USAGE_DAILY_DAYS", \UsageSettings.dailyDays, 36_500)] {
            guard let text = environment[name] else { continue }
            guard let days = Int(text), days >= 1, days <= most else { throw ValidationError("\(name) must be a number of days (1 to \(most)), not '\(text)'") }
            settings[keyPath: path] = days
        }
        return settings
    }

    /// The change log's retention and pruning, from PARLEY_CHANGE_RETENTION and
    /// PARLEY_CHANGE_PRUNE_INTERVAL (seconds).
    static func changeLogSettings() throws -> ChangeLogSettings {
        var settings = ChangeLogSettings()
        let environment = ProcessInfo.processInfo.environment
        for (name, path, least) in [("PARLEY_CHANGE_RETENTION", \ChangeLogSettings.retention, 60.0),
                                    ("PARLEY_CHANGE_PRUNE_INTERVAL", \ChangeLogSettings.pruneInterval, 0.1)] {
            guard let text = environment[name] else { continue }
            // A retention shorter than a minute would prune changes replicas have not polled yet.
            guard let seconds = Double(text), seconds >= least, seconds <= 366 * 86_400 else {
                throw ValidationError("\(name) must be a number of seconds (\(least) to 31622400), not '\(text)'")
            }
            settings[keyPath: path] = .milliseconds(Int64(seconds * 1000))
        }
        return settings
    }

    /// Loads the seed catalog into a database that has no workspace yet; and the desk's own
    /// interface texts (the workspace `desk`) into one that lacks them, seeded before the desk existed.
    static func seed(_ server: ParleyServer, from folder: URL?, logger: Logger) async throws {
        let existing = Set(try await server.store.workspaces().map(\.name))
        guard existing.isEmpty || !existing.contains(SeedCatalog.desk) else { return }
        guard let folder else {
            if existing.isEmpty { logger.warning("no seed catalog found (Locales/); starting empty") }
            return
        }
        for bundle in try SeedCatalog.read(folder, only: existing.isEmpty ? nil : SeedCatalog.desk) {
            let (workspace, summary) = try await server.store.importBundle(bundle, author: "seed")
            logger.info("seeded workspace", metadata: ["workspace": "\(workspace.name)", "templates": "\(summary.templatesCreated)",
                                                       "texts": "\(summary.textsCreated)"])
        }
    }

    /// PARLEY_ADMIN_KEY becomes the bootstrap admin key (which the API does not revoke; one revoked
    /// with `parley keys revoke` stays revoked, and the server still starts); without it and without
    /// any admin, one is made, printed once and kept in the data folder, readable by its owner only.
    static func ensureAdminKey(_ server: ParleyServer, dataFolder: URL, logger: Logger) async throws {
        if let secret = ProcessInfo.processInfo.environment["PARLEY_ADMIN_KEY"], !secret.isEmpty {
            switch try await server.keys.ensureAdmin(secret: secret, name: "PARLEY_ADMIN_KEY") {
            case .created: logger.info("admin key from PARLEY_ADMIN_KEY stored (hashed)")
            case .present: break
            case .revoked:
                logger.warning("the key PARLEY_ADMIN_KEY names was revoked and stays revoked: set a new PARLEY_ADMIN_KEY, or manage keys with `parley keys`")
            }
            return
        }
        guard try await !server.keys.hasAdmin() else { return }
        let (_, secret) = try await server.keys.create(name: "first admin", role: .admin)
        try FileManager.default.createDirectory(at: dataFolder, withIntermediateDirectories: true)
        let file = dataFolder.appendingPathComponent("admin-key")
        guard FileManager.default.createFile(atPath: file.path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw EmbeddedPostgres.Failure(description: "could not write the admin key to \(file.path)")
        }
        // Written straight to standard output, unbuffered, so it shows even when output is a file.
        FileHandle.standardOutput.write(Data("Admin key (shown once, also saved to \(file.path)): \(secret)\n".utf8))
    }
}
