import Foundation
import PropertyBased
import Testing

@testable import Planning

/// A random DAILY, WEEKLY or MONTHLY rule with a start and a span, derived from ten numbers.
struct RandomSeries {
    let rule: RecurrenceRule
    let start: LocalDateTime
    let last: LocalDate

    init?(_ numbers: [Int]) {
        let frequency = [RecurrenceRule.Frequency.daily, .weekly, .monthly][numbers[0] % 3]
        let weekdays = Weekday.allCases.filter { numbers[1] & (1 << $0.index) != 0 }
        let ordinal = [nil, 1, 2, 3, 4, 5, -1, -2][numbers[2] % 8]
        let byDay = weekdays.enumerated().map { index, day in
            RecurrenceRule.WeekdayNumber(index == 0 && frequency == .monthly ? ordinal : nil, day)
        }
        let byMonthDay = numbers[3] % 3 == 0 ? [numbers[4] % 31 + 1, -(numbers[5] % 31 + 1)] : []
        let byMonth = numbers[6] % 3 == 0 ? [numbers[7] % 12 + 1, (numbers[7] + 5) % 12 + 1] : []
        guard
            let rule = try? RecurrenceRule(
                frequency: frequency, interval: numbers[8] % 3 + 1, count: numbers[9] % 4 == 0 ? numbers[9] % 40 + 1 : nil,
                byMonth: byMonth, byMonthDay: frequency == .weekly ? [] : byMonthDay, byDay: byDay)
        else { return nil }
        self.rule = rule
        let startDate = LocalDate(dayNumber: 18_000 + numbers[0] % 4000)
        start = LocalDateTime(date: startDate, time: LocalTime(minutesSinceMidnight: numbers[1] % 1440))
        last = startDate.adding(days: numbers[2] % 900)
    }

    /// Day-by-day check of one date against the rule, written from RFC 5545's definitions
    /// independently of the generating expansion.
    func matches(_ date: LocalDate) -> Bool {
        let monthLength = LocalDate.daysInMonth(year: date.year, month: date.month)
        let monthOK = rule.byMonth.isEmpty || rule.byMonth.contains(date.month)
        let monthDayOK = rule.byMonthDay.isEmpty || rule.byMonthDay.contains { $0 > 0 ? $0 == date.day : monthLength + 1 + $0 == date.day }
        let weekdayOK = rule.byDay.isEmpty || rule.byDay.contains { entry in
            guard entry.weekday == date.weekday else { return false }
            guard let ordinal = entry.ordinal else { return true }
            return ordinal > 0 ? (date.day - 1) / 7 + 1 == ordinal : (monthLength - date.day) / 7 + 1 == -ordinal
        }
        func floorDiv(_ a: Int, _ b: Int) -> Int { Int((Double(a) / Double(b)).rounded(.down)) }
        switch rule.frequency {
        case .daily:
            return (date.dayNumber - start.date.dayNumber) % rule.interval == 0 && monthOK && monthDayOK && weekdayOK
        case .weekly:
            let weeks = floorDiv(date.dayNumber + 3, 7) - floorDiv(start.date.dayNumber + 3, 7)
            let dayOK = rule.byDay.isEmpty ? date.weekday == start.date.weekday : weekdayOK
            return weeks % rule.interval == 0 && monthOK && dayOK
        case .monthly, .yearly:
            let months = (date.year * 12 + date.month) - (start.date.year * 12 + start.date.month)
            let plainDay = rule.byDay.isEmpty && rule.byMonthDay.isEmpty ? date.day == start.date.day : true
            return months % rule.interval == 0 && monthOK && monthDayOK && weekdayOK && plainDay
        }
    }
}

@Test func expansionMatchesADayByDayCheck() async {
    await propertyCheck(count: 300, input: Gen.int(in: 0...100_000).array(of: 10)) { numbers throws in
        guard let series = RandomSeries(numbers) else { return }
        let dates = series.rule.occurrences(from: series.start, through: series.last, in: F.vienna)
        var expected = stride(from: series.start.date, through: series.last, by: 1).filter(series.matches)
        if let count = series.rule.count { expected = Array(expected.prefix(count)) }
        #expect(dates.map(\.date) == expected, "\(series.rule) from \(series.start) through \(series.last)")
        // Increasing, inside the window, at the rule's local time.
        #expect(zip(dates, dates.dropFirst()).allSatisfy { $0 < $1 })
        #expect(dates.allSatisfy { $0.date >= series.start.date && $0.date <= series.last && $0.time == series.start.time })
        #expect(try RecurrenceRule(parsing: series.rule.description) == series.rule)
    }
}

@Test func dayNumbersRoundTrip() async {
    await propertyCheck(input: Gen.int(in: -700_000...2_900_000)) { dayNumber throws in
        let date = LocalDate(dayNumber: dayNumber)
        #expect(date.dayNumber == dayNumber)
        #expect(date.adding(days: 1).weekday == Weekday(index: date.weekday.index + 1))
        #expect(try LocalDate(parsing: date.description) == date)
    }
}

@Test func wallTimeRoundTripsExceptInGaps() async throws {
    let zones = ["Europe/Vienna", "America/New_York", "Asia/Bishkek", "Australia/Lord_Howe", "UTC"].compactMap(TimeZone.init(identifier:))
    await propertyCheck(count: 300, input: Gen.int(in: 18_000...22_000), Gen.int(in: 0...1439), Gen.int(in: 0...4)) { day, minute, zoneIndex in
        let zone = zones[zoneIndex % zones.count]
        let local = LocalDateTime(date: LocalDate(dayNumber: day), time: LocalTime(minutesSinceMidnight: minute))
        let back = LocalDateTime(local.instant(in: zone), in: zone)
        if back != local {
            // Only a time in a gap moves, forward by the gap (at most an hour).
            #expect(back > local && back.wallSeconds - local.wallSeconds <= 3600, "\(local) in \(zone.identifier) → \(back)")
        }
    }
}
