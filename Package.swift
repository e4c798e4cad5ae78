// swift-tools-version: 6.1
// The Allyship Planner: planning library, SQLite store, iCalendar feeds over libical,
// the `planner` command line and the `plannerd` daemon. See README.md for the code map.
import PackageDescription

// The compiler keeps the layering: an import is internal unless a file says `public import`
// (a module's public API shows what it exposes), and a member can only be used from a module
// the file imports itself.
let strictSwift: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "AllyshipPlanner",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Planning", targets: ["Planning"]),
        .library(name: "Optimizer", targets: ["Optimizer"]),
        .library(name: "PlanningFixtures", targets: ["PlanningFixtures"]),
        .library(name: "SeededRandom", targets: ["SeededRandom"]),
        .library(name: "ICalendar", targets: ["ICalendar"]),
        .library(name: "ICalendarFuzzing", targets: ["ICalendarFuzzing"]),
        .library(name: "Catalogues", targets: ["Catalogues"]),
        .library(name: "CalendarFeeds", targets: ["CalendarFeeds"]),
        .library(name: "PlannerStore", targets: ["PlannerStore"]),
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "QRCode", targets: ["QRCode"]),
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "PlannerServer", targets: ["PlannerServer"]),
        .library(name: "PlannerCommands", targets: ["PlannerCommands"]),
        .executable(name: "planner", targets: ["planner"]),
        .executable(name: "plannerd", targets: ["plannerd"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        // plannerd's configuration: its YAML file and PLANNERD_* variables, below the parsed flags.
        .package(url: "https://github.com/apple/swift-configuration", from: "1.4.0", traits: ["YAML"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        // Hummingbird's own building blocks, imported directly by PlannerServer's poll fast path.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        // The impact report's CSV, written (and read back by the tests) by a CSV library.
        .package(url: "https://github.com/yaslab/CSV.swift", from: "2.5.2"),
        // The assigner's water-filling bound takes its heap from here (Hummingbird already
        // depends on the package; the same URL keeps one identity).
        .package(url: "https://github.com/apple/swift-collections.git", from: "1.1.0"),
    ],
    targets: [
        // MARK: Domain and engines (Foundation, the solver and a heap)
        .target(
            name: "Planning",
            dependencies: ["Optimizer", .product(name: "HeapModule", package: "swift-collections")],
            swiftSettings: strictSwift
        ),

        // Seeded realistic groups (the toolkit's sizes, leave, missions, narrow availability): the
        // benchmarks time them and the tests check their plans with the independent rule checker.
        .target(name: "PlanningFixtures", dependencies: ["Planning", "SeededRandom"], swiftSettings: strictSwift),
        // SplitMix64, the one seeded generator of the fuzzers and the generated groups.
        .target(name: "SeededRandom", swiftSettings: strictSwift),

        // MARK: Mixed-integer programming over the system COIN-OR CBC
        .systemLibrary(
            name: "CCbc",
            pkgConfig: "cbc",
            providers: [.apt(["coinor-libcbc-dev"])]
        ),
        .target(name: "Optimizer", dependencies: ["CCbc"], swiftSettings: strictSwift),

        // MARK: QR codes over the system libqrencode
        .systemLibrary(
            name: "CQRencode",
            pkgConfig: "libqrencode",
            providers: [.apt(["libqrencode-dev"])]
        ),
        .target(name: "QRCode", dependencies: ["CQRencode"], swiftSettings: strictSwift),

        // MARK: iCalendar over the system libical
        .systemLibrary(
            name: "CLibical",
            pkgConfig: "libical",
            providers: [.apt(["libical-dev"])]
        ),
        .target(
            name: "ICalendar",
            dependencies: ["CLibical"],
            swiftSettings: strictSwift,
            linkerSettings: [.linkedLibrary("ical")]
        ),

        // Hostile iCalendar input for the fuzz tests and the libFuzzer harness in Fuzz/.
        .target(name: "ICalendarFuzzing", dependencies: ["SeededRandom"], swiftSettings: strictSwift),

        // MARK: Human-edited YAML (catalogues, groups)
        .target(
            name: "Catalogues",
            dependencies: ["Planning", .product(name: "Yams", package: "Yams")],
            swiftSettings: strictSwift
        ),

        // MARK: Planning ⇄ iCalendar
        .target(
            name: "CalendarFeeds",
            dependencies: ["Planning", "ICalendar"],
            swiftSettings: strictSwift
        ),

        // MARK: SQLite store
        .target(
            name: "PlannerStore",
            dependencies: [
                "Planning", .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: The impact report rendered (Markdown, CSV, JSON, printable HTML with SVG charts)
        .target(
            name: "Reports",
            dependencies: [
                "Planning", .product(name: "CSV", package: "CSV.swift"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSwift
        ),

        // MARK: The coordinator's workflows, once for the CLI, the API and the first run
        .target(
            name: "Workflows",
            dependencies: [
                "Planning", "PlannerStore", "Catalogues", "CalendarFeeds",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: The daemon as a library
        .target(
            name: "PlannerServer",
            dependencies: [
                "Planning", "PlannerStore", "CalendarFeeds", "Catalogues", "Workflows", "Reports", "QRCode",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: strictSwift
        ),

        // MARK: The command line as a library
        .target(
            name: "PlannerCommands",
            dependencies: [
                "Planning", "Catalogues", "CalendarFeeds", "PlannerStore", "Workflows", "Reports", "QRCode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSwift
        ),

        // MARK: Thin executables
        .executableTarget(name: "planner", dependencies: ["PlannerCommands"], swiftSettings: strictSwift),
        .executableTarget(
            name: "plannerd",
            dependencies: ["PlannerServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSwift
        ),

        // MARK: Tests, one target per module
        .testTarget(
            name: "PlanningTests",
            dependencies: [
                "Planning", "PlanningFixtures", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(name: "OptimizerTests", dependencies: ["Optimizer"], swiftSettings: strictSwift),
        .testTarget(name: "QRCodeTests", dependencies: ["QRCode"], swiftSettings: strictSwift),
        .testTarget(
            name: "ReportsTests",
            dependencies: ["Reports", "Planning", .product(name: "CSV", package: "CSV.swift")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "ICalendarTests",
            dependencies: [
                "ICalendar", "ICalendarFuzzing", "SeededRandom",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Fixtures")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "CataloguesTests",
            dependencies: ["Catalogues"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "CalendarFeedsTests",
            dependencies: [
                "CalendarFeeds", "Catalogues", "PlannerStore", "PlannerCommands", "ICalendarFuzzing", "SeededRandom",
            ],
            exclude: ["Golden", "Imports"],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PlannerStoreTests",
            dependencies: ["PlannerStore", "Catalogues", .product(name: "GRDB", package: "GRDB.swift")],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PlannerServerTests",
            dependencies: [
                "PlannerServer", "PlannerStore", "Catalogues", "CalendarFeeds", "ICalendar",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "WorkflowsTests",
            dependencies: [
                "Workflows", "PlannerStore", "Catalogues", "Planning", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSwift
        ),
        .testTarget(
            name: "PlannerCommandsTests",
            dependencies: [
                "PlannerCommands", "PlannerStore", "Workflows", .product(name: "CSV", package: "CSV.swift"),
            ],
            exclude: ["Golden"],
            swiftSettings: strictSwift
        ),
    ],
    swiftLanguageModes: [.v6]
)
