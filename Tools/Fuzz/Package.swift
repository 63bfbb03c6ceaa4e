// swift-tools-version: 6.1
// A libFuzzer target for the message parser, compiler, renderer and linter. See README.md.
import PackageDescription

let package = Package(
    name: "ParleyFuzz",
    dependencies: [.package(name: "Parley", path: "../..")],
    targets: [
        .executableTarget(
            name: "ParleyFuzz",
            dependencies: [
                .product(name: "MessageFormat", package: "Parley"),
                .product(name: "ICU", package: "Parley"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
