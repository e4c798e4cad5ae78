public import Foundation

extension RecurrenceRule {
    /// The wall-clock start of every occurrence from `start` through `lastDate` (inclusive),
    /// in order, honouring `COUNT` and `UNTIL`.
    ///
    /// `start` is the series' first local start (RFC 5545 `DTSTART`); occurrences keep its time of
    /// day on every date, so a 15:00 meeting stays at 15:00 local time across DST changes. Dates
    /// before `start` are not occurrences; `COUNT` counts from `start`. If `start` itself does not
    /// match the rule it is not an occurrence (``Series`` refuses such a start). `zone` is needed
    /// only for a UTC `UNTIL`.
    public func occurrences(from start: LocalDateTime, through lastDate: LocalDate, in zone: TimeZone)
        -> [LocalDateTime]
    {
        var result: [LocalDateTime] = []
        var period = 0
        while true {
            let (firstDay, dates) = candidates(period: period, start: start.date)
            if firstDay > lastDate { return result }
            for date in dates where date >= start.date {
                if date > lastDate { return result }
                let occurrence = LocalDateTime(date: date, time: start.time)
                if let until, !until.admits(occurrence, in: zone) { return result }
                result.append(occurrence)
                if let count, result.count >= count { return result }
            }
            period += 1
        }
    }

    /// The first day of period number `period` (counted from the one holding `start`) and the
    /// dates the rule gives in it, ascending, after `BYSETPOS`.
    private func candidates(period: Int, start: LocalDate) -> (LocalDate, [LocalDate]) {
        let step = period * interval
        let firstDay: LocalDate
        var dates: [LocalDate]
        switch frequency {
        case .daily:
            firstDay = start.adding(days: step)
            dates = [firstDay].filter(matchesLimits)
        case .weekly:
            let weekStartIndex = (weekStart ?? .mon).index
            let back = ((start.weekday.index - weekStartIndex) % 7 + 7) % 7
            firstDay = start.adding(days: step * 7 - back)
            let wanted = byDay.isEmpty ? [start.weekday] : byDay.map(\.weekday)
            dates = (0..<7).map { firstDay.adding(days: $0) }.filter { wanted.contains($0.weekday) && matchesMonth($0) }
        case .monthly:
            let monthIndex = start.year * 12 + start.month - 1 + step
            let year = monthIndex / 12
            let month = monthIndex % 12 + 1
            firstDay = LocalDate(unchecked: year, month: month, day: 1)
            dates = byMonth.isEmpty || byMonth.contains(month) ? monthDates(year: year, month: month, start: start) : []
        case .yearly:
            let year = start.year + step
            firstDay = LocalDate(unchecked: year, month: 1, day: 1)
            dates = yearDates(year: year, start: start)
        }
        if !bySetPosition.isEmpty {
            let set = dates
            dates = Set(
                bySetPosition.compactMap { position -> LocalDate? in
                    let index = position > 0 ? position - 1 : set.count + position
                    return set.indices.contains(index) ? set[index] : nil
                }
            ).sorted()
        }
        return (firstDay, dates)
    }

    private func matchesMonth(_ date: LocalDate) -> Bool { byMonth.isEmpty || byMonth.contains(date.month) }

    /// The `BYMONTH`, `BYMONTHDAY` and `BYDAY` limits of a `DAILY` rule.
    private func matchesLimits(_ date: LocalDate) -> Bool {
        let last = LocalDate.daysInMonth(year: date.year, month: date.month)
        return matchesMonth(date)
            && (byMonthDay.isEmpty || byMonthDay.contains { $0 > 0 ? $0 == date.day : last + 1 + $0 == date.day })
            && (byDay.isEmpty || byDay.contains { $0.weekday == date.weekday })
    }

    /// The dates of `BYMONTHDAY` in a month (negative from the end, missing days skipped).
    private func monthDays(year: Int, month: Int) -> [LocalDate] {
        let last = LocalDate.daysInMonth(year: year, month: month)
        return byMonthDay.compactMap { value in
            let day = value > 0 ? value : last + 1 + value
            return (1...last).contains(day) ? LocalDate.existing(year: year, month: month, day: day) : nil
        }
    }

    /// The dates of `BYDAY` between `first` and `last`, ordinals counted inside that span.
    private func weekdayDates(from first: LocalDate, to last: LocalDate) -> [LocalDate] {
        var dates: [LocalDate] = []
        for entry in byDay {
            let offset = ((entry.weekday.index - first.weekday.index) % 7 + 7) % 7
            let firstMatch = first.adding(days: offset)
            let all = stride(from: firstMatch, through: last, by: 7)
            switch entry.ordinal {
            case nil:
                dates.append(contentsOf: all)
            case let ordinal? where ordinal > 0:
                let date = firstMatch.adding(days: 7 * (ordinal - 1))
                if date <= last { dates.append(date) }
            case let ordinal?:
                let lastOffset = ((last.weekday.index - entry.weekday.index) % 7 + 7) % 7
                let date = last.adding(days: -lastOffset + 7 * (ordinal + 1))
                if date >= first { dates.append(date) }
            }
        }
        return dates
    }

    /// A month's dates from `BYMONTHDAY` and/or `BYDAY` (both: the dates in both), or the
    /// start's day of the month when neither is given.
    private func monthDates(year: Int, month: Int, start: LocalDate) -> [LocalDate] {
        let first = LocalDate(unchecked: year, month: month, day: 1)
        let last = first.adding(days: LocalDate.daysInMonth(year: year, month: month) - 1)
        switch (byMonthDay.isEmpty, byDay.isEmpty) {
        case (true, true):
            return [LocalDate.existing(year: year, month: month, day: start.day)].compactMap { $0 }
        case (false, true):
            return Set(monthDays(year: year, month: month)).sorted()
        case (true, false):
            return Set(weekdayDates(from: first, to: last)).sorted()
        case (false, false):
            return Set(monthDays(year: year, month: month)).intersection(weekdayDates(from: first, to: last)).sorted()
        }
    }

    /// A year's dates: by month when `BYMONTH` is given, else `BYMONTHDAY` over every month
    /// and/or `BYDAY` counted over the year, else the start's month and day.
    private func yearDates(year: Int, start: LocalDate) -> [LocalDate] {
        if !byMonth.isEmpty {
            return byMonth.sorted().flatMap { month in monthDates(year: year, month: month, start: start) }
        }
        let first = LocalDate(unchecked: year, month: 1, day: 1)
        let last = LocalDate(unchecked: year, month: 12, day: 31)
        switch (byMonthDay.isEmpty, byDay.isEmpty) {
        case (true, true):
            return [LocalDate.existing(year: year, month: start.month, day: start.day)].compactMap { $0 }
        case (false, true):
            return Set((1...12).flatMap { monthDays(year: year, month: $0) }).sorted()
        case (true, false):
            return Set(weekdayDates(from: first, to: last)).sorted()
        case (false, false):
            return Set((1...12).flatMap { monthDays(year: year, month: $0) })
                .intersection(weekdayDates(from: first, to: last)).sorted()
        }
    }
}
