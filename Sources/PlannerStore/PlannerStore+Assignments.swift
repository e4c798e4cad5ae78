import Foundation
import GRDB
public import Planning

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
            let stored = try AssignmentRecord.filter(Column("session_id") == session.id).order(sql: "rowid").fetchAll(
                db)
            try Self.replaceOrganisers(
                db, of: &session, stored: stored, with: organisers, now: now,
                memberID: { slug in
                    guard let id = try MemberRecord.fetch(db, groupID: record.rowID, slug: slug)?.id else {
                        throw StoreError.notFound("member '\(slug)' of group '\(group)'")
                    }
                    return id
                })
        }
    }

    /// Stores a whole assignment plan in one transaction: each session's organisers become the
    /// ones in `sessions` (matched by identity). Sessions whose organisers did not change keep
    /// their sequence; the group's revision rises once if anything changed. Returns how many
    /// sessions changed. An unknown session or member changes nothing (`notFound`).
    ///
    /// - Parameter expectedRevision: the revision the plan was made from; when the group is no
    ///   longer at it, nothing is stored (`StoreError` `changed`, naming both revisions).
    @discardableResult
    public func recordAssignments(_ sessions: [Session], in group: Slug, expectedRevision: Int? = nil) throws -> Int {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            let rows = try GroupRows(db, groupID: record.rowID, group: group)
            var changed = 0
            for planned in sessions {
                var session = try rows.session(planned.id)
                if try Self.replaceOrganisers(
                    db, of: &session, stored: rows.assignments(of: session), with: planned.organisers, now: now,
                    memberID: rows.memberID)
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
    ///
    /// - Parameter expectedRevision: the revision the programme was planned from; when the group
    ///   is no longer at it, nothing is stored (`StoreError` `changed`, naming both revisions).
    @discardableResult
    public func recordProgramme(_ programme: Programme, in group: Slug, expectedRevision: Int? = nil) throws -> Int {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            for month in programme.months {
                try db.execute(
                    sql: """
                        INSERT INTO programme_month (group_id, month, theme_slug, reasons, updated_at) VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (group_id, month) DO UPDATE SET theme_slug = excluded.theme_slug,
                          reasons = excluded.reasons, updated_at = excluded.updated_at
                        WHERE theme_slug != excluded.theme_slug OR reasons != excluded.reasons
                        """,
                    arguments: [
                        record.rowID, month.month.description, month.theme.rawValue,
                        try CanonicalJSON.encode(
                            StoredProgrammeReasons(reasons: month.reasons, interested: month.interested)), now,
                    ])
            }
            let rows = try GroupRows(db, groupID: record.rowID, group: group)
            var changed = 0
            for planned in programme.sessions {
                var session = try rows.session(planned.id)
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

    /// Records `member`'s answer to his duty in session `id`, in one transaction. Declining frees
    /// the slot (the assignment goes, the session's sequence rises so feeds show it) and keeps
    /// the decline with its private reason, so the assigner does not give the slot back to him;
    /// accepting pins the duty, so re-planning keeps it. Answering again replaces the answer.
    ///
    /// Throws `StoreError` `notFound` when the member holds no duty in that session (another
    /// member's duty, an unknown session): nothing changes.
    public func answerDuty(_ id: Session.ID, of member: Slug, in group: Slug, answer: DutyAnswer, reason: String?)
        throws
    {
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        try writeGroup(group) { db, record, now in
            guard var session = try Self.sessionRecord(db, id, groupID: record.rowID), let sessionID = session.id,
                let memberID = try MemberRecord.fetch(db, groupID: record.rowID, slug: member)?.id
            else { throw StoreError.notFound("no duty of '\(member)' in session \(id)") }
            let stored = try AssignmentRecord.filter(Column("session_id") == sessionID).order(sql: "rowid").fetchAll(db)
            guard stored.contains(where: { $0.memberID == memberID }) else {
                throw StoreError.notFound("no duty of '\(member)' in session \(id)")
            }
            let slugs = try Dictionary(
                Row.fetchAll(db, sql: "SELECT id, slug FROM member WHERE group_id = ?", arguments: [record.rowID])
                    .map { ($0["id"] as Int64, try Slug($0["slug"] as String)) },
                uniquingKeysWith: { first, _ in first })
            let organisers = try stored.compactMap { assignment -> Assignment? in
                if assignment.memberID == memberID && answer == .declined { return nil }
                guard let slug = slugs[assignment.memberID] else { return nil }
                return Assignment(
                    memberID: slug, role: AssignmentRole(rawValue: assignment.role) ?? .organiser,
                    pinned: assignment.pinned || assignment.memberID == memberID,
                    reasons: try CanonicalJSON.decode(
                        [String].self, from: assignment.reasons, what: "assignment reasons"))
            }
            try Self.replaceOrganisers(
                db, of: &session, stored: stored, with: organisers, now: now,
                memberID: { slug in
                    guard let row = slugs.first(where: { $0.value == slug })?.key else {
                        throw StoreError.notFound("member '\(slug)' of group '\(group)'")
                    }
                    return row
                })
            try db.execute(
                sql: """
                    INSERT INTO duty_answer (session_id, member_id, answer, reason, updated_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (session_id, member_id) DO UPDATE SET answer = excluded.answer,
                      reason = excluded.reason, updated_at = excluded.updated_at
                    """,
                arguments: [sessionID, memberID, answer.rawValue, reason?.isEmpty == false ? reason : nil, now])
        }
    }

    /// The members (row ids) who declined a duty, by session row id, of the group `groupID`.
    static func declines(_ db: Database, groupID: Int64) throws -> [Int64: [Int64]] {
        var declines: [Int64: [Int64]] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT duty_answer.session_id, duty_answer.member_id FROM duty_answer
                JOIN member ON member.id = duty_answer.member_id
                WHERE member.group_id = ? AND duty_answer.answer = 'declined'
                """,
            arguments: [groupID])
        {
            declines[row["session_id"], default: []].append(row["member_id"])
        }
        return declines
    }

    /// A member's answers to his duties, by session, with the private reason of a decline.
    public func dutyAnswers(of member: Slug, in group: Slug) throws -> [Session.ID: (DutyAnswer, reason: String?)] {
        try read { db in
            try Self.memberRows(db, table: "duty_answer", columns: ["answer", "reason"], of: member, in: group)
                .compactMapValues { row -> (DutyAnswer, reason: String?)? in
                    guard let answer = DutyAnswer(rawValue: row["answer"]) else { return nil }
                    let reason: String? = row["reason"]
                    return (answer, reason: reason)
                }
        }
    }

    /// `member`'s rows of `table` (a table keyed by session and member), by session, with
    /// `columns` of that table under their own names.
    static func memberRows(_ db: Database, table: String, columns: [String], of member: Slug, in group: Slug) throws
        -> [Session.ID: Row]
    {
        let selected = columns.map { "\(table).\($0) AS \($0)" }.joined(separator: ", ")
        var rows: [Session.ID: Row] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT activity.slug AS activity_slug, session.rule_start AS session_rule, \(selected)
                FROM \(table) JOIN member ON member.id = \(table).member_id
                JOIN planner_group g ON g.id = member.group_id
                JOIN session ON session.id = \(table).session_id
                JOIN activity ON activity.id = session.activity_id
                WHERE g.slug = ? AND member.slug = ?
                """,
            arguments: [group.rawValue, member.rawValue])
        {
            let id = Session.ID(
                activity: try Slug(row["activity_slug"] as String),
                ruleDate: try LocalDateTime(parsing: row["session_rule"] as String))
            rows[id] = row
        }
        return rows
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

    /// Replaces the organisers of `session` (now `stored`); returns whether anything changed
    /// (then the session's sequence rises). `memberID` finds a member's row or throws `notFound`.
    @discardableResult
    static func replaceOrganisers(
        _ db: Database, of session: inout SessionRecord, stored: [AssignmentRecord], with organisers: [Assignment],
        now: Date, memberID: (Slug) throws -> Int64
    ) throws -> Bool {
        let sessionID = session.id ?? 0
        let wanted = try organisers.map { assignment in
            AssignmentRecord(
                sessionID: sessionID, memberID: try memberID(assignment.memberID), role: assignment.role.rawValue,
                pinned: assignment.pinned, reasons: try CanonicalJSON.encode(assignment.reasons), updatedAt: now)
        }
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

/// A group's sessions, members and organisers, read once for a write that stores a whole plan
/// (instead of a few queries per session).
private struct GroupRows {
    let group: Slug
    /// By ``Session/ID``'s text, `activity@rule-date`, which is how the rule date is stored.
    private let sessions: [String: SessionRecord]
    private let members: [String: Int64]
    private let organisers: [Int64: [AssignmentRecord]]

    init(_ db: Database, groupID: Int64, group: Slug) throws {
        self.group = group
        var sessions: [String: SessionRecord] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT session.*, activity.slug AS activity_slug FROM session
                JOIN activity ON activity.id = session.activity_id WHERE activity.group_id = ?
                """,
            arguments: [groupID])
        {
            let record = try SessionRecord(row: row)
            sessions["\(row["activity_slug"] as String)@\(record.ruleStart)"] = record
        }
        self.sessions = sessions
        members = try Dictionary(
            Row.fetchAll(db, sql: "SELECT slug, id FROM member WHERE group_id = ?", arguments: [groupID])
                .map { ($0["slug"], $0["id"]) },
            uniquingKeysWith: { first, _ in first })
        organisers = try Dictionary(
            grouping: AssignmentRecord.fetchAll(
                db,
                sql: """
                    SELECT assignment.* FROM assignment JOIN session ON session.id = assignment.session_id
                    JOIN activity ON activity.id = session.activity_id WHERE activity.group_id = ?
                    ORDER BY assignment.rowid
                    """,
                arguments: [groupID]),
            by: \.sessionID)
    }

    func session(_ id: Session.ID) throws -> SessionRecord {
        guard let session = sessions[id.description] else {
            throw StoreError.notFound("session \(id) of group '\(group)'")
        }
        return session
    }

    func memberID(_ slug: Slug) throws -> Int64 {
        guard let id = members[slug.rawValue] else { throw StoreError.notFound("member '\(slug)' of group '\(group)'") }
        return id
    }

    func assignments(of session: SessionRecord) -> [AssignmentRecord] { organisers[session.id ?? 0] ?? [] }
}

extension PlannerStore {
    /// Why a plan made from `revision` of `group` was not stored, for people: "the group changed
    /// while planning (revision 12 → 13): plan again". For a `StoreError` `changed` thrown by
    /// ``recordAssignments(_:in:expectedRevision:)`` or ``recordProgramme(_:in:expectedRevision:)``.
    public func changedWhilePlanning(_ group: Slug, planned revision: Int) -> String {
        let current = (try? self.revision(of: group)).map(String.init) ?? "?"
        return "the group changed while planning (revision \(revision) → \(current)): plan again"
    }
}
