import Benchmark
import Foundation
import Planning

/// The planning engines: programme + organisers of an example-like year, the large case (500
/// members, 2,000 sessions), and the organiser assignment of realistic generated groups (20 × 40,
/// 60 × 150, 500 × 2,000; see `RealisticGroups`).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal], maxDuration: .seconds(10), maxIterations: 20)

    for (members, sessions, iterations) in [(20, 40, 20), (60, 150, 3), (500, 2000, 3)] {
        Benchmark(
            "Assignment of a realistic year: \(members) members, \(sessions) sessions",
            configuration: .init(maxDuration: .seconds(120), maxIterations: iterations)
        ) { benchmark in
            guard let problem = try? RealisticGroups.problem(seed: 12, members: members, sessions: sessions) else {
                fatalError("the generator failed")
            }
            // Once before the timing: the plan keeps every rule, and what the solver proved.
            let result = OrganiserAssigner.assign(problem)
            let breaches = PlanChecker.check(
                sessions: result.sessions, members: problem.members, group: problem.group,
                catalogue: problem.catalogue, activities: problem.activities)
            guard breaches.isEmpty else { fatalError("the plan breaks a rule: \(breaches)") }
            FileHandle.standardError.write(
                Data(
                    ("\(members)×\(problem.sessions.count): \(result.score); bound \(result.bound); proven "
                        + "\(result.provenOptimal); gap \(result.gap.map { String($0) } ?? "-"); nodes \(result.nodes)\n")
                        .utf8))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(OrganiserAssigner.assign(problem)) }
        }
    }

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
