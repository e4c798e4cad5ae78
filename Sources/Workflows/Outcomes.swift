import Foundation
import PlannerStore
public import Planning

extension Workflows {
    /// Records what became of a session once its day has come: held or not, headcounts, a
    /// private note, a materials link. Replaces an earlier outcome of the session. A session
    /// held without a headcount takes the members' RSVPs as its expected one (how many said
    /// they were going), when any answered.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a session the group does not have;
    ///   ``WorkflowError/invalid(field:message:)`` for a session that has not started yet, or
    ///   one recorded as held although it was cancelled or its date dropped.
    public func recordOutcome(
        _ outcome: SessionOutcome, of id: Session.ID, in group: Slug, expectedRevision: Int? = nil
    ) throws {
        let snapshot = try store.snapshot(of: group)
        let plan = snapshot.plan
        guard let session = plan.sessions.first(where: { $0.id == id }) else {
            throw WorkflowError.notFound("group '\(group)' has no session \(id)")
        }
        var outcome = outcome
        if outcome.held, outcome.attendance == nil, let going = snapshot.rsvps[id]?.going, going > 0 {
            outcome = try SessionOutcome(
                held: true, attendance: going, note: outcome.note, materials: outcome.materials)
        }
        let today = LocalDateTime(clock(), in: plan.group.zone)
        guard session.start <= today else {
            throw WorkflowError.invalid(
                field: "session",
                message: "\(id) starts \(session.start.readable): record its outcome once it has begun")
        }
        if outcome.held {
            guard session.status != .cancelled, !session.dropped else {
                throw WorkflowError.invalid(
                    field: "held",
                    message: "\(id) was \(session.dropped ? "dropped" : "cancelled"): it cannot have been held")
            }
        }
        try store.recordOutcome(outcome, of: id, in: group, expectedRevision: expectedRevision)
    }
}
