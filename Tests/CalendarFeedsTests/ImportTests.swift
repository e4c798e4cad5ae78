import ArgumentParser
import CalendarFeeds
import Foundation
import ICalendar
import PlannerCommands
import PlannerStore
import Planning
import Testing

/// Real-world `.ics` exports read as blackouts and fixed sessions; hostile ones refused with a
/// clear error and nothing changed.
@Suite struct ImportTests {
    static func fixture(_ name: String) throws -> Data {
        try Data(contentsOf: Support.importsDirectory.appendingPathComponent(name))
    }

    @Test func theCommittedAustrianHolidaysBecomeBlackouts() throws {
        let data = try Data(
            contentsOf: Support.packageRoot.appendingPathComponent("Calendars/holidays/austria-2026-2028.ics"))
        let holidays = try CalendarImport.holidays(from: data)
        #expect(holidays.count == 39)
        let epiphany = try #require(holidays.first { $0.blackout.from == Example.date("2027-01-06") })
        #expect(epiphany.blackout.reason == "Epiphany" && epiphany.blackout.to == epiphany.blackout.from)
        #expect(epiphany.externalUID == "at-2027-01-06-epiphany@holidays.example.org")
        #expect(holidays.allSatisfy { $0.blackout.source == .holiday })
    }

    @Test func outlookHolidaysWithWindowsZonesAndFoldedUIDs() throws {
        let holidays = try CalendarImport.holidays(from: Self.fixture("outlook-holidays.ics"))
        #expect(
            holidays.map { "\($0.blackout.from)…\($0.blackout.to) \($0.blackout.reason)" } == [
                "2027-01-06…2027-01-06 Heilige Drei Könige", "2027-03-29…2027-03-29 Ostermontag",
                "2027-12-25…2027-12-26 Christtag und Stefanitag",
            ])
        #expect(holidays[0].externalUID?.hasPrefix("040000008200E00074C5B7101A82E008") == true)
        #expect(
            holidays[0].externalUID?.hasSuffix("B4F7E2C6A9D5E84F9E6C7D1F2A3B4C5D") == true, "the folded UID is unfolded"
        )
    }

    @Test func googleHolidaysSkipCancelledEventsAndUnescapeText() throws {
        let holidays = try CalendarImport.holidays(from: Self.fixture("google-holidays.ics"))
        #expect(
            holidays.map(\.blackout.reason) == [
                "New Year's Day", "Staatsfeiertag (National Holiday)", "Nationalfeiertag, Austrian National Day",
            ])
    }

    @Test func aYearlyHolidayGivesOneBlackoutPerYear() throws {
        let text = """
            BEGIN:VCALENDAR\r
            PRODID:-//Example//EN\r
            VERSION:2.0\r
            BEGIN:VEVENT\r
            UID:christmas@example.org\r
            DTSTAMP:20260101T000000Z\r
            DTSTART;VALUE=DATE:20261225\r
            DTEND;VALUE=DATE:20261226\r
            RRULE:FREQ=YEARLY\r
            SUMMARY:Christmas Day\r
            END:VEVENT\r
            END:VCALENDAR\r

            """
        let holidays = try CalendarImport.holidays(from: Data(text.utf8), lastYear: 2028)
        #expect(holidays.map(\.blackout.from.description) == ["2026-12-25", "2027-12-25", "2028-12-25"])
        #expect(
            holidays.map(\.externalUID) == [
                "christmas@example.org/2026-12-25", "christmas@example.org/2027-12-25",
                "christmas@example.org/2028-12-25",
            ])
    }

    @Test func thunderbirdAndOutlookEventsBecomeActivitiesInTheGroupsZone() throws {
        let plan = try Example.plan()
        let catalogue = try Example.catalogue()
        let thunderbird = try CalendarImport.events(
            from: Self.fixture("thunderbird-events.ics"), group: plan.group, catalogue: catalogue)
        #expect(thunderbird.activities.count == 3)
        let series = thunderbird.activities[2]
        #expect(series.kind == Example.slug("lunch-and-learn"))
        if case .series(let rule) = series.schedule {
            #expect(
                rule.start == Example.time("2027-01-07T12:30")
                    && rule.rule.description == "FREQ=WEEKLY;COUNT=4;BYDAY=TH")
        } else {
            Issue.record("a repeating event becomes a series: \(series.schedule)")
        }
        #expect(thunderbird.skipped.count == 1 && thunderbird.skipped[0].contains("Storytelling lunch (moved)"))
        let reading = try #require(thunderbird.activities.first)
        #expect(reading.title == "Reading circle: \"Men, power and care\"")
        #expect(reading.kind == Example.slug("reading-circle"), "kind from CATEGORIES by title")
        #expect(reading.schedule == .oneOff(Example.time("2027-03-04T16:00")) && reading.durationMinutes == 60)
        #expect(reading.location == "OSCE Secretariat, library")
        let guest = thunderbird.activities[1]
        #expect(guest.kind == Example.slug("guest-speaker") && guest.theme == Example.slug("parental-leave"))
        #expect(guest.onlineURL?.absoluteString == "https://meet.example.org/guest-parental-leave")

        let outlook = try CalendarImport.events(
            from: Self.fixture("outlook-events.ics"), group: plan.group, catalogue: catalogue,
            defaultKind: Example.lunch)
        let talk = try #require(outlook.activities.first)
        #expect(
            talk.schedule == .oneOff(Example.time("2027-06-22T12:00")),
            "W. Europe Standard Time read through its VTIMEZONE")
        #expect(talk.kind == Example.lunch && talk.durationMinutes == 60)
        #expect(throws: CalendarImportError.self) {
            try CalendarImport.events(from: Self.fixture("outlook-events.ics"), group: plan.group, catalogue: catalogue)
        }
        let again = try CalendarImport.events(
            from: Self.fixture("thunderbird-events.ics"), group: plan.group, catalogue: catalogue)
        #expect(again.activities.map(\.slug) == thunderbird.activities.map(\.slug), "slugs come from UIDs")
    }

    /// Hostile files, each refused with a message naming the problem.
    static func hostile() throws -> [(String, Data, String)] {
        var nested = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//EN\r\n"
        for _ in 0..<10_000 { nested += "BEGIN:VEVENT\r\n" }
        for _ in 0..<10_000 { nested += "END:VEVENT\r\n" }
        nested += "END:VCALENDAR\r\n"
        return try [
            ("no VCALENDAR", fixture("hostile-no-vcalendar.ics"), "BEGIN:VCALENDAR"),
            ("10,000 nested components", Data(nested.utf8), "nested deeper"),
            ("unknown TZID", fixture("hostile-unknown-tzid.ics"), "Atlantis/Poseidonia"),
            ("invalid dates", fixture("hostile-invalid-dates.ics"), "20271345"),
            ("empty", Data(), "empty"),
        ]
    }

    @Test func hostileFilesAreRefusedWithAClearError() throws {
        let plan = try Example.plan()
        let catalogue = try Example.catalogue()
        for (what, data, mentions) in try Self.hostile() {
            let holidays = #expect(throws: CalendarImportError.self, "\(what)") {
                try CalendarImport.holidays(from: data)
            }
            #expect(holidays.map { "\($0)".contains(mentions) } == true, "\(what): \(holidays.map { "\($0)" } ?? "")")
            let events = #expect(throws: CalendarImportError.self, "\(what)") {
                try CalendarImport.events(
                    from: data, group: plan.group, catalogue: catalogue, defaultKind: Example.lunch)
            }
            #expect(events.map { "\($0)".contains(mentions) } == true, "\(what): \(events.map { "\($0)" } ?? "")")
        }
    }

    @Test func theCommandsChangeNothingOnAHostileFileAndAddOnceOnAGoodOne() throws {
        let directory = try Support.temporaryDirectory("import")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("planner.sqlite").path
        do {
            let store = try PlannerStore(path: storePath)
            try store.installCatalogue(Example.catalogue())
            try store.importGroup(Example.plan(), sessionsThrough: Example.date("2028-12-31"))
        }
        func state() throws -> (Int, Int, Int) {
            let snapshot = try PlannerStore(path: storePath).snapshot(of: Example.vienna)
            return (snapshot.revision, snapshot.plan.activities.count, snapshot.plan.blackouts.count)
        }
        let before = try state()
        for (what, data, _) in try Self.hostile() {
            let file = directory.appendingPathComponent("hostile.ics")
            try data.write(to: file)
            for arguments in [
                ["import", "calendar", file.path, "--kind", "lunch-and-learn"], ["import", "holidays", file.path],
            ] {
                var command = try PlannerCommand.parseAsRoot(arguments + ["--group", "vienna", "--store", storePath])
                #expect(throws: (any Error).self, "\(what): \(arguments[1])") { try command.run() }
            }
            #expect(try state() == before, "\(what) changed nothing")
        }
        let good = Support.importsDirectory.appendingPathComponent("thunderbird-events.ics").path
        for _ in 0..<2 {
            var command = try PlannerCommand.parseAsRoot([
                "import", "calendar", good, "--group", "vienna", "--store", storePath,
            ])
            try command.run()
        }
        let after = try state()
        #expect(after.1 == before.1 + 3, "three activities, added once")
        let holidays = Support.packageRoot.appendingPathComponent("Calendars/holidays/austria-2026-2028.ics").path
        var command = try PlannerCommand.parseAsRoot([
            "import", "holidays", holidays, "--group", "vienna", "--store", storePath,
        ])
        try command.run()
        #expect(try state().2 == before.2 + 39)
    }
}
