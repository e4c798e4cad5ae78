import Foundation
import Testing

/// `planner session organisers`: a coordinator names a session's organisers by hand; `assign`
/// keeps a pinned choice and `explain` says it was set by hand.
@Suite struct OrganisersCommandTests {
    @Test func aHandChoiceIsPinnedExplainedAndKeptAndABreachIsRefused() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        let lunch = "lunch-and-learn@2027-03-10T12:30"
        let set = try await planner.ok([
            "session", "organisers", lunch, "--group", "vienna", "--set", "thomas-gruber", "--pin",
        ])
        #expect(set.contains("thomas-gruber (pinned)"))
        try await planner.ok(["assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31"])
        let explained = try await planner.ok(["explain", "session", lunch, "--group", "vienna"])
        #expect(explained.contains("thomas-gruber") && explained.contains("set by hand"))

        let refused = try await planner.fails([
            "session", "organisers", "monthly-meeting@2027-03-02T15:00", "--group", "vienna", "--set", "matteo-conti",
        ])
        #expect(
            refused.contains("matteo-conti") && refused.contains("[absence]") && refused.contains("nothing was stored"))
        _ = try await planner.fails(["session", "organisers", lunch, "--group", "vienna"])
        let cleared = try await planner.ok(["session", "organisers", lunch, "--group", "vienna", "--clear"])
        #expect(cleared.contains("no organisers"))
    }
}
