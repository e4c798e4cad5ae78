import Foundation

/// A member's duty in one session, and why it was chosen.
public struct Assignment: Hashable, Sendable, Codable {
    /// The member.
    public let memberID: Slug
    /// Organiser, co-organiser or chair.
    public let role: AssignmentRole
    /// True once published or fixed by hand: re-planning keeps it.
    public let pinned: Bool
    /// Why this member (for explanations).
    public let reasons: [String]

    /// Creates an assignment.
    public init(memberID: Slug, role: AssignmentRole, pinned: Bool = false, reasons: [String] = []) {
        self.memberID = memberID
        self.role = role
        self.pinned = pinned
        self.reasons = reasons
    }
}

/// One occurrence of an activity.
public struct Session: Hashable, Sendable, Codable, Identifiable {
    /// Where a session stands.
    public enum Status: String, CaseIterable, Hashable, Sendable, Codable {
        case tentative, confirmed, cancelled
    }

    /// A session's stable identity: its activity and the local date-time the rule gave.
    public struct ID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
        /// The activity.
        public let activity: Slug
        /// The rule date (never changes when the session moves).
        public let ruleDate: LocalDateTime

        /// Creates an identity.
        public init(activity: Slug, ruleDate: LocalDateTime) {
            self.activity = activity
            self.ruleDate = ruleDate
        }

        /// Reads ``description``'s form back; nil for any other text.
        public init?(parsing text: String) {
            let parts = text.split(separator: "@", maxSplits: 1).map(String.init)
            guard parts.count == 2, let activity = try? Slug(parts[0]), let rule = try? LocalDateTime(parsing: parts[1])
            else { return nil }
            self.init(activity: activity, ruleDate: rule)
        }

        /// `monthly-meeting@2026-01-06T15:00`.
        public var description: String { "\(activity)@\(ruleDate)" }

        public static func < (lhs: ID, rhs: ID) -> Bool { (lhs.ruleDate, lhs.activity) < (rhs.ruleDate, rhs.activity) }
    }

    /// The activity's slug.
    public let activity: Slug
    /// The local date-time the rule gave: the stable identity (RFC 5545 `RECURRENCE-ID`).
    public let ruleDate: LocalDateTime
    /// Actual local start.
    public let start: LocalDateTime
    /// Actual local end, after ``start``.
    public let end: LocalDateTime
    /// The session's theme, if chosen.
    public let theme: Slug?
    /// Its organisers, one assignment per member.
    public let organisers: [Assignment]
    /// Tentative, confirmed or cancelled.
    public let status: Status
    /// Where it was moved from (the rule date or an earlier date), if moved.
    public let movedFrom: LocalDateTime?
    /// Why it was moved, dropped or cancelled: `moved from Tue 6 Jan 2026: Epiphany (public holiday)`.
    /// Private: a coordinator's words ("Anton is ill") never reach the public.
    public let reason: String?
    /// What the public may read about a move or cancellation, written as public on purpose
    /// (or a public holiday's name when the planner moved the session off it).
    public let publicNote: String?
    /// True when the rule's date was dropped (a blackout left no allowed day): an `EXDATE`.
    public let dropped: Bool
    /// Members who declined a duty in this session (kept sorted; absent from JSON when none).
    private let declined: [Slug]?

    /// Members who declined a duty in this session: the assigner does not give it back to them,
    /// and ``PlanChecker`` reports the slot they left while it is open.
    public var declinedBy: [Slug] { declined ?? [] }

    public var id: ID { ID(activity: activity, ruleDate: ruleDate) }

    /// Throws ``PlanningError`` if the end is not after the start, a member is assigned twice, or a
    /// move or drop has no reason.
    public init(
        activity: Slug, ruleDate: LocalDateTime, start: LocalDateTime, end: LocalDateTime, theme: Slug? = nil,
        organisers: [Assignment] = [], status: Status = .tentative, movedFrom: LocalDateTime? = nil,
        reason: String? = nil, publicNote: String? = nil, dropped: Bool = false, declinedBy: [Slug] = []
    ) throws {
        try require(
            start < end, .reversedRange, "the session ends (\(end)) before or when it starts (\(start))", path: "end")
        try requireUnique(organisers, in: "organisers", field: "member", what: "member") { $0.memberID }
        if movedFrom != nil || dropped {
            try require(
                !(reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty, .emptyValue,
                "a moved or dropped session needs a reason", path: "reason")
        }
        self.activity = activity
        self.ruleDate = ruleDate
        self.start = start
        self.end = end
        self.theme = theme
        self.organisers = organisers
        self.status = status
        self.movedFrom = movedFrom
        self.reason = reason
        let note = publicNote?.trimmingCharacters(in: .whitespacesAndNewlines)
        self.publicNote = note?.isEmpty == false ? note : nil
        self.dropped = dropped
        let declined = Array(Set(declinedBy)).sorted()
        self.declined = declined.isEmpty ? nil : declined
    }

    /// Whether the session takes place (not cancelled, not dropped): only such a session takes
    /// organisers, counts for targets and holds a day against blackout moves.
    public var takesPlace: Bool { status != .cancelled && !dropped }

    /// The session's length in minutes (wall clock).
    public var durationMinutes: Int { (end.wallSeconds - start.wallSeconds) / 60 }

    /// A copy with another theme (what the programme planner decides).
    public func with(theme: Slug?) throws -> Session {
        try copy(theme: theme, organisers: organisers)
    }

    /// A copy with other organisers (what the assigner decides), checked again.
    public func with(organisers: [Assignment]) throws -> Session {
        try copy(theme: theme, organisers: organisers)
    }

    /// A copy that knows which members declined a duty in it (what the store read).
    public func with(declinedBy members: [Slug]) throws -> Session {
        try copy(theme: theme, organisers: organisers, declinedBy: members)
    }

    private func copy(theme: Slug?, organisers: [Assignment], declinedBy: [Slug]? = nil) throws -> Session {
        try Session(
            activity: activity, ruleDate: ruleDate, start: start, end: end, theme: theme, organisers: organisers,
            status: status, movedFrom: movedFrom, reason: reason, publicNote: publicNote, dropped: dropped,
            declinedBy: declinedBy ?? self.declinedBy)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            activity: c(.activity), ruleDate: c(.ruleDate), start: c(.start), end: c(.end), theme: c.optional(.theme),
            organisers: c(.organisers), status: c(.status), movedFrom: c.optional(.movedFrom),
            reason: c.optional(.reason), publicNote: c.optional(.publicNote), dropped: c(.dropped),
            declinedBy: c.optional(.declined) ?? [])
    }
}

/// A date or dates the group must not meet.
public struct Blackout: Hashable, Sendable, Codable {
    /// Where a blackout comes from.
    public enum Source: String, CaseIterable, Hashable, Sendable, Codable {
        /// A public holiday (often imported from an `.ics`).
        case holiday
        /// An office closure.
        case closure
    }

    /// First day.
    public let from: LocalDate
    /// Last day (on or after ``from``).
    public let to: LocalDate
    /// Why, e.g. `Epiphany`.
    public let reason: String
    /// Holiday or closure.
    public let source: Source

    /// Throws ``PlanningError`` if `to` is before `from` or the reason is empty.
    public init(from: LocalDate, to: LocalDate, reason: String, source: Source) throws {
        try require(from <= to, .reversedRange, "the blackout ends (\(to)) before it starts (\(from))", path: "to")
        try requireText(reason, "reason")
        self.from = from
        self.to = to
        self.reason = reason
        self.source = source
    }

    /// A single-day blackout.
    public init(date: LocalDate, reason: String, source: Source) throws {
        try self.init(from: date, to: date, reason: reason, source: source)
    }

    /// Whether `date` is blacked out.
    public func contains(_ date: LocalDate) -> Bool { from <= date && date <= to }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(from: c(.from), to: c(.to), reason: c(.reason), source: c(.source))
    }
}
