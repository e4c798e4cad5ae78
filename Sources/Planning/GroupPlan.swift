import Foundation

/// A group with everything planned for it: what the store saves and loads as one snapshot.
public struct GroupPlan: Hashable, Sendable, Codable {
    /// The group.
    public let group: Group
    /// Its members.
    public let members: [Member]
    /// Its activities.
    public let activities: [Activity]
    /// Its sessions (generated and edited; not part of the YAML file).
    public let sessions: [Session]
    /// Dates it must not meet.
    public let blackouts: [Blackout]

    /// Throws ``PlanningError`` for a repeated member id or activity slug, a session of an unknown
    /// activity or repeated (same activity and rule date), or an organiser who is not a member.
    /// Paths: `members[2].id`, `sessions[5].organisers[0]`.
    public init(
        group: Group, members: [Member] = [], activities: [Activity] = [], sessions: [Session] = [],
        blackouts: [Blackout] = []
    ) throws {
        try requireUnique(members, in: "members", field: "id", what: "member id") { $0.id }
        try requireUnique(activities, in: "activities", field: "slug", what: "activity slug") { $0.slug }
        try requireUnique(sessions, in: "sessions", field: "rule-date", what: "session") { $0.id }
        let activitySlugs = Set(activities.map(\.slug))
        let memberIDs = Set(members.map(\.id))
        for (index, session) in sessions.enumerated() {
            try require(
                activitySlugs.contains(session.activity), .unknownReference,
                "session of unknown activity '\(session.activity)'", path: "sessions[\(index)].activity")
            for (slot, assignment) in session.organisers.enumerated() {
                try require(
                    memberIDs.contains(assignment.memberID), .unknownReference,
                    "organiser '\(assignment.memberID)' is not a member of the group",
                    path: "sessions[\(index)].organisers[\(slot)]")
            }
        }
        self.group = group
        self.members = members
        self.activities = activities
        self.sessions = sessions
        self.blackouts = blackouts
    }

    /// A copy with other sessions, checked again.
    public func replacingSessions(_ sessions: [Session]) throws -> GroupPlan {
        try GroupPlan(group: group, members: members, activities: activities, sessions: sessions, blackouts: blackouts)
    }

    /// Checks the references into `catalogue`: members' interests are themes, activities' kinds
    /// and themes exist, sessions' themes exist, GAP targets name a catalogue or mission priority,
    /// and mission priorities do not reuse a catalogue id. Throws the first ``PlanningError``.
    public func validate(against catalogue: Catalogue) throws {
        let themeSlugs = Set(catalogue.themes.map(\.slug))
        let kindSlugs = Set(catalogue.activityKinds.map(\.slug))
        let catalogueIDs = Set(catalogue.gapPriorities.map(\.id))
        for (index, priority) in group.missionPriorities.enumerated() {
            try require(
                !catalogueIDs.contains(priority.id), .duplicate,
                "'\(priority.id)' is already a catalogue priority; give the mission's own a new id",
                path: "group.gap.priorities[\(index)].id")
        }
        let knownIDs = catalogueIDs.union(group.missionPriorities.map(\.id))
        for id in group.gapTargets.keys.sorted() {
            try require(
                knownIDs.contains(id), .unknownReference,
                "target names '\(id)', which is neither in gap-priorities.yaml nor in gap.priorities",
                path: "group.gap.targets.\(id)")
        }
        for (index, member) in members.enumerated() {
            for (interestIndex, interest) in member.interests.enumerated() {
                try require(
                    themeSlugs.contains(interest), .unknownReference,
                    "interest '\(interest)' is not a theme in themes.yaml",
                    path: "members[\(index)].interests[\(interestIndex)]")
            }
        }
        for (index, activity) in activities.enumerated() {
            try require(
                kindSlugs.contains(activity.kind), .unknownReference,
                "kind '\(activity.kind)' is not in activity-kinds.yaml", path: "activities[\(index)].kind")
            if let theme = activity.theme {
                try require(
                    themeSlugs.contains(theme), .unknownReference, "theme '\(theme)' is not in themes.yaml",
                    path: "activities[\(index)].theme")
            }
            let organisers = activity.organisers ?? []
            for (organiserIndex, organiser) in organisers.enumerated() {
                try require(
                    member(organiser) != nil, .unknownReference,
                    "organiser '\(organiser)' is not a member of the group",
                    path: "activities[\(index)].organisers[\(organiserIndex)]")
            }
            if let slots = catalogue.kind(activity.kind)?.organisers {
                try require(
                    organisers.count <= slots.count, .outOfRange,
                    "\(organisers.count) organisers for the \(slots.count) slot(s) of a \(activity.kind)",
                    path: "activities[\(index)].organisers")
            }
        }
        for (index, session) in sessions.enumerated() {
            if let theme = session.theme {
                try require(
                    themeSlugs.contains(theme), .unknownReference, "theme '\(theme)' is not in themes.yaml",
                    path: "sessions[\(index)].theme")
            }
        }
    }

    /// The member with `id`, if any.
    public func member(_ id: Slug) -> Member? { members.first { $0.id == id } }
    /// The activity with `slug`, if any.
    public func activity(_ slug: Slug) -> Activity? { activities.first { $0.slug == slug } }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            group: c(.group), members: c(.members), activities: c(.activities), sessions: c(.sessions),
            blackouts: c(.blackouts))
    }
}

/// Series expansion: the plain sessions an activity's schedule gives, before any engine moves,
/// themes or staffs them.
public enum SessionExpansion {
    /// The sessions of `activity` on dates inside `window`, in the group's zone, at the rule's
    /// local wall time (a 15:00 meeting is 15:00 in March and in April), lasting the activity's
    /// or `kind`'s duration, tentative, with the activity's fixed theme, and with no organisers
    /// but those a one-off names by hand (pinned, explained "set by hand in the group file").
    ///
    /// Hook for later engines: pass the result through a blackout mover or assigner; each
    /// session's ``Session/ruleDate`` stays its identity.
    public static func sessions(
        for activity: Activity, kind: ActivityKind, group: Group, window: ClosedRange<LocalDate>
    ) throws -> [Session] {
        let minutes = activity.duration(kind: kind)
        let organisers = (activity.organisers ?? []).map {
            Assignment(memberID: $0, role: kind.organisers.roleName, pinned: true, reasons: [Self.handSetReason])
        }
        return try activity.ruleDates(in: window, zone: group.zone).map { start in
            try Session(
                activity: activity.slug, ruleDate: start, start: start, end: start.adding(minutes: minutes),
                theme: activity.theme, organisers: organisers)
        }
    }

    /// Why a one-off's organisers named in the group file are on it.
    public static let handSetReason = "set by hand in the group file, pinned: every assignment keeps it"

    /// The sessions of every activity of `plan` inside `window`, ordered by start then activity.
    /// Throws ``PlanningError/Code/unknownReference`` for an activity whose kind is not in `catalogue`.
    public static func sessions(for plan: GroupPlan, catalogue: Catalogue, window: ClosedRange<LocalDate>) throws
        -> [Session]
    {
        var result: [Session] = []
        for (index, activity) in plan.activities.enumerated() {
            guard let kind = catalogue.kind(activity.kind) else {
                throw PlanningError(
                    .unknownReference, "kind '\(activity.kind)' is not in activity-kinds.yaml",
                    path: "activities[\(index)].kind")
            }
            result += try sessions(for: activity, kind: kind, group: plan.group, window: window)
        }
        return result.sorted { ($0.start, $0.activity) < ($1.start, $1.activity) }
    }
}
