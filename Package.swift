// swift-tools-version:6.0
// Watchfloor: one SwiftPM target per layer; dependencies point down (see README "Architecture").
import PackageDescription

let package = Package(
    name: "Watchfloor",
    products: [
        .executable(name: "watchfloor", targets: ["watchfloor"]),
        .executable(name: "watchfloord", targets: ["watchfloord"]),
        .executable(name: "watchfloor-bench", targets: ["watchfloor-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        // C shims for system libraries.
        .systemLibrary(name: "CSQLite", path: "Sources/CSQLite", pkgConfig: "sqlite3",
                       providers: [.apt(["libsqlite3-dev"])]),
        // libpq for the PostgreSQL engine of the store (see README "PostgreSQL").
        .systemLibrary(name: "CLibPQ", path: "Sources/CLibPQ", pkgConfig: "libpq",
                       providers: [.apt(["libpq-dev"])]),
        .target(name: "CNcursesw", path: "Sources/CNcursesw",
                linkerSettings: [.linkedLibrary("ncursesw")]),

        // Layers.
        .target(name: "WatchfloorCore"),
        .target(name: "WatchfloorGeo"),
        .target(name: "WatchfloorStore", dependencies: ["WatchfloorCore", "CSQLite", "CLibPQ"]),
        .target(name: "WatchfloorIngest", dependencies: ["WatchfloorCore", "WatchfloorStore", "WatchfloorGeo"]),
        // The network listeners (SwiftNIO syslog, Hummingbird HTTP): only the daemon and its tests link the server stack.
        .target(name: "WatchfloorListeners", dependencies: [
            "WatchfloorCore", "WatchfloorStore", "WatchfloorIngest",
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "NIOPosix", package: "swift-nio"),
            .product(name: "NIOHTTP1", package: "swift-nio"),
            .product(name: "NIOSSL", package: "swift-nio-ssl"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTLS", package: "hummingbird"),
        ]),
        .target(name: "WatchfloorReports", dependencies: ["WatchfloorCore", "WatchfloorStore"], exclude: ["README.md"]),
        .target(name: "WatchfloorTerminal", dependencies: ["WatchfloorCore", "CNcursesw"]),
        .target(name: "WatchfloorUI", dependencies: [
            "WatchfloorCore", "WatchfloorStore", "WatchfloorGeo", "WatchfloorTerminal",
            "WatchfloorReports", "WatchfloorIngest",
        ]),

        // Executables.
        .executableTarget(name: "watchfloor", dependencies: [
            "WatchfloorCore", "WatchfloorStore", "WatchfloorIngest", "WatchfloorReports", "WatchfloorUI",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "watchfloord", dependencies: [
            "WatchfloorCore", "WatchfloorStore", "WatchfloorIngest", "WatchfloorListeners",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
        ]),
        .executableTarget(name: "watchfloor-bench", dependencies: [
            "WatchfloorCore", "WatchfloorStore", "WatchfloorIngest", "WatchfloorGeo", "WatchfloorListeners",
            "WatchfloorReports", "WatchfloorTerminal", "WatchfloorUI",
        ]),

        // Tests mirror the layers; EndToEndTests drive the built binaries.
        .testTarget(name: "WatchfloorCoreTests", dependencies: ["WatchfloorCore"]),
        .testTarget(name: "WatchfloorGeoTests", dependencies: ["WatchfloorGeo"], exclude: ["Golden"]),
        .testTarget(name: "WatchfloorStoreTests", dependencies: ["WatchfloorStore"]),
        .testTarget(name: "WatchfloorIngestTests", dependencies: ["WatchfloorIngest"]),
        .testTarget(name: "WatchfloorListenersTests", dependencies: ["WatchfloorListeners", "WatchfloorIngest", "WatchfloorStore"]),
        .testTarget(name: "WatchfloorReportsTests", dependencies: ["WatchfloorReports"], exclude: ["Golden"]),
        .testTarget(name: "WatchfloorTerminalTests", dependencies: ["WatchfloorTerminal"], exclude: ["Golden"]),
        .testTarget(name: "WatchfloorUITests", dependencies: ["WatchfloorUI"], exclude: ["Golden", "MapGolden"]),
        .testTarget(name: "EndToEndTests", dependencies: ["WatchfloorCore", "WatchfloorStore", "WatchfloorIngest"]),
    ],
    swiftLanguageModes: [.v5]
)
