// swift-tools-version:6.0
import PackageDescription

// Strict concurrency everywhere; `ExistentialAny` keeps protocol use explicit.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "Tegenkracht",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tegenkracht", targets: ["tegenkracht"]),
        .executable(name: "tegenkracht-bench", targets: ["tegenkracht-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/leaf-kit.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.52.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.32.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.3"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.5.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // The pure domain core: Foundation only. Most rules and most tests live here.
        .target(
            name: "TegenkrachtCore",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        // Use cases and the stores under them: persistence, keys and sealing, the audit log, the
        // outbox. No Vapor here, so no `Request`, Leaf or HTTP error can reach it (issue 12).
        .target(
            name: "TegenkrachtUseCases",
            dependencies: [
                "TegenkrachtCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        // The web layer, commands and jobs: they decode, call a use case and render.
        .target(
            name: "TegenkrachtApp",
            dependencies: [
                "TegenkrachtCore",
                "TegenkrachtUseCases",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
                .product(name: "LeafKit", package: "leaf-kit"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "tegenkracht",
            dependencies: ["TegenkrachtApp"],
            swiftSettings: swiftSettings
        ),
        // The benchmarks (docs/performance.md), kept out of the production binary.
        .executableTarget(
            name: "tegenkracht-bench",
            dependencies: ["TegenkrachtApp", "TegenkrachtUseCases"],
            path: "Sources/TegenkrachtBench",
            swiftSettings: swiftSettings
        ),
        // libFuzzer entry for every core parser (scripts/fuzz); a normal build replays files instead.
        .executableTarget(
            name: "TegenkrachtFuzz",
            dependencies: ["TegenkrachtCore"],
            path: "Fuzz/TegenkrachtFuzz",
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TegenkrachtCoreTests",
            dependencies: ["TegenkrachtCore"],
            // Data the tests read by path (scipy's values for the survey statistics).
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "TegenkrachtAppTests",
            dependencies: [
                "TegenkrachtApp",
                "TegenkrachtUseCases",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "LeafKit", package: "leaf-kit"),
            ],
            // Stored page snapshots, read by path (PageSnapshotTests).
            exclude: ["Snapshots"],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
