import Foundation
import GRDB
import Planning

extension PlannerStore {
    /// Replaces a session's organisers with `organisers`, in one transaction. When they differ
    /// from the stored ones the session's sequence rises (feeds show the change) and the group's
    /// revision with it; the same organisers again change nothing.
    ///
    /// Throws `StoreError` `notFound` for an unknown group, session or member (nothing changes).
    public func assignOrganisers(_ organisers: [Assignment], to id: Session.ID, in group: Slug) throws {
        try writeGroup(group) { db, record, now in
            guard var session = try SessionRecord.fetchOne(
                db,
                sql: """
                    SELECT session.* FROM session JOIN activity ON activity.id = session.activity_id
                    WHERE activity.group_id = ? AND activity.slug = ? AND session.rule_start = ?
                    """,
                arguments: [record.rowID, id.activity.rawValue, id.ruleDate.description])
            else { throw StoreError.notFound("session \(id) of group '\(group)'") }
            let sessionID = session.id ?? 0
            var wanted: [AssignmentRecord] = []
            for assignment in organisers {
                guard let member = try MemberRecord.filter(
                    Column("group_id") == record.rowID && Column("slug") == assignment.memberID.rawValue
                ).fetchOne(db)
                else { throw StoreError.notFound("member '\(assignment.memberID)' of group '\(group)'") }
                wanted.append(AssignmentRecord(
                    sessionID: sessionID, memberID: member.id ?? 0, role: assignment.role.rawValue,
                    pinned: assignment.pinned, reasons: try CanonicalJSON.encode(assignment.reasons), updatedAt: now))
            }
            let stored = try AssignmentRecord.filter(Column("session_id") == sessionID).order(sql: "rowid").fetchAll(db)
            let key = { (a: AssignmentRecord) in [String(a.memberID), a.role, a.pinned ? "1" : "0", a.reasons] }
            guard stored.map(key) != wanted.map(key) else { return }
            try db.execute(sql: "DELETE FROM assignment WHERE session_id = ?", arguments: [sessionID])
            for assignment in wanted { try assignment.insert(db) }
            session.sequence += 1
            session.updatedAt = now
            try session.update(db)
        }
    }
}
