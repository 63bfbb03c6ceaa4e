// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Parley",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "parley", targets: ["parley"]),
        .library(name: "MessageFormat", targets: ["MessageFormat"]),
        .library(name: "ICU", targets: ["ICU"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-atomics", from: "1.3.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-generator", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/swift-server/swift-openapi-async-http-client", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/swift-openapi-hummingbird", from: "2.1.0"),
    ],
    targets: [
        // The system ICU behind a header without ICU types (see Sources/CICU/include/parley_icu.h).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(name: "ICU", dependencies: ["CICU"]),
        .target(name: "MessageFormat", dependencies: ["ICU"]),
        // The domain and its file formats; no I/O.
        .target(name: "Catalog", dependencies: ["MessageFormat", "ICU", .product(name: "Yams", package: "Yams")]),
        // glibc's allocator: giving freed pages back after the render cache lets workspaces go.
        .target(name: "HeapRelease"),
        // The language of customers' messages: ICU scripts and a trained n-gram model (Tools/langid).
        // Prefetch, for the detector's table reads.
        .target(name: "CacheHints"),
        // Scoring's per-position vector sums, built for AVX2 beside the baseline and chosen at run time.
        .target(name: "LaneKernel"),
        .target(
            name: "LanguageDetection", dependencies: ["CICU", "CacheHints", "LaneKernel"],
            exclude: ["Resources/CREDITS.md"], resources: [.copy("Resources/langid.bin")]
        ),
        // Agents' search and suggestions: an in-memory index over ICU word breaking and collation.
        .target(name: "Search", dependencies: ["Catalog", "ICU", "MessageFormat"]),
        // Translators' file formats: XLIFF 2.0 and 1.2, gettext PO, flat JSON, CSV.
        .target(name: "Interchange", dependencies: ["Catalog", "ICU", "MessageFormat"]),
        // PostgreSQL: migrations, repositories, the change feed.
        .target(
            name: "Store",
            dependencies: [
                "Catalog", "ICU", "MessageFormat",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            plugins: ["EmbedMigrations"]
        ),
        // Writes files into a Swift constant, for the plugins below.
        .executableTarget(name: "EmbedFilesTool"),
        // Carries Migrations/*.sql into the Store module, so the binary finds its schema anywhere.
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),
        // Carries the agent desk's page (Desk/) into the Server module.
        .plugin(name: "EmbedDesk", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),
        // Carries the API's contract (openapi.yaml) into the Server module.
        .plugin(name: "EmbedContract", capability: .buildTool(), dependencies: ["EmbedFilesTool"]),
        // The HTTP service.
        .target(
            name: "Server",
            dependencies: [
                "Store", "Catalog", "Interchange", "MessageFormat", "ICU", "LanguageDetection", "Search", "ParleyAPI", "RenderContract",
                "HeapRelease",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIHummingbird", package: "swift-openapi-hummingbird"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Atomics", package: "swift-atomics"),
                // The HTTP parser's errors, answered before Hummingbird sees a request (431).
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                // openapi.yaml, read once into the JSON the server serves and checks against.
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedDesk", "EmbedContract"]
        ),
        // The API's types and client, generated at build time from openapi.yaml (linked into the
        // target's folder), so that the document alone says what goes over the wire. The generated
        // files import Foundation publicly in every file, which Swift before 6.4 reports as unused in
        // the files that declare no such type (the generator silences it from 6.4 on): this target
        // holds generated code only, and its warnings are not shown.
        .target(
            name: "ParleyAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The render operation alone as swift-openapi-generator serves it, for the benchmark that
        // weighs the generated layer against the hand-written render path (ContractYardstick).
        .target(
            name: "RenderContract",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            swiftSettings: [.unsafeFlags(["-suppress-warnings"])],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        // The catalog API from the outside, for the CLI's remote commands: the generated client with
        // the key, a fast-failing connect, progress, and refusals as errors.
        .target(
            name: "ParleyClient",
            dependencies: [
                "ParleyAPI",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIAsyncHTTPClient", package: "swift-openapi-async-http-client"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "NIOCore", package: "swift-nio"),
            ]
        ),
        // Reading and rendering JSON-lines corpora, shared by the CLI, its benchmark and the tests.
        .target(name: "RenderCorpus", dependencies: ["MessageFormat", "ICU", "Catalog"]),
        .executableTarget(
            name: "parley",
            dependencies: [
                "MessageFormat", "ICU", "RenderCorpus", "Catalog", "Interchange", "Store", "Server", "ParleyAPI", "ParleyClient", "LanguageDetection", "Search",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                // The CLI's config file (.parley.yaml).
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // Finding fixtures and the shared conformance folder, for the test targets.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "ICUTests", dependencies: ["ICU", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "MessageFormatTests", dependencies: ["MessageFormat", "ICU", "RenderCorpus", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "CatalogTests", dependencies: ["Catalog", "MessageFormat", "ICU", "TestSupport"]),
        .testTarget(name: "LanguageDetectionTests", dependencies: ["LanguageDetection", "LaneKernel", "TestSupport"]),
        .testTarget(name: "SearchTests", dependencies: ["Search", "Catalog", "ICU", "TestSupport"]),
        .testTarget(name: "InterchangeTests", dependencies: ["Interchange", "Catalog", "ICU", "TestSupport"], exclude: ["Fixtures"]),
        // Against a real PostgreSQL (DATABASE_URL) and over real sockets.
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Store", "Server", "Catalog", "ICU", "Interchange", "ParleyAPI", "ParleyClient", "TestSupport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
