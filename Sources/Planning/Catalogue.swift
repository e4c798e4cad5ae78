import Foundation

/// A priority of a Gender Action Plan: the 2004 OSCE Action Plan's or a mission's own.
public struct GAPPriority: Hashable, Sendable, Codable, Identifiable {
    /// Where a priority applies.
    public enum Scope: String, CaseIterable, Hashable, Sendable, Codable {
        /// OSCE structures and the working environment.
        case `internal` = "internal"
        /// Priority areas for the participating States.
        case participatingStates = "participating-states"
        /// A mission's own Gender Action Plan.
        case mission
    }

    /// `INT-WORKENV`, `PS-VAW`, `MISSION-YOUTH`.
    public let id: GAPPriorityID
    /// The priority in words.
    public let title: String
    /// Where it applies.
    public let scope: Scope
    /// Where it comes from (`2004 OSCE Action Plan (PC.DEC/638)`), if given.
    public let source: String?

    /// Throws ``PlanningError`` if the title is empty.
    public init(id: GAPPriorityID, title: String, scope: Scope, source: String? = nil) throws {
        try requireText(title, "title")
        self.id = id
        self.title = title
        self.scope = scope
        self.source = source
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(id: c(.id), title: c(.title), scope: c(.scope), source: c.optional(.source))
    }
}

/// A topic for an activity: a conversation starter or an engagement area of the toolkit.
public struct Theme: Hashable, Sendable, Codable, Identifiable {
    /// The toolkit's grouping of themes.
    public enum Category: String, CaseIterable, Hashable, Sendable, Codable {
        case atWork = "at-work"
        case workLifeBalance = "work-life-balance"
        case engagementArea = "engagement-area"
    }

    /// Where in the toolkit the theme comes from.
    public enum Source: String, CaseIterable, Hashable, Sendable, Codable {
        case conversationStarter = "conversation-starter"
        case engagementArea = "engagement-area"
    }

    /// Stable name, e.g. `share-the-care`.
    public let slug: Slug
    /// The title for invitations and calendars.
    public let title: String
    /// At work, work-life balance or engagement area.
    public let category: Category
    /// Conversation starter or engagement area.
    public let source: Source
    /// The engagement-area theme this one belongs to, if any.
    public let area: Slug?
    /// One or two sentences for an invitation.
    public let summary: String
    /// The GAP priorities it serves (at least one).
    public let gap: [GAPPriorityID]
    /// Observances it suits.
    public let observances: [Slug]
    /// A CSS3 colour name (RFC 7986 `COLOR`).
    public let color: String

    public var id: Slug { slug }

    /// Throws ``PlanningError`` for an empty title or summary, no GAP priority, a repeated GAP
    /// id or observance, or a colour that is not a CSS3 name.
    public init(
        slug: Slug, title: String, category: Category, source: Source, area: Slug? = nil, summary: String,
        gap: [GAPPriorityID], observances: [Slug] = [], color: String
    ) throws {
        try requireText(title, "title")
        try requireText(summary, "summary")
        try require(!gap.isEmpty, .emptyValue, "a theme needs at least one GAP priority id", path: "gap")
        try requireUnique(gap, in: "gap", field: "", what: "GAP id") { $0 }
        try requireUnique(observances, in: "observances", field: "", what: "observance") { $0 }
        try require(
            CSSColour.names.contains(color.lowercased()), .invalidColour,
            "'\(color)' is not a CSS3 colour name (RFC 7986 COLOR): use e.g. seagreen, steelblue, darkorange",
            path: "color")
        self.slug = slug
        self.title = title
        self.category = category
        self.source = source
        self.area = area
        self.summary = summary
        self.gap = gap
        self.observances = observances
        self.color = color
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            slug: c(.slug), title: c(.title), category: c(.category), source: c(.source), area: c.optional(.area),
            summary: c(.summary), gap: c(.gap), observances: c(.observances), color: c(.color))
    }
}

/// Who a session is for.
public enum Audience: String, CaseIterable, Hashable, Sendable, Codable {
    /// Group members.
    case members
    /// All staff welcome.
    case staff
    /// The public.
    case `public` = "public"
}

/// Whether a session shows in public feeds.
public enum Privacy: String, CaseIterable, Hashable, Sendable, Codable {
    /// Shown with its details.
    case `public` = "public"
    /// A safe-space session: a busy block or nothing in public feeds.
    case confidential
}

/// How people take part.
public enum EventFormat: String, CaseIterable, Hashable, Sendable, Codable {
    case inPerson = "in-person"
    case online, hybrid
}

/// A member's role in the group.
public enum MemberRole: String, CaseIterable, Hashable, Sendable, Codable {
    case coChair = "co-chair"
    case focalPoint = "focal-point"
    case member
}

/// A member's role in one session.
public enum AssignmentRole: String, CaseIterable, Hashable, Sendable, Codable {
    case organiser
    case coOrganiser = "co-organiser"
    case chair
}

/// The organiser slots a kind of activity needs per session, and which of them need a chair.
///
/// `roles` names who may chair (a co-chair or the focal point). `chairs` of the `count` slots
/// need one of those roles; the others are open to any member. A session of the kind has nobody,
/// or at least `chairs` chairs among its organisers (fewer when fewer organisers): a two-slot
/// kick-off with one chair is a co-chair with any member beside him (the natural mentoring pair),
/// not two co-chairs.
public struct OrganiserSlots: Hashable, Sendable, Codable {
    /// How many organisers a session needs, 1 or 2.
    public let count: Int
    /// Roles that may chair; empty means any member takes any slot.
    public let roles: [MemberRole]
    /// The role the organisers hold in the session.
    public let roleName: AssignmentRole
    /// How many of the slots need one of ``roles``: `count` unless the kind says fewer (0 when
    /// ``roles`` is empty).
    public let chairs: Int

    /// Throws ``PlanningError`` unless `count` is 1 or 2, `roles` has no repeats, and `chairs` is
    /// 0…`count` and given only with `roles`. Without `chairs`, every slot needs one of `roles`.
    public init(count: Int, roles: [MemberRole] = [], roleName: AssignmentRole = .organiser, chairs: Int? = nil) throws
    {
        try require((1...2).contains(count), .outOfRange, "count must be 1 or 2, not \(count)", path: "count")
        try requireUnique(roles, in: "roles", field: "", what: "role") { $0 }
        if let chairs {
            try require(
                (0...count).contains(chairs), .outOfRange, "chairs must be 0…\(count), not \(chairs)", path: "chairs")
            try require(
                !roles.isEmpty || chairs == 0, .conflict, "chairs needs roles: who may chair", path: "chairs")
        }
        self.count = count
        self.roles = roles
        self.roleName = roleName
        self.chairs = roles.isEmpty ? 0 : (chairs ?? count)
    }

    /// Whether a member with `role` may take some slot: one of ``roles``, or any member when a
    /// slot is open.
    public func allows(_ role: MemberRole) -> Bool { roles.isEmpty || chairs < count || roles.contains(role) }

    /// Whether a member with `role` counts as a chair here.
    public func isChair(_ role: MemberRole) -> Bool { roles.contains(role) }

    /// Whether some slots need a chair and others are open: then the team, not each member,
    /// keeps the rule (``admits(chairs:of:)``).
    public var mixesChairsAndOpenSlots: Bool { chairs > 0 && chairs < count }

    /// Whether organisers of whom `chairCount` of `total` are chairs keep the chair rule: nobody,
    /// or at least ``chairs`` chairs (all of them when fewer), and no more open slots taken than
    /// there are.
    public func admits(chairs chairCount: Int, of total: Int) -> Bool {
        total == 0 || (chairCount >= min(chairs, total) && total - chairCount <= count - chairs)
    }

    private enum CodingKeys: String, CodingKey { case count, roles, roleName, chairs }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(count: c(.count), roles: c(.roles), roleName: c(.roleName), chairs: c.optional(.chairs))
    }

    /// Written without `chairs` when every slot needs a chair (or none does), as before the field.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(roles, forKey: .roles)
        try c.encode(roleName, forKey: .roleName)
        if mixesChairsAndOpenSlots { try c.encode(chairs, forKey: .chairs) }
    }
}

/// A kind of activity from the toolkit: monthly meeting, lunch-and-learn, film screening…
public struct ActivityKind: Hashable, Sendable, Codable, Identifiable {
    /// `monthly-meeting`.
    public let slug: Slug
    /// `Monthly meeting`.
    public let title: String
    /// Default length in minutes, 1…1440.
    public let durationMinutes: Int
    /// Default local start time.
    public let timeOfDay: LocalTime
    /// In person, online or hybrid.
    public let format: EventFormat
    /// Who it is for.
    public let audience: Audience
    /// Public or confidential.
    public let privacy: Privacy
    /// Organiser slots per session.
    public let organisers: OrganiserSlots
    /// One line from the toolkit, if given.
    public let summary: String?

    public var id: Slug { slug }

    /// Throws ``PlanningError`` for an empty title or a duration outside 1…1440 minutes.
    public init(
        slug: Slug, title: String, durationMinutes: Int, timeOfDay: LocalTime, format: EventFormat,
        audience: Audience, privacy: Privacy, organisers: OrganiserSlots, summary: String? = nil
    ) throws {
        try requireText(title, "title")
        try require(
            (1...1440).contains(durationMinutes), .outOfRange,
            "duration must be 1…1440 minutes, not \(durationMinutes)", path: "duration-minutes")
        self.slug = slug
        self.title = title
        self.durationMinutes = durationMinutes
        self.timeOfDay = timeOfDay
        self.format = format
        self.audience = audience
        self.privacy = privacy
        self.organisers = organisers
        self.summary = summary
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            slug: c(.slug), title: c(.title), durationMinutes: c(.durationMinutes), timeOfDay: c(.timeOfDay),
            format: c(.format), audience: c(.audience), privacy: c(.privacy), organisers: c(.organisers),
            summary: c.optional(.summary))
    }
}

/// The shared catalogues: themes, GAP priorities, activity kinds, observances, with their
/// cross-references checked.
public struct Catalogue: Hashable, Sendable, Codable {
    /// The GAP priorities (2004 OSCE Action Plan).
    public let gapPriorities: [GAPPriority]
    /// The themes.
    public let themes: [Theme]
    /// The kinds of activity.
    public let activityKinds: [ActivityKind]
    /// The observances.
    public let observances: [Observance]

    /// Throws ``PlanningError`` for a repeated slug or id, a theme naming an unknown GAP
    /// priority, observance or area, or an area that is not an engagement-area theme. Paths
    /// start with the list: `themes[4].gap[1]`.
    public init(
        gapPriorities: [GAPPriority], themes: [Theme], activityKinds: [ActivityKind], observances: [Observance]
    ) throws {
        try requireUnique(gapPriorities, in: "priorities", field: "id", what: "GAP id") { $0.id }
        try requireUnique(themes, in: "themes", field: "slug", what: "theme slug") { $0.slug }
        try requireUnique(activityKinds, in: "kinds", field: "slug", what: "kind slug") { $0.slug }
        try requireUnique(observances, in: "observances", field: "slug", what: "observance slug") { $0.slug }
        let priorityIDs = Set(gapPriorities.map(\.id))
        let observanceSlugs = Set(observances.map(\.slug))
        let themesBySlug = Dictionary(themes.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        for (index, theme) in themes.enumerated() {
            try within("themes[\(index)]") {
                for (gapIndex, id) in theme.gap.enumerated() {
                    try require(
                        priorityIDs.contains(id), .unknownReference,
                        "GAP priority '\(id)' is not in gap-priorities.yaml; add it there or fix the id",
                        path: "gap[\(gapIndex)]")
                }
                for (observanceIndex, slug) in theme.observances.enumerated() {
                    try require(
                        observanceSlugs.contains(slug), .unknownReference,
                        "observance '\(slug)' is not in observances.yaml", path: "observances[\(observanceIndex)]")
                }
                if let area = theme.area {
                    guard let areaTheme = themesBySlug[area] else {
                        throw PlanningError(.unknownReference, "area '\(area)' is not a theme slug", path: "area")
                    }
                    try require(
                        areaTheme.category == .engagementArea, .unknownReference,
                        "area '\(area)' is a theme of category \(areaTheme.category.rawValue), not an engagement area",
                        path: "area")
                }
            }
        }
        self.gapPriorities = gapPriorities
        self.themes = themes
        self.activityKinds = activityKinds
        self.observances = observances
    }

    /// The theme with `slug`, if any.
    public func theme(_ slug: Slug) -> Theme? { themes.first { $0.slug == slug } }
    /// The kind with `slug`, if any.
    public func kind(_ slug: Slug) -> ActivityKind? { activityKinds.first { $0.slug == slug } }
    /// The observance with `slug`, if any.
    public func observance(_ slug: Slug) -> Observance? { observances.first { $0.slug == slug } }
    /// The GAP priority with `id`, if any.
    public func priority(_ id: GAPPriorityID) -> GAPPriority? { gapPriorities.first { $0.id == id } }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            gapPriorities: c(.gapPriorities), themes: c(.themes), activityKinds: c(.activityKinds),
            observances: c(.observances))
    }
}
