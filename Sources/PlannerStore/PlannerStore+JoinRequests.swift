public import Foundation
import GRDB
public import Planning

/// A stored join request: its number, when it came and when it expires.
public struct PendingJoinRequest: Hashable, Sendable, Codable {
    /// The request's number: what `approve` and `reject` take.
    public let id: Int64
    /// What was asked.
    public let request: JoinRequest
    /// When it came.
    public let received: Date
    /// When it is deleted unless answered.
    public let expires: Date
}

extension PlannerStore {
    /// Keeps a join request for `group` for `days` days; returns its number. Not part of the
    /// plan: the group's revision stays. Expired requests of every group are deleted first.
    ///
    /// Throws `StoreError` `notFound` for an unknown group, `invalid` for an interest the
    /// catalogue does not have (nothing is kept).
    @discardableResult
    public func recordJoinRequest(_ request: JoinRequest, for group: Slug, keepingDays days: Int) throws -> Int64 {
        let now = clock()
        let expires = now.addingTimeInterval(TimeInterval(days) * 86_400)
        return try write { db in
            try Self.deleteExpiredJoinRequests(db, now: now)
            guard let groupRecord = try GroupRecord.fetch(db, slug: group) else {
                throw StoreError.notFound("group '\(group)'")
            }
            for interest in request.interests {
                guard try Self.themeExists(db, interest) else {
                    throw StoreError(.invalid, "'\(interest)' is not a theme in the catalogue")
                }
            }
            try db.execute(
                sql: "INSERT INTO join_request (group_id, body, received_at, expires_at) VALUES (?, ?, ?, ?)",
                arguments: [groupRecord.rowID, try CanonicalJSON.encode(request), now, expires])
            return db.lastInsertedRowID
        }
    }

    /// The group's join requests waiting for an answer, oldest first (expired ones deleted).
    public func pendingJoinRequests(of group: Slug) throws -> [PendingJoinRequest] {
        let now = clock()
        return try write { db in
            try Self.deleteExpiredJoinRequests(db, now: now)
            guard let groupRecord = try GroupRecord.fetch(db, slug: group) else {
                throw StoreError.notFound("group '\(group)'")
            }
            return try Row.fetchAll(
                db,
                sql: "SELECT id, body, received_at, expires_at FROM join_request WHERE group_id = ? ORDER BY id",
                arguments: [groupRecord.rowID]
            ).map { row in
                PendingJoinRequest(
                    id: row["id"],
                    request: try CanonicalJSON.decode(JoinRequest.self, from: row["body"], what: "join request"),
                    received: row["received_at"], expires: row["expires_at"])
            }
        }
    }

    /// Adds `member` to the group in place of join request `id`, which is deleted with its
    /// data, in one transaction.
    ///
    /// Throws `StoreError` `notFound` for a request the group does not have (answered, expired),
    /// `conflict` for a member id the group already has, `invalid` for an unknown interest,
    /// `changed` when the group is no longer at `expectedRevision`; nothing changes then.
    public func approveJoinRequest(_ id: Int64, in group: Slug, as member: Member, expectedRevision: Int? = nil) throws
    {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            try Self.deleteExpiredJoinRequests(db, now: now)
            guard
                try Int.fetchOne(
                    db, sql: "SELECT 1 FROM join_request WHERE id = ? AND group_id = ?", arguments: [id, record.rowID])
                    != nil
            else { throw StoreError.notFound("join request \(id) of group '\(group)'") }
            try Self.requireKnownInterests(db, member)
            guard try MemberRecord.fetch(db, groupID: record.rowID, slug: member.id) == nil else {
                throw StoreError(.conflict, "group '\(group)' already has a member '\(member.id)': choose another id")
            }
            try insertMember(db, member, groupID: record.rowID, now: now)
            try db.execute(sql: "DELETE FROM join_request WHERE id = ?", arguments: [id])
        }
    }

    /// Rejects join request `id`: it is deleted with its data. Throws `notFound` when the group
    /// has no such request.
    public func rejectJoinRequest(_ id: Int64, in group: Slug) throws {
        try write { db in
            try db.execute(
                sql: """
                    DELETE FROM join_request
                    WHERE id = ? AND group_id = (SELECT id FROM planner_group WHERE slug = ?)
                    """,
                arguments: [id, group.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("join request \(id) of group '\(group)'") }
        }
    }

    private static func deleteExpiredJoinRequests(_ db: Database, now: Date) throws {
        try db.execute(sql: "DELETE FROM join_request WHERE expires_at <= ?", arguments: [now])
    }
}
