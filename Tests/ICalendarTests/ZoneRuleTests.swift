import Foundation
import ICalendar
import Testing

/// A file's own `VTIMEZONE` is expanded by libical whenever a time in it is converted, from the
/// observance's start to the time's year: a rule more frequent than yearly (found by the fuzz
/// test: a secondly rule ran for minutes and past 1 GB) must never reach libical.
@Suite struct ZoneRuleTests {
    static func calendar(standardRule: String) -> String {
        [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VTIMEZONE", "TZID:W. Europe Standard Time",
            "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:+0200", "TZOFFSETTO:+0100", standardRule,
            "END:STANDARD", "BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:+0100", "TZOFFSETTO:+0200",
            "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "END:DAYLIGHT", "END:VTIMEZONE", "BEGIN:VEVENT", "UID:z@test",
            "DTSTAMP:20270101T000000Z", "DTSTART;TZID=W. Europe Standard Time:20270105T150000", "SUMMARY:x",
            "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n") + "\r\n"
    }

    @Test(arguments: [
        "RRULE:FREQ=SECONDLY", "RRULE:FREQ=MINUTELY;BYMONTH=10", "RRULE:FREQ=DAILY",
        "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU;BYHOUR=0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23",
        "RRULE:FREQ=YEARLY;BYSECOND=0,1,2,3",
    ])
    func aZoneRuleMoreFrequentThanYearlyIsRefusedBeforeLibicalExpandsIt(_ rule: String) throws {
        let text = Self.calendar(standardRule: rule)
        let error = #expect(throws: ICSError.self) { try ICSCalendar.parse(text) }
        guard case .invalidCalendar(let problems)? = error else {
            Issue.record("expected invalidCalendar, got \(String(describing: error))")
            return
        }
        #expect(problems.first?.kind == .invalidRecurrenceRule && problems.first?.line == 10, "\(problems)")
        // Lenient: the rule is left out, the event kept, its time read through the rest of the zone.
        let lenient = try ICSCalendar.parse(text, options: .lenient)
        #expect(lenient.calendar.events.map(\.uid) == ["z@test"])
    }

    @Test func aRealZoneRuleIsKept() throws {
        let parsed = try ICSCalendar.parse(
            Self.calendar(standardRule: "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"), options: .lenient)
        #expect(!parsed.problems.contains { $0.severity == .error })
        // 15:00 in Vienna's winter is 14:00 UTC.
        #expect(parsed.calendar.events.first?.start == .utc(ICSWallTime(year: 2027, month: 1, day: 5, hour: 14)))
    }
}
