import Foundation
import ICalendar
import Testing

@Suite struct RoundTripTests {
    @Test func everyPropertySurvivesSerialiseAndParse() throws {
        let calendar = try Samples.full()
        let text = try calendar.serialized()
        let parsed = try ICSCalendar.parse(text)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.calendars.count == 1)
        #expect(parsed.calendar.events.count == calendar.events.count)
        for (built, read) in zip(calendar.events, parsed.calendar.events) {
            #expect(built == read)
        }
        #expect(parsed.calendar == calendar)
    }
}

@Suite struct SerialiserTests {
    @Test func writesAVTimezoneForEveryZoneWithPlainIDs() throws {
        let text = try Samples.full().serialized()
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "")
        let tzids = unfolded.components(separatedBy: "\r\n").filter { $0.hasPrefix("TZID:") }
        #expect(Set(tzids) == ["TZID:Asia/Bishkek", "TZID:Europe/Vienna"])
        #expect(tzids.count == 2)
        #expect(!text.contains("freeassociation"))
        for zone in ["Europe/Vienna", "Asia/Bishkek"] {
            #expect(unfolded.contains(";TZID=\(zone):"))
        }
        // Cut to the calendar's years: no 19th-century history, far smaller than the full zone.
        #expect(!unfolded.contains("DTSTART:18"))
        let vienna = try ICSTimeZoneDatabase.vtimezoneText(for: "Europe/Vienna", fromYear: 2025)
        let full = try ICSTimeZoneDatabase.vtimezoneText(for: "Europe/Vienna", fromYear: 1800)
        #expect(vienna.utf8.count < full.utf8.count / 2)
        #expect(text.hasPrefix("BEGIN:VCALENDAR\r\nPRODID:"))
        #expect(text.hasSuffix("END:VCALENDAR\r\n"))
    }

    @Test func truncatedZoneStillGivesTheRightOffsets() throws {
        // The written VTIMEZONE, parsed back by libical without the built-in fallback, must place
        // summer and winter times right: check via a zone id the database does not have.
        let text = try Samples.full().serialized().replacingOccurrences(of: "Europe/Vienna", with: "Custom/Vienna")
        let parsed = try ICSCalendar.parse(text, options: .lenient)
        #expect(parsed.problems.allSatisfy { $0.kind == .convertedTimeZone })
        let series = try #require(parsed.calendar.events.first)
        #expect(series.start == .utc(ICSWallTime(year: 2026, month: 1, day: 6, hour: 14)))
        #expect(series.exceptionDates == [.utc(ICSWallTime(year: 2026, month: 4, day: 7, hour: 13))])
    }

    @Test func sameValueSameBytes() throws {
        let calendar = try Samples.full()
        let first = try calendar.serializedData()
        for _ in 0..<5 {
            #expect(try calendar.serializedData() == first)
        }
        #expect(try ICSCalendar.parse(first).calendar.serializedData() == first)
    }

    @Test func unknownZoneIsATypedError() throws {
        var calendar = try Samples.full()
        calendar.events[0].start = .local(
            ICSWallTime(year: 2026, month: 1, day: 6, hour: 15), zoneID: "Europe/Atlantis")
        #expect(throws: ICSError.unknownTimeZone("Europe/Atlantis", line: nil)) { try calendar.serialized() }
        #expect(!ICSTimeZoneDatabase.contains("Europe/Atlantis"))
        #expect(ICSTimeZoneDatabase.contains("Asia/Bishkek"))
    }

    @Test func impossibleValuesAreRefused() throws {
        var calendar = try Samples.full()
        calendar.events[0].start = .local(
            ICSWallTime(year: 2025, month: 13, day: 45, hour: 25), zoneID: "Europe/Vienna")
        #expect(throws: ICSError.self) { try calendar.serialized() }
        calendar = try Samples.full()
        calendar.events[0].summary = "nul\0byte"
        #expect(throws: ICSError.self) { try calendar.serialized() }
        calendar = try Samples.full()
        calendar.events[0].uid = ""
        #expect(throws: ICSError.self) { try calendar.serialized() }
        calendar = try Samples.full()
        calendar.method = "PUBLISH\r\nX-EVIL:1"
        #expect(throws: ICSError.self) { try calendar.serialized() }
    }
}
