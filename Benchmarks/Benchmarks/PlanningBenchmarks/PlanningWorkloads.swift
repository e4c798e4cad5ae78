import Foundation
import Planning
import PlanningFixtures
import SeededRandom

/// Synthetic but realistic planning workloads, built from a seed through Planning's public API:
/// an example-like year (twelve members, a monthly meeting, a fortnightly lunch-and-learn, a
/// kick-off and a fundraiser, Austrian holidays) and a large case (hundreds of members,
/// thousands of sessions).
enum PlanningWorkloads {
    struct Workload {
        let plan: GroupPlan
        let catalogue: Catalogue
        let sessions: [Session]
        let months: [MonthKey]
    }

    enum WorkloadError: Error { case invalid(String) }

    static func group(targets: [String: Int]) throws -> Group {
        try Group(
            slug: Slug("bench"), name: "Benchmark group", dutyStation: "Vienna", country: CountryCode("AT"),
            timeZone: TimeZoneID("Europe/Vienna"), venue: Venue(name: "Room 1", address: "Vienna"),
            missionStatement: "Allies.", settings: GroupSettings(),
            gapTargets: Dictionary(uniqueKeysWithValues: try targets.map { (try GAPPriorityID($0.key), $0.value) }))
    }

    static let times: [(Int, Int, Int)] = [(12, 30, 60), (15, 0, 90), (16, 0, 60), (12, 0, 60), (13, 0, 60)]

    /// `count` members with random windows, absences, interests, roles and capacities.
    static func members(_ count: Int, random: inout SplitMix64) throws -> [Member] {
        try (0..<count).map { index in
            let roll = Int.random(in: 0..<100, using: &random)
            let role: MemberRole = roll < 8 ? .coChair : roll < 12 ? .focalPoint : .member
            var windows: [AvailabilityWindow] = []
            let days = Array(Weekday.allCases.prefix(5)).shuffled(using: &random)
            windows.append(
                try AvailabilityWindow(
                    days: Array(days.prefix(3)), from: LocalTime(hour: 11, minute: 30),
                    to: LocalTime(hour: 14, minute: 0)))
            windows.append(
                try AvailabilityWindow(
                    days: Array(days.suffix(2)), from: LocalTime(hour: 14, minute: 30),
                    to: LocalTime(hour: 18, minute: 0)))
            let leave = LocalDate(
                dayNumber: try LocalDate(year: 2027, month: 1, day: 1).dayNumber
                    + Int.random(in: 0..<340, using: &random))
            return try Member(
                id: Slug("member-\(index)"), name: "Member \(index)", email: "member\(index)@example.org", role: role,
                staffCategory: .international, joined: LocalDate(year: 2026, month: 1, day: 1),
                interests: (0..<21).shuffled(using: &random).prefix(3).map { try Slug("theme-\($0)") },
                availability: windows,
                absences: [
                    Absence(
                        from: leave, to: leave.adding(days: Int.random(in: 5...20, using: &random)), reason: "leave")
                ],
                capacityPerMonth: Int.random(in: 1...3, using: &random))
        }
    }

    /// Twelve members, a monthly meeting (first Tuesday 15:00), a fortnightly lunch-and-learn
    /// (Wednesday 12:30), a kick-off and a fundraiser in 2027, with Austria's holidays.
    static func exampleLike() throws -> Workload {
        var random = SplitMix64(seed: 2027)
        let catalogue = try SyntheticCatalogue.make()
        let activities = [
            try Activity(
                slug: Slug("monthly-meeting"), kind: Slug("monthly-meeting"), title: "Monthly meeting",
                schedule: .series(
                    Series(
                        rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1TU"),
                        start: LocalDateTime(parsing: "2027-02-02T15:00"), until: LocalDate(parsing: "2027-12-31")))),
            try Activity(
                slug: Slug("lunch-and-learn"), kind: Slug("lunch-and-learn"), title: "Lunch and learn",
                schedule: .series(
                    Series(
                        rule: RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
                        start: LocalDateTime(parsing: "2027-02-10T12:30"), until: LocalDate(parsing: "2027-12-31")))),
            try Activity(
                slug: Slug("kick-off"), kind: Slug("kick-off"), title: "Kick-off",
                schedule: .oneOff(LocalDateTime(parsing: "2027-01-19T16:00")), theme: Slug("theme-1")),
            try Activity(
                slug: Slug("fundraiser"), kind: Slug("fundraiser"), title: "Fundraiser",
                schedule: .oneOff(LocalDateTime(parsing: "2027-11-25T12:00")), theme: Slug("theme-4")),
        ]
        let holidays = [
            "2027-01-01", "2027-01-06", "2027-03-29", "2027-05-06", "2027-05-17", "2027-05-27", "2027-10-26",
            "2027-11-01", "2027-12-08",
        ]
        let blackouts =
            try holidays.map { try Blackout(date: LocalDate(parsing: $0), reason: "Public holiday", source: .holiday) }
            + [
                try Blackout(
                    from: LocalDate(parsing: "2027-08-09"), to: LocalDate(parsing: "2027-08-13"),
                    reason: "Summer closure", source: .closure)
            ]
        let plan = try GroupPlan(
            group: group(targets: ["PS-VAW": 2, "INT-WORKENV": 2, "PS-ECONOMIC": 2]),
            members: members(12, random: &random),
            activities: activities, blackouts: blackouts)
        return try workload(plan, catalogue)
    }

    /// `memberCount` members and about `sessionCount` sessions in 2027: weekly series on every
    /// working day at five times of day (a tenth monthly meetings, a tenth two-organiser fundraisers).
    static func large(members memberCount: Int = 500, sessions sessionCount: Int = 2000) throws -> Workload {
        var random = SplitMix64(seed: 500)
        let catalogue = try SyntheticCatalogue.make()
        let seriesCount = max(1, sessionCount / 50)
        let first = try LocalDate(year: 2027, month: 1, day: 4)
        let activities = try (0..<seriesCount).map { index in
            let day = first.adding(days: index % 5)
            let (hour, minute, length) = times[(index / 5) % times.count]
            let start = LocalDateTime(date: day, time: try LocalTime(hour: hour, minute: minute))
            let kind = index % 10 == 3 ? "fundraiser" : index % 10 == 7 ? "monthly-meeting" : "lunch-and-learn"
            return try Activity(
                slug: Slug("series-\(index)"), kind: Slug(kind), title: "Series \(index)",
                schedule: .series(Series(rule: RecurrenceRule(parsing: "FREQ=WEEKLY"), start: start, count: 50)),
                durationMinutes: length)
        }
        let plan = try GroupPlan(
            group: group(targets: ["PS-VAW": 20, "INT-WORKENV": 20]), members: members(memberCount, random: &random),
            activities: activities)
        return try workload(plan, catalogue)
    }

    static func workload(_ plan: GroupPlan, _ catalogue: Catalogue) throws -> Workload {
        let year = try LocalDate(year: 2027, month: 1, day: 1)...LocalDate(year: 2027, month: 12, day: 31)
        let sessions = try BlackoutMover.place(
            SessionExpansion.sessions(for: plan, catalogue: catalogue, window: year), group: plan.group,
            blackouts: plan.blackouts)
        return Workload(
            plan: plan, catalogue: catalogue, sessions: sessions,
            months: MonthKey.range(try MonthKey(year: 2027, month: 1), try MonthKey(year: 2027, month: 12)))
    }

    /// The programme, then the organisers, of a workload.
    static func planYear(_ workload: Workload) -> (Programme, AssignmentResult) {
        let plan = workload.plan
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                group: plan.group, catalogue: workload.catalogue, members: plan.members, activities: plan.activities,
                sessions: workload.sessions, months: workload.months))
        let result = OrganiserAssigner.assign(
            AssignmentProblem(
                group: plan.group, members: plan.members, activities: plan.activities, catalogue: workload.catalogue,
                sessions: programme.sessions))
        return (programme, result)
    }
}
