import Benchmark
import CalendarFeeds
import Foundation
import Planning

// Render the public and members feeds of a group with 2,000 sessions (four weekly series over
// ten years of history): every other session re-themed (an override), every session staffed.

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal], maxDuration: .seconds(10),
        maxIterations: 30)

    let renderer: FeedRenderer
    do {
        renderer = try FeedBenchmarkGroup.renderer(sessions: 2_000)
    } catch {
        print("cannot build the benchmark group: \(error)")
        return
    }

    Benchmark("Public feed, 2,000 sessions") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try renderer.render(.group).data.count)
        }
    }

    Benchmark("Members feed, 2,000 sessions") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try renderer.render(.members).data.count)
        }
    }
}

/// A synthetic group: four weekly series from 2020, 500 sessions each.
enum FeedBenchmarkGroup {
    static func renderer(sessions total: Int) throws -> FeedRenderer {
        let gap = try GAPPriorityID("INT-WORKENV")
        let themes = try (0..<6).map { index in
            try Theme(
                slug: Slug("theme-\(index)"), title: "Theme \(index), with a comma", category: .atWork,
                source: .conversationStarter, summary: "What theme \(index) is about, in one sentence.", gap: [gap],
                color: ["steelblue", "seagreen", "purple", "peru", "darkorange", "teal"][index])
        }
        let kind = try ActivityKind(
            slug: Slug("lunch-and-learn"), title: "Lunch and learn", durationMinutes: 60,
            timeOfDay: LocalTime(hour: 12, minute: 30), format: .hybrid, audience: .staff, privacy: .public,
            organisers: OrganiserSlots(count: 1))
        let catalogue = try Catalogue(
            gapPriorities: [GAPPriority(id: gap, title: "Working environment", scope: .internal)], themes: themes,
            activityKinds: [kind], observances: [])
        let group = try Group(
            slug: Slug("bench"), name: "Benchmark group", dutyStation: "Vienna", country: CountryCode("AT"),
            timeZone: TimeZoneID("Europe/Vienna"),
            venue: Venue(name: "Room 1", address: "Street 1, Vienna", latitude: 48.2, longitude: 16.37),
            missionStatement: "Benchmarking.", settings: GroupSettings())
        let members = try (0..<20).map { index in
            try Member(
                id: Slug("member-\(index)"), name: "Member \(index)", email: "member\(index)@example.org", role: .member,
                staffCategory: .national, joined: LocalDate(year: 2019, month: 1, day: 1), capacityPerMonth: 4)
        }
        let days: [Weekday] = [.mon, .tue, .wed, .thu]
        let perSeries = total / days.count
        let activities = try days.enumerated().map { index, day in
            try Activity(
                slug: Slug("series-\(day.rawValue)"), kind: kind.slug, title: "Lunch and learn (\(day.shortName))",
                schedule: .series(
                    Series(
                        rule: RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=\(day.icalCode)"),
                        start: LocalDateTime(year: 2020, month: 1, day: 6 + index, hour: 12, minute: 30), count: perSeries)))
        }
        var plan = try GroupPlan(group: group, members: members, activities: activities)
        let expanded = try SessionExpansion.sessions(
            for: plan, catalogue: catalogue, window: LocalDate(year: 2020, month: 1, day: 1)...LocalDate(year: 2030, month: 12, day: 31))
        let sessions = try expanded.enumerated().map { index, session in
            try Session(
                activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                theme: index % 2 == 0 ? themes[index % themes.count].slug : nil,
                organisers: [Assignment(memberID: members[index % members.count].id, role: .organiser)],
                status: .confirmed)
        }
        plan = try plan.replacingSessions(sessions)
        let stamp = FeedStamp(sequence: 1, created: Date(timeIntervalSince1970: 1_577_836_800), modified: Date(timeIntervalSince1970: 1_577_836_800))
        let source = FeedSource(
            plan: plan, catalogue: catalogue, activityStamps: Dictionary(uniqueKeysWithValues: activities.map { ($0.slug, stamp) }),
            sessionStamps: Dictionary(uniqueKeysWithValues: sessions.map { ($0.id, stamp) }))
        let options = FeedOptions(baseURL: URL(string: "https://bench.example.org") ?? URL(fileURLWithPath: "/"), now: Date(timeIntervalSince1970: 1_900_000_000))
        return FeedRenderer(source: source, options: options)
    }
}
