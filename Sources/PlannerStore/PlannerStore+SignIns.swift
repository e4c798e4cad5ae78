import Crypto
public import Foundation
import GRDB
public import Planning

/// A member's answer to one of his duties.
public enum DutyAnswer: String, CaseIterable, Hashable, Sendable, Codable {
    /// He will do it: the duty is pinned.
    case accepted
    /// He cannot: the slot is freed and not given back to him.
    case declined
}

/// A member signed in through his personal link: who, in which group, through which link.
public struct MemberSignIn: Hashable, Sendable {
    /// The member's group.
    public let group: Slug
    /// The member.
    public let member: Slug
    /// The personal link (token) that signed him in.
    public let tokenID: Int64
    /// When the sign-in ends.
    public let expires: Date
}

/// A sign-in just started: the cookie's secret (for the browser only, not kept) and the sign-in.
public struct StartedSignIn: Sendable {
    /// 256 random bits, base64url: the cookie's value.
    public let secret: String
    /// Who signed in, until when.
    public let signIn: MemberSignIn
}

extension PlannerStore {
    /// Starts a sign-in with a personal link's secret, for `lasting` seconds: nil when the
    /// secret is not an active member link (unknown, revoked, rotated away, another kind).
    /// Only the SHA-256 of the new cookie's secret is kept; expired sign-ins are swept away; the
    /// link's last use is the sign-in's time.
    public func signIn(withLink secret: String, lasting: TimeInterval) throws -> StartedSignIn? {
        guard let token = try authenticate(secret: secret), case .member(let member) = token.scope else { return nil }
        let cookie = TokenSecret.make()
        let now = clock()
        let expires = now.addingTimeInterval(lasting)
        try write { db in
            try db.execute(sql: "DELETE FROM member_sign_in WHERE expires_at <= ?", arguments: [now])
            try db.execute(
                sql: "INSERT INTO member_sign_in (token_id, secret_hash, expires_at) VALUES (?, ?, ?)",
                arguments: [token.id, TokenSecret.hash(cookie), expires])
            try db.execute(sql: "UPDATE access_token SET last_used_at = ? WHERE id = ?", arguments: [now, token.id])
        }
        return StartedSignIn(
            secret: cookie,
            signIn: MemberSignIn(group: token.group, member: member, tokenID: token.id, expires: expires))
    }

    /// The sign-in a cookie's secret opens while it lasts and its link is active; nil otherwise.
    public func memberSignIn(secret: String) throws -> MemberSignIn? {
        guard !secret.isEmpty, secret.utf8.count <= 256 else { return nil }
        let now = clock()
        return try read { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT s.token_id, s.expires_at, g.slug AS group_slug, m.slug AS member_slug
                        FROM member_sign_in s JOIN access_token t ON t.id = s.token_id
                        JOIN planner_group g ON g.id = t.group_id JOIN member m ON m.id = t.member_id
                        WHERE s.secret_hash = ? AND s.expires_at > ? AND t.revoked_at IS NULL AND t.kind = 'member'
                        """,
                    arguments: [TokenSecret.hash(secret), now])
            else { return nil }
            return MemberSignIn(
                group: try Slug(row["group_slug"] as String), member: try Slug(row["member_slug"] as String),
                tokenID: row["token_id"], expires: row["expires_at"])
        }
    }

    /// Ends the sign-in of a cookie's secret (signing out); an unknown secret changes nothing.
    public func endSignIn(secret: String) throws {
        try write { db in
            try db.execute(
                sql: "DELETE FROM member_sign_in WHERE secret_hash = ?", arguments: [TokenSecret.hash(secret)])
        }
    }

    /// The form token of a sign-in: HMAC-SHA256 of the cookie's secret under the store's
    /// secret, so every form of the member's pages carries it and a post must bring it back
    /// (a page of another site can read neither the cookie nor this).
    public func formToken(forSignIn secret: String) throws -> String {
        let key = try read { db in try Self.storeSecret(db) }
        let mac = HMAC<SHA256>.authenticationCode(
            for: Data("form\u{0}\(secret)".utf8), using: SymmetricKey(data: key))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Whether `token` is the form token of the sign-in `secret` (compared in constant time).
    public func isFormToken(_ token: String, forSignIn secret: String) throws -> Bool {
        Self.sameCode(token, try formToken(forSignIn: secret))
    }
}

extension PlannerStore {
    /// Records `member`'s RSVP for session `id`, replacing an earlier one. Not part of the plan:
    /// the group's revision stays, so no feed changes.
    ///
    /// Throws `StoreError` `notFound` for an unknown group, member or session (nothing changes).
    public func recordRSVP(_ answer: RSVP, for id: Session.ID, of member: Slug, in group: Slug) throws {
        let now = clock()
        try write { db in
            guard let groupRecord = try GroupRecord.fetch(db, slug: group),
                let session = try Self.sessionRecord(db, id, groupID: groupRecord.rowID), let sessionID = session.id,
                let memberID = try MemberRecord.fetch(db, groupID: groupRecord.rowID, slug: member)?.id
            else { throw StoreError.notFound("no session \(id) for '\(member)' of group '\(group)'") }
            try db.execute(
                sql: """
                    INSERT INTO rsvp (session_id, member_id, answer, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (session_id, member_id) DO UPDATE SET answer = excluded.answer,
                      updated_at = excluded.updated_at
                    """,
                arguments: [sessionID, memberID, answer.rawValue, now])
        }
    }

    /// `member`'s RSVPs, by session.
    public func rsvps(of member: Slug, in group: Slug) throws -> [Session.ID: RSVP] {
        try read { db in
            try Self.memberRows(db, table: "rsvp", columns: ["answer"], of: member, in: group)
                .compactMapValues { row -> RSVP? in RSVP(rawValue: row["answer"]) }
        }
    }
}
