import Foundation
import PlannerStore
import Planning
import Testing

@Suite struct GroupImportTests {
    @Test func importStoresTheGroupAndMaterialisesItsSeries() throws {
        let store = try Fixture.store()
        let report = try store.importGroup(Fixture.plan())
        #expect(report.created)
        #expect(report.revision == 1)

        let snapshot = try store.snapshot(of: Fixture.slug("vienna"))
        #expect(snapshot.plan.members.map(\.id.rawValue) == ["anton", "bekzat", "jonas"])
        let meetings = snapshot.plan.sessions.filter { $0.activity.rawValue == "monthly-meeting" }
        // First Tuesday of every month of 2027.
        #expect(meetings.count == 12)
        #expect(
            meetings.map(\.start.date.description).prefix(4) == [
                "2027-01-05", "2027-02-02", "2027-03-02", "2027-04-06",
            ])
        let lunches = snapshot.plan.sessions.filter { $0.activity.rawValue == "lunch-and-learn" }
        #expect(lunches.count == 10)
        #expect(lunches.allSatisfy { $0.theme?.rawValue == "share-the-care" && $0.durationMinutes == 60 })
        #expect(snapshot.plan.blackouts.map(\.reason) == ["Office closed"])
    }

    @Test func seriesKeepLocalWallTimeAcrossViennaDSTChanges() throws {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        let zone = try #require(TimeZone(identifier: "Europe/Vienna"))
        let meetings = try store.snapshot(of: Fixture.slug("vienna")).plan.sessions
            .filter { $0.activity.rawValue == "monthly-meeting" }
        // 2 March 2027 is before the change on 28 March (UTC+1), 6 April after it (UTC+2),
        // 5 October before the change on 31 October (UTC+2), 2 November after it (UTC+1).
        for session in meetings {
            #expect(session.start.time.description == "15:00")
        }
        func utcHour(_ date: String) throws -> Int {
            let session = try #require(meetings.first { $0.start.date.description == date })
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = try #require(TimeZone(identifier: "UTC"))
            return utc.component(.hour, from: session.start.instant(in: zone))
        }
        #expect(try utcHour("2027-03-02") == 14)
        #expect(try utcHour("2027-04-06") == 13)
        #expect(try utcHour("2027-10-05") == 13)
        #expect(try utcHour("2027-11-02") == 14)
    }

    @Test func importingTheSameFileTwiceChangesNothing() throws {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        let before = try store.snapshot(of: Fixture.slug("vienna"))
        let report = try store.importGroup(Fixture.plan())
        #expect(report.unchanged, "changes: \(report.changes)")
        #expect(!report.created)
        let after = try store.snapshot(of: Fixture.slug("vienna"))
        #expect(after.revision == before.revision)
        #expect(after.plan == before.plan)
        #expect(after.sessionStamps == before.sessionStamps)
    }

    @Test func importingAnEditedFileUpdatesInPlaceAndKeepsEdits() throws {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        let vienna = Fixture.slug("vienna")
        let moved = Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-03-02T15:00"))
        try store.moveSession(moved, in: vienna, to: Fixture.time("2027-03-03T15:00"), reason: "room taken")
        let before = try store.snapshot(of: vienna)

        // The meeting moves to 16:00, Jonas leaves, Dmitri joins, the group is renamed.
        let edited = try Fixture.plan(
            members: [
                Fixture.member("anton", name: "Anton Berger", role: .coChair, interests: ["fatherhood"]),
                Fixture.member(
                    "bekzat", name: "Bekzat Abdyldaev", interests: ["share-the-care", "more-than-a-policy"]),
                Fixture.member("dmitri", name: "Dmitri Ivanov"),
            ],
            activities: [Fixture.monthlyMeeting(at: "16:00"), Fixture.lunchAndLearn()],
            group: Fixture.group(name: "MfGE Vienna"))
        let report = try store.importGroup(edited)
        #expect(report.changes.contains("updated group settings"))
        #expect(report.changes.contains("removed member jonas"))
        #expect(report.changes.contains("added member dmitri"))
        #expect(report.changes.contains("updated activity monthly-meeting"))
        #expect(report.revision == before.revision + 1)

        let after = try store.snapshot(of: vienna)
        #expect(after.plan.group.name == "MfGE Vienna")
        #expect(after.plan.members.map(\.id.rawValue) == ["anton", "bekzat", "dmitri"])
        let meetings = after.plan.sessions.filter { $0.activity.rawValue == "monthly-meeting" }
        // Each day's session follows the new time under its new rule date and keeps its edits:
        // the meeting moved by hand stays where it was moved.
        #expect(meetings.count == 12)
        #expect(meetings.allSatisfy { $0.ruleDate.time.description == "16:00" })
        let movedMeeting = try #require(meetings.first { $0.ruleDate == Fixture.time("2027-03-02T16:00") })
        #expect(movedMeeting.start == Fixture.time("2027-03-03T15:00"))
        #expect(movedMeeting.reason == "room taken")
        #expect(meetings.filter { $0.movedFrom == nil }.allSatisfy { $0.start.time.description == "16:00" })
        for meeting in meetings {
            let old = try #require(
                before.sessionStamps[
                    Session.ID(activity: meeting.activity, ruleDate: Fixture.time("\(meeting.ruleDate.date)T15:00"))])
            #expect(after.sessionStamps[meeting.id]?.created == old.created)
            #expect(after.sessionStamps[meeting.id]?.sequence == old.sequence + 1)
        }
        // The lunch-and-learn sessions were untouched: same stamps.
        for session in after.plan.sessions where session.activity.rawValue == "lunch-and-learn" {
            #expect(after.sessionStamps[session.id] == before.sessionStamps[session.id])
        }
        #expect(after.activityStamps[Fixture.slug("monthly-meeting")]?.sequence == 1)
    }

    @Test func aMoveSurvivesReimport() throws {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        let vienna = Fixture.slug("vienna")
        let id = Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-05-04T15:00"))
        try store.moveSession(id, in: vienna, to: Fixture.time("2027-05-05T15:00"), reason: "Staff day")
        try store.importGroup(Fixture.plan())
        let session = try #require(try store.snapshot(of: vienna).plan.sessions.first { $0.id == id })
        #expect(session.start == Fixture.time("2027-05-05T15:00"))
        #expect(session.movedFrom == Fixture.time("2027-05-04T15:00"))
        #expect(session.reason == "Staff day")
    }

    @Test func exportRoundTrips() throws {
        let store = try Fixture.store()
        let plan = try Fixture.plan()
        try store.importGroup(plan)
        let exported = try store.exportGroup(Fixture.slug("vienna"))
        #expect(exported == plan)
        let second = try Fixture.store()
        try second.importGroup(exported)
        #expect(try second.exportGroup(Fixture.slug("vienna")) == plan)
    }

    @Test func anInvalidImportLeavesTheStoreUnchanged() throws {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        let before = try store.snapshot(of: Fixture.slug("vienna"))
        // An interest the catalogue does not know.
        let broken = try Fixture.plan(members: [Fixture.member("anton", name: "Anton", interests: ["knitting"])])
        let error = try #require(throws: StoreError.self) { try store.importGroup(broken) }
        #expect(error.code == .invalid)
        #expect(error.message.contains("knitting"))
        let after = try store.snapshot(of: Fixture.slug("vienna"))
        #expect(after.plan == before.plan)
        #expect(after.revision == before.revision)
    }

    @Test func groupListCountsWhatIsStored() throws {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        let groups = try store.groups()
        #expect(groups.map(\.slug.rawValue) == ["vienna"])
        #expect(groups.first?.members == 3)
        #expect(groups.first?.activities == 2)
        #expect(groups.first?.sessions == 22)
        #expect(groups.first?.timeZone == "Europe/Vienna")
    }
}
