import Foundation
import Testing

@testable import Planning

/// The two time rules written to the letter: a weekly window may end at `24:00`, and two duties
/// overlap when their instants in the group's zone do, not their wall-clock times.
@Suite struct TimeRuleTests {
    typealias F = Fixtures

    /// A group in Vienna with no minimum gap, so that only overlap keeps two duties apart.
    static func group() throws -> Group {
        try Group(
            slug: F.slug("vienna"), name: "Vienna group", dutyStation: "Vienna", country: CountryCode("AT"),
            timeZone: TimeZoneID("Europe/Vienna"), venue: Venue(name: "Hofburg", address: "Heldenplatz"),
            missionStatement: "Allies.", workingDays: Weekday.allCases, minimumGapDays: 0, settings: GroupSettings(),
            gapTargets: [:])
    }

    static func session(_ start: String, _ end: String, activity: String = "monthly-meeting") throws -> Session {
        try Session(activity: F.slug(activity), ruleDate: F.at(start), start: F.at(start), end: F.at(end))
    }

    static func member(_ id: String, windows: [AvailabilityWindow]) throws -> Member {
        try Member(
            id: F.slug(id), name: id, email: "\(id)@example.org", role: .coChair, staffCategory: .national,
            joined: F.date("2025-01-01"), interests: [], availability: windows, absences: [], capacityPerMonth: 3)
    }

    @Test func aWindowMayEndAtMidnightAndOnlyAWindowEnd() throws {
        let evening = try AvailabilityWindow(days: [.fri], from: F.time("18:00"), to: LocalTime(parsingEnd: "24:00"))
        #expect(evening.timeRange == "18:00–24:00")
        #expect(planningError { _ = try LocalTime(parsing: "24:00") }?.code == .invalidDate)
        #expect(planningError { _ = try LocalTime(parsingEnd: "24:30") }?.code == .invalidDate)
        #expect(
            planningError { _ = try AvailabilityWindow(days: [.fri], from: .endOfDay, to: .endOfDay) }?.code
                == .invalidDate)
        // Stored as text and read back: 24:00 survives the round trip.
        let decoded = try JSONDecoder().decode(AvailabilityWindow.self, from: JSONEncoder().encode(evening))
        #expect(decoded == evening)

        let member = try Self.member("late-owl", windows: [evening])
        let slots = try OrganiserSlots(count: 1, roles: [], roleName: .organiser)
        // Friday 2027-01-08: 22:00 until midnight fits; 22:30 until 00:30 runs into Saturday.
        let untilMidnight = try Self.session("2027-01-08T22:00", "2027-01-09T00:00")
        let pastMidnight = try Self.session("2027-01-08T22:30", "2027-01-09T00:30")
        #expect(AssignmentRules.staticRule(member: member, session: untilMidnight, slots: slots) == nil)
        #expect(AssignmentRules.staticRule(member: member, session: pastMidnight, slots: slots) == .availability)
        let message = AssignmentRules.staticBreach(member: member, session: pastMidnight, slots: slots)?.1
        #expect(message?.contains("windows 18:00–24:00") == true)
        // A window ending at 23:59 does not hold a session ending at midnight.
        let almost = try Self.member(
            "almost", windows: [AvailabilityWindow(days: [.fri], from: F.time("18:00"), to: F.time("23:59"))])
        #expect(AssignmentRules.staticRule(member: almost, session: untilMidnight, slots: slots) == .availability)
    }

    @Test func overlapIsComparedAsInstantsOnTheNightTheClocksGoForward() throws {
        // 28 March 2027, Vienna: 02:00 CET becomes 03:00 CEST. 01:30–02:30 on the wall is
        // 00:30–01:30 UTC (02:30 does not exist and is read as 03:30 CEST); 03:00–04:00 is
        // 01:00–02:00 UTC. The wall clock says they do not overlap; the instants say they do.
        let zone = try #require(TimeZone(identifier: "Europe/Vienna"))
        let early = try Self.session("2027-03-28T01:30", "2027-03-28T02:30")
        let late = try Self.session("2027-03-28T03:00", "2027-03-28T04:00")
        #expect(early.end < late.start)
        #expect(AssignmentRules.conflict(early, late, gap: 0, zone: zone) == .overlap)
        // The same wall-clock times a week later are an hour apart.
        let nextEarly = try Self.session("2027-04-04T01:30", "2027-04-04T02:30")
        let nextLate = try Self.session("2027-04-04T03:00", "2027-04-04T04:00")
        #expect(AssignmentRules.conflict(nextEarly, nextLate, gap: 0, zone: zone) == nil)

        // The checker and the assigner apply the same rule.
        let group = try Self.group()
        let catalogue = try F.catalogue()
        let activities = [try F.activity()]
        let sunday = try AvailabilityWindow(days: [.sun], from: F.time("00:00"), to: .endOfDay)
        let members = [try Self.member("night-owl", windows: [sunday])]
        let pinned = [Assignment(memberID: members[0].id, role: .chair, pinned: true)]
        let handPlan = [try early.with(organisers: pinned), try late.with(organisers: pinned)]
        let breaches = PlanChecker.check(
            sessions: handPlan, members: members, group: group, catalogue: catalogue, activities: activities)
        #expect(breaches.map(\.rule) == [.overlap])
        let problem = AssignmentProblem(
            group: group, members: members, activities: activities, catalogue: catalogue, sessions: [early, late])
        let result = OrganiserAssigner.assign(problem)
        #expect(result.score.filled == 1)
        let weekLater = AssignmentProblem(
            group: group, members: members, activities: activities, catalogue: catalogue,
            sessions: [nextEarly, nextLate])
        #expect(OrganiserAssigner.assign(weekLater).score.filled == 2)
    }
}

/// Roles per slot: a kick-off with one slot that needs a chair and one open slot is staffed by
/// a chair and anyone beside him, never by a member alone.
@Suite struct ChairSlotTests {
    typealias F = Fixtures

    @Test func oneChairAndAnyoneBesideHimNotTwoChairs() throws {
        let slots = try OrganiserSlots(count: 2, roles: [.coChair, .focalPoint], roleName: .organiser, chairs: 1)
        #expect(slots.mixesChairsAndOpenSlots && slots.allows(.member))
        #expect(slots.admits(chairs: 1, of: 2) && slots.admits(chairs: 2, of: 2) && slots.admits(chairs: 0, of: 0))
        #expect(!slots.admits(chairs: 0, of: 1) && !slots.admits(chairs: 0, of: 2))
        #expect(planningError { _ = try OrganiserSlots(count: 2, chairs: 1) }?.code == .conflict)
        #expect(planningError { _ = try OrganiserSlots(count: 1, roles: [.coChair], chairs: 2) }?.code == .outOfRange)
        // Without `chairs`, every slot needs the role, as before.
        #expect(try OrganiserSlots(count: 2, roles: [.coChair]).chairs == 2)

        let kinds = [
            try ActivityKind(
                slug: F.slug("kick-off"), title: "Kick-off", durationMinutes: 60, timeOfDay: F.time("12:00"),
                format: .inPerson, audience: .staff, privacy: .public, organisers: slots)
        ]
        let base = try F.catalogue()
        let catalogue = try Catalogue(
            gapPriorities: base.gapPriorities, themes: base.themes, activityKinds: kinds, observances: base.observances)
        let activity = try Activity(
            slug: F.slug("launch"), kind: F.slug("kick-off"), title: "Launch",
            schedule: .oneOff(F.at("2027-01-19T12:00")))
        let window = try AvailabilityWindow(days: [.tue], from: F.time("08:00"), to: F.time("18:00"))
        func member(_ id: String, _ role: MemberRole) throws -> Member {
            try Member(
                id: F.slug(id), name: id, email: "\(id)@example.org", role: role, staffCategory: .national,
                joined: F.date("2025-01-01"), availability: [window], capacityPerMonth: 2)
        }
        let chair = try member("anna-chair", .coChair)
        let members = [chair, try member("bela-member", .member), try member("carl-member", .member)]
        let session = try Session(
            activity: activity.slug, ruleDate: F.at("2027-01-19T12:00"), start: F.at("2027-01-19T12:00"),
            end: F.at("2027-01-19T13:00"))
        let group = try F.group()
        let problem = AssignmentProblem(
            group: group, members: members, activities: [activity], catalogue: catalogue, sessions: [session])
        let result = OrganiserAssigner.assign(problem)
        let team = result.sessions[0].organisers.map(\.memberID)
        #expect(team.count == 2 && team.contains(chair.id))
        #expect(
            result.sessions[0].organisers.first { $0.memberID != chair.id }?.reasons.contains {
                $0.contains("open slot beside the chair")
            } == true)

        // Without the chair, nobody: two members alone would break the rule.
        let withoutChair = AssignmentProblem(
            group: group, members: Array(members.dropFirst()), activities: [activity], catalogue: catalogue,
            sessions: [session])
        #expect(OrganiserAssigner.assign(withoutChair).sessions[0].organisers.isEmpty)

        // A member alone, set by hand, is a breach the checker names.
        let alone = try session.with(organisers: [Assignment(memberID: members[1].id, role: .organiser)])
        let breaches = PlanChecker.check(
            sessions: [alone], members: members, group: group, catalogue: catalogue, activities: [activity])
        #expect(breaches.map(\.rule) == [.role])
        #expect(breaches.first?.message.contains("co-chair or focal-point") == true)
    }
}
