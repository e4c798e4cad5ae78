public import Foundation

/// Who is looking at a group's data.
public enum Viewer: Hashable, Sendable, CustomStringConvertible {
    /// Anyone: public feeds and pages, the API without a token, feed snapshots, public exports.
    case anonymous
    /// Whoever holds the group's members-feed token.
    case membersFeed
    /// Whoever holds one organiser's duty-feed token.
    case organiser(Slug)
    /// An API token of the group that only reads.
    case reader
    /// An API token of the group that reads and writes.
    case coordinator
    /// A member signed in through his personal link: the public's view, and his own record.
    case member(Slug)

    /// `anonymous`, `members feed`, `organiser anton-berger`, `reader`, `coordinator`.
    public var description: String {
        switch self {
        case .anonymous: "anonymous"
        case .membersFeed: "members feed"
        case .organiser(let member): "organiser \(member)"
        case .reader: "reader"
        case .coordinator: "coordinator"
        case .member(let member): "member \(member)"
        }
    }
}

/// What one viewer may see of one group: the single place that decides it.
///
/// Feeds, the API, the pages, `planner export` and the snapshot writer all ask this type; nothing
/// else filters. The rules:
/// - The public never sees a member: no id, name, e-mail, interest, availability, duty or
///   assignment reason, and no coordinator's free-text reason for a move or cancellation (only
///   the session's explicitly public note). Programme reasons say how many members are
///   interested, never who.
/// - A confidential (safe-space) activity is a busy block with a neutral title, or hidden, as
///   the group's settings say, everywhere the public looks.
/// - Online join links reach the public only when the group publishes them.
/// - Anyone holding a token of the group is an insider: organisers by name (with e-mail in
///   feeds), the private reasons and the confidential sessions. Member records (interests,
///   availability, absences, capacity) and assignment reasons are for API tokens only.
/// - A member signed in through his personal link is no insider: he sees what the public sees,
///   and his own record, duties and answers (``seesRecord(of:)``, ``duties(of:in:)``), never
///   another member's.
public struct Visibility: Sendable {
    /// How a session or activity appears to the viewer.
    public enum Presentation: Hashable, Sendable {
        /// As it is.
        case full
        /// A busy block: its times and status only, a neutral title, no link.
        case busyBlock
        /// Not at all.
        case hidden
    }

    /// Who is looking.
    public let viewer: Viewer
    private let settings: GroupSettings
    private let confidentialKinds: Set<Slug>

    /// The policy for `viewer` looking at `group`, whose activity kinds `catalogue` describes.
    public init(_ viewer: Viewer, group: Group, catalogue: Catalogue) {
        self.viewer = viewer
        settings = group.settings
        confidentialKinds = Set(catalogue.activityKinds.filter { $0.privacy == .confidential }.map(\.slug))
    }

    /// The title every busy block carries.
    public static let busyTitle = "Busy"

    // MARK: - Who sees what

    /// Anyone with a feed or API token of the group (a member's personal link is not one).
    public var isInsider: Bool {
        switch viewer {
        case .anonymous, .member: false
        case .membersFeed, .organiser, .reader, .coordinator: true
        }
    }

    /// Whether the viewer may read `member`'s own record (availability, absences, interests,
    /// capacity) and his answers to his duties: API tokens, and the member himself.
    public func seesRecord(of member: Slug) -> Bool { seesMemberRecords || viewer == .member(member) }

    /// The sessions of `plan` in which `member` has a duty, or declined one, in order (dropped
    /// dates left out): empty when the viewer may not see his record.
    public func duties(of member: Slug, in plan: GroupPlan) -> [Session] {
        guard seesRecord(of: member) else { return [] }
        return plan.sessions.filter { session in
            !session.dropped
                && (session.organisers.contains { $0.memberID == member } || session.declinedBy.contains(member))
        }
    }

    /// Who organises a session, by name (and in feeds by e-mail).
    public var seesOrganisers: Bool { isInsider }

    /// Members' records (e-mail, interests, availability, absences, capacity), every member's
    /// duties with the assigner's reasons, and who is interested in a programme month.
    public var seesMemberRecords: Bool { viewer == .reader || viewer == .coordinator }

    /// The coordinator's own words on a move or cancellation ("Anton is ill").
    public var seesPrivateReasons: Bool { isInsider }

    /// Whether the viewer may read the group's impact report: the coordinator always, anyone
    /// else only when the group publishes a summary (`report: public`); readers of a feed or a
    /// read-only token see the public summary too when there is one.
    public var readsReport: Bool { viewer == .coordinator || settings.report == .public }

    /// The organisers' duties table of the impact report, the one place a report names people.
    public var seesDuties: Bool { viewer == .coordinator }

    /// The free-text feedback answers ("one thing I will do differently"): for the group's
    /// tokens only (and then only where enough people answered, as the report decides).
    public var readsFreeText: Bool { isInsider }

    /// Whether a report names `activity`'s sessions: a confidential one is counted for everyone
    /// but titled only for insiders.
    public func titlesInReports(_ activity: Activity) -> Bool { isInsider || !isConfidential(activity) }

    /// Whether the activity's kind is confidential.
    public func isConfidential(_ activity: Activity) -> Bool { confidentialKinds.contains(activity.kind) }

    /// Whether the viewer may follow a kind of activity on its own (a feed of that kind): the
    /// public may not follow a confidential kind, whose sessions it sees only as busy blocks.
    public func mayFollow(_ kind: ActivityKind) -> Bool { kind.privacy == .public || isInsider }

    /// How `activity` (and each of its sessions) appears.
    public func presentation(of activity: Activity) -> Presentation {
        guard isConfidential(activity), !isInsider else { return .full }
        return settings.confidentialFeedMode == .hide ? .hidden : .busyBlock
    }

    /// The online join link of `activity`, when this viewer may have it.
    public func joinLink(of activity: Activity) -> URL? {
        isInsider || settings.publicJoinLinks ? activity.onlineURL : nil
    }

    /// What the viewer reads about a session's move or cancellation: the coordinator's
    /// reason for insiders, the public note for everyone else (nil when there is none).
    public func note(on session: Session) -> String? {
        seesPrivateReasons ? session.reason ?? session.publicNote : session.publicNote
    }

    /// The organisers of `session` the viewer may see: nil when it may see none.
    public func organisers(of session: Session) -> [Assignment]? {
        guard seesOrganisers else { return nil }
        // Feed holders see who, not why: the assigner's reasons are about members' records.
        return seesMemberRecords
            ? session.organisers
            : session.organisers.map { Assignment(memberID: $0.memberID, role: $0.role, pinned: $0.pinned) }
    }

    // MARK: - Views of a group

    /// The activities the viewer sees: confidential ones only for insiders, join links only
    /// where ``joinLink(of:)`` allows.
    public func activities(of plan: GroupPlan) -> [Activity] {
        plan.activities.compactMap { activity in
            guard presentation(of: activity) == .full else { return nil }
            guard activity.onlineURL != nil, joinLink(of: activity) == nil else { return activity }
            return activity.withoutOnlineURL()
        }
    }

    /// The sessions the viewer sees, in the plan's order (dropped dates left out): busy blocks
    /// for confidential ones where the group shows them so.
    public func sessions(of plan: GroupPlan) -> [VisibleSession] { sessions(of: plan, outcomes: [:]) }

    /// The sessions of `snapshot` the viewer sees, each with what it may read of its outcome.
    public func sessions(of snapshot: GroupSnapshot) -> [VisibleSession] {
        sessions(of: snapshot.plan, outcomes: snapshot.outcomes, rsvps: snapshot.rsvps)
    }

    private func sessions(
        of plan: GroupPlan, outcomes: [Session.ID: SessionOutcome], rsvps: [Session.ID: RSVPCount] = [:]
    ) -> [VisibleSession] {
        let activities = Dictionary(plan.activities.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        return plan.sessions.compactMap { session in
            guard !session.dropped, let activity = activities[session.activity],
                var visible = view(of: session, in: activity)
            else { return nil }
            if visible.activity != nil {
                visible.outcome = outcome(outcomes[session.id], isConfidential: visible.confidential)
                visible.rsvps = rsvpCount(rsvps[session.id], isConfidential: visible.confidential)
            }
            return visible
        }
    }

    /// Session `id` of `plan` as the viewer sees it under its own identity; nil when the plan
    /// has no such session, its date was dropped, or the viewer sees it only as a busy block or
    /// not at all (a busy block must not be found by the session's id).
    public func view(of id: Session.ID, in plan: GroupPlan) -> VisibleSession? {
        guard let session = plan.sessions.first(where: { $0.id == id }), !session.dropped,
            let activity = plan.activities.first(where: { $0.slug == id.activity }),
            presentation(of: activity) == .full
        else { return nil }
        return view(of: session, in: activity)
    }

    /// One session as the viewer sees it, or nil when hidden from it.
    public func view(of session: Session, in activity: Activity) -> VisibleSession? {
        switch presentation(of: activity) {
        case .hidden:
            return nil
        case .busyBlock:
            return VisibleSession(
                id: "busy@\(session.start)", activity: nil, title: Self.busyTitle, start: session.start,
                end: session.end, theme: nil, status: session.status, movedFrom: nil, note: nil, publicNote: nil,
                organisers: nil, confidential: true)
        case .full:
            var visible = VisibleSession(
                id: session.id.description, activity: session.activity, title: activity.title, start: session.start,
                end: session.end, theme: session.theme, status: session.status, movedFrom: session.movedFrom,
                note: note(on: session), publicNote: session.publicNote, organisers: organisers(of: session),
                confidential: isConfidential(activity))
            if seesMemberRecords, !session.declinedBy.isEmpty { visible.declinedBy = session.declinedBy }
            return visible
        }
    }

    /// Session `id` of `snapshot` as ``view(of:in:)-(Session.ID,GroupPlan)`` shows it, with its outcome.
    public func view(of id: Session.ID, in snapshot: GroupSnapshot) -> VisibleSession? {
        guard var session = view(of: id, in: snapshot.plan) else { return nil }
        session.outcome = outcome(snapshot.outcomes[id], isConfidential: session.confidential)
        session.rsvps = rsvpCount(snapshot.rsvps[id], isConfidential: session.confidential)
        return session
    }

    /// How many members answered each way: counts only, never who; for anyone, but of a
    /// confidential session only for insiders.
    func rsvpCount(_ count: RSVPCount?, isConfidential: Bool) -> RSVPCount? {
        guard let count, isInsider || !isConfidential else { return nil }
        return count
    }

    /// What the viewer may read of an outcome: the public whether the session was held and its
    /// materials (never of a confidential session); insiders the headcounts and the note too.
    func outcome(_ outcome: SessionOutcome?, isConfidential: Bool) -> VisibleOutcome? {
        guard let outcome, isInsider || !isConfidential else { return nil }
        return VisibleOutcome(
            held: outcome.held, materials: outcome.materials,
            attendance: isInsider ? outcome.attendance : nil, women: isInsider ? outcome.women : nil,
            men: isInsider ? outcome.men : nil, undisclosed: isInsider ? outcome.undisclosed : nil,
            note: isInsider ? outcome.note : nil)
    }

    /// A programme month's reasons as the viewer may read them: the stored reasons (which
    /// count interested members), and for those who see member records, who they are.
    public func reasons(of entry: ProgrammeEntry) -> [String] {
        guard seesMemberRecords, !entry.interested.isEmpty else { return entry.reasons }
        return entry.reasons + ["interested and available: " + entry.interested.map(\.rawValue).joined(separator: ", ")]
    }

    /// A programme month as the viewer may read it.
    public func view(of entry: ProgrammeEntry) -> VisibleProgrammeMonth {
        VisibleProgrammeMonth(
            month: entry.month, theme: entry.theme, reasons: reasons(of: entry),
            interested: seesMemberRecords ? entry.interested : nil)
    }

    /// `3 member(s) interested and available`: how a reason counts members without naming them.
    public static func interestCount(_ count: Int) -> String {
        count == 0 ? "no member interested and available" : "\(count) member(s) interested and available"
    }
}

/// A session as one viewer sees it (``Visibility/view(of:in:)``).
public struct VisibleSession: Hashable, Sendable, Codable {
    /// `monthly-meeting@2027-03-02T15:00`, or `busy@…` for a busy block.
    public let id: String
    /// The activity; nil for a busy block, which must not name it.
    public let activity: Slug?
    /// The activity's title, or "Busy".
    public let title: String
    /// Local start.
    public let start: LocalDateTime
    /// Local end.
    public let end: LocalDateTime
    /// The theme, if any (never for a busy block).
    public let theme: Slug?
    /// Tentative, confirmed or cancelled.
    public let status: Session.Status
    /// Where it was moved from, if moved.
    public let movedFrom: LocalDateTime?
    /// What the viewer reads about a move or cancellation (``Visibility/note(on:)``).
    public let note: String?
    /// What the public reads about it (the explicitly public note).
    public let publicNote: String?
    /// Its organisers, for insiders only.
    public let organisers: [Assignment]?
    /// Whether its kind is confidential.
    public let confidential: Bool
    /// What became of it, as far as the viewer may read (``Visibility/sessions(of:)-(GroupSnapshot)``).
    public var outcome: VisibleOutcome? = nil
    /// How many members said they come, may come or do not: counts only, never names.
    public var rsvps: RSVPCount? = nil
    /// Who declined a duty in it (for API tokens only): the slot they left is open until filled.
    public var declinedBy: [Slug]? = nil
}

/// A session's outcome as one viewer reads it: the public sees ``held`` and ``materials`` only.
public struct VisibleOutcome: Hashable, Sendable, Codable {
    /// True when the session took place.
    public let held: Bool
    /// Its materials.
    public let materials: URL?
    /// Headcounts and the note: for the group's tokens only.
    public let attendance: Int?
    public let women: Int?
    public let men: Int?
    public let undisclosed: Int?
    public let note: String?
}

/// A programme month as one viewer reads it (``Visibility/view(of:)``).
public struct VisibleProgrammeMonth: Hashable, Sendable, Codable {
    /// The month (`2027-03` in JSON).
    public let month: MonthKey
    /// The headline theme.
    public let theme: Slug
    /// Why this theme.
    public let reasons: [String]
    /// Who is interested and available; only for those who see member records.
    public let interested: [Slug]?
}
