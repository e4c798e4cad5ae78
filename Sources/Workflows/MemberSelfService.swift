import Foundation
public import PlannerStore
public import Planning

/// One of a member's coming duties (or one he declined), with his answer.
public struct MemberDuty: Sendable {
    /// The session.
    public let session: Session
    /// Its activity's title.
    public let title: String
    /// His answer, if he gave one.
    public let answer: DutyAnswer?
    /// The private reason he gave for declining, if any.
    public let reason: String?
}

/// A coming session a member may answer whether he comes to, with his answer.
public struct MemberInvitation: Sendable {
    /// The session's identity.
    public let id: Session.ID
    /// The session as he sees it (the public's view).
    public let session: VisibleSession
    /// His answer, if he gave one.
    public let rsvp: RSVP?
}

/// What a member's own page shows: his record and his coming duties, as ``Visibility`` lets him
/// see them (his own, never another member's).
public struct MemberOverview: Sendable {
    /// His group.
    public let group: Group
    /// His record: availability, absences, interests, capacity.
    public let member: Member
    /// His coming duties and declines, in order.
    public let duties: [MemberDuty]
    /// The catalogue's themes, for the interests form.
    public let themes: [Theme]
    /// The next ``Workflows/invitationCount`` sessions he may RSVP for.
    public let invitations: [MemberInvitation]
}

/// A change a member makes to his own record from his page.
public enum MemberRecordChange: Sendable, Equatable {
    /// Adds a weekly window.
    case addWindow(AvailabilityWindow)
    /// Removes the window at this position (as listed).
    case removeWindow(Int)
    /// Adds an absence.
    case addAbsence(Absence)
    /// Removes the absence at this position (as listed).
    case removeAbsence(Int)
    /// Replaces the interests.
    case interests([Slug])
    /// Replaces the monthly capacity.
    case capacity(Int)
}

extension Workflows {
    /// The longest private reason a member may give for declining.
    public static let maxDeclineReason = 500
    /// How many coming sessions a member's page asks whether he comes to.
    public static let invitationCount = 12

    /// The signed-in member's page: his record and his coming duties (not yet ended, not
    /// cancelled), each with his answer.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` when he is no longer a member.
    public func memberOverview(_ signIn: MemberSignIn) throws -> MemberOverview {
        let snapshot = try store.snapshot(of: signIn.group)
        let plan = snapshot.plan
        let catalogue = try store.catalogue()
        let visibility = Visibility(.member(signIn.member), group: plan.group, catalogue: catalogue)
        guard let member = plan.members.first(where: { $0.id == signIn.member }) else {
            throw WorkflowError.notFound("no member '\(signIn.member)' in group '\(signIn.group)'")
        }
        let now = LocalDateTime(clock(), in: plan.group.zone)
        let answers = try store.dutyAnswers(of: member.id, in: plan.group.slug)
        let duties = visibility.duties(of: member.id, in: plan)
            .filter { $0.end > now && $0.status != .cancelled }
            .map { session in
                MemberDuty(
                    session: session, title: plan.activity(session.activity)?.title ?? session.activity.rawValue,
                    answer: answers[session.id]?.0, reason: answers[session.id]?.reason)
            }
        let rsvps = try store.rsvps(of: member.id, in: plan.group.slug)
        let invitations = plan.sessions.lazy.compactMap { session -> MemberInvitation? in
            guard session.takesPlace, session.start > now,
                let visible = visibility.view(of: session.id, in: snapshot), !visible.confidential
            else { return nil }
            return MemberInvitation(id: session.id, session: visible, rsvp: rsvps[session.id])
        }.prefix(Self.invitationCount)
        return MemberOverview(
            group: plan.group, member: member, duties: duties, themes: catalogue.themes,
            invitations: Array(invitations))
    }

    /// Makes the signed-in member a new token for his own organiser feed (his duties in his
    /// calendar app), labelled as made on his page; its secret is shown once.
    public func memberCalendarToken(_ signIn: MemberSignIn) throws -> IssuedToken {
        let day = LocalDateTime(clock(), in: .gmt).date
        return try store.createToken(
            in: signIn.group, scope: .organiserFeed(member: signIn.member), label: "made on his own page, \(day)")
    }

    /// The signed-in member answers whether he comes to session `id` (one his page lists).
    /// Not part of the plan: no feed changes; the session page counts the answers.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a session his page does not list.
    public func answerRSVP(_ answer: RSVP, for id: Session.ID, by signIn: MemberSignIn) throws {
        guard try memberOverview(signIn).invitations.contains(where: { $0.id == id }) else {
            throw WorkflowError.notFound("no coming session \(id) to answer")
        }
        try store.recordRSVP(answer, for: id, of: signIn.member, in: signIn.group)
    }

    /// The signed-in member accepts or declines his duty in session `id` (a coming one).
    /// Declining frees the slot for re-assignment and keeps his private reason.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` when he has no coming duty there (another
    ///   member's duty is not found either); ``WorkflowError/invalid(field:message:)`` for a
    ///   reason longer than ``maxDeclineReason``.
    public func answerDuty(_ id: Session.ID, by signIn: MemberSignIn, answer: DutyAnswer, reason: String?) throws {
        if let reason, reason.count > Self.maxDeclineReason {
            throw WorkflowError.invalid(
                field: "reason", message: "at most \(Self.maxDeclineReason) characters, not \(reason.count)")
        }
        let overview = try memberOverview(signIn)
        guard overview.duties.contains(where: { $0.session.id == id }) else {
            throw WorkflowError.notFound("you have no coming duty in session \(id)")
        }
        do {
            try store.answerDuty(
                id, of: signIn.member, in: signIn.group, answer: answer, reason: answer == .declined ? reason : nil)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkflowError.notFound("you have no coming duty in session \(id)")
        }
    }

    /// Applies `change` to the signed-in member's own record, checked by the same rules as the
    /// group's YAML (``Member``'s own checks, interests from the catalogue), and stores it.
    ///
    /// - Throws: ``WorkflowError/invalid(field:message:)`` naming the form's field (`days`,
    ///   `from`, `to`, `availability`, `interests`, `capacity`) when a rule is broken; nothing
    ///   is stored then.
    @discardableResult
    public func changeOwnRecord(_ change: MemberRecordChange, by signIn: MemberSignIn) throws -> Member {
        let current = try memberOverview(signIn).member
        var availability = current.availability
        var absences = current.absences
        var interests = current.interests
        var capacity = current.capacityPerMonth
        switch change {
        case .addWindow(let window): availability.append(window)
        case .removeWindow(let index):
            guard availability.indices.contains(index) else {
                throw WorkflowError.invalid(field: "availability", message: "that window is no longer there")
            }
            availability.remove(at: index)
        case .addAbsence(let absence): absences.append(absence)
        case .removeAbsence(let index):
            guard absences.indices.contains(index) else {
                throw WorkflowError.invalid(field: "absences", message: "that absence is no longer there")
            }
            absences.remove(at: index)
        case .interests(let chosen): interests = chosen
        case .capacity(let value): capacity = value
        }
        let member: Member
        do {
            member = try Member(
                id: current.id, name: current.name, email: current.email, role: current.role,
                staffCategory: current.staffCategory, joined: current.joined, interests: interests,
                availability: availability, absences: absences.sorted { ($0.from, $0.to) < ($1.from, $1.to) },
                capacityPerMonth: capacity, pastDuties: current.pastDuties)
        } catch let error as PlanningError {
            throw WorkflowError.invalid(field: Self.formField(error.path), message: error.message)
        }
        do {
            try store.updateMember(member, in: signIn.group)
        } catch let error as StoreError where error.code == .invalid {
            throw WorkflowError.invalid(field: "interests", message: error.message)
        }
        return member
    }

    /// The form field a ``PlanningError``'s path names.
    static func formField(_ path: String) -> String {
        if path.hasPrefix("availability") { return "availability" }
        if path == "capacity-per-month" { return "capacity" }
        if path.hasPrefix("interests") { return "interests" }
        return path.isEmpty ? "record" : path
    }
}
