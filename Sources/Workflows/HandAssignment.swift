import PlannerStore
public import Planning

/// Organisers a coordinator put on a session by hand, and what the rules say about them.
public struct HandAssignment: Sendable, Equatable {
    /// The session as stored, with its new organisers (each explained "set by hand").
    public let session: Session
    /// The hard rules the new organisers break with the group's other duties (empty when none).
    /// Only the breaches the change brought; earlier ones elsewhere in the plan are not repeated.
    public let breaches: [RuleBreach]
    /// Whether the session's organisers changed (setting the same ones again stores nothing).
    public let changed: Bool
}

extension Workflows {
    /// Puts `members` on session `id` by hand, in that order, or takes every organiser off it
    /// when `members` is empty. Pinned organisers are kept by every later assignment; unpinned
    /// ones are the assigner's to keep or change (it prefers to keep them).
    ///
    /// The new organisers are checked against the hard rules together with the group's other
    /// duties. A breach refuses the change unless `despiteRules`: then it is stored, reported
    /// here by member and rule, and again by `check` and by every assignment (as a pin breach),
    /// never kept silently.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a session the group does not have;
    ///   ``WorkflowError/invalid(field:message:)`` for an unknown or repeated member, more members
    ///   than the kind's slots, a cancelled or dropped session, or a breach without
    ///   `despiteRules`; ``WorkflowError/revisionMismatch(group:current:)`` when the group is no
    ///   longer at `expectedRevision`.
    public func setOrganisers(
        _ members: [Slug], pinned: Bool, of id: Session.ID, in group: Slug, despiteRules: Bool = false,
        expectedRevision: Int? = nil
    ) throws -> HandAssignment {
        let snapshot = try read(group, heldTo: expectedRevision)
        let plan = snapshot.plan
        let catalogue = try store.catalogue()
        guard let index = plan.sessions.firstIndex(where: { $0.id == id }) else {
            throw WorkflowError.notFound("group '\(group)' has no session \(id)")
        }
        let session = plan.sessions[index]
        guard session.takesPlace || members.isEmpty else {
            throw WorkflowError.invalid(
                field: "session",
                message: "\(id) was \(session.dropped ? "dropped" : "cancelled"): it has no organisers")
        }
        let activity = plan.activities.first { $0.slug == id.activity }
        guard let slots = activity.flatMap({ catalogue.kind($0.kind) })?.organisers else {
            throw WorkflowError.notFound("the activity of \(id) has no kind in the catalogue")
        }
        let known = Set(plan.members.map(\.id))
        if let stranger = members.first(where: { !known.contains($0) }) {
            throw WorkflowError.invalid(field: "members", message: "'\(stranger)' is not a member of group '\(group)'")
        }
        if Set(members).count != members.count {
            throw WorkflowError.invalid(field: "members", message: "a member is named twice")
        }
        if members.count > slots.count {
            throw WorkflowError.invalid(
                field: "members", message: "\(members.count) members for \(slots.count) organiser slot(s) of \(id)")
        }
        let reason = pinned ? "set by hand, pinned: every assignment keeps it" : "set by hand"
        let updated = try session.with(
            organisers: members.map {
                Assignment(memberID: $0, role: slots.roleName, pinned: pinned, reasons: [reason])
            })
        var sessions = plan.sessions
        sessions[index] = updated
        let check = { (sessions: [Session]) in
            PlanChecker.check(
                sessions: sessions, members: plan.members, group: plan.group, catalogue: catalogue,
                activities: plan.activities)
        }
        let before = Set(check(plan.sessions))
        let breaches = check(sessions).filter { !before.contains($0) }
        if !breaches.isEmpty && !despiteRules {
            throw WorkflowError.invalid(
                field: "members",
                message: "breaks the rules (nothing was stored): "
                    + breaches.map(\.description).joined(separator: "; "))
        }
        let changed = try storing(group, plannedAt: snapshot.revision) {
            try store.recordAssignments([updated], in: group, expectedRevision: snapshot.revision)
        }
        return HandAssignment(session: updated, breaches: breaches, changed: changed > 0)
    }
}
