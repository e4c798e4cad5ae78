import Benchmark
import Foundation
import Planning
import Reports

// The impact report of a network of 20 groups × 2 years: a weekly series and a monthly
// confidential discussion per group (2,360 sessions), every past session with an outcome, and
// 20,000 anonymous feedback answers. Computed for the coordinator, then rendered.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal], maxDuration: .seconds(10),
        maxIterations: 30)

    let network: ReportBenchmarkNetwork
    let renderer: ReportRenderer
    do {
        network = try ReportBenchmarkNetwork(groups: 20, answers: 20_000)
        renderer = try ReportRenderer()
    } catch {
        print("cannot build the benchmark network: \(error)")
        return
    }

    Benchmark("Network impact report, 20 groups x 2 years, 20,000 answers: computed") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(network.report().sessions.held)
        }
    }

    for format in [ReportFormat.json, .html, .csv] {
        Benchmark("Network impact report, 20 groups x 2 years, 20,000 answers: computed and rendered as \(format)") {
            benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(try renderer.render(network.report(), as: format).utf8.count)
            }
        }
    }
}

/// Twenty synthetic groups with two years of sessions, outcomes and feedback.
struct ReportBenchmarkNetwork {
    let snapshots: [GroupSnapshot]
    let feedback: [[Session.ID: [FeedbackAnswer]]]
    let catalogue: Catalogue
    let period: ClosedRange<LocalDate>

    init(groups count: Int, answers: Int) throws {
        let priorities = try ["INT-WORKENV", "PS-VAW", "INT-CAPACITY"].map { try GAPPriorityID($0) }
        let themes = try (0..<6).map { index in
            try Theme(
                slug: Slug("theme-\(index)"), title: "Theme \(index)", category: .atWork,
                source: .conversationStarter, summary: "What theme \(index) is about.",
                gap: [priorities[index % priorities.count]], color: "steelblue")
        }
        let open = try ActivityKind(
            slug: Slug("lunch-and-learn"), title: "Lunch and learn", durationMinutes: 60,
            timeOfDay: LocalTime(hour: 12, minute: 30), format: .hybrid, audience: .staff, privacy: .public,
            organisers: OrganiserSlots(count: 1))
        let closed = try ActivityKind(
            slug: Slug("safe-space"), title: "Safe space", durationMinutes: 90,
            timeOfDay: LocalTime(hour: 16, minute: 0), format: .inPerson, audience: .members, privacy: .confidential,
            organisers: OrganiserSlots(count: 1))
        catalogue = try Catalogue(
            gapPriorities: priorities.map { try GAPPriority(id: $0, title: "Priority \($0)", scope: .internal) },
            themes: themes, activityKinds: [open, closed], observances: [])
        period = try LocalDate(year: 2027, month: 1, day: 1)...LocalDate(year: 2028, month: 12, day: 31)
        var snapshots: [GroupSnapshot] = []
        var sessionCount = 0
        for g in 0..<count {
            let group = try Group(
                slug: Slug("group-\(g)"), name: "Group \(g)", dutyStation: "Station \(g)", country: CountryCode("AT"),
                timeZone: TimeZoneID("Europe/Vienna"), venue: Venue(name: "Room", address: "Street 1"),
                missionStatement: "Benchmarking.", settings: GroupSettings(report: .public),
                gapTargets: Dictionary(uniqueKeysWithValues: priorities.map { ($0, 6) }))
            let members = try (0..<15).map { index in
                try Member(
                    id: Slug("member-\(index)"), name: "Member \(g)-\(index)", email: "m\(g)-\(index)@example.org",
                    role: .member, staffCategory: .national, joined: LocalDate(year: 2026, month: 1, day: 1),
                    capacityPerMonth: 4)
            }
            let activities = [
                try Activity(
                    slug: Slug("weekly"), kind: open.slug, title: "Lunch and learn",
                    schedule: .series(
                        Series(
                            rule: RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=WE"),
                            start: LocalDateTime(year: 2027, month: 1, day: 6, hour: 12, minute: 30), count: 104))),
                try Activity(
                    slug: Slug("safe-space"), kind: closed.slug, title: "Safe-space discussion",
                    schedule: .series(
                        Series(
                            rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1TU"),
                            start: LocalDateTime(year: 2027, month: 1, day: 5, hour: 16, minute: 0), count: 14))),
            ]
            var plan = try GroupPlan(group: group, members: members, activities: activities)
            let expanded = try SessionExpansion.sessions(for: plan, catalogue: catalogue, window: period)
            let sessions = try expanded.enumerated().map { index, session in
                try Session(
                    activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                    theme: themes[index % themes.count].slug,
                    organisers: [Assignment(memberID: members[index % members.count].id, role: .organiser)],
                    status: index % 25 == 0 ? .cancelled : .confirmed)
            }
            plan = try plan.replacingSessions(sessions)
            var outcomes: [Session.ID: SessionOutcome] = [:]
            for (index, session) in sessions.enumerated() where session.status != .cancelled {
                outcomes[session.id] = try SessionOutcome(
                    held: index % 10 != 0, attendance: index % 10 != 0 ? 8 + index % 12 : nil,
                    women: index % 10 != 0 && index % 3 == 0 ? 3 : nil)
            }
            sessionCount += sessions.count
            snapshots.append(
                GroupSnapshot(
                    plan: plan, revision: 1, modified: Date(timeIntervalSince1970: 0), activityStamps: [:],
                    sessionStamps: [:], outcomes: outcomes))
        }
        self.snapshots = snapshots
        // The answers spread over every session in turn.
        var feedback = snapshots.map { _ in [Session.ID: [FeedbackAnswer]]() }
        let all = snapshots.enumerated().flatMap { g, snapshot in snapshot.plan.sessions.map { (g, $0.id) } }
        for index in 0..<answers {
            let (g, id) = all[index % max(1, all.count)]
            feedback[g][id, default: []].append(
                try FeedbackAnswer(
                    usefulness: 1 + index % 5, again: index % 3 == 0 ? .maybe : .yes,
                    change: index % 4 == 0 ? "Listen more, answer \(index)" : nil,
                    gender: index % 2 == 0 ? .woman : .man))
        }
        self.feedback = feedback
        precondition(sessionCount > 2_000, "the network has \(sessionCount) sessions")
    }

    /// The network's report for a coordinator of every group.
    func report() -> NetworkImpactReport {
        let groups = zip(snapshots, feedback).map { snapshot, answers in
            ImpactReport(
                snapshot: snapshot, catalogue: catalogue, feedback: answers, period: period,
                visibility: Visibility(.coordinator, group: snapshot.plan.group, catalogue: catalogue))
        }
        return NetworkImpactReport(groups: groups, period: period, audience: "coordinator")
    }
}
