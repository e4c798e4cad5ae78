import Foundation
import PlannerStore
public import Planning

/// When a session's feedback form takes answers, and how many.
public struct FeedbackRules: Sendable, Equatable {
    /// Days after the session's start that the form stays open.
    public var days: Int
    /// The most answers one session takes.
    public var maxAnswers: Int

    /// The rules: open `days` after the start, at most `maxAnswers` answers.
    public init(days: Int = 14, maxAnswers: Int = 200) {
        self.days = days
        self.maxAnswers = maxAnswers
    }
}

extension Workflows {
    /// Session `id` of `group` if `code` opens its feedback form: nil for a wrong code or an
    /// unknown session (the same answer, so codes cannot be probed).
    public func feedbackSession(_ id: Session.ID, in group: Slug, code: String) throws -> (Session, Activity)? {
        let plan = try store.snapshot(of: group).plan
        guard let session = plan.sessions.first(where: { $0.id == id }), !session.dropped,
            let activity = plan.activity(id.activity), code == (try store.feedbackCode(of: id, in: group))
        else { return nil }
        return (session, activity)
    }

    /// Whether session `session`'s form takes answers now: from its start for `rules.days` days,
    /// never for a cancelled session. Nil when it does; otherwise why not, in words.
    public func feedbackClosed(_ session: Session, in group: Group, rules: FeedbackRules) -> String? {
        guard session.status != .cancelled else { return "this session was cancelled, so it takes no feedback" }
        let now = LocalDateTime(clock(), in: group.zone)
        guard session.start <= now else { return "this form opens when the session begins" }
        let closes = session.start.date.adding(days: rules.days)
        guard now.date < closes else { return "this form closed on \(closes.readable); thank you all the same" }
        return nil
    }

    /// Records one anonymous answer for session `id`, if `code` is its feedback code and its
    /// form is open.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a wrong code or session;
    ///   ``WorkflowError/invalid(field:message:)`` when the form is closed or full.
    public func submitFeedback(
        _ answer: FeedbackAnswer, for id: Session.ID, in group: Slug, code: String, rules: FeedbackRules
    ) throws {
        let plan = try store.snapshot(of: group).plan
        guard let (session, _) = try feedbackSession(id, in: group, code: code) else {
            throw WorkflowError.notFound("no feedback form here: check the link you were given")
        }
        if let closed = feedbackClosed(session, in: plan.group, rules: rules) {
            throw WorkflowError.invalid(field: "session", message: closed)
        }
        do {
            try store.recordFeedback(answer, code: code, for: id, in: group, maxAnswers: rules.maxAnswers)
        } catch let error as StoreError where error.code == .conflict {
            throw WorkflowError.invalid(field: "session", message: error.message)
        }
    }
}
