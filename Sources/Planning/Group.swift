public import Foundation

/// Where a group meets by default.
public struct Venue: Hashable, Sendable, Codable {
    /// The room or building.
    public let name: String
    /// The postal address.
    public let address: String
    /// Latitude in degrees, -90…90 (with ``longitude`` or not at all).
    public let latitude: Double?
    /// Longitude in degrees, -180…180 (with ``latitude`` or not at all).
    public let longitude: Double?

    /// Throws ``PlanningError`` for an empty name, only one coordinate, or one out of range.
    public init(name: String, address: String, latitude: Double? = nil, longitude: Double? = nil) throws {
        try requireText(name, "name")
        try require(
            (latitude == nil) == (longitude == nil), .conflict,
            "give both latitude and longitude, or neither", path: latitude == nil ? "latitude" : "longitude")
        if let latitude, let longitude {
            try require(
                (-90...90).contains(latitude), .outOfRange, "latitude \(latitude) is outside -90…90", path: "latitude")
            try require(
                (-180...180).contains(longitude), .outOfRange, "longitude \(longitude) is outside -180…180",
                path: "longitude")
        }
        self.name = name
        self.address = address
        self.latitude = latitude
        self.longitude = longitude
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            name: c(.name), address: c(.address), latitude: c.optional(.latitude), longitude: c.optional(.longitude))
    }
}

/// How the group's feeds and programme behave.
public struct GroupSettings: Hashable, Sendable, Codable {
    /// How confidential (safe-space) sessions show in public feeds.
    public enum ConfidentialMode: String, CaseIterable, Hashable, Sendable, Codable {
        /// A busy block with a neutral title.
        case busy
        /// Not at all.
        case hide
    }

    /// Whether anyone may read the group's impact report (a summary without names or
    /// confidential titles), or only its coordinators.
    public enum ReportAccess: String, CaseIterable, Hashable, Sendable, Codable {
        /// Anyone may read the public summary.
        case `public`
        /// Only the group's coordinators (API tokens that write) read the report: the default.
        case `private`
    }

    /// True: the programme does not force observance themes.
    public let observanceOptOut: Bool
    /// How confidential sessions appear in public feeds.
    public let confidentialFeedMode: ConfidentialMode
    /// How long a cancelled session stays visible as `STATUS:CANCELLED`, in days (≥ 0).
    public let cancelledRetentionDays: Int
    /// Whether public feeds carry online join links.
    public let publicJoinLinks: Bool
    /// Whether a public summary of the impact report exists (`report: public | private`).
    public let report: ReportAccess

    /// Throws ``PlanningError`` for a negative retention.
    public init(
        observanceOptOut: Bool = false, confidentialFeedMode: ConfidentialMode = .busy,
        cancelledRetentionDays: Int = 30, publicJoinLinks: Bool = false, report: ReportAccess = .private
    ) throws {
        try require(
            cancelledRetentionDays >= 0, .outOfRange,
            "cancelled-retention-days must be 0 or more, not \(cancelledRetentionDays)",
            path: "feeds.cancelled-retention-days")
        self.observanceOptOut = observanceOptOut
        self.confidentialFeedMode = confidentialFeedMode
        self.cancelledRetentionDays = cancelledRetentionDays
        self.publicJoinLinks = publicJoinLinks
        self.report = report
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            observanceOptOut: c(.observanceOptOut), confidentialFeedMode: c(.confidentialFeedMode),
            cancelledRetentionDays: c(.cancelledRetentionDays), publicJoinLinks: c(.publicJoinLinks),
            report: c.optional(.report) ?? .private)
    }
}

/// One Men for Gender Equality Group.
public struct Group: Hashable, Sendable, Codable, Identifiable {
    /// `vienna`.
    public let slug: Slug
    /// `Men for Gender Equality Group Vienna`.
    public let name: String
    /// `OSCE Secretariat, Vienna`.
    public let dutyStation: String
    /// The duty-station country (for observance variants).
    public let country: CountryCode
    /// The zone every local time of the group is in.
    public let timeZone: TimeZoneID
    /// Where it meets by default.
    public let venue: Venue
    /// Why the group exists.
    public let missionStatement: String
    /// The days it may meet, in week order, no repeats, at least one.
    public let workingDays: [Weekday]
    /// Minimum days between two duties of one member (default 7).
    public let minimumGapDays: Int
    /// Size guidance (the toolkit: don't get too large), if given.
    public let maxSize: Int?
    /// Feed and programme settings.
    public let settings: GroupSettings
    /// The mission's own GAP priorities (scope `mission`).
    public let missionPriorities: [GAPPriority]
    /// Yearly targets: at least N activities carrying the priority.
    public let gapTargets: [GAPPriorityID: Int]

    public var id: Slug { slug }

    /// Slugs no group may take: `/calendars/network.ics` and `/calendars/observances.ics` are
    /// the feeds of no single group, where a group's public feed would otherwise be.
    public static let reservedSlugs: Set<String> = ["network", "observances"]

    /// Throws ``PlanningError`` for a reserved slug, empty texts, no or repeated working days, a
    /// negative gap, a max size below 1, a mission priority of another scope or repeated, or a
    /// target below 1. (Whether targets name known priorities is checked by
    /// ``GroupPlan/validate(against:)``.)
    public init(
        slug: Slug, name: String, dutyStation: String, country: CountryCode, timeZone: TimeZoneID, venue: Venue,
        missionStatement: String, workingDays: [Weekday] = [.mon, .tue, .wed, .thu, .fri], minimumGapDays: Int = 7,
        maxSize: Int? = nil, settings: GroupSettings, missionPriorities: [GAPPriority] = [],
        gapTargets: [GAPPriorityID: Int] = [:]
    ) throws {
        try require(
            !Self.reservedSlugs.contains(slug.rawValue), .conflict,
            "'\(slug)' is reserved for a feed of every group (/calendars/\(slug).ics); choose another group slug",
            path: "slug")
        try requireText(name, "name")
        try requireText(dutyStation, "duty-station")
        try require(!workingDays.isEmpty, .emptyValue, "working-days must name at least one day", path: "working-days")
        try requireUnique(workingDays, in: "working-days", field: "", what: "day") { $0 }
        try require(minimumGapDays >= 0, .outOfRange, "minimum-gap-days must be 0 or more", path: "minimum-gap-days")
        if let maxSize { try require(maxSize >= 1, .outOfRange, "max-size must be 1 or more", path: "max-size") }
        try requireUnique(missionPriorities, in: "gap.priorities", field: "id", what: "GAP id") { $0.id }
        for (index, priority) in missionPriorities.enumerated() {
            try require(
                priority.scope == .mission, .conflict,
                "a group's own priority must have scope: mission, not \(priority.scope.rawValue)",
                path: "gap.priorities[\(index)].scope")
        }
        for (id, target) in gapTargets.sorted(by: { $0.key < $1.key }) {
            try require(
                target >= 1, .outOfRange, "a target must be 1 or more activities a year, not \(target)",
                path: "gap.targets.\(id)")
        }
        self.slug = slug
        self.name = name
        self.dutyStation = dutyStation
        self.country = country
        self.timeZone = timeZone
        self.venue = venue
        self.missionStatement = missionStatement
        self.workingDays = workingDays
        self.minimumGapDays = minimumGapDays
        self.maxSize = maxSize
        self.settings = settings
        self.missionPriorities = missionPriorities
        self.gapTargets = gapTargets
    }

    /// The Foundation zone of the group.
    public var zone: TimeZone { timeZone.timeZone }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            slug: c(.slug), name: c(.name), dutyStation: c(.dutyStation), country: c(.country), timeZone: c(.timeZone),
            venue: c(.venue), missionStatement: c(.missionStatement), workingDays: c(.workingDays),
            minimumGapDays: c(.minimumGapDays), maxSize: c.optional(.maxSize), settings: c(.settings),
            missionPriorities: c(.missionPriorities), gapTargets: c(.gapTargets))
    }
}
