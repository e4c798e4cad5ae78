// swift-tools-version: 6.1
// The libFuzzer harness over the iCalendar reader and the holiday import. It only builds with
// `-sanitize=fuzzer` (libFuzzer supplies `main`), so it is a package of its own beside the
// planner's, which keeps it out of the default `swift build` and `swift test`. Run it with
// `make fuzz` from the repository root.
import PackageDescription

let package = Package(
    name: "AllyshipPlannerFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "AllyshipPlanner", path: "..")
    ],
    targets: [
        .executableTarget(
            name: "ICalendarFuzz",
            dependencies: [
                .product(name: "ICalendar", package: "AllyshipPlanner"),
                .product(name: "CalendarFeeds", package: "AllyshipPlanner"),
            ],
            swiftSettings: [.enableUpcomingFeature("ExistentialAny"), .unsafeFlags(["-parse-as-library"])]
        )
    ],
    swiftLanguageModes: [.v6]
)
