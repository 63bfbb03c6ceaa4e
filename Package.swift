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
    ],
    targets: [
        // The system ICU behind a header without ICU types (see Sources/CICU/include/parley_icu.h).
        .target(
            name: "CICU",
            linkerSettings: [.linkedLibrary("icui18n"), .linkedLibrary("icuuc"), .linkedLibrary("icudata")]
        ),
        .target(name: "ICU", dependencies: ["CICU"]),
        .target(name: "MessageFormat", dependencies: ["ICU"]),
        // Reading and rendering JSON-lines corpora, shared by the CLI, its benchmark and the tests.
        .target(name: "RenderCorpus", dependencies: ["MessageFormat", "ICU"]),
        .executableTarget(
            name: "parley",
            dependencies: [
                "MessageFormat", "ICU", "RenderCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "ICUTests", dependencies: ["ICU"], exclude: ["Fixtures"]),
        .testTarget(name: "MessageFormatTests", dependencies: ["MessageFormat", "ICU", "RenderCorpus"], exclude: ["Fixtures"]),
    ],
    swiftLanguageModes: [.v6],
    cxxLanguageStandard: .cxx17
)
