// swift-tools-version:6.0
import PackageDescription

/// Gazette: a self-hosted news API. Dependencies flow one way:
/// gazette → GazetteAPI → HTTPServer, GazetteStore, GazetteIngest → GazetteCore.
/// GazetteStore and GazetteIngest do not import each other: the ingest writes through
/// GazetteCore's `ArticleWriting`, which GazetteStore's `ArticleStore` implements.
/// Only GazetteStore imports CSQLite; HTTPServer imports nothing of ours. See ARCHITECTURE.md.
let package = Package(
    name: "Gazette",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gazette", targets: ["gazette"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // MARK: C libraries, each wrapped once by the module that owns it.
        .systemLibrary(
            name: "CSQLite", pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(
            name: "CCmarkGFM", pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(name: "CEpoll"),
        .systemLibrary(name: "CInotify"),

        // MARK: Build-time embedding of text files: migrations/ into GazetteStore, the documents
        // (OpenAPI, reader page) into GazetteAPI, Samples/ into gazette.
        .executableTarget(name: "FileEmbedder"),
        .plugin(name: "EmbedFiles", capability: .buildTool(), dependencies: ["FileEmbedder"]),

        // MARK: Modules.
        .target(name: "GazetteCore"),
        .target(
            name: "GazetteStore",
            dependencies: ["GazetteCore", "CSQLite"],
            plugins: ["EmbedFiles"]),
        .target(
            name: "GazetteIngest",
            dependencies: [
                "GazetteCore", "CLibXML2", "CCmarkGFM", "CInotify",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
            ]),
        .target(
            name: "HTTPServer",
            dependencies: ["CEpoll", .product(name: "Logging", package: "swift-log")]),
        .target(
            name: "GazetteAPI",
            dependencies: [
                "GazetteCore", "GazetteStore", "GazetteIngest", "HTTPServer", "CZlib",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: [
                "Documents/openapi.json", "Documents/reader.html", "Documents/reader.css", "Documents/reader.js",
            ],
            plugins: ["EmbedFiles"]),
        .executableTarget(
            name: "gazette",
            dependencies: [
                "GazetteCore", "GazetteStore", "GazetteIngest", "GazetteAPI", "HTTPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            plugins: ["EmbedFiles"]),

        // MARK: Benchmark programs (not shipped).
        .executableTarget(
            name: "HTTPBenchServer", dependencies: ["HTTPServer"], path: "Benchmarks/HTTPBenchServer"),

        // MARK: Tests, one target per module, and what they share (not shipped).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "GazetteCoreTests", dependencies: ["GazetteCore", "TestSupport"]),
        .testTarget(
            name: "GazetteStoreTests", dependencies: ["GazetteStore", "GazetteCore", "TestSupport"]),
        .testTarget(
            name: "GazetteIngestTests",
            dependencies: ["GazetteIngest", "GazetteStore", "GazetteCore", "TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "TestSupport"]),
        .testTarget(
            name: "GazetteAPITests",
            dependencies: [
                "GazetteAPI", "GazetteStore", "GazetteIngest", "GazetteCore", "HTTPServer", "TestSupport", "CZlib",
            ]),
        .testTarget(name: "GazetteCLITests", dependencies: ["gazette", "TestSupport"]),
    ]
)
