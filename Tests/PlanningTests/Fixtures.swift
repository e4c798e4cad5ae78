import Foundation
import Testing

@testable import Planning

/// Small valid values the tests vary one field at a time.
enum Fixtures {
    static func date(_ text: String) throws -> LocalDate { try LocalDate(parsing: text) }
    static func time(_ text: String) throws -> LocalTime { try LocalTime(parsing: text) }
    static func at(_ text: String) throws -> LocalDateTime { try LocalDateTime(parsing: text) }
    static func slug(_ text: String) throws -> Slug { try Slug(text) }
    static func gap(_ text: String) throws -> GAPPriorityID { try GAPPriorityID(text) }

    static let vienna: TimeZone = TimeZone(identifier: "Europe/Vienna") ?? .current

    static func group(timeZone: String = "Europe/Vienna") throws -> Group {
        try Group(
            slug: slug("vienna"), name: "Men for Gender Equality Group Vienna", dutyStation: "OSCE Secretariat, Vienna",
            country: CountryCode("AT"), timeZone: TimeZoneID(timeZone),
            venue: Venue(name: "Hofburg", address: "Heldenplatz, 1010 Wien", latitude: 48.2, longitude: 16.36),
            missionStatement: "Men working for gender equality.", settings: GroupSettings(),
            gapTargets: [gap("PS-VAW"): 2])
    }

    static func window(_ days: [Weekday], _ from: String, _ to: String) throws -> AvailabilityWindow {
        try AvailabilityWindow(days: days, from: time(from), to: time(to))
    }

    static func member(
        id: String = "anton-berger", email: String = "anton.berger@example.org", interests: [String] = ["fatherhood"],
        availability: [AvailabilityWindow]? = nil, capacity: Int = 2
    ) throws -> Member {
        try Member(
            id: slug(id), name: "Anton Berger", email: email, role: .coChair, staffCategory: .international,
            joined: date("2025-02-01"), interests: interests.map(slug),
            availability: availability ?? [window([.tue, .thu], "12:00", "14:00")],
            absences: [Absence(from: date("2027-07-05"), to: date("2027-07-23"), reason: "annual leave")],
            capacityPerMonth: capacity)
    }

    static func series(_ rule: String, _ start: String, until: String? = nil, count: Int? = nil) throws -> Series {
        try Series(rule: RecurrenceRule(parsing: rule), start: at(start), until: until.map(date), count: count)
    }

    static func activity(slug name: String = "monthly-meeting", kind: String = "monthly-meeting", schedule: Schedule? = nil, theme: String? = nil) throws -> Activity {
        try Activity(
            slug: slug(name), kind: slug(kind), title: "Monthly meeting",
            schedule: schedule ?? .series(series("FREQ=MONTHLY;BYDAY=1TU", "2026-01-06T15:00")),
            theme: theme.map(slug))
    }

    static func catalogue() throws -> Catalogue {
        let priorities = try [
            GAPPriority(id: gap("INT-WORKENV"), title: "Working environment", scope: .internal),
            GAPPriority(id: gap("PS-VAW"), title: "Preventing violence against women", scope: .participatingStates),
        ]
        let themes = try [
            Theme(
                slug: slug("fatherhood"), title: "Fatherhood", category: .engagementArea, source: .engagementArea,
                summary: "Fathers and care.", gap: [gap("INT-WORKENV")], observances: [slug("fathers-day")],
                color: "seagreen"),
            Theme(
                slug: slug("share-the-care"), title: "Share the Care", category: .workLifeBalance,
                source: .conversationStarter, area: slug("fatherhood"), summary: "Roles at home and work.",
                gap: [gap("INT-WORKENV"), gap("PS-VAW")], color: "steelblue"),
        ]
        let kinds = try [
            ActivityKind(
                slug: slug("monthly-meeting"), title: "Monthly meeting", durationMinutes: 90,
                timeOfDay: time("15:00"), format: .inPerson, audience: .members, privacy: .public,
                organisers: OrganiserSlots(count: 1, roles: [.coChair, .focalPoint], roleName: .chair))
        ]
        let observances = try [
            Observance(
                slug: slug("fathers-day"), title: "Father's Day",
                rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 3)),
                variants: [ObservanceVariant(countries: [CountryCode("DE")], rule: ObservanceRule(.easter(days: 39)))])
        ]
        return try Catalogue(gapPriorities: priorities, themes: themes, activityKinds: kinds, observances: observances)
    }
}

/// Runs `body` and returns the ``PlanningError`` it throws, recording an issue if it throws none.
func planningError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> PlanningError? {
    do {
        try body()
        Issue.record("expected a PlanningError, got none", sourceLocation: sourceLocation)
        return nil
    } catch let error as PlanningError {
        return error
    } catch {
        Issue.record("expected a PlanningError, got \(error)", sourceLocation: sourceLocation)
        return nil
    }
}
