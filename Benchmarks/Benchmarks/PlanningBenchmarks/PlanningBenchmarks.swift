import Benchmark
import Foundation
import Planning

/// The planning engines: programme + organisers of an example-like year, and the large case
/// (500 members, 2,000 sessions) that must finish under two seconds.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 20)

    Benchmark("Programme + assignment of an example-like year") { benchmark in
        guard let workload = try? PlanningWorkloads.exampleLike() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(PlanningWorkloads.planYear(workload)) }
    }

    Benchmark("Assignment: 500 members, 2,000 sessions", configuration: .init(maxIterations: 5)) { benchmark in
        guard let workload = try? PlanningWorkloads.large() else { return }
        let plan = workload.plan
        let problem = AssignmentProblem(
            group: plan.group, members: plan.members, activities: plan.activities, catalogue: workload.catalogue,
            sessions: workload.sessions)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(OrganiserAssigner.assign(problem)) }
    }

    Benchmark("Programme + assignment: 500 members, 2,000 sessions", configuration: .init(maxIterations: 5)) {
        benchmark in
        guard let workload = try? PlanningWorkloads.large() else { return }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(PlanningWorkloads.planYear(workload)) }
    }
}
