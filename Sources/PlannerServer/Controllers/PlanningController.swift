import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning
import Workflows

/// The planning workflows over the API: check the plan, explain a session's organisers,
/// assign organisers (stored, or `dryRun`), and preview or plan a programme. What is refused,
/// the limits, the shortfall policy and the concurrency check are the workflows' (the same as
/// `planner`'s); this controller only turns requests into calls and answers into JSON.
///
/// All of it reads member data, so it needs an API token of the group; storing needs a
/// coordinator's. A plan that falls short (empty slots, unmet GAP targets) is answered 422 with
/// the best plan and the reasons, and nothing is stored — unless `allowUnfilled`/`allowUnmet`
/// asks to store the best plan anyway. A write that lands while planning is a 409 ("plan
/// again"); `If-Match` holds the plan to the group's ETag (412).
struct PlanningController {
    let workflows: Workflows
    let bodies: JSONBodies

    func addRoutes(to api: some RouterMethods<PlannerRequestContext>) {
        api.on(.apiCheck, .get, use: check)
        api.on(.apiExplainSession, .get, use: explain)
        api.on(.apiPlanAssignments, .post, use: planAssignments)
        api.on(.apiPreviewProgramme, .post, use: previewProgramme)
        api.on(.apiPlanProgramme, .post, use: planProgramme)
    }

    // MARK: - Request bodies

    /// A window of dates, inclusive.
    struct Window: Decodable {
        let from: String
        let to: String

        func dates() throws -> ClosedRange<LocalDate> { try PlanningLimits.window(from: from, to: to) }
    }

    /// The body of `assignments/plan`: the window, and whether to store the result.
    struct AssignmentRequest: Decodable {
        let from: String
        let to: String
        /// True: answer the plan, store nothing (a reader may ask).
        let dryRun: Bool?
        /// True: store the best plan even when some slots stay empty.
        let allowUnfilled: Bool?
        /// True: fill only open slots; every current duty stays as it is.
        let keepDuties: Bool?
    }

    /// A run of months, `2027-01` to `2027-12`; for `programme/plan` also whether to store.
    struct Months: Decodable {
        let from: String
        let to: String
        /// True: answer the programme, store nothing (a reader may ask).
        let dryRun: Bool?
        /// True: store the best programme even when a GAP target cannot be met.
        let allowUnmet: Bool?
    }

    // MARK: - Answers

    /// Every broken rule of the stored plan.
    struct Breaches: Encodable {
        let breaches: [RuleBreach]
    }

    struct StaffedSession: Encodable {
        let id: String
        let organisers: [Assignment]
    }

    struct AssignmentPlan: Encodable {
        let stored: Bool
        let sessions: [StaffedSession]
        let score: AssignmentScore
        /// The best any plan could reach, level by level.
        let bound: AssignmentScore
        let provenOptimal: Bool
        /// How far from the bound, at the first level not proven; nil when proven.
        let gap: Double?
        let method: AssignmentMethod
        let unfilled: [UnfilledSlot]
        let changes: [AssignmentChange]
        /// Hard rules that pinned duties break (the pins stay).
        let pinBreaches: [RuleBreach]
        let notes: [String]
    }

    struct ThemedSession: Encodable {
        let id: String
        let theme: Slug?
    }

    struct ProgrammePreview: Encodable {
        let stored: Bool
        let months: [ProgrammeMonth]
        let targets: [TargetStatus]
        let sessions: [ThemedSession]
        let notes: [String]
        let provenOptimal: Bool
    }

    /// A plan that falls short: 422 with the message and the plan itself.
    struct Shortfall<Plan: Encodable>: Encodable {
        struct Detail: Encodable {
            let message: String
            let status: Int
        }
        let error: Detail
        let plan: Plan
    }

    // MARK: - Handlers

    @Sendable func check(_ request: Request, context: PlannerRequestContext) throws -> Response {
        _ = try context.requireToken()
        return try JSONResponse.make(Breaches(breaches: workflows.check(context.group)))
    }

    @Sendable func explain(_ request: Request, context: PlannerRequestContext) throws -> Response {
        _ = try context.requireToken()
        return try JSONResponse.make(workflows.explain(context.sessionID(), in: context.group))
    }

    @Sendable func planAssignments(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let role = try context.requireToken()
        let body = try await bodies.decode(AssignmentRequest.self, from: request)
        let write = try planWrite(
            request, context: context, role: role, dryRun: body.dryRun, storeBest: body.allowUnfilled,
            what: "assignments")
        let planned = try workflows.assignOrganisers(
            in: context.group, window: PlanningLimits.window(from: body.from, to: body.to), write: write,
            keepDuties: body.keepDuties ?? false)
        let result = planned.plan
        let answer = AssignmentPlan(
            stored: planned.stored,
            sessions: result.sessions.map { StaffedSession(id: $0.id.description, organisers: $0.organisers) },
            score: result.score, bound: result.bound, provenOptimal: result.provenOptimal, gap: result.gap,
            method: result.method, unfilled: result.unfilled, changes: result.changes, pinBreaches: result.pinBreaches,
            notes: result.notes)
        return try respond(answer, planned, storeBest: "allowUnfilled")
    }

    @Sendable func previewProgramme(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        _ = try context.requireToken()
        let body = try await bodies.decode(Months.self, from: request)
        return try programme(context: context, body: body, write: .dryRun)
    }

    @Sendable func planProgramme(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let role = try context.requireToken()
        let body = try await bodies.decode(Months.self, from: request)
        let write = try planWrite(
            request, context: context, role: role, dryRun: body.dryRun, storeBest: body.allowUnmet, what: "a programme")
        return try programme(context: context, body: body, write: write)
    }

    /// Plans the themes of the body's months as `write` says.
    private func programme(context: PlannerRequestContext, body: Months, write: PlanWrite) throws -> Response {
        let planned = try workflows.planProgramme(
            of: context.group, months: PlanningLimits.months(from: body.from, to: body.to), write: write)
        let programme = planned.plan
        let answer = ProgrammePreview(
            stored: planned.stored, months: programme.months, targets: programme.targets,
            sessions: programme.sessions.map { ThemedSession(id: $0.id.description, theme: $0.theme) },
            notes: programme.notes, provenOptimal: programme.provenOptimal)
        return try respond(answer, planned, storeBest: "allowUnmet")
    }

    /// What the request asks to be done with its plan: a reader may only ask for a dry run;
    /// `If-Match` holds the plan to the group's ETag.
    private func planWrite(
        _ request: Request, context: PlannerRequestContext, role: TokenRole, dryRun: Bool?, storeBest: Bool?,
        what: String
    ) throws -> PlanWrite {
        if dryRun == true { return .dryRun }
        guard role == .coordinator else {
            throw APIError.forbidden("storing \(what) needs a coordinator token; a reader may ask with dryRun")
        }
        let expected = try GroupPrecondition.expectedRevision(request, of: context.group, store: workflows.store)
        return PlanWrite(.store(storeBest == true ? .storeBest : .storeNothing), expectedRevision: expected)
    }

    /// The answer: 200, or 422 with the plan when it falls short and was not stored.
    private func respond<Plan>(_ answer: some Encodable, _ planned: Planned<Plan>, storeBest flag: String) throws
        -> Response
    {
        guard let shortfall = planned.shortfall, !planned.stored else { return try JSONResponse.make(answer) }
        return try JSONResponse.make(
            Shortfall(
                error: .init(message: "\(shortfall) (\(flag) stores the best plan)", status: 422), plan: answer),
            status: .unprocessableContent)
    }
}
