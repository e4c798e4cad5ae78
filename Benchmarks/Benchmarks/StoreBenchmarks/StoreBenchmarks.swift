import Benchmark
import Foundation
import PlannerStore
import Planning

// Issue 3's figures: import a group of 200 members and 2,000 sessions into a fresh store, and
// load the whole group snapshot back. The group is built once, outside the measured region.

let benchmarks: @Sendable () -> Void = {
    let fixture: (Catalogue, GroupPlan)
    do {
        fixture = try LargeGroup.make(members: 200, weeklySeries: 20, weeks: 100)
    } catch {
        fatalError("cannot build the benchmark group: \(error)")  // a bug in the benchmark itself
    }
    let (catalogue, plan) = fixture
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .mallocCountTotal], maxDuration: .seconds(20),
        maxIterations: 20)

    Benchmark("Import a group of 200 members and 2,000 sessions", configuration: configuration) { benchmark in
        for _ in benchmark.scaledIterations {
            let store = try PlannerStore.inMemory()
            try store.installCatalogue(catalogue)
            benchmark.startMeasurement()
            blackHole(try store.importGroup(plan))
            benchmark.stopMeasurement()
        }
    }

    Benchmark("Load the snapshot of a group of 200 members and 2,000 sessions", configuration: configuration) {
        (benchmark: Benchmark, store: PlannerStore) in
        for _ in benchmark.scaledIterations {
            blackHole(try store.snapshot(of: plan.group.slug))
        }
    } setup: {
        let store = try PlannerStore.inMemory()
        try store.installCatalogue(catalogue)
        try store.importGroup(plan)
        return store
    }
}

/// A synthetic group: `members` members and `weeklySeries` weekly series of `weeks` sessions.
enum LargeGroup {
    static func make(members: Int, weeklySeries: Int, weeks: Int) throws -> (Catalogue, GroupPlan) {
        let gap = try GAPPriority(id: GAPPriorityID("INT-WORKENV"), title: "Working environment", scope: .internal)
        let themes = try (0..<20).map { index in
            try Theme(
                slug: Slug("theme-\(index)"), title: "Theme \(index)", category: .atWork, source: .conversationStarter,
                summary: "A theme.", gap: [gap.id], color: "teal")
        }
        let kind = try ActivityKind(
            slug: Slug("lunch-and-learn"), title: "Lunch and learn", durationMinutes: 60,
            timeOfDay: LocalTime(hour: 12, minute: 30), format: .inPerson, audience: .staff, privacy: .public,
            organisers: OrganiserSlots(count: 1))
        let catalogue = try Catalogue(gapPriorities: [gap], themes: themes, activityKinds: [kind], observances: [])
        let weekdays: [Weekday] = [.mon, .tue, .wed, .thu, .fri]
        let people = try (0..<members).map { index in
            try Member(
                id: Slug("member-\(index)"), name: "Member \(index)", email: "member\(index)@example.org",
                role: index < 2 ? .coChair : .member, staffCategory: index % 3 == 0 ? .national : .international,
                joined: LocalDate(year: 2025, month: 1, day: 1 + index % 28),
                interests: [themes[index % themes.count].slug, themes[(index + 7) % themes.count].slug],
                availability: [
                    AvailabilityWindow(
                        days: [weekdays[index % 5], weekdays[(index + 2) % 5]], from: LocalTime(hour: 12, minute: 0),
                        to: LocalTime(hour: 14, minute: 0))
                ],
                absences: [
                    Absence(
                        from: LocalDate(year: 2027, month: 7, day: 1 + index % 20),
                        to: LocalDate(year: 2027, month: 7, day: 8 + index % 20), reason: "leave")
                ],
                capacityPerMonth: 2)
        }
        let activities = try (0..<weeklySeries).map { index in
            let weekday = weekdays[index % 5]
            // The first such weekday on or after Monday 4 January 2027.
            let first = try LocalDate(year: 2027, month: 1, day: 4 + index % 5)
            return try Activity(
                slug: Slug("series-\(index)"), kind: kind.slug, title: "Series \(index)",
                schedule: .series(
                    Series(
                        rule: RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=\(weekday.icalCode)"),
                        start: LocalDateTime(date: first, time: LocalTime(hour: 12, minute: 30 - index % 2 * 30)),
                        count: weeks)))
        }
        let group = try Group(
            slug: Slug("large"), name: "A large group", dutyStation: "Vienna", country: CountryCode("AT"),
            timeZone: TimeZoneID("Europe/Vienna"), venue: Venue(name: "Room 1", address: "Vienna"),
            missionStatement: "Benchmarking.", settings: GroupSettings())
        return (catalogue, try GroupPlan(group: group, members: people, activities: activities))
    }
}
