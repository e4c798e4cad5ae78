import Foundation
import ICalendar
import Testing

/// One expansion case, written like libical's src/test/icalrecur_test.txt: a rule, a start with
/// its zone, and the instances expected as local wall time and as UTC.
struct RecurrenceCase: CustomTestStringConvertible, Sendable {
    var name: String
    var rule: String?
    var start: ICSDateTime
    var minutes: Int = 60
    var exceptionDates: [ICSDateTime] = []
    var extraDates: [ICSDateTime] = []
    var window: (String, String) = ("2000-01-01T00:00:00Z", "2040-01-01T00:00:00Z")
    /// `local wall time | UTC`, for example `2026-03-29T10:00:00 | 2026-03-29T08:00:00Z`.
    var expected: [String]

    var testDescription: String { name }
}

private func vienna(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> ICSDateTime {
    Samples.vienna(y, m, d, h, min)
}
private func bishkek(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> ICSDateTime {
    Samples.bishkek(y, m, d, h, min)
}

let recurrenceCases: [RecurrenceCase] = [
    RecurrenceCase(
        name: "Vienna weekly across the March DST change (last Sunday, 2026-03-29)",
        rule: "FREQ=WEEKLY;COUNT=3", start: vienna(2026, 3, 22, 10),
        expected: [
            "2026-03-22T10:00:00 | 2026-03-22T09:00:00Z", "2026-03-29T10:00:00 | 2026-03-29T08:00:00Z",
            "2026-04-05T10:00:00 | 2026-04-05T08:00:00Z",
        ]),
    RecurrenceCase(
        name: "Vienna weekly across the October DST change (last Sunday, 2026-10-25)",
        rule: "FREQ=WEEKLY;COUNT=3", start: vienna(2026, 10, 18, 10),
        expected: [
            "2026-10-18T10:00:00 | 2026-10-18T08:00:00Z", "2026-10-25T10:00:00 | 2026-10-25T09:00:00Z",
            "2026-11-01T10:00:00 | 2026-11-01T09:00:00Z",
        ]),
    RecurrenceCase(
        name: "Vienna last Sunday of March, yearly",
        rule: "FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;COUNT=3", start: vienna(2026, 3, 29, 12),
        expected: [
            "2026-03-29T12:00:00 | 2026-03-29T10:00:00Z", "2027-03-28T12:00:00 | 2027-03-28T10:00:00Z",
            "2028-03-26T12:00:00 | 2028-03-26T10:00:00Z",
        ]),
    RecurrenceCase(
        name: "Bishkek first Monday monthly, +06 all year",
        rule: "FREQ=MONTHLY;BYDAY=1MO;COUNT=3", start: bishkek(2026, 1, 5, 18),
        expected: [
            "2026-01-05T18:00:00 | 2026-01-05T12:00:00Z", "2026-02-02T18:00:00 | 2026-02-02T12:00:00Z",
            "2026-03-02T18:00:00 | 2026-03-02T12:00:00Z",
        ]),
    RecurrenceCase(
        name: "Bishkek history: +05 in December 2004, +06 since August 2005",
        rule: "FREQ=YEARLY;COUNT=3", start: bishkek(2004, 12, 1, 12),
        expected: [
            "2004-12-01T12:00:00 | 2004-12-01T07:00:00Z", "2005-12-01T12:00:00 | 2005-12-01T06:00:00Z",
            "2006-12-01T12:00:00 | 2006-12-01T06:00:00Z",
        ]),
    RecurrenceCase(
        name: "BYDAY=5FR: only months with five Fridays",
        rule: "FREQ=MONTHLY;BYDAY=5FR;COUNT=4", start: vienna(2026, 1, 30, 12, 30),
        expected: [
            "2026-01-30T12:30:00 | 2026-01-30T11:30:00Z", "2026-05-29T12:30:00 | 2026-05-29T10:30:00Z",
            "2026-07-31T12:30:00 | 2026-07-31T10:30:00Z", "2026-10-30T12:30:00 | 2026-10-30T11:30:00Z",
        ]),
    RecurrenceCase(
        name: "Leap day: FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29",
        rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29;COUNT=3", start: vienna(2024, 2, 29, 9),
        expected: [
            "2024-02-29T09:00:00 | 2024-02-29T08:00:00Z", "2028-02-29T09:00:00 | 2028-02-29T08:00:00Z",
            "2032-02-29T09:00:00 | 2032-02-29T08:00:00Z",
        ]),
    RecurrenceCase(
        name: "UNTIL is inclusive",
        rule: "FREQ=DAILY;UNTIL=20260103T090000Z", start: vienna(2026, 1, 1, 10),
        expected: [
            "2026-01-01T10:00:00 | 2026-01-01T09:00:00Z", "2026-01-02T10:00:00 | 2026-01-02T09:00:00Z",
            "2026-01-03T10:00:00 | 2026-01-03T09:00:00Z",
        ]),
    RecurrenceCase(
        name: "COUNT with INTERVAL: every other Wednesday",
        rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE;COUNT=3", start: vienna(2026, 1, 7, 12, 30),
        expected: [
            "2026-01-07T12:30:00 | 2026-01-07T11:30:00Z", "2026-01-21T12:30:00 | 2026-01-21T11:30:00Z",
            "2026-02-04T12:30:00 | 2026-02-04T11:30:00Z",
        ]),
    RecurrenceCase(
        name: "EXDATE removes an instance",
        rule: "FREQ=WEEKLY;COUNT=4", start: vienna(2026, 1, 5, 15), exceptionDates: [vienna(2026, 1, 12, 15)],
        expected: [
            "2026-01-05T15:00:00 | 2026-01-05T14:00:00Z", "2026-01-19T15:00:00 | 2026-01-19T14:00:00Z",
            "2026-01-26T15:00:00 | 2026-01-26T14:00:00Z",
        ]),
    RecurrenceCase(
        name: "RDATE adds an instance in the event's zone (after the DST change)",
        rule: "FREQ=MONTHLY;COUNT=2", start: vienna(2026, 1, 5, 15), extraDates: [vienna(2026, 4, 20, 14)],
        expected: [
            "2026-01-05T15:00:00 | 2026-01-05T14:00:00Z", "2026-02-05T15:00:00 | 2026-02-05T14:00:00Z",
            "2026-04-20T14:00:00 | 2026-04-20T12:00:00Z",
        ]),
    RecurrenceCase(
        name: "Window cuts the series (overlap, end exclusive)",
        rule: "FREQ=DAILY", start: vienna(2026, 6, 1, 8), window: ("2026-06-03T06:30:00Z", "2026-06-05T06:00:00Z"),
        expected: ["2026-06-03T08:00:00 | 2026-06-03T06:00:00Z", "2026-06-04T08:00:00 | 2026-06-04T06:00:00Z"]),
    RecurrenceCase(
        name: "All-day yearly DATE",
        rule: "FREQ=YEARLY;COUNT=2", start: .date(ICSDate(year: 2026, month: 3, day: 8)), minutes: 24 * 60,
        expected: ["2026-03-08T00:00:00 | 2026-03-08T00:00:00Z", "2027-03-08T00:00:00 | 2027-03-08T00:00:00Z"]),
]

@Suite struct RecurrenceTests {
    private static func text(_ instant: Date) -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: instant)
    }

    @Test(arguments: recurrenceCases)
    func expands(_ testCase: RecurrenceCase) throws {
        let end: ICSDateTime
        if case .date(let day) = testCase.start {
            end = .date(ICSDate(year: day.year, month: day.month, day: day.day + 1))
        } else {
            let startInstant = try ICSTimeZoneDatabase.instant(of: testCase.start)
            let endInstant = startInstant.addingTimeInterval(TimeInterval(testCase.minutes * 60))
            end = .local(
                try ICSTimeZoneDatabase.wallTime(of: endInstant, in: testCase.start.zoneID ?? "UTC"),
                zoneID: testCase.start.zoneID ?? "UTC")
        }
        let event = ICSEvent(
            uid: "case@test", timestamp: Samples.utc("2026-01-01T00:00:00Z"), start: testCase.start, end: end,
            rule: try testCase.rule.map { try ICSRecurrenceRule($0) }, exceptionDates: testCase.exceptionDates,
            extraDates: testCase.extraDates)
        let calendar = ICSCalendar(productID: "-//test//EN", events: [event])
        let window = Samples.utc(testCase.window.0)..<Samples.utc(testCase.window.1)
        let occurrences = try calendar.occurrences(in: window)
        let got = occurrences.map { "\($0.start.wallTime) | \(Self.text($0.startInstant))" }
        #expect(got == testCase.expected)
        for occurrence in occurrences {
            #expect(
                occurrence.endInstant.timeIntervalSince(occurrence.startInstant) == TimeInterval(testCase.minutes * 60))
            #expect(occurrence.start.zoneID == testCase.start.zoneID)
            #expect(!occurrence.isOverride)
        }
        // The same calendar read back from its own text expands the same way.
        let reparsed = try ICSCalendar.parse(try calendar.serialized()).calendar
        #expect(try reparsed.occurrences(in: window) == occurrences)
    }

    @Test func overridesMoveInstancesInAndOutOfTheWindow() throws {
        let stamp = Samples.utc("2026-01-01T00:00:00Z")
        let master = ICSEvent(
            uid: "lunch@test", timestamp: stamp, start: vienna(2026, 3, 3, 12, 30), end: vienna(2026, 3, 3, 13, 30),
            rule: try ICSRecurrenceRule("FREQ=WEEKLY;COUNT=4"), summary: "Lunch and learn")
        // 10 March moves to Thursday 12 March at 17:00; 31 March (after DST) moves into April.
        let movedInside = ICSEvent(
            uid: "lunch@test", timestamp: stamp, start: vienna(2026, 3, 12, 17), end: vienna(2026, 3, 12, 18),
            recurrenceID: vienna(2026, 3, 10, 12, 30), sequence: 1, summary: "Lunch and learn (moved)")
        // The override names its instance in UTC: same instant as 24 March 12:30 Vienna.
        let movedOutside = ICSEvent(
            uid: "lunch@test", timestamp: stamp, start: vienna(2026, 4, 2, 12, 30), end: vienna(2026, 4, 2, 13, 30),
            recurrenceID: .utc(ICSWallTime(year: 2026, month: 3, day: 24, hour: 11, minute: 30)), sequence: 1)
        let calendar = ICSCalendar(productID: "-//test//EN", events: [master, movedInside, movedOutside])
        let march = Samples.utc("2026-03-01T00:00:00Z")..<Samples.utc("2026-04-01T00:00:00Z")
        let got = try calendar.occurrences(in: march)
        #expect(got.map(\.start) == [vienna(2026, 3, 3, 12, 30), vienna(2026, 3, 12, 17), vienna(2026, 3, 17, 12, 30)])
        #expect(got.map(\.isOverride) == [false, true, false])
        #expect(got[1].event.summary == "Lunch and learn (moved)")
        #expect(got[1].recurrenceInstant == Samples.utc("2026-03-10T11:30:00Z"))
        #expect(got[2].startInstant == Samples.utc("2026-03-17T11:30:00Z"))
        #expect(got[1].endInstant == Samples.utc("2026-03-12T17:00:00Z"))
        let april = try calendar.occurrences(
            in: Samples.utc("2026-04-01T00:00:00Z")..<Samples.utc("2026-05-01T00:00:00Z"))
        #expect(april.map(\.start) == [vienna(2026, 4, 2, 12, 30)])
        #expect(april.first?.isOverride == true)
    }

    @Test func badRuleIsATypedError() {
        #expect(throws: ICSError.invalidRecurrenceRule("FREQ=SOMETIMES", line: nil)) {
            try ICSRecurrenceRule("FREQ=SOMETIMES")
        }
        #expect(throws: ICSError.self) { try ICSRecurrenceRule("") }
    }
}
