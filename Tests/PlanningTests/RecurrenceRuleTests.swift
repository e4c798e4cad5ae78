import Foundation
import Testing

@testable import Planning

// MARK: - Text form

@Test(
    "a rule prints in canonical form and parses back equal",
    arguments: [
        ("FREQ=MONTHLY;BYDAY=1TU", "FREQ=MONTHLY;BYDAY=1TU"),
        ("RRULE:freq=weekly;interval=2;byday=we", "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"),
        ("FREQ=WEEKLY;INTERVAL=1;BYDAY=TU,TH", "FREQ=WEEKLY;BYDAY=TU,TH"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "FREQ=MONTHLY;BYDAY=-1FR"),
        ("FREQ=MONTHLY;BYDAY=5FR;COUNT=4", "FREQ=MONTHLY;COUNT=4;BYDAY=5FR"),
        ("FREQ=MONTHLY;BYMONTHDAY=-1,15", "FREQ=MONTHLY;BYMONTHDAY=-1,15"),
        ("FREQ=YEARLY;BYMONTH=6;BYDAY=3SU", "FREQ=YEARLY;BYMONTH=6;BYDAY=3SU"),
        ("FREQ=DAILY;UNTIL=20281231", "FREQ=DAILY;UNTIL=20281231"),
        ("FREQ=DAILY;UNTIL=20281231T235959Z", "FREQ=DAILY;UNTIL=20281231T235959Z"),
        ("FREQ=DAILY;UNTIL=20281231T170000", "FREQ=DAILY;UNTIL=20281231T170000"),
        ("WKST=SU;BYSETPOS=-1;BYDAY=MO,TU,WE,TH,FR;FREQ=MONTHLY", "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;WKST=SU"),
    ])
func ruleTextForm(input: String, printed: String) throws {
    let rule = try RecurrenceRule(parsing: input)
    #expect(rule.description == printed)
    #expect(try RecurrenceRule(parsing: rule.description) == rule)
}

@Test(
    "a malformed or unsupported rule gives a clear error",
    arguments: [
        ("BYDAY=TU", PlanningError.Code.invalidRecurrence, "has no FREQ"),
        ("FREQ=FORTNIGHTLY", .invalidRecurrence, "FREQ=FORTNIGHTLY is not supported"),
        ("FREQ=HOURLY", .unsupportedRecurrence, "use DAILY, WEEKLY, MONTHLY or YEARLY"),
        ("FREQ=WEEKLY;BYHOUR=9", .unsupportedRecurrence, "BYHOUR is not supported"),
        ("FREQ=YEARLY;BYWEEKNO=20", .unsupportedRecurrence, "BYWEEKNO is not supported"),
        ("FREQ=YEARLY;BYYEARDAY=100", .unsupportedRecurrence, "BYYEARDAY is not supported"),
        ("FREQ=WEEKLY;BYFORTNIGHT=1", .invalidRecurrence, "BYFORTNIGHT is not an RRULE part"),
        ("FREQ=WEEKLY;INTERVAL=0", .invalidRecurrence, "INTERVAL must be 1 or more"),
        ("FREQ=WEEKLY;INTERVAL=two", .invalidRecurrence, "'two' is not a whole number"),
        ("FREQ=WEEKLY;COUNT=0", .invalidRecurrence, "COUNT must be 1 or more"),
        ("FREQ=WEEKLY;COUNT=3;UNTIL=20281231", .invalidRecurrence, "COUNT and UNTIL cannot both be given"),
        ("FREQ=WEEKLY;BYDAY=1TU", .invalidRecurrence, "only FREQ=MONTHLY or FREQ=YEARLY allow"),
        ("FREQ=MONTHLY;BYDAY=6TU", .invalidRecurrence, "a month has at most 5"),
        ("FREQ=MONTHLY;BYDAY=0TU", .invalidRecurrence, "a month has at most 5"),
        ("FREQ=MONTHLY;BYDAY=TUE", .invalidRecurrence, "is not a weekday"),
        ("FREQ=MONTHLY;BYDAY=+-1TU", .invalidRecurrence, "bad ordinal"),
        ("FREQ=MONTHLY;BYMONTHDAY=32", .invalidRecurrence, "BYMONTHDAY values must be"),
        ("FREQ=MONTHLY;BYMONTHDAY=0", .invalidRecurrence, "BYMONTHDAY values must be"),
        ("FREQ=YEARLY;BYMONTH=13", .invalidRecurrence, "BYMONTH values must be 1…12"),
        ("FREQ=MONTHLY;BYSETPOS=1", .invalidRecurrence, "BYSETPOS needs another BY"),
        ("FREQ=WEEKLY;BYMONTHDAY=1", .invalidRecurrence, "cannot be used with FREQ=WEEKLY"),
        ("FREQ=WEEKLY;WKST=XX", .invalidRecurrence, "WKST=XX is not a weekday code"),
        ("FREQ=WEEKLY;UNTIL=2028-12-31", .invalidRecurrence, "is not a date"),
        ("FREQ=WEEKLY;UNTIL=20280231", .invalidDate, "has no day 31"),
        ("FREQ=WEEKLY;FREQ=DAILY", .invalidRecurrence, "FREQ appears twice"),
        ("FREQ=WEEKLY;;BYDAY=TU", .invalidRecurrence, "is not NAME=VALUE"),
        ("FREQ=WEEKLY;BYDAY=TU,TU", .invalidRecurrence, "BYDAY repeats a value"),
    ] as [(String, PlanningError.Code, String)])
func malformedRule(text: String, code: PlanningError.Code, fragment: String) throws {
    let error = try #require(planningError { _ = try RecurrenceRule(parsing: text) })
    #expect(error.code == code, "\(error)")
    #expect(error.description.contains(fragment), "\(error)")
}

// MARK: - Expansion

/// A rule, a start, a last date and what it must give. The expected dates were computed with
/// python-dateutil 2.9's `rrule` (an independent implementation) or by hand from a calendar.
struct ExpansionCase: Sendable, CustomTestStringConvertible {
    let rule: String
    let start: String
    let through: String
    let expected: [String]
    var testDescription: String { "\(rule) from \(start)" }
}

let expansionCases: [ExpansionCase] = [
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYDAY=1TU", start: "2026-01-06T15:00", through: "2026-06-30",
        expected: ["2026-01-06T15:00", "2026-02-03T15:00", "2026-03-03T15:00", "2026-04-07T15:00", "2026-05-05T15:00", "2026-06-02T15:00"]),
    ExpansionCase(
        rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", start: "2026-01-14T12:30", through: "2026-02-28",
        expected: ["2026-01-14T12:30", "2026-01-28T12:30", "2026-02-11T12:30", "2026-02-25T12:30"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYDAY=5FR", start: "2026-01-30T15:00", through: "2026-12-31",
        expected: ["2026-01-30T15:00", "2026-05-29T15:00", "2026-07-31T15:00", "2026-10-30T15:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYDAY=-1FR", start: "2026-01-30T15:00", through: "2026-06-30",
        expected: ["2026-01-30T15:00", "2026-02-27T15:00", "2026-03-27T15:00", "2026-04-24T15:00", "2026-05-29T15:00", "2026-06-26T15:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1", start: "2026-01-30T15:00", through: "2026-06-30",
        expected: ["2026-01-30T15:00", "2026-02-27T15:00", "2026-03-31T15:00", "2026-04-30T15:00", "2026-05-29T15:00", "2026-06-30T15:00"]),
    ExpansionCase(
        rule: "FREQ=YEARLY;BYMONTH=6;BYDAY=3SU", start: "2026-06-21T10:00", through: "2030-12-31",
        expected: ["2026-06-21T10:00", "2027-06-20T10:00", "2028-06-18T10:00", "2029-06-17T10:00", "2030-06-16T10:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYMONTHDAY=-1", start: "2024-01-31T15:00", through: "2024-05-31",
        expected: ["2024-01-31T15:00", "2024-02-29T15:00", "2024-03-31T15:00", "2024-04-30T15:00", "2024-05-31T15:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY", start: "2024-01-31T15:00", through: "2024-12-31",
        expected: ["2024-01-31T15:00", "2024-03-31T15:00", "2024-05-31T15:00", "2024-07-31T15:00", "2024-08-31T15:00", "2024-10-31T15:00", "2024-12-31T15:00"]),
    ExpansionCase(
        rule: "FREQ=YEARLY", start: "2024-02-29T15:00", through: "2036-12-31",
        expected: ["2024-02-29T15:00", "2028-02-29T15:00", "2032-02-29T15:00", "2036-02-29T15:00"]),
    ExpansionCase(
        rule: "FREQ=YEARLY;BYMONTHDAY=29;BYMONTH=2", start: "2024-02-29T09:00", through: "2033-12-31",
        expected: ["2024-02-29T09:00", "2028-02-29T09:00", "2032-02-29T09:00"]),
    ExpansionCase(
        rule: "FREQ=YEARLY;BYDAY=20MO", start: "2026-05-18T09:00", through: "2029-12-31",
        expected: ["2026-05-18T09:00", "2027-05-17T09:00", "2028-05-15T09:00", "2029-05-14T09:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=1,15;COUNT=5", start: "2026-01-01T09:00", through: "2030-12-31",
        expected: ["2026-01-01T09:00", "2026-01-15T09:00", "2026-03-01T09:00", "2026-03-15T09:00", "2026-05-01T09:00"]),
    ExpansionCase(
        rule: "FREQ=DAILY;BYDAY=MO,WE,FR;BYMONTH=3", start: "2026-03-23T09:00", through: "2027-03-05",
        expected: ["2026-03-23T09:00", "2026-03-25T09:00", "2026-03-27T09:00", "2026-03-30T09:00", "2027-03-01T09:00", "2027-03-03T09:00", "2027-03-05T09:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13", start: "2026-02-13T09:00", through: "2027-12-31",
        expected: ["2026-02-13T09:00", "2026-03-13T09:00", "2026-11-13T09:00", "2027-08-13T09:00"]),
    ExpansionCase(
        rule: "FREQ=MONTHLY;BYDAY=2TU,-1TH", start: "2026-01-13T09:00", through: "2026-04-30",
        expected: ["2026-01-13T09:00", "2026-01-29T09:00", "2026-02-10T09:00", "2026-02-26T09:00", "2026-03-10T09:00", "2026-03-26T09:00", "2026-04-14T09:00", "2026-04-30T09:00"]),
    ExpansionCase(
        rule: "FREQ=YEARLY;INTERVAL=2;BYMONTH=1,7;BYDAY=1MO;BYSETPOS=1", start: "2026-01-05T09:00", through: "2031-01-31",
        expected: ["2026-01-05T09:00", "2028-01-03T09:00", "2030-01-07T09:00"]),
    // RFC 5545 §3.8.5.3: WKST changes a fortnightly rule.
    ExpansionCase(
        rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=MO", start: "1997-08-05T09:00", through: "1997-12-31",
        expected: ["1997-08-05T09:00", "1997-08-10T09:00", "1997-08-19T09:00", "1997-08-24T09:00"]),
    ExpansionCase(
        rule: "FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=TU,SU;WKST=SU", start: "1997-08-05T09:00", through: "1997-12-31",
        expected: ["1997-08-05T09:00", "1997-08-17T09:00", "1997-08-19T09:00", "1997-08-31T09:00"]),
    // UNTIL as a date is inclusive; as UTC it is compared with the instant (15:00 Vienna = 14:00Z in winter).
    ExpansionCase(
        rule: "FREQ=WEEKLY;UNTIL=20260128", start: "2026-01-07T15:00", through: "2026-12-31",
        expected: ["2026-01-07T15:00", "2026-01-14T15:00", "2026-01-21T15:00", "2026-01-28T15:00"]),
    ExpansionCase(
        rule: "FREQ=WEEKLY;UNTIL=20260128T140000Z", start: "2026-01-07T15:00", through: "2026-12-31",
        expected: ["2026-01-07T15:00", "2026-01-14T15:00", "2026-01-21T15:00", "2026-01-28T15:00"]),
    ExpansionCase(
        rule: "FREQ=WEEKLY;UNTIL=20260128T135959Z", start: "2026-01-07T15:00", through: "2026-12-31",
        expected: ["2026-01-07T15:00", "2026-01-14T15:00", "2026-01-21T15:00"]),
    ExpansionCase(
        rule: "FREQ=WEEKLY;UNTIL=20260128T145900", start: "2026-01-07T15:00", through: "2026-12-31",
        expected: ["2026-01-07T15:00", "2026-01-14T15:00", "2026-01-21T15:00"]),
    ExpansionCase(
        rule: "FREQ=DAILY;COUNT=3", start: "2026-12-30T18:00", through: "2027-12-31",
        expected: ["2026-12-30T18:00", "2026-12-31T18:00", "2027-01-01T18:00"]),
    // Europe/Vienna changes on 29 March and 25 October 2026: the wall time stays 15:00.
    ExpansionCase(
        rule: "FREQ=WEEKLY;BYDAY=TH", start: "2026-03-19T15:00", through: "2026-04-09",
        expected: ["2026-03-19T15:00", "2026-03-26T15:00", "2026-04-02T15:00", "2026-04-09T15:00"]),
]

@Test("expansion gives the expected dates", arguments: expansionCases)
func expansion(_ example: ExpansionCase) throws {
    let rule = try RecurrenceRule(parsing: example.rule)
    let dates = rule.occurrences(from: try F.at(example.start), through: try F.date(example.through), in: F.vienna)
    #expect(dates.map(\.description) == example.expected)
}

@Test(
    "across a DST change the wall time stays and the UTC time shifts",
    arguments: [
        ("2026-03-19T15:00", "2026-04-09", ["14:00", "14:00", "13:00", "13:00"]),
        ("2026-10-15T15:00", "2026-11-05", ["13:00", "13:00", "14:00", "14:00"]),
    ])
func dstKeepsWallTime(start: String, through: String, utcTimes: [String]) throws {
    let rule = try RecurrenceRule(parsing: "FREQ=WEEKLY;BYDAY=TH")
    let dates = rule.occurrences(from: try F.at(start), through: try F.date(through), in: F.vienna)
    let utc = try #require(TimeZone(identifier: "UTC"))
    #expect(dates.map(\.time.description) == ["15:00", "15:00", "15:00", "15:00"])
    #expect(dates.map { LocalDateTime($0.instant(in: F.vienna), in: utc).time.description } == utcTimes)
}

@Test func windowCountsFromTheStart() throws {
    let series = try F.series("FREQ=WEEKLY;BYDAY=TU", "2026-01-06T15:00", count: 4)
    let window = try F.date("2026-01-20")...F.date("2026-12-31")
    #expect(series.occurrences(in: window, zone: F.vienna).map(\.description) == ["2026-01-20T15:00", "2026-01-27T15:00"])
    let until = try F.series("FREQ=WEEKLY;BYDAY=TU", "2026-01-06T15:00", until: "2026-01-13")
    #expect(until.occurrences(in: window, zone: F.vienna).isEmpty)
}

@Test func effectiveRuleFoldsUntilIntoUTC() throws {
    let series = try F.series("FREQ=MONTHLY;BYDAY=1TU", "2026-01-06T15:00", until: "2026-07-07")
    // 15:00 CEST on 7 July is 13:00 UTC.
    #expect(try series.effectiveRule(in: F.vienna).description == "FREQ=MONTHLY;UNTIL=20260707T130000Z;BYDAY=1TU")
    let counted = try F.series("FREQ=MONTHLY;BYDAY=1TU", "2026-01-06T15:00", count: 3)
    #expect(try counted.effectiveRule(in: F.vienna).description == "FREQ=MONTHLY;COUNT=3;BYDAY=1TU")
    let zone = F.vienna
    #expect(
        try series.effectiveRule(in: zone).occurrences(from: series.start, through: F.date("2027-12-31"), in: zone)
            == series.occurrences(in: F.date("2026-01-01")...F.date("2027-12-31"), zone: zone))
}

@Test func expansionMakesSessionsWithTheKindsDuration() throws {
    let catalogue = try F.catalogue()
    let plan = try GroupPlan(
        group: F.group(), activities: [F.activity(), F.activity(slug: "kick-off", schedule: .oneOff(F.at("2026-02-10T16:00")))])
    let sessions = try SessionExpansion.sessions(for: plan, catalogue: catalogue, window: F.date("2026-01-01")...F.date("2026-02-28"))
    #expect(sessions.map(\.id.description) == [
        "monthly-meeting@2026-01-06T15:00", "monthly-meeting@2026-02-03T15:00", "kick-off@2026-02-10T16:00",
    ])
    #expect(sessions.allSatisfy { $0.durationMinutes == 90 && $0.status == .tentative && $0.start == $0.ruleDate })
    #expect(sessions[0].end.description == "2026-01-06T16:30")
}
