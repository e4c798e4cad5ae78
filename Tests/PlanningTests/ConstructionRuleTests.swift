import Foundation
import Testing

@testable import Planning

/// One way to build an invalid value, and the error it must give.
struct InvalidCase: Sendable, CustomTestStringConvertible {
    let name: String
    let code: PlanningError.Code
    let path: String
    let build: @Sendable () throws -> Void

    init(_ name: String, _ code: PlanningError.Code, _ path: String, _ build: @escaping @Sendable () throws -> Void) {
        self.name = name
        self.code = code
        self.path = path
        self.build = build
    }

    var testDescription: String { name }
}

typealias F = Fixtures

let invalidCases: [InvalidCase] = [
    // Identifiers
    InvalidCase("slug with capitals", .invalidSlug, "") { _ = try Slug("Share-the-care") },
    InvalidCase("slug with space", .invalidSlug, "") { _ = try Slug("share care") },
    InvalidCase("empty slug", .invalidSlug, "") { _ = try Slug("") },
    InvalidCase("slug with double hyphen", .invalidSlug, "") { _ = try Slug("a--b") },
    InvalidCase("slug with a leading hyphen", .invalidSlug, "") { _ = try Slug("-vienna") },
    InvalidCase("slug with a trailing hyphen", .invalidSlug, "") { _ = try Slug("vienna-") },
    InvalidCase("slug of a hyphen", .invalidSlug, "") { _ = try Slug("-") },
    InvalidCase("slug with an accent", .invalidSlug, "") { _ = try Slug("wien-\u{e9}") },
    InvalidCase("slug with a combining accent", .invalidSlug, "") { _ = try Slug("wiena\u{301}") },
    InvalidCase("slug with a slash", .invalidSlug, "") { _ = try Slug("vienna/x") },
    InvalidCase("GAP id with a double hyphen", .invalidGAPID, "") { _ = try GAPPriorityID("PS--VAW") },
    InvalidCase("GAP id with a leading hyphen", .invalidGAPID, "") { _ = try GAPPriorityID("-PS") },
    InvalidCase("GAP id lowercase", .invalidGAPID, "") { _ = try GAPPriorityID("ps-vaw") },
    InvalidCase("country of three letters", .invalidCountry, "") { _ = try CountryCode("AUT") },
    InvalidCase("country lowercase", .invalidCountry, "") { _ = try CountryCode("at") },
    InvalidCase("unknown time zone", .unknownTimeZone, "") { _ = try TimeZoneID("Europe/Atlantis") },
    // Dates and times
    InvalidCase("30 February", .invalidDate, "") { _ = try LocalDate(year: 2027, month: 2, day: 30) },
    InvalidCase("29 February in a common year", .invalidDate, "") { _ = try F.date("2027-02-29") },
    InvalidCase("month 13", .invalidDate, "") { _ = try F.date("2027-13-01") },
    InvalidCase("date with slashes", .invalidDate, "") { _ = try F.date("2027/01/01") },
    InvalidCase("time 24:00", .invalidDate, "") { _ = try F.time("24:00") },
    InvalidCase("time without leading zero", .invalidDate, "") { _ = try F.time("9:00") },
    InvalidCase("date-time with a space", .invalidDate, "") { _ = try F.at("2026-01-06 15:00") },
    // Member
    InvalidCase("member with bad e-mail", .invalidEmail, "email") { _ = try F.member(email: "anton.example.org") },
    InvalidCase("member with negative capacity", .outOfRange, "capacity-per-month") { _ = try F.member(capacity: -1) },
    InvalidCase("member with repeated interest", .duplicate, "interests[1]") {
        _ = try F.member(interests: ["fatherhood", "fatherhood"])
    },
    InvalidCase("overlapping windows", .overlap, "availability[1]") {
        _ = try F.member(availability: [F.window([.tue], "12:00", "14:00"), F.window([.wed, .tue], "13:00", "15:00")])
    },
    InvalidCase("window ending before it starts", .reversedRange, "to") { _ = try F.window([.mon], "14:00", "12:00") },
    InvalidCase("window of zero length", .reversedRange, "to") { _ = try F.window([.mon], "14:00", "14:00") },
    InvalidCase("window without days", .emptyValue, "days") { _ = try F.window([], "12:00", "14:00") },
    InvalidCase("window repeating a day", .duplicate, "days[1]") { _ = try F.window([.mon, .mon], "12:00", "14:00") },
    InvalidCase("absence ending before it starts", .reversedRange, "to") {
        _ = try Absence(from: F.date("2027-07-23"), to: F.date("2027-07-05"), reason: "leave")
    },
    // Group
    InvalidCase("venue with only latitude", .conflict, "longitude") {
        _ = try Venue(name: "Hofburg", address: "", latitude: 48, longitude: nil)
    },
    InvalidCase("venue latitude out of range", .outOfRange, "latitude") {
        _ = try Venue(name: "Hofburg", address: "", latitude: 91, longitude: 16)
    },
    InvalidCase("negative retention", .outOfRange, "feeds.cancelled-retention-days") {
        _ = try GroupSettings(cancelledRetentionDays: -1)
    },
    InvalidCase("group with empty name", .emptyValue, "name") {
        let base = try F.group()
        _ = try Group(
            slug: base.slug, name: " ", dutyStation: base.dutyStation, country: base.country, timeZone: base.timeZone,
            venue: base.venue, missionStatement: "", settings: base.settings)
    },
    InvalidCase("group with the network feed's slug", .conflict, "slug") {
        let base = try F.group()
        _ = try Group(
            slug: Slug("network"), name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", settings: base.settings)
    },
    InvalidCase("group with the observances feed's slug", .conflict, "slug") {
        let base = try F.group()
        _ = try Group(
            slug: Slug("observances"), name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", settings: base.settings)
    },
    InvalidCase("group without working days", .emptyValue, "working-days") {
        let base = try F.group()
        _ = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", workingDays: [], settings: base.settings)
    },
    InvalidCase("group with negative gap", .outOfRange, "minimum-gap-days") {
        let base = try F.group()
        _ = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", minimumGapDays: -1,
            settings: base.settings)
    },
    InvalidCase("group max size zero", .outOfRange, "max-size") {
        let base = try F.group()
        _ = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", maxSize: 0, settings: base.settings)
    },
    InvalidCase("mission priority with internal scope", .conflict, "gap.priorities[0].scope") {
        let base = try F.group()
        _ = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", settings: base.settings,
            missionPriorities: [GAPPriority(id: F.gap("MISSION-YOUTH"), title: "Youth", scope: .internal)])
    },
    InvalidCase("target of zero", .outOfRange, "gap.targets.PS-VAW") {
        let base = try F.group()
        _ = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", settings: base.settings,
            gapTargets: [F.gap("PS-VAW"): 0])
    },
    // Catalogue values
    InvalidCase("theme without GAP", .emptyValue, "gap") {
        _ = try Theme(
            slug: F.slug("x"), title: "X", category: .atWork, source: .conversationStarter, summary: "S", gap: [],
            color: "red")
    },
    InvalidCase("theme with unknown colour", .invalidColour, "color") {
        _ = try Theme(
            slug: F.slug("x"), title: "X", category: .atWork, source: .conversationStarter, summary: "S",
            gap: [F.gap("PS-VAW")], color: "blurple")
    },
    InvalidCase("kind of zero minutes", .outOfRange, "duration-minutes") {
        _ = try ActivityKind(
            slug: F.slug("x"), title: "X", durationMinutes: 0, timeOfDay: F.time("12:00"), format: .online,
            audience: .staff, privacy: .public, organisers: OrganiserSlots(count: 1))
    },
    InvalidCase("three organiser slots", .outOfRange, "count") { _ = try OrganiserSlots(count: 3) },
    InvalidCase("observance of zero days", .outOfRange, "days") {
        _ = try Observance(slug: F.slug("x"), title: "X", rule: ObservanceRule(.fixed(month: 3, day: 8)), days: 0)
    },
    InvalidCase("observance on 31 April", .invalidDate, "day") { _ = try ObservanceRule(.fixed(month: 4, day: 31)) },
    InvalidCase("observance sixth Sunday", .outOfRange, "nth") {
        _ = try ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 6))
    },
    InvalidCase("observance country in two variants", .duplicate, "variants[1].countries") {
        let rule = try ObservanceRule(.fixed(month: 6, day: 5))
        _ = try Observance(
            slug: F.slug("x"), title: "X", rule: rule,
            variants: [
                ObservanceVariant(countries: [CountryCode("AT")], rule: rule),
                ObservanceVariant(countries: [CountryCode("AT")], rule: rule),
            ])
    },
    InvalidCase("observance with ftp url", .invalidURL, "url") {
        _ = try Observance(
            slug: F.slug("x"), title: "X", rule: ObservanceRule(.fixed(month: 3, day: 8)),
            url: URL(string: "ftp://example.org"))
    },
    // Activities and sessions
    InvalidCase("series start not an occurrence", .conflict, "start") {
        _ = try F.series("FREQ=MONTHLY;BYDAY=1TU", "2026-01-07T15:00")
    },
    InvalidCase("series with until and count", .conflict, "count") {
        _ = try F.series("FREQ=WEEKLY", "2026-01-07T15:00", until: "2026-12-31", count: 3)
    },
    InvalidCase("series until before start", .reversedRange, "until") {
        _ = try F.series("FREQ=WEEKLY", "2026-01-07T15:00", until: "2025-12-31")
    },
    InvalidCase("series until on a rule with COUNT", .conflict, "until") {
        _ = try F.series("FREQ=WEEKLY;COUNT=3", "2026-01-07T15:00", until: "2026-12-31")
    },
    InvalidCase("activity with empty title", .emptyValue, "title") {
        _ = try Activity(slug: F.slug("a"), kind: F.slug("k"), title: "", schedule: .oneOff(F.at("2027-01-20T16:00")))
    },
    InvalidCase("activity with javascript url", .invalidURL, "online-url") {
        _ = try Activity(
            slug: F.slug("a"), kind: F.slug("k"), title: "A", schedule: .oneOff(F.at("2027-01-20T16:00")),
            onlineURL: URL(string: "javascript:alert(1)"))
    },
    InvalidCase("session ending before start", .reversedRange, "end") {
        _ = try Session(
            activity: F.slug("a"), ruleDate: F.at("2026-01-06T15:00"), start: F.at("2026-01-06T15:00"),
            end: F.at("2026-01-06T14:00"))
    },
    InvalidCase("session with a member twice", .duplicate, "organisers[1].member") {
        let start = try F.at("2026-01-06T15:00")
        _ = try Session(
            activity: F.slug("a"), ruleDate: start, start: start, end: start.adding(minutes: 90),
            organisers: [
                Assignment(memberID: F.slug("m"), role: .chair), Assignment(memberID: F.slug("m"), role: .organiser),
            ])
    },
    InvalidCase("moved session without reason", .emptyValue, "reason") {
        let start = try F.at("2026-01-07T15:00")
        _ = try Session(
            activity: F.slug("a"), ruleDate: F.at("2026-01-06T15:00"), start: start, end: start.adding(minutes: 90),
            movedFrom: F.at("2026-01-06T15:00"))
    },
    InvalidCase("blackout ending before it starts", .reversedRange, "to") {
        _ = try Blackout(from: F.date("2027-12-31"), to: F.date("2027-12-27"), reason: "Winter", source: .closure)
    },
    InvalidCase("blackout without reason", .emptyValue, "reason") {
        _ = try Blackout(date: F.date("2027-12-24"), reason: "", source: .closure)
    },
    // Aggregates
    InvalidCase("plan with a member twice", .duplicate, "members[1].id") {
        _ = try GroupPlan(group: F.group(), members: [F.member(), F.member()])
    },
    InvalidCase("plan with an activity twice", .duplicate, "activities[1].slug") {
        _ = try GroupPlan(group: F.group(), activities: [F.activity(), F.activity()])
    },
    InvalidCase("session of unknown activity", .unknownReference, "sessions[0].activity") {
        let start = try F.at("2026-01-06T15:00")
        _ = try GroupPlan(
            group: F.group(), activities: [F.activity()],
            sessions: [Session(activity: F.slug("film"), ruleDate: start, start: start, end: start.adding(minutes: 60))]
        )
    },
    InvalidCase("session organiser not a member", .unknownReference, "sessions[0].organisers[0]") {
        let start = try F.at("2026-01-06T15:00")
        _ = try GroupPlan(
            group: F.group(), members: [F.member()], activities: [F.activity()],
            sessions: [
                Session(
                    activity: F.slug("monthly-meeting"), ruleDate: start, start: start, end: start.adding(minutes: 90),
                    organisers: [Assignment(memberID: F.slug("nobody"), role: .chair)])
            ])
    },
    InvalidCase("catalogue theme with unknown GAP", .unknownReference, "themes[0].gap[0]") {
        let catalogue = try F.catalogue()
        let theme = try Theme(
            slug: F.slug("x"), title: "X", category: .atWork, source: .conversationStarter, summary: "S",
            gap: [F.gap("PS-NOPE")], color: "red")
        _ = try Catalogue(
            gapPriorities: catalogue.gapPriorities, themes: [theme], activityKinds: [], observances: [])
    },
    InvalidCase("catalogue theme with unknown observance", .unknownReference, "themes[0].observances[0]") {
        let catalogue = try F.catalogue()
        let theme = try Theme(
            slug: F.slug("x"), title: "X", category: .atWork, source: .conversationStarter, summary: "S",
            gap: [F.gap("PS-VAW")], observances: [F.slug("movember")], color: "red")
        _ = try Catalogue(gapPriorities: catalogue.gapPriorities, themes: [theme], activityKinds: [], observances: [])
    },
    InvalidCase("catalogue area that is not an engagement area", .unknownReference, "themes[1].area") {
        let catalogue = try F.catalogue()
        let atWork = try Theme(
            slug: F.slug("x"), title: "X", category: .atWork, source: .conversationStarter, summary: "S",
            gap: [F.gap("PS-VAW")], color: "red")
        let child = try Theme(
            slug: F.slug("y"), title: "Y", category: .atWork, source: .conversationStarter, area: F.slug("x"),
            summary: "S", gap: [F.gap("PS-VAW")], color: "red")
        _ = try Catalogue(
            gapPriorities: catalogue.gapPriorities, themes: [atWork, child], activityKinds: [], observances: [])
    },
    InvalidCase("catalogue with a GAP id twice", .duplicate, "priorities[1].id") {
        let priority = try GAPPriority(id: F.gap("PS-VAW"), title: "VAW", scope: .participatingStates)
        _ = try Catalogue(gapPriorities: [priority, priority], themes: [], activityKinds: [], observances: [])
    },
    InvalidCase("member interest not a theme", .unknownReference, "members[0].interests[0]") {
        try GroupPlan(group: F.group(), members: [F.member(interests: ["knitting"])]).validate(against: F.catalogue())
    },
    InvalidCase("activity of unknown kind", .unknownReference, "activities[0].kind") {
        try GroupPlan(group: F.group(), activities: [F.activity(kind: "picnic")]).validate(against: F.catalogue())
    },
    InvalidCase("activity with unknown theme", .unknownReference, "activities[0].theme") {
        try GroupPlan(group: F.group(), activities: [F.activity(theme: "knitting")]).validate(against: F.catalogue())
    },
    InvalidCase("target of unknown priority", .unknownReference, "group.gap.targets.PS-NOPE") {
        let base = try F.group()
        let group = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", settings: base.settings,
            gapTargets: [F.gap("PS-NOPE"): 1])
        try GroupPlan(group: group).validate(against: F.catalogue())
    },
    InvalidCase("mission priority reusing a catalogue id", .duplicate, "group.gap.priorities[0].id") {
        let base = try F.group()
        let group = try Group(
            slug: base.slug, name: base.name, dutyStation: base.dutyStation, country: base.country,
            timeZone: base.timeZone, venue: base.venue, missionStatement: "", settings: base.settings,
            missionPriorities: [GAPPriority(id: F.gap("PS-VAW"), title: "Ours", scope: .mission)])
        try GroupPlan(group: group).validate(against: F.catalogue())
    },
]

@Test("an invalid value is refused with its code and path", arguments: invalidCases)
func invalidValueIsRefused(_ invalid: InvalidCase) throws {
    let error = try #require(planningError(invalid.build))
    #expect(error.code == invalid.code, "\(error)")
    #expect(error.path == invalid.path, "\(error)")
    #expect(!error.message.isEmpty)
}

@Test func validFixturesAreAccepted() throws {
    let plan = try GroupPlan(group: F.group(), members: [F.member()], activities: [F.activity()])
    try plan.validate(against: F.catalogue())
    #expect(plan.members.count == 1)
}

@Test func overlapMessageNamesTheDayAndBothRanges() throws {
    let error = try #require(
        planningError {
            _ = try F.member(availability: [F.window([.tue], "12:00", "14:00"), F.window([.tue], "13:00", "15:00")])
        })
    #expect(
        error.description
            == "availability[1]: windows overlap on tue (12:00–14:00 and 13:00–15:00); merge them or split the days")
}

@Test func touchingWindowsDoNotOverlap() throws {
    let member = try F.member(availability: [F.window([.tue], "12:00", "14:00"), F.window([.tue], "14:00", "15:00")])
    #expect(member.availability.count == 2)
}

@Test func seriesStartErrorNamesTheFirstOccurrence() throws {
    let error = try #require(planningError { _ = try F.series("FREQ=MONTHLY;BYDAY=1TU", "2026-01-07T15:00") })
    #expect(error.message.contains("Tue 3 Feb 2026 15:00"), "\(error)")
}

@Test func prefixingBuildsPaths() {
    let error = PlanningError(.overlap, "x", path: "availability[1]")
    #expect(error.prefixed("members[3]").path == "members[3].availability[1]")
    #expect(PlanningError(.overlap, "x", path: "[2]").prefixed("members").path == "members[2]")
    #expect(PlanningError(.overlap, "x").prefixed("group").path == "group")
}

@Test func decodingChecksTheRulesToo() throws {
    let json = Data(#"{"days":["tue"],"from":"14:00","to":"12:00"}"#.utf8)
    #expect(throws: PlanningError.self) { try JSONDecoder().decode(AvailabilityWindow.self, from: json) }
    let badSlug = Data(#""Not A Slug""#.utf8)
    #expect(throws: PlanningError.self) { try JSONDecoder().decode(Slug.self, from: badSlug) }
}

@Test func planSurvivesJSON() throws {
    let start = try F.at("2026-01-06T15:00")
    let plan = try GroupPlan(
        group: F.group(), members: [F.member()],
        activities: [
            F.activity(),
            F.activity(slug: "kick-off-2027", kind: "monthly-meeting", schedule: .oneOff(F.at("2027-01-20T16:00"))),
        ],
        sessions: [
            Session(
                activity: F.slug("monthly-meeting"), ruleDate: start, start: start.adding(minutes: 1440),
                end: start.adding(minutes: 1530), theme: F.slug("fatherhood"),
                organisers: [
                    Assignment(memberID: F.slug("anton-berger"), role: .chair, pinned: true, reasons: ["co-chair"])
                ],
                status: .confirmed, movedFrom: start, reason: "moved from Tue 6 Jan: Epiphany (public holiday)")
        ],
        blackouts: [Blackout(date: F.date("2026-01-06"), reason: "Epiphany", source: .holiday)])
    let data = try JSONEncoder().encode(plan)
    let decoded = try JSONDecoder().decode(GroupPlan.self, from: data)
    #expect(decoded == plan)
    let catalogue = try F.catalogue()
    #expect(try JSONDecoder().decode(Catalogue.self, from: JSONEncoder().encode(catalogue)) == catalogue)
}

@Test func kebabIdentifiersAreAccepted() throws {
    for text in ["a", "vienna", "share-the-care", "16-days", "a-b-c-1"] {
        #expect(try Slug(text).rawValue == text)
    }
    for text in ["PS-VAW", "INT-WORKENV", "MISSION-2027"] {
        #expect(try GAPPriorityID(text).rawValue == text)
    }
}
