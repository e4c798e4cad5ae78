import Foundation

/// A day of the week, written `mon` … `sun` in configuration.
public enum Weekday: String, CaseIterable, Hashable, Comparable, Sendable, Codable {
    case mon, tue, wed, thu, fri, sat, sun

    /// Monday 0 … Sunday 6 (ISO order).
    public var index: Int {
        switch self {
        case .mon: 0
        case .tue: 1
        case .wed: 2
        case .thu: 3
        case .fri: 4
        case .sat: 5
        case .sun: 6
        }
    }

    /// The weekday with ISO `index` (Monday 0); any integer is taken modulo 7.
    public init(index: Int) {
        self = Weekday.allCases[((index % 7) + 7) % 7]
    }

    /// The RFC 5545 two-letter code: `MO` … `SU`.
    public var icalCode: String { rawValue.prefix(2).uppercased() }

    /// The weekday of an RFC 5545 two-letter code (`MO` … `SU`, any case), or nil.
    public init?(icalCode: String) {
        guard let day = Weekday.allCases.first(where: { $0.icalCode == icalCode.uppercased() }) else { return nil }
        self = day
    }

    /// Three letters for messages: `Tue`.
    public var shortName: String { rawValue.prefix(1).uppercased() + rawValue.dropFirst() }

    public static func < (lhs: Weekday, rhs: Weekday) -> Bool { lhs.index < rhs.index }
}

/// A calendar date in the proleptic Gregorian calendar, without a zone. Written `YYYY-MM-DD`.
public struct LocalDate: Hashable, Comparable, Sendable, TextCodable, Strideable {
    /// The year, 1…9999.
    public let year: Int
    /// The month, 1…12.
    public let month: Int
    /// The day of the month, 1…28/29/30/31.
    public let day: Int

    /// Throws ``PlanningError/Code/invalidDate`` unless the date exists.
    public init(year: Int, month: Int, day: Int) throws {
        try require((1...9999).contains(year), .invalidDate, "year \(year) is outside 1…9999")
        try require((1...12).contains(month), .invalidDate, "month \(month) is outside 1…12")
        let last = LocalDate.daysInMonth(year: year, month: month)
        try require(
            (1...last).contains(day), .invalidDate,
            "\(String(format: "%04d-%02d", year, month)) has no day \(day) (it has \(last) days)")
        self.year = year
        self.month = month
        self.day = day
    }

    /// A date whose parts come from arithmetic that keeps them valid.
    init(unchecked year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY-MM-DD`; throws ``PlanningError/Code/invalidDate`` naming the expected form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
            parts.allSatisfy({ $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) })
        else {
            throw PlanningError(.invalidDate, "'\(text)' is not a date: write YYYY-MM-DD, e.g. 2027-03-08")
        }
        try self.init(year: year, month: month, day: day)
    }

    /// The date `dayNumber` days after 1970-01-01 (negative: before).
    public init(dayNumber: Int) {
        // Howard Hinnant's civil_from_days.
        let z = dayNumber + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }

    /// Days since 1970-01-01 (negative before it).
    public var dayNumber: Int {
        // Howard Hinnant's days_from_civil.
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The day of the week.
    public var weekday: Weekday { Weekday(index: dayNumber + 3) }  // 1970-01-01 was a Thursday

    /// The date `days` later (earlier when negative).
    public func adding(days: Int) -> LocalDate { LocalDate(dayNumber: dayNumber + days) }

    /// Whether `year` has a 29 February.
    public static func isLeapYear(_ year: Int) -> Bool {
        (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    }

    /// The number of days of `month` in `year`.
    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The date if it exists, nil otherwise (for rules that skip invalid dates such as 30 February).
    public static func existing(year: Int, month: Int, day: Int) -> LocalDate? {
        try? LocalDate(year: year, month: month, day: day)
    }

    /// `YYYY-MM-DD`.
    public var description: String { String(format: "%04d-%02d-%02d", year, month, day) }

    /// `Tue 6 Jan 2026`, for explanations.
    public var readable: String { "\(shortReadable) \(year)" }

    /// `Tue 6 Jan`, for explanations within a year.
    public var shortReadable: String {
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekday.shortName) \(day) \(months[month - 1])"
    }

    public static func < (lhs: LocalDate, rhs: LocalDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public func distance(to other: LocalDate) -> Int { other.dayNumber - dayNumber }

    public func advanced(by days: Int) -> LocalDate { adding(days: days) }

}
