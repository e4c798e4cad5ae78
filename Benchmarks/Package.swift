// swift-tools-version: 6.1
// The project's speed, measured with package-benchmark (never in timed tests):
// - ICalendarBenchmarks: the ICalendar module (Swift over libical) against libical's own C calls;
// - StoreBenchmarks: importing and loading a 200-member, 2,000-session group;
// - PlanningBenchmarks: programme + assignment of an example year and of 500 members / 2,000 sessions;
// - FeedBenchmarks: rendering the public and members feeds of a 2,000-session group;
// - ReportBenchmarks: the impact report of 20 groups x 2 years with outcomes and 20,000 answers.
// Run: make bench (or: cd Benchmarks && swift package --disable-sandbox benchmark)
import PackageDescription

let package = Package(
    name: "AllyshipPlannerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "AllyshipPlanner", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // The same workload written directly against libical in C: the baseline.
        .target(
            name: "LibicalBaseline",
            path: "Sources/LibicalBaseline",
            linkerSettings: [.linkedLibrary("ical")]
        ),
        .executableTarget(
            name: "ICalendarBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "ICalendar", package: "AllyshipPlanner"),
                "LibicalBaseline",
            ],
            path: "Benchmarks/ICalendarBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "StoreBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "AllyshipPlanner"),
                .product(name: "PlannerStore", package: "AllyshipPlanner"),
            ],
            path: "Benchmarks/StoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The planning engines: the example year, and 500 members with 2,000 sessions.
        .executableTarget(
            name: "PlanningBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "AllyshipPlanner"),
                .product(name: "PlanningFixtures", package: "AllyshipPlanner"),
                .product(name: "SeededRandom", package: "AllyshipPlanner"),
            ],
            path: "Benchmarks/PlanningBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Rendering the public and members feeds of a group with 2,000 sessions.
        .executableTarget(
            name: "FeedBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "CalendarFeeds", package: "AllyshipPlanner"),
                .product(name: "Planning", package: "AllyshipPlanner"),
            ],
            path: "Benchmarks/FeedBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // The impact report of a network: 20 groups, 2 years, 20,000 feedback answers.
        .executableTarget(
            name: "ReportBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "Planning", package: "AllyshipPlanner"),
                .product(name: "Reports", package: "AllyshipPlanner"),
            ],
            path: "Benchmarks/ReportBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
