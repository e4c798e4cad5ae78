import Foundation
import Testing

/// `planner session outcome`: what became of a session, recorded from the command line with
/// the same rules as the API.
@Suite struct OutcomeCommandTests {
    @Test func aHeldSessionsOutcomeIsRecordedAndABadOneIsRefused() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        // A screening last month: its day has come.
        let day = Calendar(identifier: .gregorian).date(byAdding: .day, value: -20, to: Date()) ?? Date()
        let date = day.formatted(.iso8601.year().month().day())
        try await planner.ok([
            "activity", "add", "--group", "vienna", "--slug", "autumn-film", "--kind", "film-screening",
            "--title", "Autumn film", "--start", "\(date)T18:00",
        ])
        let session = "autumn-film@\(date)T18:00"
        let refused = try await planner.fails([
            "session", "outcome", session, "--group", "vienna", "--held", "--attendance", "3", "--women", "2",
            "--men", "2",
        ])
        #expect(refused.contains("more than the attendance"))
        let notYet = try await planner.fails([
            "session", "outcome", "monthly-meeting@2027-03-02T15:00", "--group", "vienna", "--held",
        ])
        #expect(notYet.contains("once it has begun"))

        let recorded = try await planner.ok([
            "session", "outcome", session, "--group", "vienna", "--held", "--attendance", "14", "--women", "5",
            "--men", "8", "--undisclosed", "1", "--note", "full room", "--materials", "https://example.org/film",
        ])
        #expect(recorded.contains("held, 14 came"))
        let link = try await planner.ok([
            "session", "feedback-link", session, "--group", "vienna", "--base-url", "https://allyship.example.org/",
        ])
        let prefix = "https://allyship.example.org/groups/vienna/sessions/autumn-film/"
        #expect(link.hasPrefix(prefix) && link.contains("/feedback/"))
        let code = link.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: "/").last ?? ""
        #expect(code.count == 24 && code.allSatisfy(\.isHexDigit))
        let again = try await planner.ok(["session", "feedback-link", session, "--group", "vienna"])
        #expect(again.hasSuffix("/feedback/\(code)\n"), "the same code on every call")
        _ = try await planner.fails(["session", "feedback-link", "autumn-film@2020-01-01T18:00", "--group", "vienna"])
        let exported = try await planner.ok(["export", "group", "vienna"])
        #expect(!exported.contains("full room"), "outcomes are not part of the group's YAML")
    }
}
