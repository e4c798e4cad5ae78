import Foundation
import Hummingbird
import PlannerStore
import Planning

/// `/api/v1/groups/…`: groups, members, activities, sessions, programme, assignments.
///
/// Public data (groups, public activities and sessions without their organisers, the programme)
/// is open; member data and confidential sessions need an API token of the group; writes need a
/// coordinator token. The writes are the store's intention-named operations, the same as the CLI,
/// each under the request's `If-Match` (``GroupPrecondition``).
struct GroupsController {
    let dependencies: ServerDependencies

    func addRoutes(to api: RouterGroup<BasicRequestContext>) {
        api.get("groups", use: groups)
        api.get("groups/{group}", use: group)
        api.get("groups/{group}/members", use: members)
        api.post("groups/{group}/members", use: addMember)
        api.get("groups/{group}/members/{member}", use: member)
        api.put("groups/{group}/members/{member}", use: updateMember)
        api.delete("groups/{group}/members/{member}", use: removeMember)
        api.get("groups/{group}/activities", use: activities)
        api.post("groups/{group}/activities", use: addActivity)
        api.get("groups/{group}/activities/{activity}", use: activity)
        api.post("groups/{group}/activities/{activity}/cancel", use: cancelActivity)
        api.get("groups/{group}/sessions", use: sessions)
        api.get("groups/{group}/sessions/{session}", use: session)
        api.post("groups/{group}/sessions/{session}/move", use: moveSession)
        api.post("groups/{group}/sessions/{session}/cancel", use: cancelSession)
        api.post("groups/{group}/sessions/{session}/confirm", use: confirmSession)
        api.post("groups/{group}/sessions/confirm", use: confirmSessions)
        api.put("groups/{group}/sessions/{session}/theme", use: setTheme)
        api.get("groups/{group}/programme", use: programme)
        api.get("groups/{group}/assignments", use: assignments)
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

    // MARK: - Groups

    @Sendable func groups(_ request: Request, context: BasicRequestContext) throws -> Response {
        try JSONResponse.make(dependencies.store.groups())
    }

    @Sendable func group(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let snapshot = try dependencies.store.snapshot(of: slug)
        var response = try JSONResponse.make(GroupView(snapshot: snapshot))
        response.headers[.eTag] = GroupPrecondition.entityTag(revision: snapshot.revision)
        return response
    }

    // MARK: - Members (a token of the group)

    @Sendable func members(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        _ = try dependencies.requireAccess(request, to: slug)
        return try JSONResponse.make(dependencies.store.snapshot(of: slug).plan.members)
    }

    @Sendable func member(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        _ = try dependencies.requireAccess(request, to: slug)
        let id = try context.parameters.slug("member")
        guard let member = try dependencies.store.snapshot(of: slug).plan.member(id) else {
            throw APIError.notFound("member '\(id)' of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(member)
    }

    @Sendable func addMember(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let member = try await dependencies.decode(Member.self, from: request)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.addMember(member, to: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(member, status: .created)
    }

    @Sendable func updateMember(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try context.parameters.slug("member")
        let member = try await dependencies.decode(Member.self, from: request)
        guard member.id == id else {
            throw APIError.badField("id", "the body is member '\(member.id)' but the path names '\(id)'")
        }
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.updateMember(member, in: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(member)
    }

    /// Removes a member; answers the sessions that lost an organiser (to re-plan).
    @Sendable func removeMember(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try context.parameters.slug("member")
        let affected = try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.removeMember(id, from: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(["sessionsWithoutOrganiser": affected.map(\.description)])
    }

    // MARK: - Activities

    @Sendable func activities(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let (snapshot, visibility) = try view(of: slug, for: request)
        return try JSONResponse.make(visibility.activities(of: snapshot.plan))
    }

    @Sendable func activity(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let id = try context.parameters.slug("activity")
        let (snapshot, visibility) = try view(of: slug, for: request)
        guard let activity = visibility.activities(of: snapshot.plan).first(where: { $0.slug == id }) else {
            throw APIError.notFound("activity '\(id)' of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(activity)
    }

    @Sendable func addActivity(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let activity = try await dependencies.decode(Activity.self, from: request)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.addActivity(activity, to: slug, expectedRevision: $0)
        }
        return try JSONResponse.make(activity, status: .created)
    }

    @Sendable func cancelActivity(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try context.parameters.slug("activity")
        let body = try await dependencies.decode(Reason.self, from: request)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.cancelActivity(
                id, in: slug, reason: body.reason, publicNote: body.publicNote, expectedRevision: $0)
        }
        return try JSONResponse.make(CancelledActivity(cancelled: id, revision: dependencies.store.revision(of: slug)))
    }

    // MARK: - Sessions

    /// `?from=2027-01-01&to=2027-12-31` narrows the list (both optional, inclusive).
    @Sendable func sessions(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let from = try request.uri.queryParameters.get("from").map { try Self.date($0, field: "from") }
        let to = try request.uri.queryParameters.get("to").map { try Self.date($0, field: "to") }
        if let from, let to, to < from { throw APIError.badField("to", "to (\(to)) is before from (\(from))") }
        let (snapshot, visibility) = try view(of: slug, for: request)
        let sessions = visibility.sessions(of: snapshot.plan).filter { session in
            (from.map { session.start.date >= $0 } ?? true) && (to.map { session.start.date <= $0 } ?? true)
        }
        return try JSONResponse.make(sessions)
    }

    @Sendable func session(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let id = try Self.sessionID(context)
        let (snapshot, visibility) = try view(of: slug, for: request)
        guard let session = visibility.view(of: id, in: snapshot.plan) else {
            throw APIError.notFound("session \(id) of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(session)
    }

    @Sendable func moveSession(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        let body = try await dependencies.decode(Move.self, from: request)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.moveSession(
                id, in: slug, to: body.start, reason: body.reason, publicNote: body.publicNote, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    @Sendable func cancelSession(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        let body = try await dependencies.decode(Reason.self, from: request)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.cancelSession(
                id, in: slug, reason: body.reason, publicNote: body.publicNote, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    @Sendable func confirmSession(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.confirmSession(id, in: slug, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    /// `{"from": "2027-01-01", "to": "2027-03-31"}`: every tentative session of those days.
    @Sendable func confirmSessions(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let window = try await dependencies.decode(PlanningController.Window.self, from: request).dates()
        let confirmed = try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.confirmSessions(
                of: slug, from: window.lowerBound, through: window.upperBound, expectedRevision: $0)
        }
        return try JSONResponse.make(["confirmed": confirmed.map(\.description)])
    }

    @Sendable func setTheme(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        let body = try await dependencies.decode(ThemeChange.self, from: request)
        try dependencies.conditionalWrite(request, of: slug) {
            try dependencies.store.setTheme(body.theme, of: id, in: slug, expectedRevision: $0)
        }
        return try answerSession(id, in: slug)
    }

    /// The session as stored after a write, as the coordinator who wrote it sees it.
    private func answerSession(_ id: Session.ID, in group: Slug) throws -> Response {
        let snapshot = try dependencies.store.snapshot(of: group)
        let visibility = dependencies.visibility(
            .member(.coordinator), of: snapshot, catalogue: try dependencies.store.catalogue())
        guard let session = visibility.view(of: id, in: snapshot.plan) else {
            throw APIError.notFound("session \(id) of group '\(group)' does not exist")
        }
        return try JSONResponse.make(session)
    }

    // MARK: - Programme and assignments

    @Sendable func programme(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let (snapshot, visibility) = try view(of: slug, for: request)
        return try JSONResponse.make(snapshot.programme.values.sorted { $0.month < $1.month }.map(visibility.view(of:)))
    }

    @Sendable func assignments(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        _ = try dependencies.requireAccess(request, to: slug)
        let snapshot = try dependencies.store.snapshot(of: slug)
        let rows = snapshot.plan.sessions.flatMap { session in
            session.organisers.map { AssignmentView(session: session.id.description, assignment: $0) }
        }
        return try JSONResponse.make(rows)
    }

    /// The group as stored, and what the caller may see of it.
    private func view(of group: Slug, for request: Request) throws -> (GroupSnapshot, Visibility) {
        let access = try dependencies.access(request, to: group)
        let snapshot = try dependencies.store.snapshot(of: group)
        return (snapshot, dependencies.visibility(access, of: snapshot, catalogue: try dependencies.store.catalogue()))
    }

    // MARK: - Path and query values

    /// `monthly-meeting@2027-03-02T15:00` from the path; anything else names no session (404).
    static func sessionID(_ context: BasicRequestContext) throws -> Session.ID {
        let text = context.parameters.get("session")?.removingPercentEncoding ?? ""
        guard let id = Session.ID(parsing: text) else {
            throw APIError.notFound("no session '\(text)': ids look like monthly-meeting@2027-03-02T15:00")
        }
        return id
    }

    static func date(_ text: String, field: String) throws -> LocalDate {
        guard let date = try? LocalDate(parsing: text) else {
            throw APIError.badField(field, "\(field): '\(text)' is not a date like 2027-03-08")
        }
        return date
    }
}

// MARK: - Views

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
