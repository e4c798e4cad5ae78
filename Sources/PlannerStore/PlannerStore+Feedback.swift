import Crypto
import Foundation
import GRDB
public import Planning

extension PlannerStore {
    /// The code that opens session `id`'s feedback form: derived from the store's secret and the
    /// session's identity (HMAC-SHA256, 96 bits, hex), so it is the same on every call, differs
    /// from store to store, and cannot be guessed from the session's id.
    public func feedbackCode(of id: Session.ID, in group: Slug) throws -> String {
        let secret = try read { db in try Self.storeSecret(db) }
        return Self.feedbackCode(of: id, in: group, secret: secret)
    }

    /// The feedback codes of `group`'s sessions, with the store's secret read once: for a feed
    /// that links each session's form.
    public func feedbackCodes(of group: Slug) throws -> @Sendable (Session.ID) -> String {
        let secret = try read { db in try Self.storeSecret(db) }
        return { id in Self.feedbackCode(of: id, in: group, secret: secret) }
    }

    /// Whether `code` opens session `id`'s feedback form (compared in constant time).
    public func isFeedbackCode(_ code: String, of id: Session.ID, in group: Slug) throws -> Bool {
        Self.sameCode(code, try feedbackCode(of: id, in: group))
    }

    /// Records an anonymous answer for session `id` if `code` is its feedback code and it has
    /// fewer than `maxAnswers`; the group's revision stays (feedback is not part of the plan).
    ///
    /// - Throws: `StoreError` `notFound` for an unknown session or a wrong code (the same
    ///   answer, so a code cannot be probed), `conflict` when the session has had its answers.
    public func recordFeedback(
        _ answer: FeedbackAnswer, code: String, for id: Session.ID, in group: Slug, maxAnswers: Int
    ) throws {
        let day = clock().formatted(.iso8601.year().month().day())
        try write { db in
            let secret = try Self.storeSecret(db)
            guard let groupRecord = try GroupRecord.fetch(db, slug: group),
                let session = try Self.sessionRecord(db, id, groupID: groupRecord.rowID), let rowID = session.id,
                Self.sameCode(code, Self.feedbackCode(of: id, in: group, secret: secret))
            else { throw StoreError.notFound("no feedback form here") }
            let answers =
                try Int.fetchOne(
                    db, sql: "SELECT count(*) FROM feedback_answer WHERE session_id = ?", arguments: [rowID])
                ?? 0
            guard answers < maxAnswers else {
                throw StoreError(.conflict, "this session has had its \(maxAnswers) answers; thank you")
            }
            try db.execute(
                sql: "INSERT INTO feedback_answer (session_id, body, received_on) VALUES (?, ?, ?)",
                arguments: [rowID, try CanonicalJSON.encode(answer), day])
        }
    }

    /// Every answer to the group's sessions, by session, in the order they came.
    public func feedback(of group: Slug) throws -> [Session.ID: [FeedbackAnswer]] {
        try read { db in
            guard let record = try GroupRecord.fetch(db, slug: group) else {
                throw StoreError.notFound("group '\(group)'")
            }
            let rows = try Row.fetchAll(
                db,
                sql: """
                    SELECT activity.slug AS activity, session.rule_start AS rule_start, feedback_answer.body AS body
                    FROM feedback_answer JOIN session ON session.id = feedback_answer.session_id
                    JOIN activity ON activity.id = session.activity_id
                    WHERE activity.group_id = ? ORDER BY feedback_answer.id
                    """,
                arguments: [record.rowID])
            var answers: [Session.ID: [FeedbackAnswer]] = [:]
            for row in rows {
                let id = Session.ID(
                    activity: try Slug(row["activity"] as String),
                    ruleDate: try LocalDateTime(parsing: row["rule_start"] as String))
                answers[id, default: []].append(
                    try CanonicalJSON.decode(FeedbackAnswer.self, from: row["body"], what: "feedback answer"))
            }
            return answers
        }
    }

    static func storeSecret(_ db: Database) throws -> Data {
        guard let secret = try Data.fetchOne(db, sql: "SELECT value FROM store_secret WHERE id = 1") else {
            throw StoreError(.invalid, "the store has no secret row")
        }
        return secret
    }

    static func feedbackCode(of id: Session.ID, in group: Slug, secret: Data) -> String {
        let message = Data("feedback\u{0}\(group)\u{0}\(id)".utf8)
        let mac = HMAC<SHA256>.authenticationCode(for: message, using: SymmetricKey(data: secret))
        return mac.prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two codes or tokens in time that does not depend on where they differ.
    public static func sameCode(_ given: String, _ expected: String) -> Bool {
        let a = Array(given.utf8)
        let b = Array(expected.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
