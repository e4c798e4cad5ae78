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
            guard var session = try Self.sessionRecord(db, id, groupID: record.rowID) else {
                throw StoreError.notFound("session \(id) of group '\(group)'")
            }
            try Self.replaceOrganisers(db, of: &session, with: organisers, groupID: record.rowID, group: group, now: now)
        }
    }

    /// Stores a whole assignment plan in one transaction: each session's organisers become the
    /// ones in `sessions` (matched by identity). Sessions whose organisers did not change keep
    /// their sequence; the group's revision rises once if anything changed. Returns how many
    /// sessions changed. An unknown session or member changes nothing (`notFound`).
    @discardableResult
    public func recordAssignments(_ sessions: [Session], in group: Slug) throws -> Int {
        try writeGroup(group) { db, record, now in
            var changed = 0
            for planned in sessions {
                guard var session = try Self.sessionRecord(db, planned.id, groupID: record.rowID) else {
                    throw StoreError.notFound("session \(planned.id) of group '\(group)'")
                }
                if try Self.replaceOrganisers(
                    db, of: &session, with: planned.organisers, groupID: record.rowID, group: group, now: now)
                {
                    changed += 1
                }
            }
            return changed
        }
    }

    /// Stores a programme in one transaction: each month's headline theme with its reasons, and
    /// the theme of each of its sessions (a re-themed session's sequence rises). Returns how many
    /// sessions changed theme.
    @discardableResult
    public func recordProgramme(_ programme: Programme, in group: Slug) throws -> Int {
        try writeGroup(group) { db, record, now in
            for month in programme.months {
                try db.execute(
                    sql: """
                        INSERT INTO programme_month (group_id, month, theme_slug, reasons, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (group_id, month) DO UPDATE SET theme_slug = excluded.theme_slug,
                          reasons = excluded.reasons, updated_at = excluded.updated_at
                        WHERE theme_slug != excluded.theme_slug OR reasons != excluded.reasons
                        """,
                    arguments: [record.rowID, month.month.description, month.theme.rawValue,
                                try CanonicalJSON.encode(month.reasons), now])
            }
            var changed = 0
            for planned in programme.sessions {
                guard var session = try Self.sessionRecord(db, planned.id, groupID: record.rowID) else {
                    throw StoreError.notFound("session \(planned.id) of group '\(group)'")
                }
                guard session.themeSlug != planned.theme?.rawValue else { continue }
                session.themeSlug = planned.theme?.rawValue
                session.sequence += 1
                session.updatedAt = now
                try session.update(db)
                changed += 1
            }
            return changed
        }
    }

    static func sessionRecord(_ db: Database, _ id: Session.ID, groupID: Int64) throws -> SessionRecord? {
        try SessionRecord.fetchOne(
            db,
            sql: """
                SELECT session.* FROM session JOIN activity ON activity.id = session.activity_id
                WHERE activity.group_id = ? AND activity.slug = ? AND session.rule_start = ?
                """,
            arguments: [groupID, id.activity.rawValue, id.ruleDate.description])
    }

    /// Replaces the organisers of `session`; returns whether anything changed (then the
    /// session's sequence rises).
    @discardableResult
    private static func replaceOrganisers(
        _ db: Database, of session: inout SessionRecord, with organisers: [Assignment], groupID: Int64, group: Slug,
        now: Date
    ) throws -> Bool {
        let sessionID = session.id ?? 0
        var wanted: [AssignmentRecord] = []
        for assignment in organisers {
            guard let member = try MemberRecord.filter(
                Column("group_id") == groupID && Column("slug") == assignment.memberID.rawValue
            ).fetchOne(db)
            else { throw StoreError.notFound("member '\(assignment.memberID)' of group '\(group)'") }
            wanted.append(AssignmentRecord(
                sessionID: sessionID, memberID: member.id ?? 0, role: assignment.role.rawValue,
                pinned: assignment.pinned, reasons: try CanonicalJSON.encode(assignment.reasons), updatedAt: now))
        }
        let stored = try AssignmentRecord.filter(Column("session_id") == sessionID).order(sql: "rowid").fetchAll(db)
        // Who holds which role is the plan; the reasons only explain it. The same organisers
        // again keep the reasons they were first chosen for, and change nothing.
        let key = { (a: AssignmentRecord) in [String(a.memberID), a.role, a.pinned ? "1" : "0"] }
        guard stored.map(key) != wanted.map(key) else { return false }
        try db.execute(sql: "DELETE FROM assignment WHERE session_id = ?", arguments: [sessionID])
        for assignment in wanted { try assignment.insert(db) }
        session.sequence += 1
        session.updatedAt = now
        try session.update(db)
        return true
    }
}
