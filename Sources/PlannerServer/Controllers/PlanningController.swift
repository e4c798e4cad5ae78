import Foundation
import Hummingbird
import PlannerStore
import Planning

/// The planning engines over a group's stored plan, the same as the CLI's: check the plan,
/// explain a session's organisers, assign organisers (stored, or `dryRun`), and preview a
/// programme.
///
/// All of it reads member data, so it needs an API token of the group; storing assignments
/// needs a coordinator's. An assignment or programme that cannot meet every rule or target is
/// answered 422 with the best plan and the reasons, never hidden, and nothing is stored —
/// unless `allowUnfilled` says to store the best plan anyway.
///
/// A result is stored only if the group is still at the revision it was planned from: a write
/// that lands in between makes it a 409 ("plan again") and nothing is stored. `If-Match` with
/// the group's ETag is checked against the revision the plan is made from (412).
struct PlanningController {
    let dependencies: ServerDependencies

    func addRoutes(to api: RouterGroup<BasicRequestContext>) {
        api.get("groups/{group}/check", use: check)
        api.get("groups/{group}/sessions/{session}/explain", use: explain)
        api.post("groups/{group}/assignments/plan", use: planAssignments)
        api.post("groups/{group}/programme/preview", use: previewProgramme)
        api.post("groups/{group}/programme/plan", use: planProgramme)
    }

    // MARK: - Request bodies

    /// A window of dates, inclusive.
    struct Window: Decodable {
        let from: String
        let to: String

        func dates() throws -> ClosedRange<LocalDate> {
            let first = try GroupsController.date(from, field: "from")
            let last = try GroupsController.date(to, field: "to")
            guard first <= last else { throw APIError.badField("to", "to (\(last)) is before from (\(first))") }
            guard first.distance(to: last) <= 731 else {
                throw APIError.badField("to", "a window is at most two years")
            }
            return first...last
        }
    }

    /// The body of `assignments/plan`: the window, and whether to store the result.
    struct AssignmentRequest: Decodable {
        let from: String
        let to: String
        /// True: answer the plan, store nothing (a reader may ask).
        let dryRun: Bool?
        /// True: store the best plan even when some slots stay empty.
        let allowUnfilled: Bool?

        var window: Window { Window(from: from, to: to) }
    }

    /// A run of months, `2027-01` to `2027-12`; for `programme/plan` also whether to store.
    struct Months: Decodable {
        let from: String
        let to: String
        /// True: answer the programme, store nothing (a reader may ask).
        let dryRun: Bool?
        /// True: store the best programme even when a GAP target cannot be met.
        let allowUnmet: Bool?

        func months() throws -> [MonthKey] {
            guard let first = try? MonthKey(parsing: from) else {
                throw APIError.badField("from", "from: '\(from)' is not a month like 2027-01")
            }
            guard let last = try? MonthKey(parsing: to) else {
                throw APIError.badField("to", "to: '\(to)' is not a month like 2027-12")
            }
            guard first <= last else { throw APIError.badField("to", "to (\(last)) is before from (\(first))") }
            guard last.index - first.index < 24 else {
                throw APIError.badField("to", "a programme is at most 24 months")
            }
            return MonthKey.range(first, last)
        }
    }

    // MARK: - Answers

    struct StaffedSession: Encodable {
        let id: String
        let organisers: [Assignment]
    }

    struct AssignmentPlan: Encodable {
        let stored: Bool
        let sessions: [StaffedSession]
        let score: AssignmentScore
        let provenOptimal: Bool
        let method: AssignmentMethod
        let unfilled: [UnfilledSlot]
        let changes: [AssignmentChange]
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

    @Sendable func check(_ request: Request, context: BasicRequestContext) throws -> Response {
        let group = try context.parameters.slug("group")
        _ = try dependencies.requireAccess(request, to: group)
        let plan = try dependencies.store.snapshot(of: group).plan
        let breaches = PlanChecker.check(
            sessions: plan.sessions, members: plan.members, group: plan.group,
            catalogue: try dependencies.store.catalogue(),
            activities: plan.activities)
        return try JSONResponse.make(["breaches": breaches])
    }

    @Sendable func explain(_ request: Request, context: BasicRequestContext) throws -> Response {
        let group = try context.parameters.slug("group")
        _ = try dependencies.requireAccess(request, to: group)
        let id = try GroupsController.sessionID(context)
        let plan = try dependencies.store.snapshot(of: group).plan
        guard
            let explanation = OrganiserAssigner.explain(
                id, sessions: plan.sessions, members: plan.members, group: plan.group, activities: plan.activities,
                catalogue: try dependencies.store.catalogue())
        else { throw APIError.notFound("session \(id) of group '\(group)' does not exist") }
        return try JSONResponse.make(explanation)
    }

    @Sendable func planAssignments(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        let role = try dependencies.requireAccess(request, to: group)
        let body = try await dependencies.decode(AssignmentRequest.self, from: request)
        let window = try body.window.dates()
        let dryRun = body.dryRun ?? false
        if !dryRun, role != .coordinator {
            throw APIError.forbidden("storing assignments needs a coordinator token; a reader may ask with dryRun")
        }
        let snapshot = try dependencies.store.snapshot(of: group)
        _ = try GroupPrecondition.expectedRevision(request, of: group, current: snapshot.revision)
        let (problem, result) = OrganiserPlanning.plan(
            snapshot, window: window, catalogue: try dependencies.store.catalogue())
        guard !problem.sessions.isEmpty else {
            throw APIError.badField("from", "no sessions between \(window.lowerBound) and \(window.upperBound)")
        }
        let store = !dryRun && (result.unfilled.isEmpty || body.allowUnfilled == true)
        if store {
            try storeUnlessChanged(group, planned: snapshot.revision) {
                try dependencies.store.recordAssignments(result.sessions, in: group, expectedRevision: $0)
            }
        }
        let answer = AssignmentPlan(
            stored: store,
            sessions: result.sessions.map { StaffedSession(id: $0.id.description, organisers: $0.organisers) },
            score: result.score, provenOptimal: result.provenOptimal, method: result.method, unfilled: result.unfilled,
            changes: result.changes, notes: result.notes)
        guard result.unfilled.isEmpty || store else {
            let slots = result.unfilled.reduce(0) { $0 + $1.missing }
            return try shortfall(
                "\(slots) organiser slot(s) cannot be filled under the rules; see unfilled (allowUnfilled stores the best plan)",
                plan: answer)
        }
        return try JSONResponse.make(answer)
    }

    @Sendable func previewProgramme(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        _ = try dependencies.requireAccess(request, to: group)
        let months = try await dependencies.decode(Months.self, from: request).months()
        return try programme(of: group, months: months, store: false, allowUnmet: false, request: request)
    }

    @Sendable func planProgramme(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        let role = try dependencies.requireAccess(request, to: group)
        let body = try await dependencies.decode(Months.self, from: request)
        let dryRun = body.dryRun ?? false
        if !dryRun, role != .coordinator {
            throw APIError.forbidden("storing a programme needs a coordinator token; a reader may ask with dryRun")
        }
        return try programme(
            of: group, months: body.months(), store: !dryRun, allowUnmet: body.allowUnmet ?? false, request: request)
    }

    /// Plans the themes of `months`; stores them when asked and every target is met (or
    /// `allowUnmet`); a target that cannot be met is a 422 with the best programme.
    private func programme(
        of group: Slug, months: [MonthKey], store: Bool, allowUnmet: Bool, request: Request
    ) throws -> Response {
        let snapshot = try dependencies.store.snapshot(of: group)
        _ = try GroupPrecondition.expectedRevision(request, of: group, current: snapshot.revision)
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(plan: snapshot.plan, catalogue: try dependencies.store.catalogue(), months: months)
        )
        let failed = programme.targets.filter { !$0.met }
        let stored = store && (failed.isEmpty || allowUnmet)
        if stored {
            try storeUnlessChanged(group, planned: snapshot.revision) {
                try dependencies.store.recordProgramme(programme, in: group, expectedRevision: $0)
            }
        }
        let answer = ProgrammePreview(
            stored: stored, months: programme.months, targets: programme.targets,
            sessions: programme.sessions.map { ThemedSession(id: $0.id.description, theme: $0.theme) },
            notes: programme.notes,
            provenOptimal: programme.provenOptimal)
        guard failed.isEmpty || stored else {
            return try shortfall(
                "GAP target(s) cannot be met in this period: " + failed.map(\.description).joined(separator: "; "),
                plan: answer)
        }
        return try JSONResponse.make(answer)
    }

    /// Stores a plan made from `revision` only if the group is still at it; otherwise 409.
    private func storeUnlessChanged(_ group: Slug, planned revision: Int, _ write: (Int) throws -> Void) throws {
        do {
            try write(revision)
        } catch let error as StoreError where error.code == .changed {
            throw APIError(.conflict, dependencies.store.changedWhilePlanning(group, planned: revision))
        }
    }

    private func shortfall<Plan: Encodable>(_ message: String, plan: Plan) throws -> Response {
        try JSONResponse.make(
            Shortfall(error: .init(message: message, status: 422), plan: plan), status: .unprocessableContent)
    }
}

/// The organiser assigner over the store, in one place for the API and the first run.
enum OrganiserPlanning {
    /// The assigner's plan for the group's sessions in `window` (others count as context).
    static func plan(
        _ group: Slug, window: ClosedRange<LocalDate>, store: PlannerStore
    ) throws -> (AssignmentProblem, AssignmentResult) {
        plan(try store.snapshot(of: group), window: window, catalogue: try store.catalogue())
    }

    /// The assigner's plan for `snapshot`'s sessions in `window`.
    static func plan(
        _ snapshot: GroupSnapshot, window: ClosedRange<LocalDate>, catalogue: Catalogue
    ) -> (AssignmentProblem, AssignmentResult) {
        let problem = AssignmentProblem(plan: snapshot.plan, catalogue: catalogue, window: window)
        return (problem, OrganiserAssigner.assign(problem))
    }
}
