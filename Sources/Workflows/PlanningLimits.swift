public import Planning

/// The limits every caller of the planning workflows shares, and the parsing of the periods
/// they bound: one place for "how long a period may be", whatever asks.
public enum PlanningLimits {
    /// The longest assignment window, in days (two years, a leap day included).
    public static let assignmentWindowDays = 731
    /// The most months one programme plans.
    public static let programmeMonths = 24
    /// The most sessions the daemon's first run assigns before it serves: the example's first
    /// year is about forty; a group with hundreds is assigned on request instead.
    public static let firstRunSessions = 120
    /// The calendar years a programme may be asked for by number.
    public static let years = 1900...2200

    /// `from`…`to` as an inclusive window of days, both given as `2027-03-08`.
    public static func window(from: String, to: String) throws(WorkflowError) -> ClosedRange<LocalDate> {
        let first = try date(from, field: "from")
        let last = try date(to, field: "to")
        guard first <= last else {
            throw .invalid(field: "to", message: "to (\(last)) is before from (\(first))")
        }
        guard first.distance(to: last) < assignmentWindowDays else {
            throw .invalid(field: "to", message: "a window is at most \(assignmentWindowDays) days (two years)")
        }
        return first...last
    }

    /// The months `from`…`to`, both given as `2027-01`.
    public static func months(from: String, to: String) throws(WorkflowError) -> [MonthKey] {
        let first = try month(from, field: "from")
        let last = try month(to, field: "to")
        guard first <= last else {
            throw .invalid(field: "to", message: "to (\(last)) is before from (\(first))")
        }
        guard last.index - first.index < programmeMonths else {
            throw .invalid(field: "to", message: "a programme is at most \(programmeMonths) months")
        }
        return MonthKey.range(first, last)
    }

    /// The twelve months of `year`.
    public static func months(ofYear year: Int) throws(WorkflowError) -> [MonthKey] {
        guard years.contains(year), let first = try? MonthKey(year: year, month: 1) else {
            throw .invalid(
                field: "year", message: "\(year) is not a year between \(years.lowerBound) and \(years.upperBound)")
        }
        return MonthKey.range(first, first.adding(months: 11))
    }

    /// A date like `2027-03-08`, or an error naming `field`.
    public static func date(_ text: String, field: String) throws(WorkflowError) -> LocalDate {
        guard let date = try? LocalDate(parsing: text) else {
            throw .invalid(field: field, message: "'\(text)' is not a date like 2027-03-08")
        }
        return date
    }

    /// A month like `2027-03`, or an error naming `field`.
    public static func month(_ text: String, field: String) throws(WorkflowError) -> MonthKey {
        guard let month = try? MonthKey(parsing: text) else {
            throw .invalid(field: field, message: "'\(text)' is not a month like 2027-03")
        }
        return month
    }
}
