import CalendarFeeds
public import Foundation
public import PlannerStore
public import Planning

/// The coordinator's workflows over the store, written once: plan a programme, assign
/// organisers, check the plan, explain a session, import holidays, and the daemon's first run.
///
/// `planner`, the API and `plannerd`'s first run are thin callers: they turn their input into
/// a call here and the answer into lines or JSON. What is refused, the limits, what happens
/// when a plan falls short, and how a concurrent change is detected are decided here, for all.
///
/// Optimistic concurrency: a workflow reads the group once, plans from that snapshot, and
/// stores only if the group is still at the snapshot's revision (else
/// ``WorkflowError/changedWhilePlanning(_:)`` and nothing stored). A caller that holds the
/// group to a revision it read earlier (the API's `If-Match`) passes it as
/// ``PlanWrite/expectedRevision``.
public struct Workflows: Sendable {
    /// The store every workflow reads and writes.
    public let store: PlannerStore
    /// The current time (whether a session's day has come); tests fix it.
    public let clock: @Sendable () -> Date

    /// Workflows over `store`, at the time `clock` tells.
    public init(store: PlannerStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    // MARK: - Reading the plan

    /// Every broken hard rule of the group's stored plan (after hand edits).
    public func check(_ group: Slug) throws -> [RuleBreach] {
        let plan = try store.snapshot(of: group).plan
        return PlanChecker.check(
            sessions: plan.sessions, members: plan.members, group: plan.group, catalogue: try store.catalogue(),
            activities: plan.activities)
    }

    /// Why each organiser of `session` was chosen and which rule kept each other member out.
    public func explain(_ session: Session.ID, in group: Slug) throws -> SessionExplanation {
        let plan = try store.snapshot(of: group).plan
        guard
            var explanation = OrganiserAssigner.explain(
                session, sessions: plan.sessions, members: plan.members, group: plan.group,
                activities: plan.activities, catalogue: try store.catalogue())
        else { throw WorkflowError.notFound("group '\(group)' has no session \(session)") }
        let declined = plan.sessions.first { $0.id == session }?.declinedBy ?? []
        explanation.declinedBy = declined.isEmpty ? nil : declined
        return explanation
    }

    // MARK: - Planning

    /// Fills the organiser slots of the group's sessions in `window` (sessions outside count as
    /// context: capacity, gaps, fairness), and stores the result as `write` says.
    ///
    /// With `keepDuties`, only open slots are filled (a slot a member declined, a new session):
    /// every current duty is held as if pinned while planning, and stored as it was, so no other
    /// duty changes and no other session's feed entry moves.
    ///
    /// - Throws: ``WorkflowError/invalid(field:message:)`` when no session lies in the window.
    public func assignOrganisers(
        in group: Slug, window: ClosedRange<LocalDate>, write: PlanWrite, keepDuties: Bool = false
    ) throws -> Planned<AssignmentResult> {
        let snapshot = try read(group, heldTo: write.expectedRevision)
        var problem = AssignmentProblem(plan: snapshot.plan, catalogue: try store.catalogue(), window: window)
        guard !problem.sessions.isEmpty else {
            throw WorkflowError.invalid(
                field: "from", message: "no sessions between \(window.lowerBound) and \(window.upperBound)")
        }
        let current = Dictionary(
            problem.sessions.map { ($0.id, $0.organisers) }, uniquingKeysWith: { first, _ in first })
        if keepDuties { problem = try problem.holdingEveryDuty() }
        let result = OrganiserAssigner.assign(problem)
        // The duties held are stored as they were (their pins and reasons unchanged).
        var planned = result.sessions
        if keepDuties {
            planned = try planned.map { session in
                let before = current[session.id] ?? []
                return try session.with(
                    organisers: session.organisers.map { assignment in
                        before.first { $0.memberID == assignment.memberID } ?? assignment
                    })
            }
        }
        let toStore = planned
        let slots = result.unfilled.reduce(0) { $0 + $1.missing }
        let shortfall =
            slots == 0
            ? nil : "\(slots) organiser slot(s) cannot be filled under the rules; see unfilled"
        return try finish(result, shortfall: shortfall, of: group, from: snapshot, write: write) {
            try store.recordAssignments(toStore, in: group, expectedRevision: $0)
        }
    }

    /// Chooses each month's headline theme and themes every session of `months`, and stores
    /// the programme as `write` says. A GAP target the calendar cannot meet is the shortfall.
    public func planProgramme(of group: Slug, months: [MonthKey], write: PlanWrite) throws -> Planned<Programme> {
        let snapshot = try read(group, heldTo: write.expectedRevision)
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(plan: snapshot.plan, catalogue: try store.catalogue(), months: months))
        let failed = programme.targets.filter { !$0.met }
        let shortfall =
            failed.isEmpty
            ? nil
            : "GAP target(s) cannot be met in this period: " + failed.map(\.description).joined(separator: "; ")
        return try finish(programme, shortfall: shortfall, of: group, from: snapshot, write: write) {
            try store.recordProgramme(programme, in: group, expectedRevision: $0)
        }
    }

    // MARK: - Holidays

    /// The holidays or closures of an `.ics` file as blackouts; the file is named in every error.
    public static func holidays(file path: String) throws -> [(Blackout, externalUID: String?)] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkflowError.invalid(field: "file", message: "cannot read \(path)")
        }
        do {
            return try CalendarImport.holidays(from: data).map(\.forStore)
        } catch {
            throw WorkflowError.invalid(field: "file", message: "\(path): \(error)")
        }
    }

    /// Imports the holidays of the `.ics` file at `path` as blackouts of `group`; sessions on
    /// them move or drop the next time the group is planned. Answers how many were read and
    /// how many were new.
    public func importHolidays(file path: String, into group: Slug) throws -> (read: Int, added: Int) {
        let blackouts = try Self.holidays(file: path)
        return (blackouts.count, try store.importBlackouts(blackouts, into: group))
    }

    // MARK: - The steps every plan shares

    /// The group's snapshot, refused when the caller holds it to another revision.
    func read(_ group: Slug, heldTo expected: Int?) throws -> GroupSnapshot {
        let snapshot = try store.snapshot(of: group)
        if let expected, expected != snapshot.revision {
            throw WorkflowError.revisionMismatch(group: group, current: snapshot.revision)
        }
        return snapshot
    }

    /// Applies the one shortfall policy and stores the plan only if the group is still at the
    /// revision it was planned from. (Internal, not private: the race test writes between a
    /// plan and this step.)
    func finish<Plan>(
        _ plan: Plan, shortfall: String?, of group: Slug, from snapshot: GroupSnapshot, write: PlanWrite,
        _ record: (Int) throws -> Int
    ) throws -> Planned<Plan> {
        let stores: Bool =
            switch write.mode {
            case .dryRun: false
            case .store(.storeNothing): shortfall == nil
            case .store(.storeBest): true
            }
        guard stores else {
            return Planned(plan: plan, stored: false, shortfall: shortfall, changedSessions: 0)
        }
        let changed = try storing(group, plannedAt: snapshot.revision) { try record(snapshot.revision) }
        return Planned(plan: plan, stored: true, shortfall: shortfall, changedSessions: changed)
    }

    /// Runs a write made from the group as it was at `revision`; a store that moved on since
    /// refuses it, and that becomes ``WorkflowError/changedWhilePlanning(_:)``.
    func storing<T>(_ group: Slug, plannedAt revision: Int, _ write: () throws -> T) throws -> T {
        do {
            return try write()
        } catch let error as StoreError where error.code == .changed {
            throw WorkflowError.changedWhilePlanning(store.changedWhilePlanning(group, planned: revision))
        }
    }
}

/// What a planning workflow does with its plan.
public struct PlanWrite: Sendable, Equatable {
    /// Answer the plan only, or store it under a shortfall policy.
    public enum Mode: Sendable, Equatable {
        /// Store nothing; the plan is the answer.
        case dryRun
        /// Store the plan as the policy says.
        case store(ShortfallPolicy)
    }

    /// Whether, and when, the plan is stored.
    public var mode: Mode
    /// The revision the caller holds the group to (from `If-Match`); nil: the one read now.
    public var expectedRevision: Int?

    /// A plan to store or not, held to `expectedRevision` when given.
    public init(_ mode: Mode, expectedRevision: Int? = nil) {
        self.mode = mode
        self.expectedRevision = expectedRevision
    }

    /// Answer the plan, store nothing.
    public static let dryRun = PlanWrite(.dryRun)
}

/// What happens to a plan that falls short (empty organiser slots, unmet GAP targets): the one
/// policy every caller names explicitly.
public enum ShortfallPolicy: Sendable, Equatable {
    /// Store only a plan that keeps every rule and target; a short plan is answered, not stored.
    case storeNothing
    /// Store the best plan even when it falls short (the shortfall is still answered).
    case storeBest
}

/// A plan and what became of it.
public struct Planned<Plan> {
    /// The plan (stored or not).
    public let plan: Plan
    /// True when the plan was stored.
    public let stored: Bool
    /// How the plan falls short of the rules or targets, in one line; nil when it does not.
    public let shortfall: String?
    /// How many sessions the stored plan changed (0 when nothing was stored).
    public let changedSessions: Int
}

extension Planned: Sendable where Plan: Sendable {}
