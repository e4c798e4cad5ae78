import Foundation
import Testing

/// The example group's 2027, planned through `planner`: a themed programme, organisers, an
/// explanation, a check, and re-planning after a member leaves.
@Suite struct PlanningScenarioTests {
    func preparedPlanner() async throws -> PlannerRunner {
        let planner = try await PlannerRunner.withExampleGroup()
        try await planner.ok(["import", "holidays", "Calendars/holidays/austria-2026-2028.ics", "--group", "vienna"])
        return planner
    }

    func revision(_ planner: PlannerRunner) async throws -> Int {
        try #require((try await planner.json(["group", "list"]) as? [[String: Any]])?.first?["revision"] as? Int)
    }

    @Test func theExampleYearIsPlannedThemedAndStaffed() async throws {
        let planner = try await preparedPlanner()
        let themes = try #require(try await planner.json(["theme", "list"]) as? [[String: Any]])
        func observances(of theme: String) -> [String] {
            themes.first { $0["slug"] as? String == theme }?["observances"] as? [String] ?? []
        }

        // A dry run shows the programme and stores nothing.
        let before = try await revision(planner)
        let preview = try #require(
            try await planner.json(["plan", "programme", "--group", "vienna", "--year", "2027", "--dry-run"])
                as? [String: Any])
        #expect(try await revision(planner) == before)

        // Stored, the same programme: twelve months, observance months fitting, targets met.
        let table = try await planner.ok(["plan", "programme", "--group", "vienna", "--year", "2027"])
        #expect(table.contains("MONTH"))
        #expect(table.contains("optimal: proven"))
        #expect(try await revision(planner) == before + 1)
        let months = try #require(preview["months"] as? [[String: Any]])
        #expect(months.map { $0["month"] as? String } == (1...12).map { String(format: "2027-%02d", $0) })
        let themeOf = Dictionary(
            uniqueKeysWithValues: months.map { ($0["month"] as? String ?? "", $0["theme"] as? String ?? "") })
        #expect(observances(of: themeOf["2027-03"] ?? "").contains("international-womens-day"))
        #expect(observances(of: themeOf["2027-10"] ?? "").contains("world-mental-health-day"))
        #expect(
            !Set(observances(of: themeOf["2027-11"] ?? "")).isDisjoint(with: [
                "sixteen-days-of-activism", "white-ribbon-day",
            ]))
        #expect(Set(themeOf.values).count == 12, "no theme twice within twelve months")
        let targets = try #require(preview["targets"] as? [[String: Any]])
        #expect(!targets.isEmpty)
        #expect(targets.allSatisfy { ($0["achieved"] as? Int ?? 0) >= ($0["target"] as? Int ?? 1) })
        for month in months {
            #expect(!(month["reasons"] as? [String] ?? []).isEmpty, "every month says why")
        }
        let sessions = try #require(
            try await planner.json([
                "session", "list", "--group", "vienna", "--from", "2027-03-01", "--to", "2027-03-31",
            ])
                as? [[String: Any]])
        let marchTheme = themeOf["2027-03"]
        #expect(
            sessions.filter { $0["activity"] as? String == "lunch-and-learn" }.allSatisfy {
                $0["theme"] as? String == marchTheme
            })

        // Organisers: a dry run, then the stored plan, optimal and within every rule.
        let dry = try #require(
            try await planner.json([
                "assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--dry-run",
            ])
                as? [String: Any])
        #expect(dry["provenOptimal"] as? Bool == true)
        #expect(try await revision(planner) == before + 1)
        let assigned = try await planner.ok([
            "assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31",
        ])
        #expect(assigned.contains("proven optimal"))
        #expect(try await planner.ok(["plan", "check", "--group", "vienna"]).contains("keeps every rule"))
        let march = try #require(
            try await planner.json([
                "session", "list", "--group", "vienna", "--from", "2027-03-01", "--to", "2027-03-31",
            ])
                as? [[String: Any]])
        let meeting = try #require(march.first { $0["activity"] as? String == "monthly-meeting" })
        let chair = try #require((meeting["organisers"] as? [[String: Any]])?.first)
        #expect(chair["role"] as? String == "chair")
        let chairID = try #require(chair["memberID"] as? String)
        let members = try #require(try await planner.json(["member", "list", "--group", "vienna"]) as? [[String: Any]])
        let chairRole = members.first { $0["id"] as? String == chairID }?["role"] as? String
        #expect(["co-chair", "focal-point"].contains(chairRole))

        // Why this chair?
        let explanation = try await planner.ok([
            "explain", "session", "monthly-meeting@2027-03-02T15:00", "--group", "vienna",
        ])
        #expect(explanation.contains(chairID))
        #expect(explanation.contains("available"))

        // Same input, same plan: assigning again changes nothing.
        let revisionAfterAssign = try await revision(planner)
        try await planner.ok(["assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31"])
        #expect(try await revision(planner) == revisionAfterAssign)

        // The chair leaves: re-planning fills the gaps, keeps the others, and says what changed.
        try await planner.ok(["member", "remove", "--group", "vienna", "--id", chairID])
        // Without the chair a slot stays empty: the plan is shown, not stored, unless asked.
        let revisionAfterLeaving = try await revision(planner)
        let refusal = try await planner.fails([
            "assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31",
        ])
        #expect(refusal.contains("cannot be filled") && refusal.contains("--allow-unfilled"))
        #expect(try await revision(planner) == revisionAfterLeaving)
        let replanned = try #require(
            try await planner.json([
                "assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--allow-unfilled",
            ])
                as? [String: Any])
        #expect(try await revision(planner) == revisionAfterLeaving + 1)
        let changes = try #require(replanned["changes"] as? [[String: Any]])
        #expect(!changes.isEmpty)
        #expect(changes.allSatisfy { ($0["removed"] as? [String] ?? []).isEmpty }, "valid duties are kept")
        #expect(try await planner.ok(["plan", "check", "--group", "vienna"]).contains("keeps every rule"))
    }

    @Test func aHandEditThatBreaksARuleIsReported() async throws {
        let planner = try await preparedPlanner()
        try await planner.ok(["assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31"])
        #expect(try await planner.run(["plan", "check", "--group", "vienna"]).status == 0)
        // Take one organiser's first duty and put them on leave that day.
        let sessions = try #require(
            try await planner.json([
                "session", "list", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31",
            ])
                as? [[String: Any]])
        let duty = try #require(sessions.first { !($0["organisers"] as? [[String: Any]] ?? []).isEmpty })
        let member = try #require((duty["organisers"] as? [[String: Any]])?.first?["memberID"] as? String)
        let day = try #require((duty["start"] as? String)?.prefix(10))
        try await planner.ok([
            "member", "update", "--group", "vienna", "--id", member, "--absent", "\(day)..\(day) mission travel",
        ])
        let result = try await planner.run(["plan", "check", "--group", "vienna"])
        #expect(result.status == 1)
        let lines = result.output.split(separator: "\n").filter { $0.contains(member) }
        #expect(!lines.isEmpty, "\(result.output)")
        #expect(lines.contains { $0.lowercased().contains("absen") }, "\(result.output)")
    }
}
