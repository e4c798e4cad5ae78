import Foundation
import PlannerStore
public import Planning

/// How long a join request waits for an answer before it is deleted with its data.
public struct JoinRules: Sendable, Equatable {
    /// Days a request is kept unless approved or rejected.
    public var days: Int

    /// The rules: requests kept `days` days.
    public init(days: Int = 90) { self.days = days }
}

/// What approving a join request did: the new member, and a warning when the group is now
/// larger than its `max-size`.
public struct ApprovedJoin: Sendable {
    /// The member added.
    public let member: Member
    /// Set when the group has more members than its `max-size` says it should.
    public let warning: String?
}

extension Workflows {
    /// Keeps a join request for `group` until a coordinator answers it or it expires. The same
    /// whether or not the e-mail is already a member's (the form never tells).
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for an unknown group;
    ///   ``WorkflowError/invalid(field:message:)`` for an interest the catalogue lacks.
    public func submitJoinRequest(_ request: JoinRequest, to group: Slug, rules: JoinRules) throws {
        do {
            try store.recordJoinRequest(request, for: group, keepingDays: rules.days)
        } catch let error as StoreError where error.code == .invalid {
            throw WorkflowError.invalid(field: "interests", message: error.message)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkflowError.notFound(error.message)
        }
    }

    /// Approves join request `id`: its person becomes a member (role member, joined today, his
    /// interests, one duty a month, no windows yet: he adds them on his page), and the request
    /// is deleted. Warns when the group passes its `max-size`.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a request the group does not have;
    ///   ``WorkflowError/invalid(field:message:)`` when the id is taken, the name makes no id,
    ///   or the e-mail is already a member's.
    public func approveJoinRequest(
        _ id: Int64, in group: Slug, memberID: Slug? = nil, staffCategory: StaffCategory = .international,
        expectedRevision: Int? = nil
    ) throws -> ApprovedJoin {
        let plan = try store.snapshot(of: group).plan
        guard let pending = try store.pendingJoinRequests(of: group).first(where: { $0.id == id }) else {
            throw WorkflowError.notFound("group '\(group)' has no join request \(id) (answered or expired?)")
        }
        let request = pending.request
        guard let slug = memberID ?? request.suggestedID else {
            throw WorkflowError.invalid(field: "id", message: "the name makes no member id: give one")
        }
        if let existing = plan.members.first(where: { $0.email.lowercased() == request.email.lowercased() }) {
            throw WorkflowError.invalid(
                field: "email", message: "\(request.email) is already the e-mail of member '\(existing.id)'")
        }
        let member: Member
        do {
            member = try Member(
                id: slug, name: request.name, email: request.email, role: .member, staffCategory: staffCategory,
                joined: LocalDateTime(clock(), in: plan.group.zone).date, interests: request.interests,
                capacityPerMonth: 1)
        } catch let error as PlanningError {
            throw WorkflowError.invalid(field: error.path.isEmpty ? "request" : error.path, message: error.message)
        }
        do {
            try store.approveJoinRequest(id, in: group, as: member, expectedRevision: expectedRevision)
        } catch let error as StoreError where error.code == .conflict || error.code == .invalid {
            throw WorkflowError.invalid(field: "id", message: error.message)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkflowError.notFound(error.message)
        }
        let size = plan.members.count + 1
        let warning = plan.group.maxSize.flatMap { max in
            size > max
                ? "the group now has \(size) members, more than its max-size of \(max): "
                    + "the toolkit advises splitting a group that grows too large" : nil
        }
        return ApprovedJoin(member: member, warning: warning)
    }

    /// Rejects join request `id`: it is deleted with its data.
    ///
    /// - Throws: ``WorkflowError/notFound(_:)`` for a request the group does not have.
    public func rejectJoinRequest(_ id: Int64, in group: Slug) throws {
        do {
            try store.rejectJoinRequest(id, in: group)
        } catch let error as StoreError where error.code == .notFound {
            throw WorkflowError.notFound(error.message)
        }
    }
}
