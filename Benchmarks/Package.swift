// swift-tools-version: 6.1
// Speed of the ICalendar module (Swift over libical) against libical's own C calls.
// Run: cd Benchmarks && swift package --disable-sandbox benchmark
import PackageDescription

let package = Package(
    name: "AllyshipPlannerBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "AllyshipPlanner", path: ".."),
        .package(url: "https://github.com/ordo-one/package-benchmark", from: "1.29.0", traits: ["MallocInterposer"]),
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
                .product(name: "Benchmark", package: "package-benchmark"),
                .product(name: "ICalendar", package: "AllyshipPlanner"),
                "LibicalBaseline",
            ],
            path: "Benchmarks/ICalendarBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "package-benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
