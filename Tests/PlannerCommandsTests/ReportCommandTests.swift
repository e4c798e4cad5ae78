import Foundation
import Testing

/// `planner report` and `planner session feedback-link --qr`: what a coordinator types, and the
/// one-line refusals of what cannot be.
@Suite struct ReportCommandTests {
    @Test func reportsAreRenderedAndMistakesRefused() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        defer { try? FileManager.default.removeItem(at: planner.directory) }
        let period = ["--from", "2027-01-01", "--to", "2027-12-31"]

        let md = try await planner.ok(["report", "impact", "--group", "vienna", "--format", "md"] + period)
        #expect(md.hasPrefix("# Impact report: Men for Gender Equality Group Vienna, 2027-01-01 to 2027-12-31"))
        #expect(md.contains("| PS-VAW | Preventing violence against women | 2 |"), "the target, before any plan")
        let network = try await planner.ok(["report", "network", "--format", "json"] + period)
        let rolledUp = try JSONSerialization.jsonObject(with: Data(network.utf8)) as? [String: Any]
        #expect((rolledUp?["groups"] as? [Any])?.count == 1)
        let same = try await planner.ok(["report", "impact", "--network", "--format", "json"] + period)
        #expect(same == network, "--network is `planner report network`")
        let publicNetwork = try await planner.ok(["report", "network", "--public", "--format", "json"] + period)
        let publicGroups = try JSONSerialization.jsonObject(with: Data(publicNetwork.utf8)) as? [String: Any]
        #expect((publicGroups?["groups"] as? [Any])?.isEmpty == true, "no group publishes its report")

        // The example group keeps its report private: no public summary.
        #expect(
            try await planner.fails(["report", "impact", "--group", "vienna", "--public"] + period)
                == "Error: group 'vienna' has no impact report you may read")
        #expect(try await planner.fails(["report", "impact"] + period).contains("--group"))
        #expect(try await planner.fails(["report", "impact", "--group", "nowhere"] + period).contains("nowhere"))
        #expect(
            try await planner.fails(["report", "impact", "--group", "vienna", "--min-answers", "0"] + period)
                .contains("--min-answers"))
        #expect(
            try await planner.fails([
                "report", "impact", "--group", "vienna", "--from", "2027-01-01", "--to", "2030-01-01",
            ]).contains("--to: a window is at most 731 days"))
        #expect(
            try await planner.fails(["report", "impact", "--group", "vienna", "--format", "pdf"] + period)
                .contains("pdf"))

        // The feedback link as a QR code to print.
        let session = "monthly-meeting@2027-03-02T15:00"
        let svg = try await planner.ok(["session", "feedback-link", session, "--group", "vienna", "--qr", "svg"])
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\""))
        #expect(svg.contains("<title>QR code of the feedback form for \(session)</title>"))
        #expect(
            try await planner.fails(["session", "feedback-link", session, "--group", "vienna", "--qr", "png"]) != "")
    }
}
