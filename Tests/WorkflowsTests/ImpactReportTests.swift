import Catalogues
import Foundation
import PlannerStore
import Planning
import Testing
import Workflows

/// The impact report over a real store: a 2027 programme with organisers, four outcomes (one of
/// the confidential safe-space discussion, one cancelled), feedback below and above the minimum;
/// what the coordinator and the public read of it.
@Suite struct ImpactReportTests {
    /// 31 December 2027, 12:00 UTC: the year is over.
    static let yearEnd = Date(timeIntervalSince1970: 1_830_254_400)

    static func id(_ text: String) throws -> Session.ID {
        let parts = text.split(separator: "@")
        return Session.ID(activity: try Slug(String(parts[0])), ruleDate: try LocalDateTime(parsing: String(parts[1])))
    }

    /// The example group (report as `access` says), planned for 2027, with outcomes and feedback
    /// (only imported when `planned` is false: a year's planning is the costly part).
    static func world(report access: String = "private", planned: Bool = true) throws -> (Workflows, Slug) {
        let root = WorkflowsTests.root
        let store = try PlannerStore.inMemory(clock: { yearEnd })
        try store.installCatalogue(CatalogueLoader.load(directory: root.appendingPathComponent("Config/catalogue")))
        let yaml = try String(contentsOf: root.appendingPathComponent("Config/groups/example.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "report: private", with: "report: \(access)")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("impact-\(UUID().uuidString).yaml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let group = try store.importGroup(GroupLoader.load(file: file, catalogue: store.catalogue())).group
        let workflows = Workflows(store: store, clock: { yearEnd })
        guard planned else { return (workflows, group) }
        _ = try workflows.planProgramme(
            of: group, months: PlanningLimits.months(ofYear: 2027), write: PlanWrite(.store(.storeBest)))
        _ = try workflows.assignOrganisers(
            in: group, window: WorkflowsTests.year2027, write: PlanWrite(.store(.storeBest)))
        try workflows.recordOutcome(
            SessionOutcome(held: true, attendance: 14, women: 5, men: 8, undisclosed: 1), of: id(meeting), in: group)
        try workflows.recordOutcome(
            SessionOutcome(held: true, attendance: 9, women: 2, men: 7), of: id(safeSpace), in: group)
        try workflows.recordOutcome(SessionOutcome(held: true, attendance: 30), of: id(kickOff), in: group)
        try store.cancelSession(id(lunch), in: group, reason: "Room flooded", publicNote: "cancelled")
        for usefulness in [5, 4, 4, 3, 5, 2] {
            try store.recordFeedback(
                FeedbackAnswer(
                    usefulness: usefulness, again: usefulness > 3 ? .yes : .maybe,
                    change: usefulness == 5 ? "Speak up when a colleague is talked over" : nil,
                    gender: usefulness.isMultiple(of: 2) ? .woman : .man),
                code: store.feedbackCode(of: id(meeting), in: group), for: id(meeting), in: group, maxAnswers: 200)
        }
        for usefulness in [5, 5, 4] {
            try store.recordFeedback(
                FeedbackAnswer(usefulness: usefulness, again: .yes, change: "Listen more"),
                code: store.feedbackCode(of: id(safeSpace), in: group), for: id(safeSpace), in: group, maxAnswers: 200)
        }
        return (workflows, group)
    }

    static let meeting = "monthly-meeting@2027-03-02T15:00"
    static let safeSpace = "safe-space-2027-05@2027-05-12T16:00"
    static let kickOff = "kick-off-2027@2027-01-19T16:00"
    static let lunch = "lunch-and-learn@2027-02-10T12:30"

    @Test func theCoordinatorReadsHeldSessionsReachGAPAndDutiesWithSmallFeedbackWithheld() throws {
        let (workflows, group) = try Self.world()
        let report = try workflows.impactReport(of: group, period: WorkflowsTests.year2027, viewer: .coordinator)
        #expect(report.sessions.held == 3 && report.sessions.confidentialHeld == 1)
        #expect(report.sessions.cancelled == 1)
        #expect(report.reach.attendance == 53 && report.reach.sessionsCounted == 3)
        #expect(report.reach.women == 7 && report.reach.attendanceWithGender == 23)
        #expect(report.reach.womenShare == 0.304)
        // Every target of the group is in the GAP table, planned from the programme.
        let targets = Dictionary(
            uniqueKeysWithValues: report.gap.compactMap { line in line.target.map { (line.priority.rawValue, $0) } })
        #expect(targets == ["PS-VAW": 2, "INT-WORKENV": 2, "INT-CAPACITY": 1, "PS-ECONOMIC": 2])
        #expect(report.gap.allSatisfy { $0.held <= $0.planned })
        #expect(report.months.count == 12 && report.months.allSatisfy { $0.theme != nil })
        #expect(report.months.first { $0.month.description == "2027-03" }?.attendance == 14)
        // Six answers: averaged; three: counted but withheld.
        let meeting = try #require(report.feedback.first { $0.session == Self.meeting })
        #expect(meeting.summary.answers == 6 && meeting.summary.usefulness == 3.83)
        #expect(meeting.summary.again?.yes == 4 && meeting.summary.again?.maybe == 2 && meeting.summary.again?.no == 0)
        #expect(
            meeting.changes == ["Speak up when a colleague is talked over", "Speak up when a colleague is talked over"])
        let safe = try #require(report.feedback.first { $0.session == Self.safeSpace })
        #expect(safe.title == "Safe-space discussion", "insiders see the confidential title")
        #expect(safe.summary.answers == 3 && safe.summary.suppressed && safe.changes == nil)
        let duties = try #require(report.duties)
        #expect(!duties.isEmpty && duties.allSatisfy { $0.sessions >= $0.held })

        // A lower minimum shows the three answers.
        let lower = try workflows.impactReport(
            of: group, period: WorkflowsTests.year2027, viewer: .coordinator, minimumAnswers: 3)
        #expect(lower.feedback.first { $0.session == Self.safeSpace }?.summary.usefulness == 4.67)
        #expect(throws: WorkflowError.self) {
            try workflows.impactReport(
                of: group, period: WorkflowsTests.year2027, viewer: .coordinator, minimumAnswers: 0)
        }
    }

    @Test func aPrivateReportIsNotFoundForAnyoneButTheCoordinator() throws {
        let (workflows, group) = try Self.world(planned: false)
        for viewer in [Viewer.anonymous, .reader, .membersFeed] {
            #expect(throws: WorkflowError.notFound("group 'vienna' has no impact report you may read")) {
                try workflows.impactReport(of: group, period: WorkflowsTests.year2027, viewer: viewer)
            }
        }
        #expect(try workflows.networkReport(period: WorkflowsTests.year2027, viewer: .anonymous).groups.isEmpty)
        #expect(try workflows.networkReport(period: WorkflowsTests.year2027, viewer: .coordinator).groups.count == 1)
        #expect(throws: WorkflowError.notFound("no group 'nowhere'")) {
            try workflows.impactReport(of: Slug("nowhere"), period: WorkflowsTests.year2027, viewer: .coordinator)
        }
    }

    @Test func thePublicSummaryCountsTheConfidentialSessionWithoutTitleNamesOrFreeText() throws {
        let (workflows, group) = try Self.world(report: "public")
        let report = try workflows.impactReport(of: group, period: WorkflowsTests.year2027, viewer: .anonymous)
        #expect(report.sessions.held == 3 && report.sessions.confidentialHeld == 1)
        #expect(report.duties == nil)
        #expect(report.feedback.allSatisfy { $0.changes == nil })
        let untitled = try #require(report.feedback.first { $0.session == nil })
        #expect(untitled.title == ImpactReport.confidentialTitle && untitled.theme == nil)
        let text = String(decoding: try JSONEncoder().encode(report), as: UTF8.self)
        #expect(!text.contains("Safe-space") && !text.contains("safe-space") && !text.contains("@example.org"))
        let network = try workflows.networkReport(period: WorkflowsTests.year2027, viewer: .anonymous)
        #expect(network.groups.count == 1 && network.sessions.held == 3 && network.reach.attendance == 53)
    }
}
