import Foundation
import Testing

@testable import Planning

@Test(
    "wall time to instant in Europe/Vienna, including the DST gap and the repeated hour",
    arguments: [
        ("2026-01-06T15:00", "2026-01-06T14:00:00Z"),
        ("2026-07-07T15:00", "2026-07-07T13:00:00Z"),
        // 02:30 does not exist on 29 March: read with the winter offset, so 03:30 CEST.
        ("2026-03-29T02:30", "2026-03-29T01:30:00Z"),
        ("2026-03-29T03:00", "2026-03-29T01:00:00Z"),
        // 02:30 happens twice on 25 October: the first (CEST) one.
        ("2026-10-25T02:30", "2026-10-25T00:30:00Z"),
        ("2026-10-25T03:00", "2026-10-25T02:00:00Z"),
    ])
func wallTimeToInstant(local: String, utc: String) throws {
    let instant = try F.at(local).instant(in: F.vienna)
    #expect(instant.formatted(.iso8601) == utc)
}

@Test func gapTimeReadsBackAsTheTimeAfterTheGap() throws {
    let instant = try F.at("2026-03-29T02:30").instant(in: F.vienna)
    #expect(LocalDateTime(instant, in: F.vienna).description == "2026-03-29T03:30")
}

@Test func datesKnowTheirWeekdayAndLeapYears() throws {
    #expect(try F.date("1970-01-01").weekday == .thu)
    #expect(try F.date("2026-01-06").weekday == .tue)
    #expect(try F.date("2000-02-29").weekday == .tue)
    #expect(try F.date("2024-02-28").adding(days: 1).description == "2024-02-29")
    #expect(try F.date("2100-02-28").adding(days: 1).description == "2100-03-01")
    #expect(try F.date("2026-01-06").readable == "Tue 6 Jan 2026")
    #expect(LocalDate.isLeapYear(2000) && !LocalDate.isLeapYear(1900) && LocalDate.isLeapYear(2028))
}

@Test func wallClockAdditionIgnoresZones() throws {
    #expect(try F.at("2026-03-29T01:30").adding(minutes: 90).description == "2026-03-29T03:00")
    #expect(try F.at("2026-12-31T23:30").adding(minutes: 45).description == "2027-01-01T00:15")
    #expect(try F.at("2026-01-01T00:15").adding(minutes: -30).description == "2025-12-31T23:45")
}
