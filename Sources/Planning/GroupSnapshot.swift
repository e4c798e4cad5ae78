public import Foundation

// A group as stored: its plan with the revision and change stamps the store keeps. Feeds take
// DTSTAMP, LAST-MODIFIED and SEQUENCE from these stamps, so they live beside the domain and both
// the store (which makes them) and the feeds (which read them) speak the same type.

/// When a stored thing was created and last changed, and how many material changes it has had.
///
/// Feeds take `DTSTAMP`/`LAST-MODIFIED` from ``modified`` and `SEQUENCE` from ``sequence``, so a
/// feed rendered twice without a change is the same bytes.
public struct ChangeStamp: Hashable, Sendable {
    /// Material changes so far (time, place, status, rule); starts at 0.
    public let sequence: Int
    /// When it was first stored.
    public let created: Date
    /// When it last changed.
    public let modified: Date

    /// Creates a stamp.
    public init(sequence: Int, created: Date, modified: Date) {
        self.sequence = sequence
        self.created = created
        self.modified = modified
    }

    /// Nothing changed yet: sequence 0 at the Unix epoch (so output stays reproducible).
    public static let zero = ChangeStamp(
        sequence: 0, created: Date(timeIntervalSince1970: 0), modified: Date(timeIntervalSince1970: 0))

    /// The later of two stamps, field by field: the higher sequence, the first creation, the
    /// last change (what a series shows when one of its sessions changed).
    public func merged(_ other: ChangeStamp) -> ChangeStamp {
        ChangeStamp(
            sequence: max(sequence, other.sequence), created: min(created, other.created),
            modified: max(modified, other.modified))
    }
}

/// A group and everything planned for it, read in one consistent transaction.
public struct GroupSnapshot: Sendable {
    /// The group, its members, activities, sessions (ordered by start) and blackouts.
    public let plan: GroupPlan
    /// The group's revision: rises with every write that changed anything in the group.
    public let revision: Int
    /// When anything in the group last changed.
    public let modified: Date
    /// Change stamps of the activities, by slug.
    public let activityStamps: [Slug: ChangeStamp]
    /// Change stamps of the sessions, by identity.
    public let sessionStamps: [Session.ID: ChangeStamp]
    /// Activities cancelled as a whole.
    public let cancelledActivities: Set<Slug>
    /// The month themes of the group's programme, by month.
    public let programme: [MonthKey: ProgrammeEntry]
    /// What became of the sessions recorded so far, by session.
    public let outcomes: [Session.ID: SessionOutcome]
    /// How many members answered each way for each session (counts only), by session.
    public let rsvps: [Session.ID: RSVPCount]

    /// Creates a snapshot (the store makes them).
    public init(
        plan: GroupPlan, revision: Int, modified: Date, activityStamps: [Slug: ChangeStamp],
        sessionStamps: [Session.ID: ChangeStamp], cancelledActivities: Set<Slug> = [],
        programme: [MonthKey: ProgrammeEntry] = [:], outcomes: [Session.ID: SessionOutcome] = [:],
        rsvps: [Session.ID: RSVPCount] = [:]
    ) {
        self.plan = plan
        self.revision = revision
        self.modified = modified
        self.activityStamps = activityStamps
        self.sessionStamps = sessionStamps
        self.cancelledActivities = cancelledActivities
        self.programme = programme
        self.outcomes = outcomes
        self.rsvps = rsvps
    }
}

/// One month of a stored programme: its headline theme and the reasons it was chosen.
public struct ProgrammeEntry: Hashable, Sendable, Codable {
    /// The month (`2027-03` in JSON).
    public let month: MonthKey
    /// The headline theme.
    public let theme: Slug
    /// Why this theme; never names a member.
    public let reasons: [String]
    /// The members interested in the theme and available that month (private).
    public let interested: [Slug]

    /// Creates an entry.
    public init(month: MonthKey, theme: Slug, reasons: [String], interested: [Slug] = []) {
        self.month = month
        self.theme = theme
        self.reasons = reasons
        self.interested = interested
    }
}

extension ProgrammeEntry {
    /// The entry a planned month is stored as.
    public init(_ month: ProgrammeMonth) {
        self.init(month: month.month, theme: month.theme, reasons: month.reasons, interested: month.interested)
    }
}
