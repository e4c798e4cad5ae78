import Foundation

/// A calendar month, `2027-03`.
public struct MonthKey: Hashable, Comparable, Sendable, TextCodable {
    /// The year.
    public let year: Int
    /// The month, 1…12.
    public let month: Int

    /// Throws ``PlanningError/Code/invalidDate`` for a month outside 1…12 or a year outside 1…9999.
    public init(year: Int, month: Int) throws {
        try require((1...12).contains(month), .invalidDate, "month \(month) is outside 1…12")
        try require((1...9999).contains(year), .invalidDate, "year \(year) is outside 1…9999")
        self.year = year
        self.month = month
    }

    /// The month holding `date`.
    public init(_ date: LocalDate) {
        year = date.year
        month = date.month
    }

    /// Parses `YYYY-MM`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2, let year = Int(parts[0]),
            let month = Int(parts[1])
        else { throw PlanningError(.invalidDate, "'\(text)' is not a month: write YYYY-MM, e.g. 2027-03") }
        try self.init(year: year, month: month)
    }

    /// Year × 12 + month − 1, for distances in months.
    public var index: Int { year * 12 + month - 1 }

    /// The month `count` months later (earlier when negative).
    public func adding(months count: Int) -> MonthKey {
        let target = index + count
        return MonthKey(unchecked: target / 12, month: target % 12 + 1)
    }

    private init(unchecked year: Int, month: Int) {
        self.year = year
        self.month = month
    }

    /// First and last day.
    public var dates: ClosedRange<LocalDate> {
        let first = LocalDate(unchecked: year, month: month, day: 1)
        return first...first.adding(days: LocalDate.daysInMonth(year: year, month: month) - 1)
    }

    /// Every month from `first` through `last` (empty when reversed).
    public static func range(_ first: MonthKey, _ last: MonthKey) -> [MonthKey] {
        first.index > last.index ? [] : (0...(last.index - first.index)).map { first.adding(months: $0) }
    }

    /// `2027-03`.
    public var description: String { String(format: "%04d-%02d", year, month) }

    /// `March 2027`.
    public var readable: String {
        let names = [
            "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
            "November", "December",
        ]
        return "\(names[month - 1]) \(year)"
    }

    public static func < (lhs: MonthKey, rhs: MonthKey) -> Bool { lhs.index < rhs.index }
}

/// One month of a programme: its headline theme and why.
public struct ProgrammeMonth: Hashable, Sendable, Codable {
    /// The month.
    public let month: MonthKey
    /// The headline theme.
    public let theme: Slug
    /// The month's observances the theme suits.
    public let observances: [Slug]
    /// Sessions of the month that carry the headline (fixed-theme sessions keep their own).
    public let sessions: Int
    /// Why this theme: observance, targets covered, category, repeats. Never names a member.
    public let reasons: [String]
    /// The members interested in the theme and available that month: private, shown only to
    /// those who may read member records (``Visibility/reasons(of:)`` words it per audience).
    public let interested: [Slug]
}

/// How a GAP target fares in a programme.
public struct TargetStatus: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The priority.
    public let priority: GAPPriorityID
    /// First month the target covers.
    public let from: MonthKey
    /// Last month the target covers.
    public let to: MonthKey
    /// Sessions wanted in the year (scaled to the period's length when shorter).
    public let target: Int
    /// Sessions of the period whose theme carries the priority.
    public let achieved: Int
    /// Whether achieved ≥ target.
    public var met: Bool { achieved >= target }
    /// Why it failed, if it did.
    public let reason: String?

    /// `PS-VAW 4/2 met` or `X 0/1 failed: …`.
    public var description: String {
        "\(priority) \(achieved)/\(target) " + (met ? "met" : "failed: \(reason ?? "")")
    }
}

/// A programme for a period.
public struct Programme: Sendable, Codable {
    /// Each month's headline, in order.
    public let months: [ProgrammeMonth]
    /// The period's sessions, each with a theme (input order).
    public let sessions: [Session]
    /// Every GAP target of the group.
    public let targets: [TargetStatus]
    /// Broken rules and impossible wishes, in words.
    public let notes: [String]
    /// True when every goal was proven optimal (the time limit did not stop the solver).
    public let provenOptimal: Bool
    /// Branch-and-bound nodes the solver visited, over every goal.
    public let nodes: Int
}
