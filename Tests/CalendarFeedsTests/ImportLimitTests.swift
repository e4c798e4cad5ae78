import CalendarFeeds
import Foundation
import ICalendar
import ICalendarFuzzing
import Planning
import SeededRandom
import Testing

/// Holiday and event imports under hostile input: a rule that repeats for centuries is refused
/// with the cap named, and mutated exports are imported or refused with a clear error.
@Suite struct ImportLimitTests {
    static func holiday(rule: String, start: String = "20260101", summary: String = "Every day") -> Data {
        Data(
            """
            BEGIN:VCALENDAR\r
            VERSION:2.0\r
            PRODID:-//test//EN\r
            BEGIN:VEVENT\r
            UID:endless@example.org\r
            DTSTAMP:20260101T000000Z\r
            DTSTART;VALUE=DATE:\(start)\r
            RRULE:\(rule)\r
            SUMMARY:\(summary)\r
            END:VEVENT\r
            END:VCALENDAR\r

            """.utf8)
    }

    @Test func anEndlessDailyRuleOverDecadesIsRefusedWithTheCap() {
        let error = #expect(throws: CalendarImportError.self) {
            try CalendarImport.holidays(from: Self.holiday(rule: "FREQ=DAILY"), lastYear: 2200)
        }
        #expect(error == .tooManyOccurrences(limit: CalendarImport.maxHolidayOccurrences))
        #expect("\(error.map { "\($0)" } ?? "")".contains("\(CalendarImport.maxHolidayOccurrences)"))
    }

    @Test func theCapCountsEveryEventOfTheImport() throws {
        // 3 years of a daily rule: 1,096 days, under the default cap, over a cap of 1,000.
        let data = Self.holiday(rule: "FREQ=DAILY")
        #expect(try CalendarImport.holidays(from: data, lastYear: 2028).count == 1096)
        #expect(throws: CalendarImportError.tooManyOccurrences(limit: 1000)) {
            try CalendarImport.holidays(from: data, lastYear: 2028, maxOccurrences: 1000)
        }
        #expect(try CalendarImport.holidays(from: data, lastYear: 2028, maxOccurrences: 1096).count == 1096)
    }

    @Test func aSubDailyRuleIsNotAHoliday() {
        let error = #expect(throws: CalendarImportError.self) {
            try CalendarImport.holidays(from: Self.holiday(rule: "FREQ=SECONDLY"))
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("at most daily"))
    }

    @Test func aSeriesOverCenturiesAndTooManySeriesAreRefused() throws {
        let ancient = #expect(throws: CalendarImportError.self) {
            try CalendarImport.holidays(from: Self.holiday(rule: "FREQ=YEARLY", start: "00010101"), lastYear: 2027)
        }
        #expect("\(ancient.map { "\($0)" } ?? "")".contains("at most \(CalendarImport.maxHolidaySeriesYears) years"))
        let text = String(decoding: Self.holiday(rule: "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"), as: UTF8.self)
        let event =
            try #require(text.range(of: "BEGIN:VEVENT"))
            .lowerBound..<#require(text.range(of: "END:VCALENDAR")).lowerBound
        let many = (0...5).map { number in
            text[event].replacingOccurrences(of: "endless@", with: "never-\(number)@")
        }
        let calendar = String(text[..<event.lowerBound]) + many.joined() + "END:VCALENDAR\r\n"
        #expect(throws: CalendarImportError.tooManySeries(limit: 5)) {
            try CalendarImport.holidays(from: Data(calendar.utf8), maxSeries: 5)
        }
        // One fewer is imported: every 30 February is no day at all.
        let fewer = String(text[..<event.lowerBound]) + many.dropLast().joined() + "END:VCALENDAR\r\n"
        #expect(try CalendarImport.holidays(from: Data(fewer.utf8), maxSeries: 5).isEmpty)
    }

    @Test func expansionStopsAtTheCapInICalendarToo() throws {
        let event = ICSEvent(
            uid: "s@test", timestamp: Date(timeIntervalSince1970: 0),
            start: .utc(ICSWallTime(year: 2026, month: 1, day: 1)), rule: try ICSRecurrenceRule("FREQ=MINUTELY"))
        let calendar = ICSCalendar(productID: "-//test//EN", events: [event])
        let decade = Date(timeIntervalSince1970: 1_767_225_600)..<Date(timeIntervalSince1970: 2_082_758_400)
        #expect(throws: ICSError.tooManyOccurrences(uid: "s@test", limit: 500)) {
            try calendar.occurrences(in: decade, maxOccurrences: 500)
        }
        let hour = decade.lowerBound..<decade.lowerBound.addingTimeInterval(3600)
        let minutes = try calendar.occurrences(in: hour, maxOccurrences: 500)
        #expect(minutes.count == 60, "\(minutes.map(\.start))")
    }

    @Test(.timeLimit(.minutes(30)))
    func mutatedExportsAreImportedOrRefusedClearly() throws {
        let plan = try Example.plan()
        let catalogue = try Example.catalogue()
        let files = try FileManager.default.contentsOfDirectory(atPath: Support.importsDirectory.path).sorted()
        let seeds =
            try files.map { Array(try Data(contentsOf: Support.importsDirectory.appendingPathComponent($0))) }
            + [Array(Self.holiday(rule: "FREQ=YEARLY"))]
        let iterations = ProcessInfo.processInfo.environment["ICAL_FUZZ_ITERATIONS"].flatMap { Int($0) } ?? 150
        var random = SplitMix64(seed: UInt64(iterations))
        for iteration in 0..<iterations {
            let seedIndex = Int(random.next() % UInt64(seeds.count))
            let mutations = (0..<Int(random.next() % 4 + 1)).map { _ in random.next() }
            let input = Data(HostileICS.mutated(seeds[seedIndex], by: mutations))
            let name =
                "iteration \(iteration): \(files.indices.contains(seedIndex) ? files[seedIndex] : "yearly") mutated by \(mutations)"
            do {
                let holidays = try CalendarImport.holidays(from: input)
                #expect(holidays.count <= CalendarImport.maxHolidayOccurrences, "\(name)")
            } catch {
                #expect(!"\(error)".isEmpty, "\(name)")
            }
            do {
                _ = try CalendarImport.events(
                    from: input, group: plan.group, catalogue: catalogue, defaultKind: Example.lunch)
            } catch {
                #expect(!"\(error)".isEmpty, "\(name)")
            }
        }
    }
}
