import Foundation
import Planning

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
    /// The month themes of the group's programme, by `YYYY-MM`.
    public let programme: [String: ProgrammeEntry]
}

/// One month of a stored programme: its headline theme and the reasons it was chosen.
public struct ProgrammeEntry: Hashable, Sendable, Codable {
    /// The month, `YYYY-MM`.
    public let month: String
    /// The headline theme.
    public let theme: Slug
    /// Why this theme.
    public let reasons: [String]

    /// Creates an entry.
    public init(month: String, theme: Slug, reasons: [String]) {
        self.month = month
        self.theme = theme
        self.reasons = reasons
    }
}

/// A line of the group list.
public struct GroupSummary: Hashable, Sendable, Codable {
    /// The group's slug.
    public let slug: Slug
    /// Its name.
    public let name: String
    /// Its IANA time zone.
    public let timeZone: String
    /// How many members.
    public let members: Int
    /// How many activities.
    public let activities: Int
    /// How many sessions (not dropped).
    public let sessions: Int
    /// Its revision.
    public let revision: Int
}

/// What an import did, for the coordinator to read.
public struct ImportReport: Hashable, Sendable, Codable {
    /// The group's slug.
    public let group: Slug
    /// True when the group did not exist before.
    public let created: Bool
    /// The group's revision after the import.
    public let revision: Int
    /// One line per change (`added member anton-berger`), empty when nothing changed.
    public let changes: [String]

    /// True when the import changed nothing.
    public var unchanged: Bool { changes.isEmpty }
}
