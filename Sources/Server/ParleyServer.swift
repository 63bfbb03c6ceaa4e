import Catalog
import Hummingbird
import LanguageDetection
import Logging
import ServiceLifecycle
import Store

/// The service: the catalog store, the render cache kept current by the change feed, and the
/// HTTP routes, wired over one PostgreSQL pool.
///
/// ```swift
/// let server = ParleyServer(database: Database(configuration, logger: logger), logger: logger)
/// let app = server.application(configuration: .init(address: .hostname("127.0.0.1", port: 8080)))
/// try await app.runService()
/// ```
public final class ParleyServer: Sendable {
    public let database: Database
    public let store: CatalogStore
    public let keys: KeyStore
    public let cache: RenderCache
    public let authenticator: Authenticator
    /// Rates per key and expensive requests at a time, for this replica.
    public let limiter: RequestLimiter
    public let migrator: Migrator
    /// The language detector (nil when its model could not be loaded: detection answers 503).
    public let detector: LanguageDetector?
    public let timeouts: RequestTimeouts
    /// Whether the change feed reaches the database, and the age of what is served from memory.
    public let feedHealth = FeedHealth()
    /// Renders and suggestion outcomes counted in memory, and what adds them to the database.
    public let usage: UsageCounter
    public let usageRecorder: UsageRecorder
    /// The change log's retention and pruning.
    public let changeLog: ChangeLogSettings
    let logger: Logger

    public init(database: Database, logger: Logger, migrator: Migrator = Migrator(), timeouts: RequestTimeouts = .init(),
                limits: RequestLimits = .standard, usage: UsageSettings = .init(), changeLog: ChangeLogSettings = .init(),
                cache: CacheSettings = .init()) {
        _ = Observability.registry  // before any metric is made, or it would go nowhere
        self.timeouts = timeouts
        self.changeLog = changeLog
        self.database = database
        self.logger = logger
        self.migrator = migrator
        self.store = CatalogStore(database: database)
        self.keys = KeyStore(database: database)
        do {
            self.detector = try LanguageDetector.bundled()
        } catch {
            logger.error("language detection is off: the model did not load", metadata: ["error": "\(error)"])
            self.detector = nil
        }
        self.cache = RenderCache(store: store, logger: logger, detector: detector, settings: cache)
        self.authenticator = Authenticator(keys: keys, memory: timeouts.keyMemory)
        self.limiter = RequestLimiter(limits: limits)
        self.usage = UsageCounter(isOn: usage.isOn)
        self.usageRecorder = UsageRecorder(counter: self.usage, store: store, settings: usage, logger: logger)
    }

    /// Every route, under the access log, metrics, error and authentication, limits and edge validation middleware.
    public func router() -> Router<ParleyContext> {
        // The metrics are made for the routes, so the router is built twice: once to list them.
        let metrics = HTTPMetrics(routes: routes(metrics: nil).routes.map { ($0.method.rawValue, $0.path.description) })
        return routes(metrics: metrics)
    }

    private func routes(metrics: HTTPMetrics?) -> Router<ParleyContext> {
        let router = Router(context: ParleyContext.self)
        let contract = APIContract.parley
        router.add(middleware: AccessLogMiddleware())
        if let metrics { router.add(middleware: HTTPMetricsMiddleware(metrics: metrics)) }
        router.add(middleware: ErrorMiddleware(authentication: AuthenticationMiddleware(
            authenticator: authenticator, publicEndpoints: contract.publicEndpoints), timeout: timeouts.request))
        router.add(middleware: RequestLimitsMiddleware(limiter: limiter))
        // After authentication, so a caller without a valid key learns nothing but 401.
        router.add(middleware: EdgeValidationMiddleware(contract: contract))
        OperationsRoutes(database: database, cache: cache, migrator: migrator, http: metrics, readiness: timeouts.readiness,
                         feedHealth: feedHealth)
            .register(on: router)
        DeskRoutes(cache: cache).register(on: router)
        let api = router.group("v1")
        RenderRoutes(cache: cache, usage: usage).register(on: api)
        DetectRoutes(detector: detector).register(on: api)
        CatalogRoutes(store: store, cache: cache).register(on: api)
        SuggestRoutes(cache: cache, store: store, usage: usage).register(on: api)
        NLGRoutes(cache: cache, usage: usage).register(on: api)
        UsageRoutes(cache: cache, store: store, recorder: usageRecorder).register(on: api)
        ExampleRoutes(store: store, cache: cache).register(on: api)
        ExchangeRoutes(store: store, cache: cache).register(on: router.group("v1").add(middleware: BulkDeadlineMiddleware(timeout: timeouts.bulk)))
        KeyRoutes(keys: keys, store: store).register(on: api)
        return router
    }

    /// The HTTP application with the database pool, the change feed and the usage recorder as its
    /// services. They stop in reverse order: the HTTP server first, then the recorder's last
    /// flush, while the pool is still open.
    /// `prepare` runs before the server accepts connections (migrations, seeding, keys).
    public func application(
        configuration: ApplicationConfiguration, prepare: @escaping @Sendable () async throws -> Void = {}
    ) -> some ApplicationProtocol {
        let logger = self.logger
        var app = Application(router: router(), server: .http1(configuration: .init(additionalChannelHandlers: [HTTPParserErrorHandler(logger: logger)])),
                              configuration: configuration, logger: logger)
        app.addServices(database, ChangeFeedService(server: self), usageRecorder,
                        ChangeLogPruner(store: store, settings: changeLog, logger: logger))
        app.beforeServerStarts(perform: prepare)
        return app
    }
}

extension ParleyServer {
    /// Serves on `host:port` until SIGTERM or SIGINT, after `prepare` (migrations, seeding, keys),
    /// then stops gracefully: the HTTP server first, then the usage recorder's last flush.
    public func run(host: String, port: Int, prepare: @escaping @Sendable () async throws -> Void) async throws {
        try await application(configuration: .init(address: .hostname(host, port: port), serverName: "Parley"), prepare: prepare)
            .runService()
    }
}

/// Keeps the render cache current from the change feed until shutdown.
struct ChangeFeedService: Service {
    let server: ParleyServer

    func run() async throws {
        await cancelWhenGracefulShutdown {
            let logger = server.logger
            var start: Int64 = 0
            // The database may still be migrating: retry until the catalog loads.
            while !Task.isCancelled {
                do {
                    start = try await server.store.latestChangeID()
                    server.cache.startFollowing()
                    break
                } catch {
                    logger.debug("waiting for the catalog", metadata: ["error": "\(error)"])
                    try? await Task.sleep(for: .milliseconds(250))
                }
            }
            let feed = ChangeFeed(store: server.store, logger: logger,
                                  pollInterval: server.store.readsFromStandby ? ChangeFeed.standbyPollInterval : .seconds(2),
                                  health: server.feedHealth)
            await feed.run(startingAfter: start) { event in
                switch event {
                case .change(let change): try await server.cache.apply(change)
                case .keys: server.authenticator.forgetAll()
                case .connected:
                    // Revocations sent while the listener was away are not in the change log.
                    server.authenticator.forgetAll()
                case .behind:
                    try await server.cache.reloadHeld()
                }
            }
        }
    }
}
