import Foundation
import Testing

/// A coordinator's first day with `planner`, command by command, on a real store file.
@Suite(.serialized) struct CoordinatorFirstDayTests {
    @Test func aCoordinatorsFirstDay() async throws {
        let planner = try PlannerRunner()

        // Nothing works before the store exists, and the error says what to do.
        let noStore = try await planner.fails(["group", "list"])
        #expect(noStore.contains("planner init"))

        // 1. Create the store with the catalogue.
        let initialised = try await planner.ok(["init"])
        #expect(initialised.contains("21 themes"))
        #expect(try await planner.ok(["init"]).contains("(unchanged)"))

        // 2. Import the example group, then its country's public holidays.
        let imported = try await planner.ok(["import", "group", "Config/groups/example.yaml"])
        #expect(imported.contains("group vienna: created"))
        #expect(try await planner.ok(["import", "group", "Config/groups/example.yaml"]).contains("unchanged"))
        let holidays = try await planner.ok([
            "import", "holidays", "Calendars/holidays/austria-2026-2028.ics", "--group", "vienna",
        ])
        #expect(holidays.contains("39 holidays read, 39 new"))

        // 3. Look around.
        let groups = try #require(try await planner.json(["group", "list"]) as? [[String: Any]])
        #expect(groups.count == 1)
        #expect(groups.first?["members"] as? Int == 12)
        let members = try await planner.ok(["member", "list", "--group", "vienna"])
        #expect(members.contains("anton-berger"))
        let vawThemes = try #require(try await planner.json(["theme", "list", "--gap", "PS-VAW"]) as? [[String: Any]])
        #expect(vawThemes.contains { $0["slug"] as? String == "combatting-violence-against-women" })
        let gaps = try await planner.ok(["gap", "list", "--group", "vienna"])
        #expect(gaps.contains("MISSION-ONBOARDING"))
        #expect(gaps.contains("2/year"))
        let observances = try #require(
            try await planner.json(["observance", "list", "--year", "2027", "--country", "AT"]) as? [[String: Any]])
        let fathersDay = observances.first { $0["observance"] as? String == "fathers-day" }
        #expect(fathersDay?["first"] as? String == "2027-06-13")  // second Sunday of June in Austria

        // 4. A new member joins.
        try await planner.ok([
            "member", "add", "--group", "vienna", "--id", "samir-haddad", "--name", "Samir Haddad",
            "--email", "samir.haddad@example.org", "--role", "member", "--staff-category", "national",
            "--joined", "2027-01-10", "--interest", "fatherhood", "--available", "tue,thu 12:00-14:00",
            "--absent", "2027-08-02..2027-08-20 annual leave", "--capacity", "2",
        ])
        let samir = try #require(
            try await planner.json(["member", "show", "--group", "vienna", "--id", "samir-haddad"]) as? [String: Any])
        #expect(samir["email"] as? String == "samir.haddad@example.org")
        try await planner.ok(["member", "update", "--group", "vienna", "--id", "samir-haddad", "--capacity", "1"])
        let updated = try #require(
            try await planner.json(["member", "show", "--group", "vienna", "--id", "samir-haddad"]) as? [String: Any])
        #expect(updated["capacityPerMonth"] as? Int == 1)
        #expect((updated["interests"] as? [String]) == ["fatherhood"])

        // 5. A reading circle series, then the sessions of March 2027.
        let added = try await planner.ok([
            "activity", "add", "--group", "vienna", "--slug", "reading-circle", "--kind", "reading-circle",
            "--title", "Reading circle", "--start", "2027-03-11T17:00", "--rule", "FREQ=MONTHLY;BYDAY=2TH",
            "--until", "2027-12-31",
        ])
        #expect(added.contains("10 sessions"))
        let march = try #require(
            try await planner.json([
                "session", "list", "--group", "vienna", "--from", "2027-03-01", "--to", "2027-03-31",
            ])
                as? [[String: Any]])
        #expect(
            march.contains {
                $0["activity"] as? String == "reading-circle" && $0["start"] as? String == "2027-03-11T17:00"
            })
        #expect(
            march.contains {
                $0["activity"] as? String == "monthly-meeting" && $0["start"] as? String == "2027-03-02T15:00"
            })

        // 6. Move one meeting, cancel one lunch, and see both.
        try await planner.ok([
            "session", "move", "--group", "vienna", "--session", "monthly-meeting@2027-03-02T15:00",
            "--to", "2027-03-03T15:00", "--reason", "Room taken by the Permanent Council",
        ])
        let moved = try await planner.ok([
            "session", "list", "--group", "vienna", "--from", "2027-03-03", "--to", "2027-03-03",
        ])
        #expect(moved.contains("Room taken by the Permanent Council"))
        let lunch = try #require(march.first { $0["activity"] as? String == "lunch-and-learn" })
        let lunchID = "lunch-and-learn@\(try #require(lunch["ruleDate"] as? String))"
        try await planner.ok([
            "session", "cancel", "--group", "vienna", "--session", lunchID, "--reason", "Speaker ill",
        ])
        let cancelled = try #require(
            try await planner.json([
                "session", "list", "--group", "vienna", "--from", "2027-03-01", "--to", "2027-03-31",
            ])
                as? [[String: Any]])
        #expect(
            cancelled.contains {
                $0["activity"] as? String == "lunch-and-learn" && $0["status"] as? String == "cancelled"
            })

        // 6b. Confirm March: its tentative sessions become confirmed, the cancelled lunch stays.
        let confirmedMarch = try await planner.ok([
            "session", "confirm", "--group", "vienna", "--from", "2027-03-01", "--to", "2027-03-31",
        ])
        #expect(confirmedMarch.contains("confirmed monthly-meeting@2027-03-02T15:00"))
        let march2 = try #require(
            try await planner.json([
                "session", "list", "--group", "vienna", "--from", "2027-03-01", "--to", "2027-03-31",
            ])
                as? [[String: Any]])
        #expect(march2.allSatisfy { ["confirmed", "cancelled"].contains($0["status"] as? String ?? "") })
        #expect(
            march2.contains { $0["activity"] as? String == "lunch-and-learn" && $0["status"] as? String == "cancelled" }
        )

        // 7. The group exports back to YAML that imports without a change.
        let exported = planner.directory.appendingPathComponent("vienna.yaml").path
        try await planner.ok(["export", "group", "vienna", "--out", exported])
        let reimport = try await planner.ok(["import", "group", exported])
        #expect(reimport.contains("unchanged"), "\(reimport)")

        // 8. Mistakes get one clear line and change nothing.
        let revision = try #require(
            (try await planner.json(["group", "list"]) as? [[String: Any]])?.first?["revision"] as? Int)
        try await planner.fails([
            "member", "add", "--group", "vienna", "--id", "anton-berger", "--name", "Anton", "--email", "a@example.org",
        ])
        try await planner.fails([
            "member", "add", "--group", "vienna", "--id", "x-y", "--name", "X", "--email", "not-an-email",
        ])
        try await planner.fails([
            "member", "add", "--group", "vienna", "--id", "x-y", "--name", "X", "--email", "x@example.org",
            "--available", "tue 14:00-12:00",
        ])
        try await planner.fails([
            "member", "add", "--group", "vienna", "--id", "x-y", "--name", "X", "--email", "x@example.org", "--absent",
            "2027-03-10..2027-03-01 leave",
        ])
        try await planner.fails([
            "session", "move", "--group", "vienna", "--session", "nonsense", "--to", "2027-03-03T15:00", "--reason",
            "x",
        ])
        try await planner.fails([
            "activity", "add", "--group", "vienna", "--slug", "x", "--kind", "no-such-kind", "--title", "X", "--start",
            "2027-03-01T12:00",
        ])
        try await planner.fails([
            "activity", "add", "--group", "vienna", "--slug", "y", "--kind", "lunch-and-learn", "--title", "Y",
            "--start", "2027-03-01T12:00", "--rule", "FREQ=SOMETIMES",
        ])
        try await planner.fails(["group", "show", "--group", "bishkek"])
        try await planner.fails(["session", "confirm", "--group", "vienna", "--from", "2027-04-01"])
        try await planner.fails([
            "session", "confirm", "--group", "vienna", "--session", lunchID, "--from", "2027-04-01", "--to",
            "2027-04-30",
        ])
        try await planner.fails([
            "session", "confirm", "--group", "vienna", "--from", "2027-04-30", "--to", "2027-04-01",
        ])
        try await planner.fails(["observance", "list", "--year", "2027", "--country", "Austria"])
        let afterMistakes = try #require(
            (try await planner.json(["group", "list"]) as? [[String: Any]])?.first?["revision"] as? Int)
        #expect(afterMistakes == revision)
    }

    @Test func brokenGroupFilesAreRejectedWithTheirLineAndChangeNothing() async throws {
        let planner = try PlannerRunner()
        try await planner.ok(["init"])
        let cases: [(String, String)] = [
            ("time-zone: Europe/Vienna", "time-zone: Europe/Vienn"),
            ("interests: [", "interests: [knitting, "),
            ("max-size: 25", "max-size: twenty-five"),
        ]
        let original = try String(
            contentsOf: PlannerRunner.packageRoot.appendingPathComponent("Config/groups/example.yaml"), encoding: .utf8)
        for (find, replace) in cases {
            guard let range = original.range(of: find) else {
                Issue.record("the example no longer contains '\(find)'")
                continue
            }
            let broken = original.replacingCharacters(in: range, with: replace)
            let file = planner.directory.appendingPathComponent("broken.yaml")
            try broken.write(to: file, atomically: true, encoding: .utf8)
            let line = try await planner.fails(["import", "group", file.path])
            #expect(line.contains("broken.yaml:"), "\(line)")
        }
        let groups = try #require(try await planner.json(["group", "list"]) as? [[String: Any]])
        #expect(groups.isEmpty)
    }
}
