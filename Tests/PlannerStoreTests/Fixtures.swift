import Foundation
import PlannerStore
import Planning

/// A small catalogue and group built in Swift, so store tests do not depend on the YAML loader.
enum Fixture {
    static func slug(_ text: String) -> Slug { try! Slug(text) }  // test literals only
    static func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }
    static func time(_ text: String) -> LocalDateTime { try! LocalDateTime(parsing: text) }

    static func catalogue() throws -> Catalogue {
        let workenv = try GAPPriority(id: GAPPriorityID("INT-WORKENV"), title: "Working environment", scope: .internal)
        let vaw = try GAPPriority(
            id: GAPPriorityID("PS-VAW"), title: "Preventing violence against women", scope: .participatingStates)
        let themes = try [
            Theme(
                slug: slug("share-the-care"), title: "Share the Care", category: .workLifeBalance,
                source: .conversationStarter, summary: "Roles at home and work.", gap: [workenv.id], color: "seagreen"),
            Theme(
                slug: slug("more-than-a-policy"), title: "More than a policy", category: .atWork,
                source: .conversationStarter, summary: "Preventing sexual harassment.", gap: [workenv.id, vaw.id],
                color: "firebrick"),
            Theme(
                slug: slug("fatherhood"), title: "Fatherhood", category: .engagementArea, source: .engagementArea,
                summary: "Being a father.", gap: [workenv.id], color: "steelblue"),
        ]
        let kinds = try [
            ActivityKind(
                slug: slug("monthly-meeting"), title: "Monthly meeting", durationMinutes: 90,
                timeOfDay: LocalTime(hour: 15, minute: 0), format: .inPerson, audience: .members, privacy: .public,
                organisers: OrganiserSlots(count: 1, roles: [.coChair, .focalPoint], roleName: .chair)),
            ActivityKind(
                slug: slug("lunch-and-learn"), title: "Lunch and learn", durationMinutes: 60,
                timeOfDay: LocalTime(hour: 12, minute: 30), format: .hybrid, audience: .staff, privacy: .public,
                organisers: OrganiserSlots(count: 1)),
        ]
        return try Catalogue(gapPriorities: [workenv, vaw], themes: themes, activityKinds: kinds, observances: [])
    }

    static func member(_ id: String, name: String, role: MemberRole = .member, interests: [String] = []) throws
        -> Member
    {
        try Member(
            id: slug(id), name: name, email: "\(id)@example.org", role: role, staffCategory: .international,
            joined: date("2025-01-15"), interests: interests.map(slug),
            availability: [
                AvailabilityWindow(
                    days: [.tue, .wed], from: LocalTime(hour: 12, minute: 0), to: LocalTime(hour: 17, minute: 0))
            ],
            capacityPerMonth: 2)
    }

    static func group(name: String = "Men for Gender Equality Group Vienna") throws -> Group {
        try Group(
            slug: slug("vienna"), name: name, dutyStation: "Vienna", country: CountryCode("AT"),
            timeZone: TimeZoneID("Europe/Vienna"), venue: Venue(name: "Hofburg", address: "Heldenplatz, 1010 Wien"),
            missionStatement: "Men as allies for gender equality.", settings: GroupSettings(),
            gapTargets: [GAPPriorityID("PS-VAW"): 2])
    }

    static func monthlyMeeting(at time: String = "15:00") throws -> Activity {
        try Activity(
            slug: slug("monthly-meeting"), kind: slug("monthly-meeting"), title: "Monthly meeting",
            schedule: .series(
                Series(
                    rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1TU"), start: self.time("2027-01-05T\(time)"),
                    until: date("2027-12-31"))))
    }

    static func lunchAndLearn() throws -> Activity {
        try Activity(
            slug: slug("lunch-and-learn"), kind: slug("lunch-and-learn"), title: "Lunch and learn",
            schedule: .series(
                Series(
                    rule: RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"), start: time("2027-01-13T12:30"),
                    count: 10)),
            theme: slug("share-the-care"))
    }

    static func plan(
        members: [Member]? = nil, activities: [Activity]? = nil, group: Group? = nil
    ) throws -> GroupPlan {
        try GroupPlan(
            group: group ?? self.group(),
            members: members ?? [
                member("anton", name: "Anton Berger", role: .coChair, interests: ["fatherhood"]),
                member("bekzat", name: "Bekzat Abdyldaev", interests: ["share-the-care", "more-than-a-policy"]),
                member("jonas", name: "Jonas Müller"),
            ],
            activities: activities ?? [monthlyMeeting(), lunchAndLearn()],
            blackouts: [Blackout(date: date("2027-12-24"), reason: "Office closed", source: .closure)])
    }

    /// A clock that advances one second per reading, from 2027-01-01T00:00Z.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: TimeInterval = 1_798_761_600  // 2027-01-01T00:00:00Z

        /// Moves the clock on by `interval` seconds.
        func advance(_ interval: TimeInterval) { lock.withLock { seconds += interval } }

        var now: @Sendable () -> Date {
            { [self] in
                lock.withLock {
                    seconds += 1
                    return Date(timeIntervalSince1970: seconds)
                }
            }
        }
    }

    static func store(clock: Clock = Clock()) throws -> PlannerStore {
        let store = try PlannerStore.inMemory(clock: clock.now)
        try store.installCatalogue(catalogue())
        return store
    }
}
