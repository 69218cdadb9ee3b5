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
    ],
    dependencies: [
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/vapor/fluent.git", from: "4.13.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/vapor/leaf.git", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.5.2"),
    ],
    targets: [
        // The pure domain core: Foundation only. Most rules and most tests live here.
        .target(
            name: "TegenkrachtCore",
            dependencies: [],
            swiftSettings: swiftSettings
        ),
        // Persistence, web layer, commands and jobs around the core.
        .target(
            name: "TegenkrachtApp",
            dependencies: [
                "TegenkrachtCore",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "Fluent", package: "fluent"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Leaf", package: "leaf"),
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
                .product(name: "VaporTesting", package: "vapor"),
            ],
            swiftSettings: swiftSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
