import Foundation

/// A weekly window in which a member can take part: some weekdays, a local time range.
public struct AvailabilityWindow: Hashable, Sendable, Codable {
    /// The weekdays, no repeats, at least one.
    public let days: [Weekday]
    /// Local start (inclusive).
    public let from: LocalTime
    /// Local end (exclusive), after ``from``; ``LocalTime/endOfDay`` (`24:00`) for a window that
    /// runs to midnight.
    public let to: LocalTime

    /// Throws ``PlanningError`` if `days` is empty or repeats a day, `from` is `24:00`, or `to` is
    /// not after `from`.
    public init(days: [Weekday], from: LocalTime, to: LocalTime) throws {
        try require(!days.isEmpty, .emptyValue, "a window needs at least one day", path: "days")
        try requireUnique(days, in: "days", field: "", what: "day") { $0 }
        try require(from != .endOfDay, .invalidDate, "a window cannot start at 24:00", path: "from")
        try require(from < to, .reversedRange, "the window ends (\(to)) before or when it starts (\(from))", path: "to")
        self.days = days
        self.from = from
        self.to = to
    }

    /// Whether the window covers `start`…`end` on `day` (a session must fit inside).
    public func covers(_ day: Weekday, from start: LocalTime, to end: LocalTime) -> Bool {
        days.contains(day) && from <= start && end <= to
    }

    /// `12:00–14:00`.
    public var timeRange: String { "\(from)–\(to)" }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            days: c(.days), from: c(.from), to: LocalTime(parsingEnd: c.decode(String.self, forKey: .to)))
    }
}

/// A dated absence (leave, mission travel): inclusive dates.
public struct Absence: Hashable, Sendable, Codable {
    /// First day away.
    public let from: LocalDate
    /// Last day away (on or after ``from``).
    public let to: LocalDate
    /// Why, e.g. `annual leave`.
    public let reason: String

    /// Throws ``PlanningError`` if `to` is before `from`.
    public init(from: LocalDate, to: LocalDate, reason: String) throws {
        try require(from <= to, .reversedRange, "the absence ends (\(to)) before it starts (\(from))", path: "to")
        self.from = from
        self.to = to
        self.reason = reason
    }

    /// Whether `date` is inside the absence.
    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(from: c(.from), to: c(.to), reason: c(.reason))
    }
}

/// Whether a member is national or international staff.
public enum StaffCategory: String, CaseIterable, Hashable, Sendable, Codable {
    case national, international
}

/// A person in a group.
public struct Member: Hashable, Sendable, Codable, Identifiable {
    /// Stable slug, e.g. `anton-berger`.
    public let id: Slug
    /// Full name.
    public let name: String
    /// E-mail address (never in public feeds).
    public let email: String
    /// Co-chair, focal point or member.
    public let role: MemberRole
    /// National or international staff.
    public let staffCategory: StaffCategory
    /// The day they joined.
    public let joined: LocalDate
    /// Theme slugs they care about (engagement areas are themes too).
    public let interests: [Slug]
    /// Weekly windows; two windows never overlap on the same day.
    public let availability: [AvailabilityWindow]
    /// Dated absences.
    public let absences: [Absence]
    /// How many sessions a month they can organise (≥ 0).
    public let capacityPerMonth: Int
    /// Duties organised before the store's history began (the YAML's `past-duties`, ≥ 0): with the
    /// duties the store holds, they make a member experienced for mentoring pairs. They do not
    /// count for fairness, which weighs the period being planned.
    public let pastDuties: Int

    /// Throws ``PlanningError`` for an empty name, a malformed e-mail, a repeated interest, a
    /// negative capacity or count of past duties, or two windows overlapping on a day (path
    /// `availability[i]`, the later one).
    public init(
        id: Slug, name: String, email: String, role: MemberRole, staffCategory: StaffCategory, joined: LocalDate,
        interests: [Slug] = [], availability: [AvailabilityWindow] = [], absences: [Absence] = [],
        capacityPerMonth: Int, pastDuties: Int = 0
    ) throws {
        try requireText(name, "name")
        try Member.checkEmail(email)
        try requireUnique(interests, in: "interests", field: "", what: "interest") { $0 }
        try require(
            capacityPerMonth >= 0, .outOfRange, "capacity-per-month must be 0 or more, not \(capacityPerMonth)",
            path: "capacity-per-month")
        try require(
            pastDuties >= 0, .outOfRange, "past-duties must be 0 or more, not \(pastDuties)", path: "past-duties")
        for (index, window) in availability.enumerated() {
            for earlier in availability[..<index] {
                if let day = window.days.first(where: { day in
                    earlier.days.contains(day) && window.from < earlier.to && earlier.from < window.to
                }) {
                    throw PlanningError(
                        .overlap,
                        "windows overlap on \(day.rawValue) (\(earlier.timeRange) and \(window.timeRange)); merge them or split the days",
                        path: "availability[\(index)]")
                }
            }
        }
        self.id = id
        self.name = name
        self.email = email
        self.role = role
        self.staffCategory = staffCategory
        self.joined = joined
        self.interests = interests
        self.availability = availability
        self.absences = absences
        self.capacityPerMonth = capacityPerMonth
        self.pastDuties = pastDuties
    }

    /// Throws ``PlanningError/Code/invalidEmail`` unless `email` looks like `name@example.org`:
    /// the one e-mail rule, for members and join requests.
    static func checkEmail(_ email: String) throws {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        let valid =
            parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".")
            && !parts[1].hasSuffix(".") && !email.contains(where: { $0.isWhitespace || $0 == "," || $0 == ";" })
        try require(valid, .invalidEmail, "'\(email)' is not an e-mail address like name@example.org", path: "email")
    }

    /// Whether the member is away on `date`.
    public func isAbsent(on date: LocalDate) -> Bool { absences.contains { $0.contains(date) } }

    /// Whether the member named `theme`, or its `area`, among their interests.
    public func isInterested(in theme: Slug, area: Slug?) -> Bool {
        interests.contains(theme) || area.map(interests.contains) == true
    }

    /// Whether a weekly window covers `start`…`end` on `date`'s weekday (same day only).
    public func isAvailable(on date: LocalDate, from start: LocalTime, to end: LocalTime) -> Bool {
        availability.contains { $0.covers(date.weekday, from: start, to: end) }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            id: c(.id), name: c(.name), email: c(.email), role: c(.role), staffCategory: c(.staffCategory),
            joined: c(.joined), interests: c(.interests), availability: c(.availability), absences: c(.absences),
            capacityPerMonth: c(.capacityPerMonth), pastDuties: c.decodeIfPresent(Int.self, forKey: .pastDuties) ?? 0)
    }

    private enum CodingKeys: String, CodingKey {
        case id, name, email, role, staffCategory, joined, interests, availability, absences, capacityPerMonth
        case pastDuties
    }

    /// Written without `pastDuties` when there are none, so that members stored before the field
    /// existed and members without a past read and write the same.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(name, forKey: .name)
        try c.encode(email, forKey: .email)
        try c.encode(role, forKey: .role)
        try c.encode(staffCategory, forKey: .staffCategory)
        try c.encode(joined, forKey: .joined)
        try c.encode(interests, forKey: .interests)
        try c.encode(availability, forKey: .availability)
        try c.encode(absences, forKey: .absences)
        try c.encode(capacityPerMonth, forKey: .capacityPerMonth)
        if pastDuties > 0 { try c.encode(pastDuties, forKey: .pastDuties) }
    }
}
