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

/// A session whose feedback form a code opens: the session, its activity and its group, read
/// once.
public struct FeedbackForm: Sendable {
    public let session: Session
    public let activity: Activity
    public let group: Group
}

extension Workflows {
    /// Session `id` of `group` if `code` opens its feedback form: nil for a wrong code or an
    /// unknown session (the same answer, so codes cannot be probed).
    public func feedbackForm(_ id: Session.ID, in group: Slug, code: String) throws -> FeedbackForm? {
        guard try store.isFeedbackCode(code, of: id, in: group) else { return nil }
        let plan = try store.snapshot(of: group).plan
        guard let session = plan.sessions.first(where: { $0.id == id }), !session.dropped,
            let activity = plan.activity(id.activity)
        else { return nil }
        return FeedbackForm(session: session, activity: activity, group: plan.group)
    }

    /// Whether `form` takes answers now: from its session's start for `rules.days` days, never
    /// for a cancelled session. Nil when it does; otherwise why not, in words.
    public func feedbackClosed(_ form: FeedbackForm, rules: FeedbackRules) -> String? {
        guard form.session.status != .cancelled else { return "this session was cancelled, so it takes no feedback" }
        let now = LocalDateTime(clock(), in: form.group.zone)
        guard form.session.start <= now else { return "this form opens when the session begins" }
        let closes = form.session.start.date.adding(days: rules.days)
        guard now.date < closes else { return "this form closed on \(closes.readable); thank you all the same" }
        return nil
    }

    /// Records one anonymous answer for `form`'s session (opened by `code`) if the form is open.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a wrong code;
    ///   ``WorkflowError/invalid(field:message:)`` when the form is closed or full.
    public func submitFeedback(_ answer: FeedbackAnswer, to form: FeedbackForm, code: String, rules: FeedbackRules)
        throws
    {
        if let closed = feedbackClosed(form, rules: rules) {
            throw WorkflowError.invalid(field: "session", message: closed)
        }
        do {
            try store.recordFeedback(
                answer, code: code, for: form.session.id, in: form.group.slug, maxAnswers: rules.maxAnswers)
        } catch let error as StoreError where error.code == .conflict {
            throw WorkflowError.invalid(field: "session", message: error.message)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkflowError.notFound("no feedback form here: check the link you were given")
        }
    }
}
