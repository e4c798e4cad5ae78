import Foundation
import PlannerStore
import Planning
import Testing

@Suite struct WriteTests {
    let vienna = Fixture.slug("vienna")

    func importedStore() throws -> PlannerStore {
        let store = try Fixture.store()
        try store.importGroup(Fixture.plan())
        return store
    }

    @Test func everyWriteBumpsTheRevisionOnceAndStampsTheRow() throws {
        let store = try importedStore()
        let id = Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-02-02T15:00"))
        let before = try store.snapshot(of: vienna)
        try store.moveSession(id, in: vienna, to: Fixture.time("2027-02-03T15:00"), reason: "Carnival")
        let after = try store.snapshot(of: vienna)
        #expect(after.revision == before.revision + 1)
        let old = try #require(before.sessionStamps[id])
        let new = try #require(after.sessionStamps[id])
        #expect(new.sequence == old.sequence + 1)
        #expect(new.modified > old.modified)
        #expect(new.created == old.created)
        #expect(after.modified > before.modified)
        let session = try #require(after.plan.sessions.first { $0.id == id })
        #expect(session.end == Fixture.time("2027-02-03T16:30"))
    }

    @Test func aWriteThatChangesNothingKeepsTheRevision() throws {
        let store = try importedStore()
        let member = try Fixture.member("anton", name: "Anton Berger", role: .coChair, interests: ["fatherhood"])
        let before = try store.revision(of: vienna)
        try store.updateMember(member, in: vienna)
        #expect(try store.revision(of: vienna) == before)
    }

    @Test func cancellingASessionKeepsItWithItsReason() throws {
        let store = try importedStore()
        let id = Session.ID(activity: Fixture.slug("lunch-and-learn"), ruleDate: Fixture.time("2027-01-27T12:30"))
        try store.cancelSession(id, in: vienna, reason: "Speaker ill")
        let session = try #require(try store.snapshot(of: vienna).plan.sessions.first { $0.id == id })
        #expect(session.status == .cancelled)
        #expect(session.reason == "Speaker ill")
        #expect(throws: StoreError.self) {
            try store.moveSession(id, in: vienna, to: Fixture.time("2027-01-28T12:30"), reason: "x")
        }
    }

    @Test func confirmingASessionRaisesItsSequenceOnceAndReinstatesACancelledOne() throws {
        let store = try importedStore()
        let id = Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-03-02T15:00"))
        let before = try store.snapshot(of: vienna)
        #expect(before.plan.sessions.first { $0.id == id }?.status == .tentative)
        try store.confirmSession(id, in: vienna)
        let after = try store.snapshot(of: vienna)
        #expect(after.plan.sessions.first { $0.id == id }?.status == .confirmed)
        #expect(after.revision == before.revision + 1)
        #expect(after.sessionStamps[id]?.sequence == (before.sessionStamps[id]?.sequence ?? -1) + 1)
        try store.confirmSession(id, in: vienna)
        #expect(try store.revision(of: vienna) == after.revision, "confirming twice changes nothing")

        let lunch = Session.ID(activity: Fixture.slug("lunch-and-learn"), ruleDate: Fixture.time("2027-01-27T12:30"))
        try store.cancelSession(lunch, in: vienna, reason: "Speaker ill")
        try store.confirmSession(lunch, in: vienna)
        let reinstated = try #require(try store.snapshot(of: vienna).plan.sessions.first { $0.id == lunch })
        #expect(reinstated.status == .confirmed)
        #expect(reinstated.reason == nil)
        #expect(throws: StoreError.self) {
            try store.confirmSession(
                Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-03-03T15:00")),
                in: vienna)
        }
    }

    @Test func confirmingARangeTouchesOnlyItsTentativeSessionsInOneWrite() throws {
        let store = try importedStore()
        // August closed: its sessions are dropped, and stay so.
        try store.importBlackouts(
            [
                (
                    try Blackout(
                        from: Fixture.date("2027-08-01"), to: Fixture.date("2027-08-31"), reason: "Summer closure",
                        source: .closure), nil
                )
            ],
            into: vienna)
        let cancelled = Session.ID(
            activity: Fixture.slug("lunch-and-learn"), ruleDate: Fixture.time("2027-05-19T12:30"))
        try store.cancelSession(cancelled, in: vienna, reason: "Heat")
        let dropped = try #require(
            try store.snapshot(of: vienna).plan.sessions.first { $0.dropped && $0.start.month == 8 })
        #expect(throws: StoreError.self) { try store.confirmSession(dropped.id, in: vienna) }
        let before = try store.snapshot(of: vienna)
        let confirmed = try store.confirmSessions(
            of: vienna, from: Fixture.date("2027-05-01"), through: Fixture.date("2027-08-31"))
        let after = try store.snapshot(of: vienna)
        #expect(after.revision == before.revision + 1)
        let expected = before.plan.sessions.filter {
            $0.status == .tentative && !$0.dropped && (5...8).contains($0.start.month) && $0.start.year == 2027
        }.map(\.id)
        #expect(expected.count == 4, "meetings of May, June and July, the lunch of 5 May")
        #expect(Set(confirmed) == Set(expected))
        for session in after.plan.sessions {
            let wasInRange = expected.contains(session.id)
            #expect(
                session.status == (wasInRange ? .confirmed : before.plan.sessions.first { $0.id == session.id }?.status)
            )
        }
        #expect(after.plan.sessions.first { $0.id == cancelled }?.status == .cancelled)
        #expect(after.plan.sessions.first { $0.id == dropped.id }?.dropped == true)
    }

    @Test func cancellingAnActivityCancelsItsSessionsAndRaisesSequences() throws {
        let store = try importedStore()
        try store.cancelActivity(Fixture.slug("lunch-and-learn"), in: vienna, reason: "No room this year")
        let snapshot = try store.snapshot(of: vienna)
        let lunches = snapshot.plan.sessions.filter { $0.activity.rawValue == "lunch-and-learn" }
        #expect(lunches.allSatisfy { $0.status == .cancelled })
        #expect(lunches.allSatisfy { snapshot.sessionStamps[$0.id]?.sequence == 1 })
        #expect(snapshot.cancelledActivities == [Fixture.slug("lunch-and-learn")])
        #expect(snapshot.activityStamps[Fixture.slug("lunch-and-learn")]?.sequence == 1)
    }

    @Test func failedWritesLeaveTheStoreAsItWas() throws {
        let store = try importedStore()
        let before = try store.snapshot(of: vienna)
        let duplicate = try Fixture.member("anton", name: "Another Anton")
        #expect(throws: StoreError.self) { try store.addMember(duplicate, to: vienna) }
        let unknownInterest = try Fixture.member("zoran", name: "Zoran", interests: ["knitting"])
        #expect(throws: StoreError.self) { try store.addMember(unknownInterest, to: vienna) }
        #expect(throws: StoreError.self) {
            try store.cancelSession(
                Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-02-03T15:00")),
                in: vienna, reason: "not a rule date")
        }
        #expect(throws: StoreError.self) {
            try store.setTheme(
                Fixture.slug("knitting"),
                of: Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-02-02T15:00")),
                in: vienna)
        }
        #expect(throws: StoreError.self) { try store.addActivity(Fixture.lunchAndLearn(), to: vienna) }
        let after = try store.snapshot(of: vienna)
        #expect(after.plan == before.plan)
        #expect(after.revision == before.revision)
    }

    @Test func unknownGroupsAndMembersAreNotFound() throws {
        let store = try importedStore()
        let error = try #require(throws: StoreError.self) { try store.snapshot(of: Fixture.slug("bishkek")) }
        #expect(error.code == .notFound)
        let missing = try #require(throws: StoreError.self) {
            try store.removeMember(Fixture.slug("nobody"), from: vienna)
        }
        #expect(missing.code == .notFound)
    }

    @Test func addingAndRemovingMembers() throws {
        let store = try importedStore()
        try store.addMember(Fixture.member("dmitri", name: "Dmitri Ivanov", interests: ["fatherhood"]), to: vienna)
        #expect(
            try store.snapshot(of: vienna).plan.members.map(\.id.rawValue) == ["anton", "bekzat", "jonas", "dmitri"])
        try store.removeMember(Fixture.slug("jonas"), from: vienna)
        #expect(try store.snapshot(of: vienna).plan.members.map(\.id.rawValue) == ["anton", "bekzat", "dmitri"])
    }

    @Test func holidaysImportOnceAndNeverDuplicate() throws {
        let store = try importedStore()
        let holidays = try [
            (
                Blackout(date: Fixture.date("2027-01-06"), reason: "Epiphany", source: .holiday),
                externalUID: "at-2027-01-06" as String?
            ),
            (Blackout(date: Fixture.date("2027-12-24"), reason: "Office closed", source: .closure), externalUID: nil),
        ]
        #expect(try store.importBlackouts(holidays, into: vienna) == 1)
        #expect(try store.importBlackouts(holidays, into: vienna) == 0)
        let reasons = try store.snapshot(of: vienna).plan.blackouts.map(\.reason)
        #expect(reasons == ["Epiphany", "Office closed"])
        // Holidays from .ics files survive a re-import of the group file.
        try store.importGroup(Fixture.plan())
        #expect(try store.snapshot(of: vienna).plan.blackouts.map(\.reason) == ["Epiphany", "Office closed"])
    }

    @Test func theCatalogueInstallsIdempotentlyAndProtectsWhatIsUsed() throws {
        let store = try importedStore()
        #expect(try store.installCatalogue(Fixture.catalogue()).isEmpty)
        #expect(try store.catalogue() == Fixture.catalogue())
        let full = try Fixture.catalogue()
        let withoutFatherhood = try Catalogue(
            gapPriorities: full.gapPriorities, themes: full.themes.filter { $0.slug.rawValue != "fatherhood" },
            activityKinds: full.activityKinds, observances: full.observances)
        let before = try store.revision(of: vienna)
        let catalogueBefore = try store.catalogueRevision().revision
        #expect(try store.catalogue() == full)
        // A catalogue change raises the catalogue's and every group's revision (feeds show it).
        let renamed = try Catalogue(
            gapPriorities: full.gapPriorities,
            themes: full.themes.map { theme in
                guard theme.slug.rawValue == "fatherhood" else { return theme }
                return try Theme(
                    slug: theme.slug, title: "Caring fatherhood", category: theme.category, source: theme.source,
                    area: theme.area, summary: theme.summary, gap: theme.gap, observances: theme.observances,
                    color: theme.color)
            }, activityKinds: full.activityKinds, observances: full.observances)
        #expect(try store.installCatalogue(renamed) == ["updated theme fatherhood"])
        #expect(try store.revision(of: vienna) == before + 1)
        #expect(try store.catalogueRevision().revision == catalogueBefore + 1)
        #expect(try store.installCatalogue(renamed).isEmpty)
        #expect(try store.revision(of: vienna) == before + 1, "no change, no new revision")
        try store.installCatalogue(full)
        // Anton is interested in fatherhood: the theme cannot go.
        let error = try #require(throws: StoreError.self) { try store.installCatalogue(withoutFatherhood) }
        #expect(error.code == .conflict)
        #expect(try store.catalogue() == full)
    }
}
