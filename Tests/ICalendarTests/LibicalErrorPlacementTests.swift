import ICalendar
import Testing

/// libical's X-LIC-ERRORs are read during the walk that reads the values: an error in any kind
/// of component, read or skipped, must still be reported with its own line.
@Suite struct LibicalErrorPlacementTests {
    @Test func errorsInEveryKindOfComponentKeepTheirLines() throws {
        let text = [
            "BEGIN:VCALENDAR",  // 1
            "VERSION:2.0",
            "PRODID:-//Test//Placement//EN",
            "METHOD:",  // 4: calendar level
            "BEGIN:VEVENT",
            "UID:e@test",
            "DTSTAMP:20260101T000000Z",
            "DTSTART:20260101T100000Z",
            "CLASS:",  // 9: an event's own property
            "BEGIN:VALARM",
            "TRIGGER:-PT15M",
            "ACTION:",  // 12: inside an alarm
            "END:VALARM",
            "END:VEVENT",
            "BEGIN:VTODO",
            "UID:t@test",
            "CLASS:",  // 17: a component the reader skips
            "END:VTODO",
            "END:VCALENDAR",
        ].joined(separator: "\r\n")
        let result = try ICSCalendar.parse(text, options: .lenient)
        let libical = result.problems.filter { $0.kind == .libical }
        #expect(libical.map(\.line) == [4, 9, 12, 17], "\(result.problems)")
        #expect(result.calendar.events.map(\.uid) == ["e@test"])
        #expect(result.problems.contains { $0.kind == .ignoredComponent && $0.line == 15 })
        #expect(throws: ICSError.self) { try ICSCalendar.parse(text, options: .strict) }
    }
}
