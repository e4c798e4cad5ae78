import Catalogues
import Foundation
import Logging
import PlannerStore
import Planning
import Testing
import Workflows

/// The workflows every caller shares: limits, the shortfall policy, the revision a caller holds
/// the group to, and files read before anything is written. Over a real in-memory store with
/// the shipped catalogue and example group.
@Suite struct WorkflowsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let year2027 = try! LocalDate(parsing: "2027-01-01")...LocalDate(parsing: "2027-12-31")  // test literal

    /// A store with the shipped catalogue and the example group.
    static func exampleStore() throws -> (PlannerStore, Slug) {
        let store = try PlannerStore.inMemory()
        try store.installCatalogue(CatalogueLoader.load(directory: root.appendingPathComponent("Config/catalogue")))
        let plan = try GroupLoader.load(
            file: root.appendingPathComponent("Config/groups/example.yaml"), catalogue: store.catalogue())
        return (store, try store.importGroup(plan).group)
    }

    /// The example group with one member left: most organiser slots cannot be filled.
    static func shortStore() throws -> (PlannerStore, Slug) {
        let (store, group) = try exampleStore()
        for member in try store.snapshot(of: group).plan.members.dropFirst() {
            _ = try store.removeMember(member.id, from: group)
        }
        return (store, group)
    }

    @Test func periodsAreBoundedOnceForEveryCaller() throws {
        #expect(throws: WorkflowError.invalid(field: "to", message: "a window is at most 731 days (two years)")) {
            try PlanningLimits.window(from: "2027-01-01", to: "2029-01-01")
        }
        #expect(try PlanningLimits.window(from: "2027-01-01", to: "2028-12-31").count == 731)
        #expect(throws: WorkflowError.invalid(field: "to", message: "to (2027-01-01) is before from (2027-02-01)")) {
            try PlanningLimits.window(from: "2027-02-01", to: "2027-01-01")
        }
        #expect(throws: WorkflowError.invalid(field: "from", message: "'2027-13-01' is not a date like 2027-03-08")) {
            try PlanningLimits.window(from: "2027-13-01", to: "2027-12-31")
        }
        #expect(try PlanningLimits.months(from: "2027-01", to: "2028-12").count == PlanningLimits.programmeMonths)
        #expect(throws: WorkflowError.invalid(field: "to", message: "a programme is at most 24 months")) {
            try PlanningLimits.months(from: "2027-01", to: "2029-01")
        }
        #expect(throws: WorkflowError.self) { try PlanningLimits.months(ofYear: 2201) }
        #expect(try PlanningLimits.months(ofYear: 2027).map(\.description).first == "2027-01")
    }

    @Test func aShortAssignmentIsStoredOnlyWhenTheCallerSaysStoreTheBest() throws {
        let (store, group) = try Self.shortStore()
        let workflows = Workflows(store: store)
        let before = try store.snapshot(of: group)

        let refused = try workflows.assignOrganisers(
            in: group, window: Self.year2027, write: PlanWrite(.store(.storeNothing)))
        #expect(!refused.stored)
        #expect(refused.shortfall?.contains("cannot be filled") == true)
        #expect(!refused.plan.unfilled.isEmpty)
        #expect(try store.snapshot(of: group).revision == before.revision)

        let dryRun = try workflows.assignOrganisers(in: group, window: Self.year2027, write: .dryRun)
        #expect(!dryRun.stored && dryRun.shortfall != nil)
        #expect(try store.snapshot(of: group).revision == before.revision)

        let best = try workflows.assignOrganisers(
            in: group, window: Self.year2027, write: PlanWrite(.store(.storeBest)))
        #expect(best.stored && best.shortfall != nil && best.changedSessions > 0)
        let stored = try store.snapshot(of: group)
        #expect(stored.revision == before.revision + 1)
        #expect(stored.plan.sessions.contains { !$0.organisers.isEmpty })
    }

    @Test func aPlanHeldToAnOlderRevisionIsRefusedAndStoresNothing() throws {
        let (store, group) = try Self.exampleStore()
        let workflows = Workflows(store: store)
        let read = try store.revision(of: group)
        _ = try store.confirmSessions(
            of: group, from: Self.year2027.lowerBound, through: Self.year2027.lowerBound.adding(days: 40))
        let now = try store.revision(of: group)
        #expect(now == read + 1)
        #expect(throws: WorkflowError.revisionMismatch(group: group, current: now)) {
            try workflows.planProgramme(
                of: group, months: PlanningLimits.months(ofYear: 2027),
                write: PlanWrite(.store(.storeBest), expectedRevision: read))
        }
        #expect(try store.snapshot(of: group).programme.isEmpty)
        // Held to the revision it is at, the same plan is stored.
        let planned = try workflows.planProgramme(
            of: group, months: PlanningLimits.months(ofYear: 2027),
            write: PlanWrite(.store(.storeBest), expectedRevision: now))
        #expect(planned.stored)
        #expect(try store.snapshot(of: group).programme.count == 12)
    }

    @Test func readingWorkflowsNameWhatDoesNotExist() throws {
        let (store, group) = try Self.exampleStore()
        let workflows = Workflows(store: store)
        let missing = try #require(Session.ID(parsing: "monthly-meeting@2031-03-02T15:00"))
        #expect(throws: WorkflowError.notFound("group '\(group)' has no session \(missing)")) {
            try workflows.explain(missing, in: group)
        }
        #expect(try workflows.check(group).isEmpty)
        #expect(throws: WorkflowError.invalid(field: "from", message: "no sessions between 2040-01-01 and 2040-12-31"))
        {
            try workflows.assignOrganisers(
                in: group, window: PlanningLimits.window(from: "2040-01-01", to: "2040-12-31"), write: .dryRun)
        }
    }

    @Test func aBadHolidaysFileIsNamedAndChangesNothing() throws {
        let (store, group) = try Self.exampleStore()
        let before = try store.revision(of: group)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("holidays-\(UUID()).ics")
        try Data("BEGIN:VCALENDAR\nnot a calendar\n".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let error = try #require(throws: WorkflowError.self) {
            try Workflows(store: store).importHolidays(file: file.path, into: group)
        }
        guard case .invalid(let field, let message) = error else {
            Issue.record("expected an invalid file, got \(error)")
            return
        }
        #expect(field == "file" && message.hasPrefix(file.path))
        #expect(try store.revision(of: group) == before)
        let shipped = try Workflows(store: store).importHolidays(
            file: Self.root.appendingPathComponent("Calendars/holidays/austria-2026-2028.ics").path, into: group)
        #expect(shipped.read > 20 && shipped.added == shipped.read)
    }

    @Test func aFirstRunReadsEveryFileBeforeWritingAndPlansTheFirstYear() throws {
        let files = FirstRunFiles(
            catalogue: Self.root.appendingPathComponent("Config/catalogue").path,
            exampleGroup: Self.root.appendingPathComponent("Config/groups/example.yaml").path,
            exampleHolidays: "no-such-holidays.ics")
        let store = try PlannerStore.inMemory()
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        #expect(throws: WorkflowError.self) { try Workflows(store: store).firstRun(files, logger: logger) }
        #expect(try store.groups().isEmpty)

        var good = files
        good.exampleHolidays = Self.root.appendingPathComponent("Calendars/holidays/austria-2026-2028.ics").path
        try Workflows(store: store).firstRun(good, logger: logger)
        let group = try #require(try store.groups().first).slug
        let snapshot = try store.snapshot(of: group)
        #expect(!snapshot.programme.isEmpty)
        #expect(snapshot.plan.sessions.contains { !$0.organisers.isEmpty })
        #expect(!snapshot.plan.blackouts.isEmpty)
    }
}

/// Outcomes are recorded once a session has begun, never as held for a cancelled one, and a
/// refused outcome changes nothing.
@Suite struct OutcomeWorkflowTests {
    static let june2027 = Date(timeIntervalSince1970: 1_812_000_000)  // 2027-06-02

    @Test func anOutcomeIsRecordedOnceTheSessionHasBegun() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let workflows = Workflows(store: store, clock: { Self.june2027 })
        let plan = try store.snapshot(of: group).plan
        let past = try #require(plan.sessions.first { $0.start.date.year == 2027 && $0.start.date.month == 3 })
        let future = try #require(plan.sessions.first { $0.start.date.year == 2027 && $0.start.date.month == 9 })
        let outcome = try SessionOutcome(
            held: true, attendance: 12, women: 5, men: 7, note: "lively",
            materials: URL(string: "https://example.org/s"))

        let before = try store.revision(of: group)
        #expect(throws: WorkflowError.self) { try workflows.recordOutcome(outcome, of: future.id, in: group) }
        #expect(try store.revision(of: group) == before)

        try workflows.recordOutcome(outcome, of: past.id, in: group)
        let stored = try store.snapshot(of: group)
        #expect(stored.outcomes[past.id] == outcome)
        #expect(stored.revision == before + 1)
        // The same outcome again changes nothing; a new one replaces it.
        try workflows.recordOutcome(outcome, of: past.id, in: group)
        #expect(try store.revision(of: group) == before + 1)
        let corrected = try SessionOutcome(held: true, attendance: 13)
        try workflows.recordOutcome(corrected, of: past.id, in: group)
        #expect(try store.snapshot(of: group).outcomes[past.id] == corrected)
    }

    @Test func aCancelledSessionCannotHaveBeenHeld() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let workflows = Workflows(store: store, clock: { Self.june2027 })
        let session = try #require(try store.snapshot(of: group).plan.sessions.first { $0.start.date.year == 2027 })
        try store.cancelSession(session.id, in: group, reason: "speaker ill", publicNote: nil)
        let before = try store.revision(of: group)
        #expect(throws: WorkflowError.self) {
            try workflows.recordOutcome(try SessionOutcome(held: true, attendance: 3), of: session.id, in: group)
        }
        #expect(try store.revision(of: group) == before)
        try workflows.recordOutcome(try SessionOutcome(held: false), of: session.id, in: group)
        #expect(try store.snapshot(of: group).outcomes[session.id]?.held == false)
        let unknown = try #require(Session.ID(parsing: "monthly-meeting@2027-03-09T15:00"))
        #expect(throws: WorkflowError.self) {
            try workflows.recordOutcome(try SessionOutcome(held: false), of: unknown, in: group)
        }
    }
}

/// What each viewer reads of an outcome is the visibility policy's decision.
@Suite struct OutcomeVisibilityTests {
    @Test func theConfidentialSessionsOutcomeNeverReachesThePublic() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let catalogue = try store.catalogue()
        let plan = try store.snapshot(of: group).plan
        let confidential = try #require(
            plan.sessions.first { session in
                session.start.date.year == 2027
                    && plan.activity(session.activity).flatMap { catalogue.kind($0.kind) }?.privacy == .confidential
            })
        let outcome = try SessionOutcome(held: true, attendance: 6, note: "trust held", materials: nil)
        try Workflows(store: store, clock: { OutcomeWorkflowTests.june2027 + 3_600 * 24 * 200 })
            .recordOutcome(outcome, of: confidential.id, in: group)
        let snapshot = try store.snapshot(of: group)

        let anonymous = Visibility(.anonymous, group: snapshot.plan.group, catalogue: catalogue)
        #expect(anonymous.view(of: confidential.id, in: snapshot) == nil)
        #expect(anonymous.sessions(of: snapshot).allSatisfy { $0.outcome == nil })

        let reader = Visibility(.reader, group: snapshot.plan.group, catalogue: catalogue)
        let seen = try #require(reader.view(of: confidential.id, in: snapshot)?.outcome)
        #expect(seen.attendance == 6 && seen.note == "trust held")
        let organiser = Visibility(.membersFeed, group: snapshot.plan.group, catalogue: catalogue)
        #expect(organiser.view(of: confidential.id, in: snapshot)?.outcome?.held == true)
    }
}

/// Members' RSVPs give a held session its expected headcount when none is given.
@Suite struct RSVPOutcomeTests {
    @Test func anOutcomeWithoutAHeadcountTakesTheNumberGoing() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let workflows = Workflows(store: store, clock: { OutcomeWorkflowTests.june2027 })
        let plan = try store.snapshot(of: group).plan
        let sessions = plan.sessions.filter { $0.start.date.year == 2027 && $0.start.date.month == 3 && $0.takesPlace }
        let (counted, silent) = (try #require(sessions.first), try #require(sessions.last))
        #expect(counted.id != silent.id)
        let members = plan.members.map(\.id)
        for (member, answer) in zip(members, [RSVP.going, .going, .maybe, .notGoing, .going]) {
            try store.recordRSVP(answer, for: counted.id, of: member, in: group)
        }
        try workflows.recordOutcome(SessionOutcome(held: true, note: "lively"), of: counted.id, in: group)
        #expect(try store.snapshot(of: group).outcomes[counted.id]?.attendance == 3, "three said they were going")
        #expect(try store.snapshot(of: group).outcomes[counted.id]?.note == "lively")
        try workflows.recordOutcome(SessionOutcome(held: true, attendance: 9), of: counted.id, in: group)
        #expect(try store.snapshot(of: group).outcomes[counted.id]?.attendance == 9, "a headcount given wins")
        try workflows.recordOutcome(SessionOutcome(held: true), of: silent.id, in: group)
        #expect(try store.snapshot(of: group).outcomes[silent.id]?.attendance == nil, "no answers, no guess")
    }
}

/// Join requests: approval makes a member with the interests asked for, refuses an e-mail that is
/// already a member's, and warns once the group passes its max-size (25 in the example).
@Suite struct JoinRequestWorkflowTests {
    @Test func approvalWarnsPastTheGroupsMaxSize() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let workflows = Workflows(store: store, clock: { OutcomeWorkflowTests.june2027 })
        let plan = try store.snapshot(of: group).plan
        #expect(plan.group.maxSize == 25 && plan.members.count < 25)
        let existing = try #require(plan.members.first)
        try workflows.submitJoinRequest(
            JoinRequest(name: "Twin", email: existing.email.uppercased(), position: "Officer", why: "To help."),
            to: group, rules: JoinRules())
        let twin = try #require(try store.pendingJoinRequests(of: group).first)
        #expect(throws: WorkflowError.self) { try workflows.approveJoinRequest(twin.id, in: group) }
        try workflows.rejectJoinRequest(twin.id, in: group)
        var warnings: [String?] = []
        for index in plan.members.count..<26 {
            try workflows.submitJoinRequest(
                JoinRequest(
                    name: "New Member \(index)", email: "new\(index)@example.org", position: "Officer",
                    why: "To help.", interests: [try Slug("fatherhood")]),
                to: group, rules: JoinRules())
            let pending = try #require(try store.pendingJoinRequests(of: group).last)
            let approved = try workflows.approveJoinRequest(pending.id, in: group, staffCategory: .national)
            #expect(approved.member.id.rawValue == "new-member-\(index)")
            #expect(approved.member.interests.map(\.rawValue) == ["fatherhood"])
            warnings.append(approved.warning)
        }
        #expect(warnings.dropLast().allSatisfy { $0 == nil }, "no warning up to 25 members")
        #expect(warnings.last??.contains("max-size of 25") == true, "\(warnings.last as Any)")
        #expect(try store.snapshot(of: group).plan.members.count == 26)
        #expect(try store.pendingJoinRequests(of: group).isEmpty)
    }
}

/// Organisers set by hand: checked against the rules, refused with names or stored despite
/// them on request, pinned ones kept by the assigner, each explained "set by hand".
@Suite struct HandAssignmentTests {
    static func session(_ activity: String, on day: String, in store: PlannerStore, _ group: Slug) throws -> Session.ID
    {
        let date = try LocalDate(parsing: day)
        let found = try store.snapshot(of: group).plan.sessions.first {
            $0.activity.rawValue == activity && $0.start.date == date
        }
        return try #require(found?.id)
    }

    @Test func aPinnedHandChoiceIsExplainedAndKeptByTheAssigner() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let workflows = Workflows(store: store)
        let lunch = try Self.session("lunch-and-learn", on: "2027-03-10", in: store, group)
        let thomas = try Slug("thomas-gruber")
        let done = try workflows.setOrganisers([thomas], pinned: true, of: lunch, in: group)
        #expect(done.changed && done.breaches.isEmpty)
        let explanation = try workflows.explain(lunch, in: group)
        #expect(explanation.organisers.map(\.memberID) == [thomas])
        #expect(explanation.organisers.first?.reasons.contains { $0.contains("set by hand") } == true)
        #expect(explanation.organisers.first?.pinned == true)

        _ = try workflows.assignOrganisers(
            in: group, window: WorkflowsTests.year2027, write: PlanWrite(.store(.storeBest)))
        let stored = try #require(try store.snapshot(of: group).plan.sessions.first { $0.id == lunch })
        #expect(stored.organisers.map(\.memberID) == [thomas])
        #expect(stored.organisers.first?.reasons.contains { $0.contains("set by hand") } == true)
        #expect(try workflows.check(group).isEmpty)

        // Setting the same again stores nothing; clearing takes him off.
        let revision = try store.revision(of: group)
        #expect(try workflows.setOrganisers([thomas], pinned: true, of: lunch, in: group).changed == false)
        #expect(try store.revision(of: group) == revision)
        _ = try workflows.setOrganisers([], pinned: false, of: lunch, in: group)
        #expect(try store.snapshot(of: group).plan.sessions.first { $0.id == lunch }?.organisers.isEmpty == true)
    }

    @Test func aChoiceThatBreaksARuleIsRefusedByNameUnlessTheCoordinatorInsists() throws {
        let (store, group) = try WorkflowsTests.exampleStore()
        let workflows = Workflows(store: store)
        // Matteo is on mission to Bishkek on 2 March.
        let meeting = try Self.session("monthly-meeting", on: "2027-03-02", in: store, group)
        let matteo = try Slug("matteo-conti")
        let before = try store.snapshot(of: group)
        do {
            _ = try workflows.setOrganisers([matteo], pinned: true, of: meeting, in: group)
            Issue.record("a pin on a member away was stored")
        } catch let WorkflowError.invalid(field, message) {
            #expect(field == "members")
            #expect(message.contains("matteo-conti") && message.contains("[absence]"))
        }
        #expect(try store.snapshot(of: group).revision == before.revision)

        let insisted = try workflows.setOrganisers([matteo], pinned: true, of: meeting, in: group, despiteRules: true)
        #expect(insisted.breaches.map(\.rule) == [.absence])
        #expect(try workflows.check(group).contains { $0.session == meeting && $0.member == matteo })
        let assigned = try workflows.assignOrganisers(in: group, window: WorkflowsTests.year2027, write: .dryRun)
        #expect(assigned.plan.pinBreaches.contains { $0.member == matteo && $0.rule == .absence })

        // A stranger, a repeated name or more members than slots change nothing.
        let stranger = try Slug("nobody-here")
        #expect(throws: WorkflowError.self) {
            try workflows.setOrganisers([stranger], pinned: false, of: meeting, in: group)
        }
        #expect(throws: WorkflowError.self) {
            try workflows.setOrganisers([matteo, matteo], pinned: false, of: meeting, in: group)
        }
        let three = try ["anton-berger", "dmytro-kovalenko", "matteo-conti"].map(Slug.init)
        #expect(throws: WorkflowError.self) {
            try workflows.setOrganisers(three, pinned: false, of: meeting, in: group)
        }
        #expect(
            try store.snapshot(of: group).plan.sessions.first { $0.id == meeting }?.organisers.map(\.memberID) == [
                matteo
            ])
    }
}

/// A member's duties from before the store's history (`past-duties`) reach the assigner as his
/// past, so that mentoring pairs work from a new install's first plan.
@Test func pastDutiesFromTheYAMLAreTheAssignersPast() throws {
    let (store, group) = try WorkflowsTests.exampleStore()
    let plan = try store.snapshot(of: group).plan
    let anton = try #require(plan.member(try Slug("anton-berger")))
    #expect(
        AssignmentProblem(plan: plan, catalogue: try store.catalogue(), window: WorkflowsTests.year2027)
            .pastDuties[anton.id] == nil)
    let experienced = try Member(
        id: anton.id, name: anton.name, email: anton.email, role: anton.role, staffCategory: anton.staffCategory,
        joined: anton.joined, interests: anton.interests, availability: anton.availability, absences: anton.absences,
        capacityPerMonth: anton.capacityPerMonth, pastDuties: 4)
    try store.updateMember(experienced, in: group)
    let stored = try store.snapshot(of: group).plan
    #expect(stored.member(anton.id)?.pastDuties == 4)
    #expect(
        AssignmentProblem(plan: stored, catalogue: try store.catalogue(), window: WorkflowsTests.year2027)
            .pastDuties[anton.id] == 4)
}

/// `organisers:` on a one-off in the group YAML: its session gets them pinned on import, a
/// second import changes nothing, a changed list replaces them, and `assign` keeps them.
@Test func aOneOffNamesItsOrganisersInTheGroupFile() throws {
    let store = try PlannerStore.inMemory()
    let catalogue = try CatalogueLoader.load(directory: WorkflowsTests.root.appendingPathComponent("Config/catalogue"))
    try store.installCatalogue(catalogue)
    let original = try String(
        contentsOf: WorkflowsTests.root.appendingPathComponent("Config/groups/example.yaml"), encoding: .utf8)
    let marker = "  - slug: kick-off-2027\n    kind: kick-off\n"
    #expect(original.contains(marker))
    func yaml(_ organisers: String) -> String {
        original.replacingOccurrences(of: marker, with: marker + "    organisers: [\(organisers)]\n")
    }
    func kickOff() throws -> Session? {
        let group = try Slug("vienna")
        return try store.snapshot(of: group).plan.sessions.first { $0.activity.rawValue == "kick-off-2027" }
    }
    let first = try GroupLoader.load(text: yaml("anton-berger, dmytro-kovalenko"), name: "a.yaml", catalogue: catalogue)
    let group = try store.importGroup(first).group
    let session = try #require(try kickOff())
    #expect(session.organisers.map(\.memberID.rawValue) == ["anton-berger", "dmytro-kovalenko"])
    #expect(session.organisers.allSatisfy { $0.pinned && $0.reasons == [SessionExpansion.handSetReason] })
    #expect(try store.importGroup(first).changes.isEmpty, "the same file twice changes nothing")

    let workflows = Workflows(store: store)
    _ = try workflows.assignOrganisers(in: group, window: WorkflowsTests.year2027, write: PlanWrite(.store(.storeBest)))
    #expect(try kickOff()?.organisers.map(\.memberID.rawValue) == ["anton-berger", "dmytro-kovalenko"])

    let second = try GroupLoader.load(text: yaml("matteo-conti"), name: "b.yaml", catalogue: catalogue)
    let report = try store.importGroup(second)
    #expect(report.changes.contains { $0.contains("kick-off-2027") })
    #expect(try kickOff()?.organisers.map(\.memberID.rawValue) == ["matteo-conti"])
    #expect(try GroupWriter.yaml(for: try store.snapshot(of: group).plan).contains("organisers: [matteo-conti]"))

    // Names the file cannot hold: a stranger, three for two slots, organisers on a series.
    #expect(throws: ConfigError.self) {
        try GroupLoader.load(text: yaml("someone-else"), name: "c.yaml", catalogue: catalogue)
    }
    #expect(throws: ConfigError.self) {
        try GroupLoader.load(
            text: yaml("anton-berger, dmytro-kovalenko, matteo-conti"), name: "d.yaml", catalogue: catalogue)
    }
    let series = original.replacingOccurrences(
        of: "  - slug: lunch-and-learn\n    kind: lunch-and-learn\n",
        with: "  - slug: lunch-and-learn\n    kind: lunch-and-learn\n    organisers: [anton-berger]\n")
    #expect(series != original)
    #expect(throws: ConfigError.self) { try GroupLoader.load(text: series, name: "e.yaml", catalogue: catalogue) }
}
