import Benchmark
import Foundation
import ICalendar
import LibicalBaseline

// Pairs: the Swift ICalendar module, and the same work in direct libical C calls
// (Sources/LibicalBaseline). The Swift layer should cost at most 30% more than the C baseline.

let count = 10_000

/// Built once: the Swift value, its text, and the C baseline's text (they must be identical).
let model = Workload.calendar(count: count)
let swiftText: String = (try? model.serialized()) ?? ""
let baselineText: String = {
    guard let pointer = baseline_build_and_serialise(Int32(count)) else { return "" }
    defer { baseline_free_string(pointer) }
    return String(cString: pointer)
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal],
        warmupIterations: 1,
        scalingFactor: .one,
        maxDuration: .seconds(10),
        maxIterations: 12
    )

    if swiftText != baselineText {
        print(
            "WARNING: Swift and C baselines wrote different text (\(swiftText.utf8.count) vs \(baselineText.utf8.count) bytes)"
        )
    } else {
        print("Swift and C write identical text: \(swiftText.utf8.count) bytes, \(model.events.count) VEVENTs")
    }

    Benchmark("Swift: build + serialise 10k events") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try model.serialized())
        }
    }
    Benchmark("C libical: build + serialise 10k events") { benchmark in
        for _ in benchmark.scaledIterations {
            let text = baseline_build_and_serialise(Int32(count))
            blackHole(text)
            baseline_free_string(text)
        }
    }

    Benchmark("Swift: parse 10k events to values") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try ICSCalendar.parse(swiftText))
        }
    }
    Benchmark("C libical: parse 10k events and read them") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(baseline_parse(baselineText))
        }
    }

    Benchmark("Swift: expand a year") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try model.occurrences(in: Workload.year))
        }
    }
    nonisolated(unsafe) var tree: UnsafeMutableRawPointer?
    Benchmark(
        "C libical: expand a year",
        configuration: .init(
            setup: { tree = baseline_parse_tree(baselineText) },
            teardown: { baseline_free_tree(tree) })
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(baseline_expand(tree, 1_767_225_600, 1_798_761_600))
        }
    }
}
