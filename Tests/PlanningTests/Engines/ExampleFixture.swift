import Foundation
import Planning

/// The catalogue and the Vienna example group of `Config/`, built in Swift (the Planning tests
/// cannot read YAML). Kept to the fields the engines use; the coordinator's scenario test reads
/// the real files through the CLI.
enum Example {
    static func slug(_ text: String) -> Slug { (try? Slug(text)) ?? fallbackSlug }
    static func gap(_ text: String) -> GAPPriorityID { (try? GAPPriorityID(text)) ?? fallbackGAP }
    static func date(_ text: String) -> LocalDate { (try? LocalDate(parsing: text)) ?? fallbackDate }
    static func time(_ text: String) -> LocalTime { (try? LocalTime(parsing: text)) ?? fallbackTime }
    static func at(_ text: String) -> LocalDateTime {
        (try? LocalDateTime(parsing: text)) ?? LocalDateTime(date: fallbackDate, time: fallbackTime)
    }
    private static let fallbackSlug = try! Slug("invalid")
    private static let fallbackGAP = try! GAPPriorityID("INVALID")
    private static let fallbackDate = try! LocalDate(year: 1970, month: 1, day: 1)
    private static let fallbackTime = try! LocalTime(hour: 0, minute: 0)

    static let priorities = [
        "INT-CAPACITY", "INT-MANAGEMENT", "INT-WORKENV", "INT-BALANCE", "INT-MAINSTREAM", "INT-FOCALPOINTS",
        "PS-LEGAL", "PS-VAW", "PS-POLITICAL", "PS-CONFLICT", "PS-ECONOMIC", "PS-MECHANISMS",
    ]

    /// (slug, category, area, gap ids, observances) as in themes.yaml.
    static let themeRows: [(String, Theme.Category, String?, [String], [String])] = [
        ("office-dynamics", .atWork, nil, ["INT-WORKENV", "INT-BALANCE", "INT-MANAGEMENT"], []),
        (
            "reflecting-on-patriarchy", .atWork, nil, ["INT-CAPACITY", "INT-MANAGEMENT"],
            ["international-womens-day", "heforshe-anniversary"]
        ),
        (
            "preventing-sexual-harassment", .atWork, "combatting-violence-against-women",
            ["INT-WORKENV", "INT-MANAGEMENT"], ["sixteen-days-of-activism", "white-ribbon-day"]
        ),
        (
            "what-women-want", .atWork, nil, ["INT-BALANCE", "INT-WORKENV"],
            ["international-womens-day", "women-and-girls-in-science-day", "heforshe-anniversary"]
        ),
        ("gender-mainstreaming", .atWork, nil, ["INT-MAINSTREAM", "INT-CAPACITY", "INT-FOCALPOINTS"], []),
        ("militarized-men", .atWork, nil, ["PS-CONFLICT", "INT-BALANCE"], []),
        ("climate-change-and-gender", .atWork, nil, ["INT-MAINSTREAM", "PS-ECONOMIC"], []),
        ("economic-development", .atWork, nil, ["PS-ECONOMIC", "PS-MECHANISMS"], ["international-womens-day"]),
        (
            "human-rights-programming", .atWork, nil, ["PS-LEGAL", "PS-POLITICAL", "INT-MAINSTREAM"],
            ["human-rights-day", "sixteen-days-of-activism", "world-day-against-trafficking-in-persons"]
        ),
        (
            "health-seeking-behaviour", .workLifeBalance, "health-and-wellbeing", ["INT-WORKENV", "INT-CAPACITY"],
            ["mens-health-week", "movember", "international-mens-day"]
        ),
        (
            "money-matters", .workLifeBalance, nil, ["PS-ECONOMIC"],
            ["international-day-of-families", "international-womens-day"]
        ),
        (
            "share-the-care", .workLifeBalance, "fatherhood", ["INT-WORKENV", "PS-ECONOMIC"],
            ["fathers-day", "international-day-of-families"]
        ),
        (
            "parental-leave", .workLifeBalance, "fatherhood", ["INT-WORKENV", "INT-BALANCE", "PS-LEGAL"],
            ["fathers-day", "international-day-of-families"]
        ),
        (
            "men-and-mental-health", .workLifeBalance, "health-and-wellbeing", ["INT-WORKENV", "INT-CAPACITY"],
            ["world-mental-health-day", "movember", "international-mens-day"]
        ),
        (
            "mens-health-is-community-health", .workLifeBalance, "health-and-wellbeing",
            ["INT-WORKENV", "INT-CAPACITY"], ["mens-health-week", "international-mens-day", "movember"]
        ),
        (
            "stress-and-anger-management", .workLifeBalance, "health-and-wellbeing", ["INT-WORKENV", "PS-VAW"],
            ["world-mental-health-day", "international-mens-day"]
        ),
        (
            "fatherhood", .engagementArea, nil, ["INT-WORKENV", "PS-ECONOMIC"],
            ["fathers-day", "international-day-of-families", "world-childrens-day"]
        ),
        (
            "health-and-wellbeing", .engagementArea, nil, ["INT-WORKENV"],
            ["mens-health-week", "world-mental-health-day", "movember", "international-mens-day"]
        ),
        (
            "disability-and-inclusiveness", .engagementArea, nil, ["INT-WORKENV", "INT-BALANCE", "PS-LEGAL"],
            ["international-day-of-persons-with-disabilities"]
        ),
        (
            "intersectionality", .engagementArea, nil, ["INT-MAINSTREAM", "INT-WORKENV"],
            [
                "human-rights-day", "international-day-of-persons-with-disabilities",
                "international-day-of-the-girl-child",
            ]
        ),
        (
            "combatting-violence-against-women", .engagementArea, nil, ["PS-VAW", "PS-LEGAL"],
            [
                "sixteen-days-of-activism", "white-ribbon-day", "zero-tolerance-fgm-day",
                "world-day-against-trafficking-in-persons",
            ]
        ),
    ]

    static func fixed(_ month: Int, _ day: Int, offset: Int = 0) -> ObservanceRule {
        (try? ObservanceRule(.fixed(month: month, day: day), offsetDays: offset)) ?? fallbackRule
    }
    static func nth(_ month: Int, _ weekday: Weekday, _ nth: Int, offset: Int = 0) -> ObservanceRule {
        (try? ObservanceRule(.nthWeekday(month: month, weekday: weekday, nth: nth), offsetDays: offset)) ?? fallbackRule
    }
    private static let fallbackRule = try! ObservanceRule(.fixed(month: 1, day: 1))

    /// (slug, title, rule, days, Austria's variant) as in observances.yaml.
    static let observanceRows: [(String, String, ObservanceRule, Int)] = [
        ("international-womens-day", "International Women's Day", fixed(3, 8), 1),
        ("mens-health-week", "International Men's Health Week", nth(6, .sun, 3, offset: -6), 7),
        ("fathers-day", "Father's Day", nth(6, .sun, 2), 1),  // Austria's variant
        ("heforshe-anniversary", "HeForShe anniversary", fixed(9, 20), 1),
        ("world-mental-health-day", "World Mental Health Day", fixed(10, 10), 1),
        ("international-day-of-the-girl-child", "International Day of the Girl Child", fixed(10, 11), 1),
        ("movember", "Movember", fixed(11, 1), 30),
        ("international-mens-day", "International Men's Day", fixed(11, 19), 1),
        ("white-ribbon-day", "White Ribbon Day", fixed(11, 25), 1),
        ("sixteen-days-of-activism", "16 Days of Activism against Gender-Based Violence", fixed(11, 25), 16),
        (
            "international-day-of-persons-with-disabilities", "International Day of Persons with Disabilities",
            fixed(12, 3), 1
        ),
        ("human-rights-day", "Human Rights Day", fixed(12, 10), 1),
        ("zero-tolerance-fgm-day", "International Day of Zero Tolerance for FGM", fixed(2, 6), 1),
        ("women-and-girls-in-science-day", "International Day of Women and Girls in Science", fixed(2, 11), 1),
        ("international-day-of-families", "International Day of Families", fixed(5, 15), 1),
        ("world-day-against-trafficking-in-persons", "World Day against Trafficking in Persons", fixed(7, 30), 1),
        ("world-childrens-day", "World Children's Day", fixed(11, 20), 1),
    ]

    static func slots(
        _ count: Int, _ roles: [MemberRole] = [], _ name: AssignmentRole = .organiser, chairs: Int? = nil
    ) -> OrganiserSlots {
        (try? OrganiserSlots(count: count, roles: roles, roleName: name, chairs: chairs)) ?? fallbackSlots
    }
    private static let fallbackSlots = try! OrganiserSlots(count: 1)

    static func kind(_ slug: String, _ minutes: Int, _ at: String, _ slots: OrganiserSlots, privacy: Privacy = .public)
        throws -> ActivityKind
    {
        try ActivityKind(
            slug: Example.slug(slug), title: slug, durationMinutes: minutes, timeOfDay: time(at), format: .inPerson,
            audience: .members, privacy: privacy, organisers: slots)
    }

    static func catalogue() throws -> Catalogue {
        try Catalogue(
            gapPriorities: priorities.map {
                try GAPPriority(id: gap($0), title: $0, scope: $0.hasPrefix("INT") ? .internal : .participatingStates)
            },
            themes: themeRows.map { row in
                try Theme(
                    slug: slug(row.0), title: row.0, category: row.1,
                    source: row.1 == .engagementArea ? .engagementArea : .conversationStarter,
                    area: row.2.map(slug), summary: "about \(row.0)", gap: row.3.map(gap), observances: row.4.map(slug),
                    color: "teal")
            },
            activityKinds: [
                kind("monthly-meeting", 90, "15:00", slots(1, [.coChair, .focalPoint], .chair)),
                kind("lunch-and-learn", 60, "12:30", slots(1)),
                kind("kick-off", 120, "16:00", slots(2, [.coChair, .focalPoint], chairs: 1)),
                kind("film-screening", 75, "12:30", slots(1)),
                kind("safe-space-discussion", 90, "16:00", slots(1), privacy: .confidential),
                kind("fundraiser", 180, "11:00", slots(2)),
            ],
            observances: observanceRows.map { row in
                try Observance(slug: slug(row.0), title: row.1, rule: row.2, days: row.3)
            })
    }

    static func window(_ days: [Weekday], _ from: String, _ to: String) throws -> AvailabilityWindow {
        try AvailabilityWindow(days: days, from: time(from), to: time(to))
    }

    static func away(_ from: String, _ to: String, _ reason: String) throws -> Absence {
        try Absence(from: date(from), to: date(to), reason: reason)
    }

    static func member(
        _ id: String, _ role: MemberRole, joined: String, interests: [String], capacity: Int,
        _ windows: [AvailabilityWindow], _ absences: [Absence]
    ) throws -> Member {
        try Member(
            id: slug(id), name: id, email: "\(id)@example.org", role: role, staffCategory: .international,
            joined: date(joined),
            interests: interests.map(slug), availability: windows, absences: absences, capacityPerMonth: capacity)
    }

    static func members() throws -> [Member] {
        [
            try member(
                "anton-berger", .coChair, joined: "2025-02-01",
                interests: ["fatherhood", "share-the-care", "parental-leave"], capacity: 2,
                [
                    window([.mon, .wed, .fri], "12:00", "14:00"), window([.tue], "14:30", "18:00"),
                    window([.thu], "12:00", "13:30"),
                ],
                [away("2027-07-05", "2027-07-23", "annual leave"), away("2027-12-20", "2027-12-31", "home leave")]),
            try member(
                "dmytro-kovalenko", .coChair, joined: "2025-02-01",
                interests: ["militarized-men", "combatting-violence-against-women", "human-rights-programming"],
                capacity: 2,
                [window([.tue], "14:00", "18:00"), window([.thu], "14:00", "17:30"), window([.wed], "12:00", "14:00")],
                [
                    away("2027-04-12", "2027-04-16", "mission travel to Skopje"),
                    away("2027-08-02", "2027-08-20", "annual leave"),
                ]),
            try member(
                "matteo-conti", .focalPoint, joined: "2025-03-15",
                interests: ["gender-mainstreaming", "what-women-want", "intersectionality"], capacity: 3,
                [window([.mon, .tue, .wed, .thu, .fri], "12:00", "13:30"), window([.tue, .thu], "15:00", "17:00")],
                [
                    away("2027-03-01", "2027-03-05", "mission travel to Bishkek"),
                    away("2027-08-16", "2027-09-03", "annual leave"),
                ]),
            try member(
                "aibek-nurlanov", .member, joined: "2025-06-01",
                interests: ["economic-development", "climate-change-and-gender", "money-matters"], capacity: 2,
                [window([.wed, .fri], "12:00", "14:00"), window([.mon], "15:00", "17:00")],
                [away("2027-06-07", "2027-06-18", "mission travel to Astana")]),
            try member(
                "jonas-lindqvist", .member, joined: "2025-09-01",
                interests: ["parental-leave", "share-the-care", "fatherhood"], capacity: 2,
                [window([.mon, .tue, .wed], "12:30", "13:30"), window([.wed], "16:00", "18:00")],
                [away("2027-07-12", "2027-08-06", "parental leave")]),
            try member(
                "nikola-petrovic", .member, joined: "2025-02-01",
                interests: ["men-and-mental-health", "stress-and-anger-management", "health-and-wellbeing"],
                capacity: 2,
                [window([.tue, .wed, .thu], "12:00", "14:00"), window([.thu], "16:00", "18:00")],
                [away("2027-07-26", "2027-08-13", "annual leave")]),
            try member(
                "giorgi-beridze", .member, joined: "2026-10-01",
                interests: ["militarized-men", "reflecting-on-patriarchy"], capacity: 1,
                [window([.thu], "12:00", "13:00")],
                [away("2027-05-10", "2027-05-21", "mission travel to Dushanbe")]),
            try member(
                "daniel-murphy", .member, joined: "2026-01-15",
                interests: ["preventing-sexual-harassment", "office-dynamics", "combatting-violence-against-women"],
                capacity: 3,
                [
                    window([.mon, .tue, .wed, .thu], "12:00", "14:00"), window([.tue, .wed], "15:00", "17:30"),
                    window([.fri], "10:00", "12:00"),
                ],
                [
                    away("2027-07-19", "2027-08-06", "annual leave"),
                    away("2027-10-04", "2027-10-08", "mission travel to Warsaw"),
                ]),
            try member(
                "thomas-gruber", .member, joined: "2025-05-01",
                interests: [
                    "health-seeking-behaviour", "mens-health-is-community-health", "disability-and-inclusiveness",
                ], capacity: 2,
                [window([.mon, .wed, .fri], "12:00", "13:30"), window([.mon, .wed], "14:00", "16:30")],
                [away("2027-02-15", "2027-02-19", "annual leave"), away("2027-08-09", "2027-08-27", "annual leave")]),
            try member(
                "julien-moreau", .member, joined: "2026-06-01",
                interests: ["human-rights-programming", "intersectionality", "disability-and-inclusiveness"],
                capacity: 2,
                [
                    window([.tue, .thu], "12:00", "13:30"), window([.wed], "12:30", "13:30"),
                    window([.thu], "16:00", "18:00"),
                ],
                [away("2027-09-13", "2027-09-24", "mission travel to Warsaw")]),
            try member(
                "arben-hoxha", .member, joined: "2026-03-01",
                interests: ["economic-development", "money-matters", "what-women-want"], capacity: 1,
                [
                    window([.mon, .tue], "12:00", "13:00"), window([.wed], "12:00", "14:00"),
                    window([.fri], "13:00", "15:00"),
                ],
                [away("2027-08-02", "2027-08-20", "annual leave")]),
            try member(
                "tomasz-wojcik", .member, joined: "2027-01-19",
                interests: ["stress-and-anger-management", "fatherhood"], capacity: 1,
                [window([.wed], "12:30", "13:30")],
                [away("2027-12-20", "2027-12-31", "home leave")]),
        ]
    }

    static func group(minimumGap: Int = 7, optOut: Bool = false, targets: [String: Int]? = nil) throws -> Group {
        let wanted = targets ?? ["PS-VAW": 2, "INT-WORKENV": 2, "INT-CAPACITY": 1, "PS-ECONOMIC": 2]
        return try Group(
            slug: slug("vienna"), name: "Men for Gender Equality Group Vienna", dutyStation: "OSCE Secretariat, Vienna",
            country: CountryCode("AT"), timeZone: TimeZoneID("Europe/Vienna"),
            venue: Venue(name: "OSCE Secretariat, meeting room 3", address: "Wallnerstraße 6, 1010 Vienna"),
            missionStatement: "Allies at the OSCE Secretariat.", minimumGapDays: minimumGap,
            settings: GroupSettings(observanceOptOut: optOut),
            gapTargets: Dictionary(uniqueKeysWithValues: wanted.map { (gap($0.key), $0.value) }))
    }

    static func series(_ slug: String, kind: String, rule: String, start: String, minutes: Int) throws -> Activity {
        try Activity(
            slug: Example.slug(slug), kind: Example.slug(kind), title: slug,
            schedule: .series(Series(rule: RecurrenceRule(parsing: rule), start: at(start), until: date("2027-12-31"))),
            durationMinutes: minutes)
    }

    static func oneOff(_ slug: String, kind: String, start: String, minutes: Int? = nil, theme: String) throws
        -> Activity
    {
        try Activity(
            slug: Example.slug(slug), kind: Example.slug(kind), title: slug, schedule: .oneOff(at(start)),
            durationMinutes: minutes, theme: Example.slug(theme))
    }

    static func activities() throws -> [Activity] {
        [
            try series(
                "monthly-meeting", kind: "monthly-meeting", rule: "FREQ=MONTHLY;BYDAY=1TU", start: "2027-02-02T15:00",
                minutes: 90),
            try series(
                "lunch-and-learn", kind: "lunch-and-learn", rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE",
                start: "2027-02-10T12:30", minutes: 60),
            try oneOff("kick-off-2027", kind: "kick-off", start: "2027-01-19T16:00", theme: "reflecting-on-patriarchy"),
            try oneOff(
                "short-film-mental-health-2027", kind: "film-screening", start: "2027-10-13T12:30",
                theme: "men-and-mental-health"),
            try oneOff(
                "safe-space-2027-05", kind: "safe-space-discussion", start: "2027-05-12T16:00",
                theme: "stress-and-anger-management"),
            try oneOff(
                "sixteen-days-fundraiser-2027", kind: "fundraiser", start: "2027-11-25T12:00", minutes: 120,
                theme: "combatting-violence-against-women"),
        ]
    }

    /// Austria's 2027 public holidays (Calendars/holidays) and the group's closures.
    static func blackouts() throws -> [Blackout] {
        let holidays = [
            ("2027-01-01", "New Year's Day"), ("2027-01-06", "Epiphany"), ("2027-03-29", "Easter Monday"),
            ("2027-05-01", "National Holiday (Labour Day)"), ("2027-05-06", "Ascension Day"),
            ("2027-05-17", "Whit Monday"),
            ("2027-05-27", "Corpus Christi"), ("2027-08-15", "Assumption Day"), ("2027-10-26", "Austrian National Day"),
            ("2027-11-01", "All Saints' Day"), ("2027-12-08", "Immaculate Conception"), ("2027-12-25", "Christmas Day"),
            ("2027-12-26", "St Stephen's Day"),
        ]
        return try holidays.map { try Blackout(date: date($0.0), reason: $0.1, source: .holiday) } + [
            Blackout(
                from: date("2027-08-09"), to: date("2027-08-13"), reason: "Summer closure of the Secretariat building",
                source: .closure),
            Blackout(date: date("2027-12-24"), reason: "Office closed (Christmas Eve)", source: .closure),
            Blackout(date: date("2027-12-31"), reason: "Office closed (New Year's Eve)", source: .closure),
        ]
    }

    static func plan(group: Group? = nil) throws -> GroupPlan {
        try GroupPlan(
            group: group ?? Example.group(), members: members(), activities: activities(), blackouts: blackouts())
    }

    static let year2027: ClosedRange<LocalDate> = date("2027-01-01")...date("2027-12-31")

    /// The year's sessions after blackout moves.
    static func placedSessions(_ plan: GroupPlan, _ catalogue: Catalogue) throws -> [Session] {
        try BlackoutMover.place(
            SessionExpansion.sessions(for: plan, catalogue: catalogue, window: year2027), group: plan.group,
            blackouts: plan.blackouts)
    }
}
