public import Foundation
import PlannerStore
public import Planning

extension Workflows {
    /// The impact report of `group` over `period` for `viewer`: the group's snapshot, its
    /// outcomes and anonymous feedback read from the store, computed by ``ImpactReport``.
    ///
    /// - Parameter minimumAnswers: the fewest answers that show a session's averages (≥ 1).
    /// - Throws: ``WorkflowError/notFound(_:)`` for an unknown group, and also when `viewer`
    ///   may not read the report (the group keeps it private), so a private report cannot be
    ///   told from a missing group; ``WorkflowError/invalid(field:message:)`` for a minimum
    ///   below 1.
    public func impactReport(
        of group: Slug, period: ClosedRange<LocalDate>, viewer: Viewer,
        minimumAnswers: Int = ImpactReport.defaultMinimumAnswers
    ) throws -> ImpactReport {
        try Self.requireMinimum(minimumAnswers)
        let catalogue = try store.catalogue()
        guard let report = try report(of: group, period: period, viewer: viewer, catalogue: catalogue, minimumAnswers)
        else { throw WorkflowError.notFound("group '\(group)' has no impact report you may read") }
        return report
    }

    /// Every group's report over `period` that `viewer` may read (for the public, the groups
    /// that publish a summary), rolled up.
    public func networkReport(
        period: ClosedRange<LocalDate>, viewer: Viewer, minimumAnswers: Int = ImpactReport.defaultMinimumAnswers
    ) throws -> NetworkImpactReport {
        try Self.requireMinimum(minimumAnswers)
        let catalogue = try store.catalogue()
        let reports = try store.groups().compactMap {
            try report(of: $0.slug, period: period, viewer: viewer, catalogue: catalogue, minimumAnswers)
        }
        return NetworkImpactReport(groups: reports, period: period, audience: viewer.description)
    }

    private func report(
        of group: Slug, period: ClosedRange<LocalDate>, viewer: Viewer, catalogue: Catalogue, _ minimumAnswers: Int
    ) throws -> ImpactReport? {
        let snapshot: GroupSnapshot
        do {
            snapshot = try store.snapshot(of: group)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkflowError.notFound("no group '\(group)'")
        }
        let visibility = Visibility(viewer, group: snapshot.plan.group, catalogue: catalogue)
        guard visibility.readsReport else { return nil }
        return ImpactReport(
            snapshot: snapshot, catalogue: catalogue, feedback: try store.feedback(of: group), period: period,
            visibility: visibility, minimumAnswers: minimumAnswers)
    }

    private static func requireMinimum(_ minimumAnswers: Int) throws(WorkflowError) {
        guard minimumAnswers >= 1 else {
            throw .invalid(field: "min-answers", message: "must be 1 or more, not \(minimumAnswers)")
        }
    }
}

/// The time the workflows run at: now, unless `PLANNER_NOW` fixes it.
public enum PlannerClock {
    /// The environment variable that fixes the time (`2027-07-15T12:00:00Z`): for a reproducible
    /// run (the end-to-end test records a 2027 year's outcomes and feedback), never needed otherwise.
    public static let variable = "PLANNER_NOW"

    /// The clock `environment` asks for: a fixed instant when ``variable`` is set, else the system's.
    /// - Throws: ``WorkflowError/invalid(field:message:)`` when the variable is not an ISO 8601 instant.
    public static func from(_ environment: [String: String]) throws(WorkflowError) -> @Sendable () -> Date {
        guard let text = environment[variable], !text.isEmpty else { return Date.init }
        guard let instant = try? Date(text, strategy: .iso8601) else {
            throw .invalid(field: variable, message: "'\(text)' is not an instant like 2027-07-15T12:00:00Z")
        }
        return { instant }
    }
}
