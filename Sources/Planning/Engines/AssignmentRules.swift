import Foundation

/// A hard rule of organiser assignment.
public enum AssignmentRule: String, CaseIterable, Hashable, Sendable, Codable {
    /// The kind's slots allow only some member roles (a co-chair or the focal point chairs).
    case role
    /// No weekly window of the member covers the session on its day in the group's zone.
    case availability
    /// A dated absence touches the session's day.
    case absence
    /// The member's monthly organising capacity is used up.
    case capacity
    /// The member already organises a session overlapping this one.
    case overlap
    /// The member organises another session fewer than the group's minimum gap days away.
    case minimumGap = "minimum-gap"
    /// The session has more organisers than its kind's slots.
    case slotCount = "slot-count"
    /// The organiser is not (or no longer) a member of the group.
    case unknownMember = "unknown-member"
    /// The member declined this duty: the slot is open, and not his again.
    case declined
}

/// One broken hard rule: which session, which member, which rule, in words.
public struct RuleBreach: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The session.
    public let session: Session.ID
    /// The member, if the rule concerns one.
    public let member: Slug?
    /// The rule.
    public let rule: AssignmentRule
    /// What is wrong, for a coordinator.
    public let message: String

    /// Creates a breach.
    public init(session: Session.ID, member: Slug?, rule: AssignmentRule, message: String) {
        self.session = session
        self.member = member
        self.rule = rule
        self.message = message
    }

    /// `monthly-meeting@2027-02-02T15:00 anton-berger [capacity]: …`.
    public var description: String {
        "\(session) \(member.map { "\($0) " } ?? "")[\(rule.rawValue)]: \(message)"
    }
}

/// The hard rules of assignment, written once for the assigner, the plan checker and the
/// explanations.
enum AssignmentRules {
    /// The first static rule (role, availability, absence) that keeps `member` from organising
    /// `session` with `slots`, with its message; nil if none does.
    static func staticBreach(member: Member, session: Session, slots: OrganiserSlots) -> (AssignmentRule, String)? {
        let start = session.start
        let end = session.end
        switch staticRule(member: member, session: session, slots: slots) {
        case nil:
            return nil
        case .declined:
            return (.declined, declinedMessage)
        case .role:
            let allowed = slots.roles.map(\.rawValue).joined(separator: " or ")
            return (.role, "is \(member.role.rawValue); this kind needs a \(allowed)")
        case .availability:
            let windows = member.availability.filter { $0.days.contains(start.date.weekday) }.map(\.timeRange)
            let have =
                windows.isEmpty
                ? "no window on \(start.date.weekday.shortName)" : "windows \(windows.joined(separator: ", "))"
            let until = endTime(of: session).map(\.description) ?? end.readable
            return (.availability, "not available \(start.date.weekday.shortName) \(start.time)–\(until) (\(have))")
        case let rule?:
            return (
                rule, absence(of: member, during: session).map { "away \($0.from)…\($0.to) (\($0.reason))" } ?? "away"
            )
        }
    }

    /// The first static rule that keeps `member` from `session`, without words (fast path).
    static func staticRule(member: Member, session: Session, slots: OrganiserSlots) -> AssignmentRule? {
        if session.declinedBy.contains(member.id) { return .declined }
        return slots.allows(member.role) ? attendance(member, session) : .role
    }

    /// What ``AssignmentRule/declined`` says, in explanations and checks.
    static let declinedMessage = "declined by the member"

    /// What is wrong with the team of `session` where some slots need a chair and others are
    /// open: an open-slot member without a chair beside him, or more of them than open slots; nil
    /// when the team keeps the rule (or the kind has no such slots).
    static func chairBreach(_ session: Session, slots: OrganiserSlots, members: [Slug: Member]) -> String? {
        guard slots.mixesChairsAndOpenSlots else { return nil }
        let roles = session.organisers.compactMap { members[$0.memberID]?.role }
        guard !slots.admits(chairs: roles.filter(slots.isChair).count, of: roles.count) else { return nil }
        let chairs = slots.roles.map(\.rawValue).joined(separator: " or ")
        return "\(slots.chairs) of its \(slots.count) slots need a \(chairs); the organisers have none"
    }

    /// Why `member` cannot be at `session`: no weekly window covers it (or it spans days), or
    /// they are away; nil when they can be there. A session ending at midnight ends at `24:00` of
    /// its day, which a window ending at `24:00` covers.
    static func attendance(_ member: Member, _ session: Session) -> AssignmentRule? {
        let start = session.start
        guard let end = endTime(of: session),
            member.isAvailable(on: start.date, from: start.time, to: end)
        else { return .availability }
        return absence(of: member, during: session) == nil ? nil : .absence
    }

    /// The session's end as a time of its first day (`24:00` when it ends at the next midnight);
    /// nil when it runs into another day.
    static func endTime(of session: Session) -> LocalTime? {
        let (start, end) = (session.start, session.end)
        if end.date == start.date { return end.time }
        return end.date == start.date.adding(days: 1) && end.time.minutesSinceMidnight == 0 ? .endOfDay : nil
    }

    /// The member's absence that touches the session's first or last day, if any: the one
    /// absence rule.
    static func absence(of member: Member, during session: Session) -> Absence? {
        member.absences.first { $0.contains(session.start.date) || $0.contains(session.end.date) }
    }

    /// Whether two sessions may not share an organiser: they overlap as instants in `zone` (the
    /// group's), or their days are fewer than `gap` days apart.
    static func conflict(_ a: Session, _ b: Session, gap: Int, zone: TimeZone) -> AssignmentRule? {
        conflict(Span(a, zone: zone), Span(b, zone: zone), gap: gap)
    }

    /// A session's times as plain numbers: its start and end as instants (seconds since 1970 in
    /// UTC) and its first day's number. Instants, not wall-clock times: on the night the clocks go
    /// back, 01:30–02:30 and 02:00–02:45 are an hour apart on the wall and overlap in time only as
    /// the zone says.
    struct Span {
        let start: Int
        let end: Int
        let day: Int

        init(_ session: Session, zone: TimeZone) {
            start = Int(session.start.instant(in: zone).timeIntervalSince1970)
            end = Int(session.end.instant(in: zone).timeIntervalSince1970)
            day = session.start.date.dayNumber
        }
    }

    /// The one conflict rule, on plain numbers so that the assigner's model (which keeps them
    /// in arrays) asks it too: overlapping times, or first days fewer than `gap` days apart.
    @inline(__always) static func conflict(_ a: Span, _ b: Span, gap: Int) -> AssignmentRule? {
        if a.start < b.end && b.start < a.end { return .overlap }
        if gap > 0 && abs(a.day - b.day) < gap { return .minimumGap }
        return nil
    }

    /// The message for a conflict of `session` with `other`.
    static func conflictMessage(_ rule: AssignmentRule, other: Session, gap: Int) -> String {
        switch rule {
        case .overlap: "already organises \(other.activity) at \(other.start.readable), which overlaps"
        default: "already organises \(other.activity) on \(other.start.date.readable), fewer than \(gap) days away"
        }
    }

}

/// Lists every broken hard rule of a plan: for hand edits and stored plans.
public enum PlanChecker {
    /// Every breach of the hard rules among `sessions` (cancelled and dropped ones are ignored):
    /// unknown members, too many organisers, role, availability, absence, monthly capacity,
    /// overlapping duties and the minimum gap. Each pair conflict is reported once, on the later
    /// session. Ordered by session, then member.
    public static func check(
        sessions: [Session], members: [Member], group: Group, catalogue: Catalogue, activities: [Activity]
    ) -> [RuleBreach] {
        let membersByID = Dictionary(members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let kindOf = kindLookup(activities: activities, catalogue: catalogue)
        let staffed = sessions.filter(\.takesPlace).sorted { $0.id < $1.id }
        var breaches: [RuleBreach] = []
        var duties: [Slug: [Session]] = [:]
        for session in staffed {
            let slots = kindOf(session.activity)?.organisers
            if let slots, session.organisers.count < slots.count {
                let open = slots.count - session.organisers.count
                for member in session.declinedBy where !session.organisers.contains(where: { $0.memberID == member }) {
                    breaches.append(
                        RuleBreach(
                            session: session.id, member: member, rule: .declined,
                            message: "\(AssignmentRules.declinedMessage): \(open) organiser slot(s) open"))
                }
            }
            if let slots, session.organisers.count > slots.count {
                breaches.append(
                    RuleBreach(
                        session: session.id, member: nil, rule: .slotCount,
                        message: "\(session.organisers.count) organisers for \(slots.count) slot(s)"))
            }
            if let slots, let message = AssignmentRules.chairBreach(session, slots: slots, members: membersByID) {
                breaches.append(RuleBreach(session: session.id, member: nil, rule: .role, message: message))
            }
            for assignment in session.organisers {
                guard let member = membersByID[assignment.memberID] else {
                    breaches.append(
                        RuleBreach(
                            session: session.id, member: assignment.memberID, rule: .unknownMember,
                            message: "is not a member of the group"))
                    continue
                }
                if let slots,
                    let (rule, message) = AssignmentRules.staticBreach(member: member, session: session, slots: slots)
                {
                    breaches.append(RuleBreach(session: session.id, member: member.id, rule: rule, message: message))
                }
                for other in duties[member.id, default: []] {
                    if let rule = AssignmentRules.conflict(other, session, gap: group.minimumGapDays, zone: group.zone)
                    {
                        breaches.append(
                            RuleBreach(
                                session: session.id, member: member.id, rule: rule,
                                message: AssignmentRules.conflictMessage(rule, other: other, gap: group.minimumGapDays))
                        )
                    }
                }
                let month = MonthKey(session.start.date).index
                let inMonth = duties[member.id, default: []].filter { MonthKey($0.start.date).index == month }.count + 1
                if inMonth == member.capacityPerMonth + 1 {
                    breaches.append(
                        RuleBreach(
                            session: session.id, member: member.id, rule: .capacity,
                            message:
                                "duty \(inMonth) in \(session.start.date.year)-\(String(format: "%02d", month % 12 + 1)), capacity \(member.capacityPerMonth) a month"
                        ))
                }
                duties[member.id, default: []].append(session)
            }
        }
        return breaches
    }

    /// A lookup from activity slug to its kind.
    static func kindLookup(activities: [Activity], catalogue: Catalogue) -> (Slug) -> ActivityKind? {
        var kinds: [Slug: ActivityKind] = [:]
        for activity in activities {
            if let kind = catalogue.kind(activity.kind) { kinds[activity.slug] = kind }
        }
        return { kinds[$0] }
    }
}
