import Foundation
public import Planning

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
