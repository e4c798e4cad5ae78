import Foundation
import Hummingbird
import Planning
import PlannerStore

/// `/api/v1/groups/…`: groups, members, activities, sessions, programme, assignments.
///
/// Public data (groups, public activities and sessions without their organisers, the programme)
/// is open; member data and confidential sessions need an API token of the group; writes need a
/// coordinator token. The writes are the store's intention-named operations, the same as the CLI.
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

    struct Reason: Decodable {
        let reason: String
    }

    struct Move: Decodable {
        let start: LocalDateTime
        let reason: String

        enum CodingKeys: String, CodingKey { case start, reason }

        /// A malformed `start` is a 400 naming `start` (the domain's parser does not know the field).
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let text = try container.decode(String.self, forKey: .start)
            guard let start = try? LocalDateTime(parsing: text) else {
                throw APIError.badField("start", "start: '\(text)' is not a local date and time like 2027-03-03T15:00")
            }
            self.start = start
            reason = try container.decode(String.self, forKey: .reason)
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
        return try JSONResponse.make(GroupView(snapshot: snapshot))
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
        try dependencies.store.addMember(member, to: slug)
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
        try dependencies.store.updateMember(member, in: slug)
        return try JSONResponse.make(member)
    }

    /// Removes a member; answers the sessions that lost an organiser (to re-plan).
    @Sendable func removeMember(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try context.parameters.slug("member")
        let affected = try dependencies.store.removeMember(id, from: slug)
        return try JSONResponse.make(["sessionsWithoutOrganiser": affected.map(\.description)])
    }

    // MARK: - Activities

    @Sendable func activities(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let access = try dependencies.access(request, to: slug)
        let view = try PublicView(dependencies.store, group: slug, access: access)
        return try JSONResponse.make(view.activities)
    }

    @Sendable func activity(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let access = try dependencies.access(request, to: slug)
        let id = try context.parameters.slug("activity")
        let view = try PublicView(dependencies.store, group: slug, access: access)
        guard let activity = view.activities.first(where: { $0.slug == id }) else {
            throw APIError.notFound("activity '\(id)' of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(activity)
    }

    @Sendable func addActivity(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let activity = try await dependencies.decode(Activity.self, from: request)
        try dependencies.store.addActivity(activity, to: slug)
        return try JSONResponse.make(activity, status: .created)
    }

    @Sendable func cancelActivity(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try context.parameters.slug("activity")
        let body = try await dependencies.decode(Reason.self, from: request)
        try dependencies.store.cancelActivity(id, in: slug, reason: body.reason)
        return try JSONResponse.make(["cancelled": id.rawValue, "revision": String(dependencies.store.revision(of: slug))])
    }

    // MARK: - Sessions

    /// `?from=2027-01-01&to=2027-12-31` narrows the list (both optional, inclusive).
    @Sendable func sessions(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let access = try dependencies.access(request, to: slug)
        let from = try request.uri.queryParameters.get("from").map { try Self.date($0, field: "from") }
        let to = try request.uri.queryParameters.get("to").map { try Self.date($0, field: "to") }
        if let from, let to, to < from { throw APIError.badField("to", "to (\(to)) is before from (\(from))") }
        let view = try PublicView(dependencies.store, group: slug, access: access)
        let sessions = view.sessions.filter { session in
            (from.map { session.start.date >= $0 } ?? true) && (to.map { session.start.date <= $0 } ?? true)
        }
        return try JSONResponse.make(sessions)
    }

    @Sendable func session(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let access = try dependencies.access(request, to: slug)
        let id = try Self.sessionID(context)
        let view = try PublicView(dependencies.store, group: slug, access: access)
        guard let session = view.sessions.first(where: { $0.id == id.description }) else {
            throw APIError.notFound("session \(id) of group '\(slug)' does not exist")
        }
        return try JSONResponse.make(session)
    }

    @Sendable func moveSession(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        let body = try await dependencies.decode(Move.self, from: request)
        try dependencies.store.moveSession(id, in: slug, to: body.start, reason: body.reason)
        return try answerSession(id, in: slug)
    }

    @Sendable func cancelSession(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        let body = try await dependencies.decode(Reason.self, from: request)
        try dependencies.store.cancelSession(id, in: slug, reason: body.reason)
        return try answerSession(id, in: slug)
    }

    @Sendable func confirmSession(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        try dependencies.store.confirmSession(id, in: slug)
        return try answerSession(id, in: slug)
    }

    /// `{"from": "2027-01-01", "to": "2027-03-31"}`: every tentative session of those days.
    @Sendable func confirmSessions(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let window = try await dependencies.decode(PlanningController.Window.self, from: request).dates()
        let confirmed = try dependencies.store.confirmSessions(
            of: slug, from: window.lowerBound, through: window.upperBound)
        return try JSONResponse.make(["confirmed": confirmed.map(\.description)])
    }

    @Sendable func setTheme(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let slug = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: slug)
        let id = try Self.sessionID(context)
        let body = try await dependencies.decode(ThemeChange.self, from: request)
        try dependencies.store.setTheme(body.theme, of: id, in: slug)
        return try answerSession(id, in: slug)
    }

    /// The session as stored after a write, full view (the writer holds a coordinator token).
    private func answerSession(_ id: Session.ID, in group: Slug) throws -> Response {
        let view = try PublicView(dependencies.store, group: group, access: .member(.coordinator))
        guard let session = view.sessions.first(where: { $0.id == id.description }) else {
            throw APIError.notFound("session \(id) of group '\(group)' does not exist")
        }
        return try JSONResponse.make(session)
    }

    // MARK: - Programme and assignments

    @Sendable func programme(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let snapshot = try dependencies.store.snapshot(of: slug)
        return try JSONResponse.make(snapshot.programme.values.sorted { $0.month < $1.month })
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

/// A session as the API shows it. Anonymous callers see no organisers, and a confidential
/// session only as a busy block (or not at all), as the group's settings say.
struct SessionView: Encodable {
    let id: String
    /// `nil` for a busy block, which must not name its activity.
    let activity: Slug?
    let title: String
    let start: LocalDateTime
    let end: LocalDateTime
    let theme: Slug?
    let status: Session.Status
    let movedFrom: LocalDateTime?
    let reason: String?
    let organisers: [Assignment]?
    let confidential: Bool
}

/// What one caller may see of a group's activities and sessions.
struct PublicView {
    let activities: [Activity]
    let sessions: [SessionView]

    init(_ store: PlannerStore, group: Slug, access: Access) throws {
        self.init(snapshot: try store.snapshot(of: group), catalogue: try store.catalogue(), access: access)
    }

    init(snapshot: GroupSnapshot, catalogue: Catalogue, access: Access) {
        let plan = snapshot.plan
        let confidential = Set(
            plan.activities.filter { catalogue.kind($0.kind)?.privacy == .confidential }.map(\.slug))
        let mode = plan.group.settings.confidentialFeedMode
        activities = plan.activities.filter { access.seesMemberData || !confidential.contains($0.slug) }
        let titles = Dictionary(plan.activities.map { ($0.slug, $0.title) }, uniquingKeysWith: { first, _ in first })
        sessions = plan.sessions.compactMap { session in
            guard !session.dropped else { return nil }
            let isConfidential = confidential.contains(session.activity)
            if access.seesMemberData || !isConfidential {
                return SessionView(
                    id: session.id.description, activity: session.activity, title: titles[session.activity] ?? "",
                    start: session.start, end: session.end, theme: session.theme, status: session.status,
                    movedFrom: session.movedFrom, reason: session.reason,
                    organisers: access.seesMemberData ? session.organisers : nil, confidential: isConfidential)
            }
            guard mode == .busy else { return nil }
            return SessionView(
                id: "busy@\(session.start)", activity: nil, title: "Busy", start: session.start,
                end: session.end, theme: nil, status: session.status, movedFrom: nil, reason: nil, organisers: nil,
                confidential: true)
        }
    }
}
