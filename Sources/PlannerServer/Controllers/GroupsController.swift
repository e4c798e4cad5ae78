import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning
import Workflows

/// `/api/v1/groups/…`: groups, members, activities, sessions, programme, assignments.
///
/// Public data (groups, public activities and sessions without their organisers, the programme)
/// is open; member data and confidential sessions need an API token of the group; writes need a
/// coordinator token. The writes are the store's intention-named operations, the same as the CLI,
/// each under the request's `If-Match` (``GroupPrecondition``).
struct GroupsController {
    let store: PlannerStore
    let bodies: JSONBodies
    let workflows: Workflows

    func addRoutes(to api: some RouterMethods<PlannerRequestContext>) {
        api.on(.apiGroups, .get, use: groups)
        api.on(.apiGroup, .get, use: group)
        api.on(.apiMembers, .get, use: members)
        api.on(.apiMembers, .post, use: addMember)
        api.on(.apiMember, .get, use: member)
        api.on(.apiMember, .put, use: updateMember)
        api.on(.apiMember, .delete, use: removeMember)
        api.on(.apiActivities, .get, use: activities)
        api.on(.apiActivities, .post, use: addActivity)
        api.on(.apiActivity, .get, use: activity)
        api.on(.apiCancelActivity, .post, use: cancelActivity)
        api.on(.apiSessions, .get, use: sessions)
        api.on(.apiSession, .get, use: session)
        api.on(.apiMoveSession, .post, use: moveSession)
        api.on(.apiCancelSession, .post, use: cancelSession)
        api.on(.apiConfirmSession, .post, use: confirmSession)
        api.on(.apiConfirmSessions, .post, use: confirmSessions)
        api.on(.apiSessionTheme, .put, use: setTheme)
        api.on(.apiSessionOrganisers, .put, use: setOrganisers)
        api.on(.apiSessionOutcome, .post, use: recordOutcome)
        api.on(.apiProgramme, .get, use: programme)
        api.on(.apiAssignments, .get, use: assignments)
    }

    // MARK: - Request bodies

    /// A cancellation: the private reason, and optionally what the public may read.
    struct Reason: Decodable {
        let reason: String
        let publicNote: String?
    }

    /// A move: where to, the private reason, and optionally what the public may read.
    struct Move: Decodable {
        let start: LocalDateTime
        let reason: String
        let publicNote: String?

        enum CodingKeys: String, CodingKey { case start, reason, publicNote }

        /// A malformed `start` is a 400 naming `start` (the domain's parser does not know the field).
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .start)
            guard let start = try? LocalDateTime(parsing: text) else {
                throw APIError.badField("start", "start: '\(text)' is not a local date and time like 2027-03-03T15:00")
            }
            self.start = start
            reason = try container.decode(String.self, forKey: .reason)
            publicNote = try container.decodeIfPresent(String.self, forKey: .publicNote)
        }
    }

    struct ThemeChange: Decodable {
        let theme: Slug?
    }

    /// Organisers set by hand: the members (empty: none), whether every assignment keeps them,
    /// and whether to store them although they break a hard rule.
    struct OrganisersChange: Decodable {
        let members: [Slug]
        let pinned: Bool?
        let despiteRules: Bool?
    }

    /// What setting organisers by hand stored, and the rules they break.
    struct OrganisersAnswer: Encodable {
        let session: VisibleSession
        let breaches: [RuleBreach]
        let changed: Bool
    }

    // MARK: - Groups

    @Sendable func groups(_ request: Request, context: PlannerRequestContext) throws -> Response {
        try JSONResponse.make(store.groups())
    }

    @Sendable func group(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let snapshot = try store.snapshot(of: slug)
        var response = try JSONResponse.make(GroupView(snapshot: snapshot))
        response.headers[.eTag] = GroupPrecondition.entityTag(revision: snapshot.revision)
        return response
    }

    // MARK: - Members (a token of the group)

    @Sendable func members(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        _ = try context.requireToken()
        return try JSONResponse.make(store.snapshot(of: slug).plan.members)
    }

    @Sendable func member(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        _ = try context.requireToken()
        let id = try context.slug("member")
        guard let member = try store.snapshot(of: slug).plan.member(id) else {
            throw APIError.notFound("member '\(id)' of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(member)
    }

    @Sendable func addMember(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let member = try await bodies.decode(Member.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try store.addMember(member, to: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(member, status: .created)
    }

    @Sendable func updateMember(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.slug("member")
        let member = try await bodies.decode(Member.self, from: request)
        guard member.id == id else {
            throw APIError.badField("id", "the body is member '\(member.id)' but the path names '\(id)'")
        }
        try store.conditionalWrite(request, of: slug) {
            try store.updateMember(member, in: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(member)
    }

    /// Removes a member; answers the sessions that lost an organiser (to re-plan).
    @Sendable func removeMember(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.slug("member")
        let affected = try store.conditionalWrite(request, of: slug) {
            try store.removeMember(id, from: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(RemovedMember(sessionsWithoutOrganiser: affected.map(\.description)))
    }

    // MARK: - Activities

    @Sendable func activities(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let (snapshot, visibility) = try view(of: slug, for: context)
        return try JSONResponse.make(visibility.activities(of: snapshot.plan))
    }

    @Sendable func activity(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let id = try context.slug("activity")
        let (snapshot, visibility) = try view(of: slug, for: context)
        guard let activity = visibility.activities(of: snapshot.plan).first(where: { $0.slug == id }) else {
            throw APIError.notFound("activity '\(id)' of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(activity)
    }

    @Sendable func addActivity(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let activity = try await bodies.decode(Activity.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try store.addActivity(activity, to: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(activity, status: .created)
    }

    @Sendable func cancelActivity(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.slug("activity")
        let body = try await bodies.decode(Reason.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try store.cancelActivity(
                id, in: slug, reason: body.reason, publicNote: body.publicNote, expectedRevision: $0)
        }
        return try JSONResponse.make(CancelledActivity(cancelled: id, revision: store.revision(of: slug)))
    }

    // MARK: - Sessions

    /// `?from=2027-01-01&to=2027-12-31` narrows the list (both optional, inclusive).
    @Sendable func sessions(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let from = try request.uri.queryParameters.get("from").map { try PlanningLimits.date($0, field: "from") }
        let to = try request.uri.queryParameters.get("to").map { try PlanningLimits.date($0, field: "to") }
        if let from, let to, to < from { throw APIError.badField("to", "to (\(to)) is before from (\(from))") }
        let (snapshot, visibility) = try view(of: slug, for: context)
        let sessions = visibility.sessions(of: snapshot).filter { session in
            (from.map { session.start.date >= $0 } ?? true) && (to.map { session.start.date <= $0 } ?? true)
        }
        return try JSONResponse.make(sessions)
    }

    @Sendable func session(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let id = try context.sessionID()
        let (snapshot, visibility) = try view(of: slug, for: context)
        guard let session = visibility.view(of: id, in: snapshot) else {
            throw APIError.notFound("session \(id) of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(session)
    }

    @Sendable func moveSession(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.sessionID()
        let body = try await bodies.decode(Move.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try store.moveSession(
                id, in: slug, to: body.start, reason: body.reason, publicNote: body.publicNote, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    @Sendable func cancelSession(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.sessionID()
        let body = try await bodies.decode(Reason.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try store.cancelSession(
                id, in: slug, reason: body.reason, publicNote: body.publicNote, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    @Sendable func confirmSession(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.sessionID()
        try store.conditionalWrite(request, of: slug) {
            try store.confirmSession(id, in: slug, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    /// `{"from": "2027-01-01", "to": "2027-03-31"}`: every tentative session of those days.
    @Sendable func confirmSessions(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let window = try await bodies.decode(PlanningController.Window.self, from: request).dates()
        let confirmed = try store.conditionalWrite(request, of: slug) {
            try store.confirmSessions(
                of: slug, from: window.lowerBound, through: window.upperBound, expectedRevision: $0)
        }
        return try JSONResponse.make(ConfirmedSessions(confirmed: confirmed.map(\.description)))
    }

    @Sendable func setTheme(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.sessionID()
        let body = try await bodies.decode(ThemeChange.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try store.setTheme(body.theme, of: id, in: slug, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    /// Puts named members on the session by hand, or takes them off; a coordinator's.
    @Sendable func setOrganisers(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        try context.requireCoordinator()
        let id = try context.sessionID()
        let body = try await bodies.decode(OrganisersChange.self, from: request)
        let done = try store.conditionalWrite(request, of: slug) {
            try workflows.setOrganisers(
                body.members, pinned: body.pinned ?? false, of: id, in: slug, despiteRules: body.despiteRules ?? false,
                expectedRevision: $0)
        }
        return try JSONResponse.make(
            OrganisersAnswer(session: storedSession(id, in: slug), breaches: done.breaches, changed: done.changed))
    }

    /// What became of the session (held, headcounts, note, materials): the coordinator's, or
    /// one of the session's organisers' (their organiser-feed token as the bearer).
    @Sendable func recordOutcome(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let slug = try context.group
        let id = try context.sessionID()
        try context.requireCoordinatorOrOrganiser(of: id, in: try store.snapshot(of: slug).plan)
        let outcome = try await bodies.decode(SessionOutcome.self, from: request)
        try store.conditionalWrite(request, of: slug) {
            try workflows.recordOutcome(outcome, of: id, in: slug, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    /// The session as stored after a write, as the coordinator who wrote it sees it.
    private func answerSession(_ id: Session.ID, in group: Slug) throws -> Response {
        try JSONResponse.make(storedSession(id, in: group))
    }

    /// The session as stored, as a coordinator sees it.
    private func storedSession(_ id: Session.ID, in group: Slug) throws -> VisibleSession {
        let snapshot = try store.snapshot(of: group)
        let visibility = Visibility(.coordinator, group: snapshot.plan.group, catalogue: try store.catalogue())
        guard let session = visibility.view(of: id, in: snapshot) else {
            throw APIError.notFound("session \(id) of group '\(group)' does not exist")
        }
        return session
    }

    // MARK: - Programme and assignments

    @Sendable func programme(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        let (snapshot, visibility) = try view(of: slug, for: context)
        return try JSONResponse.make(snapshot.programme.values.sorted { $0.month < $1.month }.map(visibility.view(of:)))
    }

    @Sendable func assignments(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.group
        _ = try context.requireToken()
        let snapshot = try store.snapshot(of: slug)
        let rows = snapshot.plan.sessions.flatMap { session in
            session.organisers.map { AssignmentView(session: session.id.description, assignment: $0) }
        }
        return try JSONResponse.make(rows)
    }

    /// The group as stored, and what the caller may see of it.
    private func view(of group: Slug, for context: PlannerRequestContext) throws -> (GroupSnapshot, Visibility) {
        let snapshot = try store.snapshot(of: group)
        return (snapshot, context.visibility(of: snapshot.plan, catalogue: try store.catalogue()))
    }
}

// MARK: - Views

/// A removed member: the sessions that lost an organiser, to plan again.
struct RemovedMember: Encodable {
    let sessionsWithoutOrganiser: [String]
}

/// The sessions a bulk confirmation confirmed.
struct ConfirmedSessions: Encodable {
    let confirmed: [String]
}

/// A group as the API shows it: the group, its revision and counts, no member data.
struct GroupView: Encodable {
    let group: Group
    let revision: Int
    let modified: Date
    let members: Int
    let activities: Int
    let sessions: Int

    init(snapshot: GroupSnapshot) {
        group = snapshot.plan.group
        revision = snapshot.revision
        modified = snapshot.modified
        members = snapshot.plan.members.count
        activities = snapshot.plan.activities.count
        sessions = snapshot.plan.sessions.filter { !$0.dropped }.count
    }
}

/// The answer to cancelling an activity: which, and the group's revision after the write.
struct CancelledActivity: Encodable {
    let cancelled: Slug
    let revision: Int
}

/// One line of the assignments list.
struct AssignmentView: Encodable {
    let session: String
    let member: Slug
    let role: AssignmentRole
    let pinned: Bool
    let reasons: [String]

    init(session: String, assignment: Assignment) {
        self.session = session
        member = assignment.memberID
        role = assignment.role
        pinned = assignment.pinned
        reasons = assignment.reasons
    }
}
