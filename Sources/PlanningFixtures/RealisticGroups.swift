public import Planning
import SeededRandom

/// Seeded groups shaped like the ones the toolkit describes, for the assignment benchmarks:
/// national and international staff; office-hours, lunch-only and part-time availability;
/// summer and December leave, mission travel, parental leave; capacities of 1–3 duties a month;
/// a 7- or 14-day minimum gap; a year of the monthly meeting (chaired), fortnightly
/// lunch-and-learns alternating with two-organiser workshops, two-organiser screenings, a
/// two-chair kick-off and a two-organiser fundraiser, then weekly
/// coffees and reading circles in the large groups; pins (valid ones) on the earliest sessions.
/// The same seed gives the same group on every run. Nothing here is an expected answer: the
/// benchmarks check each plan with `PlanChecker`, the tests with their independent rule checker,
/// never against stored results. (It lives in the main package, not in `Benchmarks/`, so that
/// both can use it.)
public enum RealisticGroups {
    /// A generated group and its year as an assignment problem.
    public static func problem(seed: UInt64, members memberCount: Int, sessions sessionCount: Int) throws
        -> AssignmentProblem
    {
        var random = SplitMix64(seed: seed &* 0x2545_F491_4F6C_DD1D &+ UInt64(memberCount))
        let catalogue = try SyntheticCatalogue.make()
        let group = try Group(
            slug: Slug("realistic"), name: "Realistic group", dutyStation: "Vienna", country: CountryCode("AT"),
            timeZone: TimeZoneID("Europe/Vienna"), venue: Venue(name: "Room 1", address: "Vienna"),
            missionStatement: "Allies.", minimumGapDays: Bool.random(using: &random) ? 7 : 14,
            settings: GroupSettings(),
            gapTargets: [
                GAPPriorityID("PS-VAW"): 4, GAPPriorityID("INT-WORKENV"): 3, GAPPriorityID("INT-CAPACITY"): 2,
                GAPPriorityID("PS-ECONOMIC"): 2,
            ])
        let members = try (0..<memberCount).map { try member($0, of: memberCount, random: &random) }
        var past: [Slug: Int] = [:]
        for member in members {
            past[member.id] = [0, 0, 0, 1, 2, 3, 5, 8].randomElement(using: &random) ?? 0
        }
        var (activities, sessions) = try year(sessionCount, random: &random)
        sessions.sort { ($0.start, $0.activity) < ($1.start, $1.activity) }
        // Pins on the earliest sessions: a member the rules allow, checked together with the
        // pins before it.
        let pinCount = min(sessions.count, 2 + memberCount / 20)
        var pinned = 0
        for index in sessions.indices where pinned < pinCount {
            for member in members.shuffled(using: &random) {
                let trial = try sessions[index].with(organisers: [
                    Assignment(memberID: member.id, role: .organiser, pinned: true)
                ])
                var candidate = sessions
                candidate[index] = trial
                let breaches = PlanChecker.check(
                    sessions: candidate.filter { !$0.organisers.isEmpty }, members: members, group: group,
                    catalogue: catalogue, activities: activities)
                if breaches.isEmpty {
                    sessions = candidate
                    pinned += 1
                    break
                }
            }
        }
        activities.sort { $0.slug < $1.slug }
        return AssignmentProblem(
            group: group, members: members, activities: activities, catalogue: catalogue, sessions: sessions,
            pastDuties: past)
    }

    private static func date(_ month: Int, _ day: Int) throws -> LocalDate {
        try LocalDate(year: 2027, month: month, day: day)
    }

    private static func member(_ index: Int, of count: Int, random: inout SplitMix64) throws -> Member {
        let chairs = max(2, count / 25)
        let focal = max(1, count / 40)
        let role: MemberRole = index < chairs ? .coChair : index < chairs + focal ? .focalPoint : .member
        let international = Int.random(in: 0..<10, using: &random) < 6
        let weekdays = Array(Weekday.allCases.prefix(5))
        let windows: [AvailabilityWindow]
        switch Int.random(in: 0..<4, using: &random) {
        case 0, 1:  // office hours
            windows = [
                try AvailabilityWindow(
                    days: weekdays, from: LocalTime(hour: 9, minute: 0), to: LocalTime(hour: 17, minute: 30))
            ]
        case 2:  // lunch only
            windows = [
                try AvailabilityWindow(
                    days: weekdays, from: LocalTime(hour: 12, minute: 0), to: LocalTime(hour: 14, minute: 0))
            ]
        default:  // part time: three days
            windows = [
                try AvailabilityWindow(
                    days: Array(weekdays.shuffled(using: &random).prefix(3)), from: LocalTime(hour: 8, minute: 30),
                    to: LocalTime(hour: 16, minute: 30))
            ]
        }
        var absences: [Absence] = []
        if Int.random(in: 0..<10, using: &random) < 9 {
            let start = try date(7, 1).adding(days: Int.random(in: 0...45, using: &random))
            absences.append(
                try Absence(
                    from: start, to: start.adding(days: Int.random(in: 13...20, using: &random)), reason: "summer leave"
                ))
        }
        if Bool.random(using: &random) {
            absences.append(try Absence(from: date(12, 20), to: date(12, 31), reason: "December leave"))
        }
        for _ in 0..<(international ? Int.random(in: 0...4, using: &random) : 0) {
            let start = try date(1, 10).adding(days: Int.random(in: 0...320, using: &random))
            absences.append(
                try Absence(
                    from: start, to: start.adding(days: Int.random(in: 2...9, using: &random)), reason: "mission"))
        }
        if Int.random(in: 0..<20, using: &random) == 0 {
            let start = try date(2, 1).adding(days: Int.random(in: 0...200, using: &random))
            absences.append(
                try Absence(
                    from: start, to: start.adding(days: Int.random(in: 60...120, using: &random)),
                    reason: "parental leave"))
        }
        let capacity = [1, 1, 1, 1, 2, 2, 2, 3].randomElement(using: &random) ?? 1
        return try Member(
            id: Slug("m-\(index)"), name: "Member \(index)", email: "m\(index)@example.org", role: role,
            staffCategory: international ? .international : .national, joined: LocalDate(year: 2025, month: 1, day: 1),
            interests: (0..<21).shuffled(using: &random).prefix(Int.random(in: 2...4, using: &random)).map {
                try Slug("theme-\($0)")
            },
            availability: windows, absences: absences, capacityPerMonth: capacity)
    }

    /// The year's activities (one-offs, one per session, so every kind is simple to read) and
    /// sessions: the core programme, then weekly series until `count` sessions.
    private static func year(_ count: Int, random: inout SplitMix64) throws -> ([Activity], [Session]) {
        var activities: [Activity] = []
        var sessions: [Session] = []
        var used: Set<String> = []
        func add(_ kind: String, _ day: LocalDate, _ hour: Int, _ minute: Int, _ minutes: Int) throws {
            var day = day
            while day.weekday == .sat || day.weekday == .sun { day = day.adding(days: 1) }
            let start = LocalDateTime(date: day, time: try LocalTime(hour: hour, minute: minute))
            let slug = try Slug("\(kind)-\(day)-\(hour)\(minute)")
            guard sessions.count < count, used.insert(slug.rawValue).inserted else { return }
            let theme = try Slug("theme-\(Int.random(in: 0..<21, using: &random))")
            activities.append(
                try Activity(
                    slug: slug, kind: Slug(kind), title: kind, schedule: .oneOff(start), durationMinutes: minutes))
            sessions.append(
                try Session(
                    activity: slug, ruleDate: start, start: start, end: start.adding(minutes: minutes), theme: theme))
        }
        try add("kick-off", date(1, 19), 16, 0, 120)
        try add("fundraiser", date(11, 25), 12, 0, 120)
        for month in 2...12 {
            var day = try date(month, 1)
            while day.weekday != .tue { day = day.adding(days: 1) }
            try add("monthly-meeting", day, 15, 0, 90)
        }
        for screening in 0..<6 { try add("film-screening", date(2 + screening * 2, 11), 12, 30, 75) }
        // Fortnightly on Wednesdays, every other one a two-organiser workshop (the pairs a
        // newcomer learns in).
        var wednesday = try date(2, 10)
        var fortnight = 0
        while wednesday.year == 2027 {
            try add(fortnight.isMultiple(of: 2) ? "lunch-and-learn" : "workshop", wednesday, 12, 30, 60)
            wednesday = wednesday.adding(days: 14)
            fortnight += 1
        }
        // Weekly coffees and monthly reading circles, then more weekly series on every working
        // day and time, until the year has `count` sessions.
        let slots: [(String, Int, Int, Int)] = [
            ("coffee", 9, 30, 30), ("reading-circle", 17, 0, 60), ("lunch-and-learn", 12, 0, 60),
            ("coffee", 14, 0, 30), ("lunch-and-learn", 13, 0, 60), ("coffee", 10, 30, 30),
            ("reading-circle", 16, 0, 60), ("film-screening", 12, 30, 75), ("coffee", 15, 30, 30),
            ("lunch-and-learn", 11, 0, 60),
        ]
        var series = 0
        while sessions.count < count && series < 400 {
            let (kind, hour, minute, minutes) = slots[series % slots.count]
            var day = try date(1, 11).adding(days: (series / slots.count) % 5)
            let step = kind == "reading-circle" ? 28 : 7
            while day.year == 2027 && sessions.count < count {
                try add(kind, day, hour, minute, minutes)
                day = day.adding(days: step)
            }
            series += 1
        }
        return (activities, sessions)
    }
}
