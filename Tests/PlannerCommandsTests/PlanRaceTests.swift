import Foundation
import PlannerStore
import Planning
import Testing

@testable import Workflows

/// `planner plan programme` and `planner assign` store their result only if the group is still
/// at the revision they planned from; another process's write in between stores nothing.
@Suite struct PlanRaceTests {
    @Test func aPlanOvertakenByAnotherProcessStoresNothingAndSaysSoInOneLine() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        let store = try PlannerStore(path: planner.store)
        let vienna = try Slug("vienna")
        let read = try store.snapshot(of: vienna)
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                plan: read.plan, catalogue: try store.catalogue(),
                months: MonthKey.range(try MonthKey(year: 2027, month: 1), try MonthKey(year: 2027, month: 12))))
        // Another coordinator's `planner` writes between this run's read and its write.
        try await planner.ok([
            "session", "confirm", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-01-31",
        ])
        let error = try #require(throws: WorkflowError.self) {
            try Workflows(store: store).finish(
                programme, shortfall: nil, of: vienna, from: read, write: PlanWrite(.store(.storeNothing))
            ) { try store.recordProgramme(programme, in: vienna, expectedRevision: $0) }
        }
        #expect(
            error.description
                == "the group changed while planning (revision \(read.revision) → \(read.revision + 1)): plan again (nothing was stored)"
        )
        #expect(!error.description.contains("\n"))
        let after = try store.snapshot(of: vienna)
        #expect(after.revision == read.revision + 1)
        #expect(after.programme.isEmpty)
        // Planned again from the new revision, it is stored, by the command as by the helper.
        try await planner.ok(["plan", "programme", "--group", "vienna", "--year", "2027"])
        #expect(try store.snapshot(of: vienna).programme.count == 12)
    }
}
