import CalendarFeeds
import Foundation
import ICalendar
import Planning
import PlannerStore
import Testing

/// One change in the store, the feeds before and after: the right SEQUENCE / RECURRENCE-ID /
/// EXDATE / STATUS change, the same UIDs, nothing else changed.
@Suite struct ChangeScenarioTests {
    static let meetingUID = "UID:vienna/monthly-meeting@allyship-planner"
    static let lunchUID = "UID:vienna/lunch-and-learn@allyship-planner"

    static func key(_ uid: String, _ recurrence: String? = nil) -> String {
        uid + " " + (recurrence.map { "RECURRENCE-ID;TZID=Europe/Vienna:\($0)" } ?? "")
    }

    static func value(_ lines: [String]?, _ name: String) -> String? {
        lines?.first { $0.hasPrefix(name + ":") || $0.hasPrefix(name + ";") }.map { String($0[$0.index(after: $0.firstIndex(of: ":")!)...]) }
    }

    static func uids(_ events: [String: [String]]) -> Set<String> { Set(events.keys.map { String($0.split(separator: " ")[0]) }) }

    /// The events of `kind` before and after `change`.
    static func around(
        _ kind: FeedKind, clock: Example.Clock = Example.Clock(), now: Date = Example.now,
        _ change: (PlannerStore) throws -> Void
    ) throws -> (before: [String: [String]], after: [String: [String]]) {
        let store = try Example.store(clock: clock)
        let before = Support.events(try Example.renderer(store, now: now).render(kind).data)
        try change(store)
        let after = Support.events(try Example.renderer(store, now: now).render(kind).data)
        return (before, after)
    }

    /// The keys whose events differ, and the ones added or removed.
    static func changedKeys(_ before: [String: [String]], _ after: [String: [String]]) -> Set<String> {
        Set(before.keys).union(after.keys).filter { before[$0] != after[$0] }
    }

    @Test func movingOneSessionAddsOneOverrideAndChangesNothingElse() throws {
        let (before, after) = try Self.around(.group) { store in
            try store.moveSession(
                Session.ID(activity: Example.meeting, ruleDate: Example.time("2027-05-04T15:00")), in: Example.vienna,
                to: Example.time("2027-05-05T15:00"), reason: "room taken")
        }
        let key = Self.key(Self.meetingUID, "20270504T150000")
        #expect(Self.changedKeys(before, after) == [key])
        #expect(before[key] == nil)
        #expect(Self.value(after[key], "DTSTART") == "20270505T150000")
        #expect(Self.value(after[key], "DTEND") == "20270505T163000")
        let master = Self.key(Self.meetingUID)
        #expect(Int(Self.value(after[key], "SEQUENCE") ?? "") ?? -1 >= Int(Self.value(after[master], "SEQUENCE") ?? "") ?? 99)
        #expect(Int(Self.value(after[key], "SEQUENCE") ?? "") == 1, "one material change of that session")
        #expect(Self.uids(before) == Self.uids(after))
    }

    @Test func cancellingOneSessionShowsItCancelledThenAnExdateAfterTheRetention() throws {
        let clock = Example.Clock()
        let store = try Example.store(clock: clock)
        let id = Session.ID(activity: Example.meeting, ruleDate: Example.time("2027-09-07T15:00"))
        let before = Support.events(try Example.renderer(store).render(.group).data)
        try store.cancelSession(id, in: Example.vienna, reason: "co-chairs on mission")
        let cancelledAt = try #require(store.snapshot(of: Example.vienna).sessionStamps[id]?.modified)
        let during = Support.events(try Example.renderer(store, now: cancelledAt.addingTimeInterval(29 * 86_400)).render(.group).data)
        let key = Self.key(Self.meetingUID, "20270907T150000")
        #expect(Self.changedKeys(before, during) == [key])
        #expect(Self.value(during[key], "STATUS") == "CANCELLED")
        #expect(Self.value(during[key], "DTSTART") == "20270907T150000")
        #expect(!(during[key] ?? []).joined().contains("co-chairs on mission"), "no cancellation reason in public")

        // The feed changes next when the first of the two cancellations (this one, the example's
        // lunch-and-learn) is 30 days old: a cache must expire then.
        let lunchCancelled = try #require(
            store.snapshot(of: Example.vienna).sessionStamps[Session.ID(activity: Example.lunch, ruleDate: Example.time("2027-02-24T12:30"))]?.modified)
        let renderer = try Example.renderer(store, now: cancelledAt.addingTimeInterval(29 * 86_400))
        #expect(try renderer.render(.group).changesAt == min(cancelledAt, lunchCancelled).addingTimeInterval(30 * 86_400))

        let later = Support.events(try Example.renderer(store, now: cancelledAt.addingTimeInterval(31 * 86_400)).render(.group).data)
        #expect(later[key] == nil, "gone after 30 days")
        let master = Self.key(Self.meetingUID)
        #expect(later[master]?.contains("EXDATE;TZID=Europe/Vienna:20270907T150000") == true)
        #expect(Int(Self.value(later[master], "SEQUENCE") ?? "") ?? 0 > Int(Self.value(before[master], "SEQUENCE") ?? "") ?? 0)
        #expect(Self.uids(later) == Self.uids(before))
        // Only the two series with expired cancellations changed.
        #expect(Self.changedKeys(before, later).allSatisfy { $0.hasPrefix(Self.meetingUID) || $0.hasPrefix(Self.lunchUID) })
    }

    @Test func reThemingOneSessionAddsAnOverrideWithItsCategoriesAndColour() throws {
        let (before, after) = try Self.around(.group) { store in
            try store.setTheme(Example.slug("fatherhood"), of: Session.ID(activity: Example.lunch, ruleDate: Example.time("2027-03-10T12:30")), in: Example.vienna)
        }
        let key = Self.key(Self.lunchUID, "20270310T123000")
        #expect(Self.changedKeys(before, after) == [key])
        let lines = try #require(after[key])
        #expect(lines.contains("CATEGORIES:Fatherhood"))
        #expect(lines.contains("CATEGORIES:INT-WORKENV") && lines.contains("CATEGORIES:PS-ECONOMIC"))
        #expect(lines.contains("COLOR:darkgreen"))
        #expect(Self.value(lines, "DTSTART") == "20270310T123000")
        #expect(Self.uids(before) == Self.uids(after))
    }

    @Test func changingTheSeriesTimeMovesTheMasterAndRaisesItsSequence() throws {
        let clock = Example.Clock()
        let (before, after) = try Self.around(.group, clock: clock) { store in
            try store.importGroup(Example.plan(monthlyMeetingAt: "16:00"), sessionsThrough: Example.date("2028-12-31"))
        }
        let master = Self.key(Self.meetingUID)
        #expect(Self.value(before[master], "DTSTART") == "20270202T150000")
        #expect(Self.value(after[master], "DTSTART") == "20270202T160000")
        #expect(Self.value(after[master], "DTEND") == "20270202T173000")
        #expect(Int(Self.value(after[master], "SEQUENCE") ?? "") ?? 0 > Int(Self.value(before[master], "SEQUENCE") ?? "") ?? 0)
        #expect(Self.uids(before) == Self.uids(after))
        for (key, lines) in after where key.hasPrefix(Self.meetingUID) && key != master {
            #expect(lines.first { $0.hasPrefix("RECURRENCE-ID") }?.hasSuffix("T160000") == true, "overrides follow the new rule: \(key)")
            #expect(Int(Self.value(lines, "SEQUENCE") ?? "") ?? -1 >= Int(Self.value(after[master], "SEQUENCE") ?? "") ?? 99)
        }
        #expect(Self.changedKeys(before, after).allSatisfy { $0.hasPrefix(Self.meetingUID) }, "other activities unchanged")
    }

    @Test func reassigningAnOrganiserChangesTheMembersAndOrganiserFeedsOnly() throws {
        let id = Session.ID(activity: Example.meeting, ruleDate: Example.time("2027-03-02T15:00"))
        let reassign = { (store: PlannerStore) in
            try store.assignOrganisers([Assignment(memberID: Example.slug("dmytro-kovalenko"), role: .chair)], to: id, in: Example.vienna)
        }
        let key = Self.key(Self.meetingUID, "20270302T150000")
        let members = try Self.around(.members, reassign)
        #expect(Self.changedKeys(members.before, members.after) == [key])
        let lines = try #require(members.after[key])
        #expect(lines.contains { $0.hasPrefix("ATTENDEE") && $0.contains("dmytro.kovalenko@example.org") })
        #expect(!lines.contains { $0.contains("anton.berger") })
        #expect(Int(Self.value(lines, "SEQUENCE") ?? "") == Int(Self.value(members.before[key], "SEQUENCE") ?? "")! + 1)

        let anton = try Self.around(.organiser(Example.slug("anton-berger")), reassign)
        let dmytro = try Self.around(.organiser(Example.slug("dmytro-kovalenko")), reassign)
        let sessionUID = "UID:vienna/monthly-meeting/20270302T1500@allyship-planner "
        #expect(anton.before[sessionUID] != nil && anton.after[sessionUID] == nil)
        #expect(dmytro.before[sessionUID] == nil && dmytro.after[sessionUID] != nil)

        // The public feed shows no organisers: only the override's sequence and stamps move.
        let open = try Self.around(.group, reassign)
        #expect(Self.changedKeys(open.before, open.after) == [key])
        let changedLines = Set(open.after[key] ?? []).symmetricDifference(open.before[key] ?? [])
        #expect(changedLines.allSatisfy { $0.hasPrefix("SEQUENCE") || $0.hasPrefix("DTSTAMP") || $0.hasPrefix("LAST-MODIFIED") })
    }
}
