import Benchmark
import Foundation
import Planning
import PlanningFixtures

/// The planning engines: programme + organisers of an example-like year, the large case (500
/// members, 2,000 sessions), and the organiser assignment and the programme of realistic
/// generated groups (20 × 40, 60 × 150, 500 × 2,000; see `RealisticGroups`).
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

    for (members, sessions) in [(20, 40), (60, 150)] {
        Benchmark(
            "Programme of a realistic year: \(members) members, \(sessions) sessions",
            configuration: .init(maxDuration: .seconds(60), maxIterations: 20)
        ) { benchmark in
            guard let problem = try? RealisticGroups.problem(seed: 12, members: members, sessions: sessions),
                let first = try? MonthKey(year: 2027, month: 1), let last = try? MonthKey(year: 2027, month: 12)
            else { fatalError("the generator failed") }
            let request = ProgrammePlanner.Request(
                group: problem.group, catalogue: problem.catalogue, members: problem.members,
                activities: problem.activities, sessions: problem.sessions, months: MonthKey.range(first, last))
            // Once before the timing: what the solver proved, and no theme twice in the year.
            let programme = ProgrammePlanner.plan(request)
            guard Set(programme.months.map(\.theme)).count == 12 else { fatalError("a theme repeats") }
            FileHandle.standardError.write(
                Data(
                    ("programme \(members)×\(sessions): proven \(programme.provenOptimal); nodes \(programme.nodes); "
                        + programme.targets.map(\.description).joined(separator: ", ") + "\n").utf8))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(ProgrammePlanner.plan(request)) }
        }
    }

    // A member declines one duty of a planned 60-member, 150-session year: the slot is freed,
    // every other duty is held, and the assigner fills only that slot (target: under 100 ms).
    Benchmark(
        "Re-filling one declined duty: 60 members, 150 sessions",
        configuration: .init(maxDuration: .seconds(60), maxIterations: 20)
    ) { benchmark in
        guard let problem = try? RealisticGroups.problem(seed: 12, members: 60, sessions: 150),
            let refill = try? declinedDuty(in: problem)
        else { fatalError("the generator failed") }
        // Once before the timing: the slot is filled by someone else and no other duty moved.
        let result = OrganiserAssigner.assign(refill.problem)
        for (before, after) in zip(refill.problem.sessions, result.sessions) where before.id != refill.session {
            guard Set(before.organisers.map(\.memberID)) == Set(after.organisers.map(\.memberID)) else {
                fatalError("re-filling moved \(before.id)")
            }
        }
        guard let filled = result.sessions.first(where: { $0.id == refill.session }),
            !filled.organisers.contains(where: { $0.memberID == refill.member }),
            filled.organisers.count > refill.problem.sessions.first(where: { $0.id == refill.session })?.organisers
                .count ?? 0
        else { fatalError("the declined slot was not re-filled by another member") }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(OrganiserAssigner.assign(refill.problem)) }
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

/// A planned year in which the organiser of a mid-year session declined: his duty removed, the
/// decline recorded, every other duty held (what `planner assign --keep-duties` solves).
func declinedDuty(in problem: AssignmentProblem) throws -> (
    problem: AssignmentProblem, session: Session.ID, member: Slug
) {
    var planned = problem
    planned.sessions = OrganiserAssigner.assign(problem).sessions
    guard
        let index = planned.sessions.indices.first(where: { index in
            let session = planned.sessions[index]
            return session.start.date.month >= 6 && session.organisers.contains { !$0.pinned }
        }),
        let declined = planned.sessions[index].organisers.first(where: { !$0.pinned })
    else { throw CancellationError() }
    let session = planned.sessions[index]
    planned.sessions[index] = try session.with(organisers: session.organisers.filter { $0 != declined })
        .with(declinedBy: [declined.memberID])
    return (try planned.holdingEveryDuty(), session.id, declined.memberID)
}
