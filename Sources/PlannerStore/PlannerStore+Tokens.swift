import Crypto
public import Foundation
import GRDB
public import Planning

// MARK: - Token values

/// What a token opens: the JSON API with a role, the members' feed, one organiser's duties, or a
/// member's personal link (his own page, `/me`).
public enum TokenScope: Hashable, Sendable {
    /// The group's JSON API, with a role.
    case api(TokenRole)
    /// The group's private members' feed.
    case membersFeed
    /// One organiser's duty feed.
    case organiserFeed(member: Slug)
    /// A member's personal link: it signs him in to his own page.
    case member(Slug)

    /// The member the token is for (an organiser's feed or a personal link), if any.
    public var memberSlug: Slug? {
        switch self {
        case .api, .membersFeed: nil
        case .organiserFeed(let member), .member(let member): member
        }
    }

    /// The scope's kind.
    public var kind: TokenKind {
        switch self {
        case .api: .api
        case .membersFeed: .membersFeed
        case .organiserFeed: .organiserFeed
        case .member: .member
        }
    }

    /// The scope of `kind`, with what that kind needs: a role for an API token, a member for an
    /// organiser's feed or a personal link. Throws which of the two is missing.
    public init(kind: TokenKind, role: TokenRole?, member: Slug?) throws(MissingTokenPart) {
        switch kind {
        case .api:
            guard let role else { throw .role }
            self = .api(role)
        case .membersFeed:
            self = .membersFeed
        case .organiserFeed:
            guard let member else { throw .member }
            self = .organiserFeed(member: member)
        case .member:
            guard let member else { throw .member }
            self = .member(member)
        }
    }
}

/// What kind of token: the one spelling of the kinds, for the store, the API and the CLI.
public enum TokenKind: String, CaseIterable, Hashable, Sendable, Codable {
    /// The group's JSON API, with a role.
    case api
    /// The members' private feed.
    case membersFeed = "members-feed"
    /// One organiser's duty feed.
    case organiserFeed = "organiser-feed"
    /// A member's personal link to his own page.
    case member

    /// `api, members-feed, organiser-feed or member`: the kinds in words, for error messages.
    public static var listed: String {
        let names = allCases.map(\.rawValue)
        return names.dropLast().joined(separator: ", ") + " or " + (names.last ?? "")
    }
}

/// What a token of some kind lacks (``TokenScope/init(kind:role:member:)``).
public enum MissingTokenPart: Error, Hashable, Sendable {
    /// An API token needs a role.
    case role
    /// An organiser's feed token or a personal link needs the member.
    case member
}

/// What an API token may do within its group.
public enum TokenRole: String, CaseIterable, Hashable, Sendable, Codable {
    /// Reads everything of the group and writes: members, activities, sessions, plans, tokens.
    case coordinator
    /// Reads everything of the group, member data included; writes nothing.
    case reader
}

/// A stored token as listed: never its secret, which is shown once when made or rotated.
public struct AccessToken: Hashable, Sendable, Codable {
    /// The token's number, stable across rotation: what `revoke` and `rotate` take.
    public let id: Int64
    /// The group it belongs to; it opens nothing of another group.
    public let group: Slug
    /// What it opens.
    public let scope: TokenScope
    /// Who or what it is for, e.g. `Outlook of the focal point`.
    public let label: String
    /// When it was made.
    public let created: Date
    /// When its secret was last replaced, if ever.
    public let rotated: Date?
    /// When it was last used (to the minute), if ever.
    public let lastUsed: Date?
    /// When it was revoked; a revoked token opens nothing.
    public let revoked: Date?

    /// True while it opens something.
    public var isActive: Bool { revoked == nil }

    enum CodingKeys: String, CodingKey {
        case id, group, kind, role, member, label, created, rotated, lastUsed, revoked
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(Int64.self, forKey: .id)
        group = try c.decode(Slug.self, forKey: .group)
        scope = try Self.scope(
            kind: c.decode(String.self, forKey: .kind), role: c.decodeIfPresent(String.self, forKey: .role),
            member: c.decodeIfPresent(String.self, forKey: .member))
        label = try c.decode(String.self, forKey: .label)
        created = try c.decode(Date.self, forKey: .created)
        rotated = try c.decodeIfPresent(Date.self, forKey: .rotated)
        lastUsed = try c.decodeIfPresent(Date.self, forKey: .lastUsed)
        revoked = try c.decodeIfPresent(Date.self, forKey: .revoked)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(group, forKey: .group)
        try c.encode(scope.kind, forKey: .kind)
        if case .api(let role) = scope { try c.encode(role, forKey: .role) }
        try c.encodeIfPresent(scope.memberSlug, forKey: .member)
        try c.encode(label, forKey: .label)
        try c.encode(created, forKey: .created)
        try c.encodeIfPresent(rotated, forKey: .rotated)
        try c.encodeIfPresent(lastUsed, forKey: .lastUsed)
        try c.encodeIfPresent(revoked, forKey: .revoked)
    }

    init(
        id: Int64, group: Slug, scope: TokenScope, label: String, created: Date, rotated: Date?, lastUsed: Date?,
        revoked: Date?
    ) {
        self.id = id
        self.group = group
        self.scope = scope
        self.label = label
        self.created = created
        self.rotated = rotated
        self.lastUsed = lastUsed
        self.revoked = revoked
    }

    static func scope(kind: String, role: String?, member: String?) throws -> TokenScope {
        guard let tokenKind = TokenKind(rawValue: kind),
            let scope = try? TokenScope(
                kind: tokenKind, role: role.flatMap(TokenRole.init(rawValue:)), member: member.flatMap { try? Slug($0) }
            )
        else { throw StoreError(.invalid, "a stored token has an unknown kind '\(kind)' or lacks its role or member") }
        return scope
    }
}

/// A token just made or rotated: the listing and the secret, which the store does not keep.
public struct IssuedToken: Sendable {
    /// The token as listed.
    public let token: AccessToken
    /// The secret to hand over (256 random bits, base64url): shown once.
    public let secret: String
}

// MARK: - Secrets

/// Making and hashing token secrets, in one place.
enum TokenSecret {
    /// 32 random bytes (256 bits) from the system's generator, base64url without padding.
    static func make() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) }
        return Data(bytes).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// The stored form: SHA-256 of the secret's UTF-8, lower-case hex.
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

// MARK: - Store operations

extension PlannerStore {
    /// How stale `last_used_at` may get before a use writes it again: a feed polled many times a
    /// minute costs one write a minute, not one a request.
    static let lastUseResolution: TimeInterval = 60

    /// Makes a token for `group` with `scope`, labelled for the list; returns its secret once.
    ///
    /// Throws `notFound` for an unknown group or organiser, `invalid` for an empty label.
    public func createToken(in group: Slug, scope: TokenScope, label: String) throws -> IssuedToken {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty else { throw StoreError(.invalid, "a token needs a label (who or what it is for)") }
        let secret = TokenSecret.make()
        let now = clock()
        let id = try write { db -> Int64 in
            guard let groupRecord = try GroupRecord.fetch(db, slug: group) else {
                throw StoreError.notFound("group '\(group)'")
            }
            var memberID: Int64?
            var role: String?
            switch scope {
            case .api(let tokenRole): role = tokenRole.rawValue
            case .membersFeed: break
            case .organiserFeed(let member), .member(let member):
                memberID = try MemberRecord.fetch(db, groupID: groupRecord.rowID, slug: member)?.id
                guard memberID != nil else { throw StoreError.notFound("member '\(member)' of group '\(group)'") }
            }
            try db.execute(
                sql: """
                    INSERT INTO access_token (group_id, kind, role, member_id, label, secret_hash, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    groupRecord.rowID, scope.kind.rawValue, role, memberID, label, TokenSecret.hash(secret), now,
                ])
            return db.lastInsertedRowID
        }
        return IssuedToken(token: try token(id, in: group), secret: secret)
    }

    /// The group's tokens, revoked ones included, oldest first.
    public func tokens(of group: Slug) throws -> [AccessToken] {
        try read { db in
            guard try GroupRecord.fetch(db, slug: group) != nil else { throw StoreError.notFound("group '\(group)'") }
            return try Self.fetchTokens(db, where: "g.slug = ?", [group.rawValue])
        }
    }

    /// One token of the group; `notFound` when it is not the group's.
    public func token(_ id: Int64, in group: Slug) throws -> AccessToken {
        try read { db in
            guard let token = try Self.fetchTokens(db, where: "t.id = ? AND g.slug = ?", [id, group.rawValue]).first
            else {
                throw StoreError.notFound("token \(id) of group '\(group)'")
            }
            return token
        }
    }

    /// Revokes a token of the group: it opens nothing from now on, and a personal link's
    /// sign-ins end with it. Revoking twice is harmless.
    @discardableResult
    public func revokeToken(_ id: Int64, in group: Slug) throws -> AccessToken {
        let now = clock()
        try write { db in
            try db.execute(
                sql: """
                    UPDATE access_token SET revoked_at = coalesce(revoked_at, ?)
                    WHERE id = ? AND group_id = (SELECT id FROM planner_group WHERE slug = ?)
                    """,
                arguments: [now, id, group.rawValue])
            guard db.changesCount == 1 else { throw StoreError.notFound("token \(id) of group '\(group)'") }
            try db.execute(sql: "DELETE FROM member_sign_in WHERE token_id = ?", arguments: [id])
        }
        return try token(id, in: group)
    }

    /// Gives an active token a new secret: the old secret stops working at once (and a personal
    /// link's sign-ins end); the label, scope and number stay. A revoked token cannot be rotated (`conflict`).
    public func rotateToken(_ id: Int64, in group: Slug) throws -> IssuedToken {
        let secret = TokenSecret.make()
        let now = clock()
        try write { db in
            let current = try Self.fetchTokens(db, where: "t.id = ? AND g.slug = ?", [id, group.rawValue]).first
            guard let current else { throw StoreError.notFound("token \(id) of group '\(group)'") }
            guard current.isActive else {
                throw StoreError(.conflict, "token \(id) is revoked: make a new one instead")
            }
            try db.execute(
                sql: "UPDATE access_token SET secret_hash = ?, rotated_at = ?, last_used_at = NULL WHERE id = ?",
                arguments: [TokenSecret.hash(secret), now, id])
            try db.execute(sql: "DELETE FROM member_sign_in WHERE token_id = ?", arguments: [id])
        }
        return IssuedToken(token: try token(id, in: group), secret: secret)
    }

    /// The active token whose secret this is, or `nil` (unknown, revoked, rotated away).
    ///
    /// Only reads: checking a token never waits for the write lock another process may hold.
    /// When its use is worth recording (``needsUseRecorded(_:at:)``), the caller records it
    /// off the request path with ``recordTokenUses(_:)``.
    public func authenticate(secret: String) throws -> AccessToken? {
        guard !secret.isEmpty, secret.utf8.count <= 256 else { return nil }
        let hash = TokenSecret.hash(secret)
        return try read { db in
            try Self.fetchTokens(db, where: "t.secret_hash = ? AND t.revoked_at IS NULL", [hash]).first
        }
    }

    /// Whether a use of `token` at `now` should be written: at most once per
    /// ``lastUseResolution``, so a feed polled many times a minute costs one write a minute.
    public static func needsUseRecorded(_ token: AccessToken, at now: Date) -> Bool {
        token.lastUsed.map { now.timeIntervalSince($0) >= lastUseResolution } ?? true
    }

    /// Records when tokens were last used (token number → time), in one transaction; a time
    /// earlier than the one stored changes nothing.
    public func recordTokenUses(_ uses: [Int64: Date]) throws {
        guard !uses.isEmpty else { return }
        try write { db in
            for (id, time) in uses.sorted(by: { $0.key < $1.key }) {
                try db.execute(
                    sql: """
                        UPDATE access_token SET last_used_at = ?
                        WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)
                        """,
                    arguments: [time, id, time])
            }
        }
    }

    private static func fetchTokens(
        _ db: Database, where condition: String, _ arguments: StatementArguments
    ) throws -> [AccessToken] {
        let rows = try Row.fetchAll(
            db,
            sql: """
                SELECT t.id, g.slug AS group_slug, t.kind, t.role, m.slug AS member_slug, t.label,
                       t.created_at, t.rotated_at, t.last_used_at, t.revoked_at
                FROM access_token t
                JOIN planner_group g ON g.id = t.group_id
                LEFT JOIN member m ON m.id = t.member_id
                WHERE \(condition)
                ORDER BY t.id
                """,
            arguments: arguments)
        return try rows.map { row in
            AccessToken(
                id: row["id"], group: try Slug(row["group_slug"] as String),
                scope: try AccessToken.scope(kind: row["kind"], role: row["role"], member: row["member_slug"]),
                label: row["label"], created: row["created_at"], rotated: row["rotated_at"],
                lastUsed: row["last_used_at"], revoked: row["revoked_at"])
        }
    }
}
