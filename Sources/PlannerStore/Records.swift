import Foundation
import GRDB
import Planning

// One record type per table, private to the store: `Planning` never sees a record.

/// Canonical JSON for `body` columns: sorted keys, so equal values give equal text.
enum CanonicalJSON {
    static func encode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, from text: String, what: String) throws -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(text.utf8))
        } catch let error as PlanningError {
            throw StoreError(.corrupt, "\(what) in the store is no longer valid: \(error)")
        } catch {
            throw StoreError(.corrupt, "\(what) in the store cannot be read: \(error)")
        }
    }
}

/// What `programme_month.reasons` holds: the reasons and, apart from them, who is interested.
///
/// Stores written before the visibility policy hold a plain array whose interest reason named
/// the members ("2 member(s) interested and available: a, b"); reading one splits the names
/// out, so no old row can carry a name into a public answer.
struct StoredProgrammeReasons: Codable {
    var reasons: [String]
    var interested: [Slug]

    init(reasons: [String], interested: [Slug]) {
        self.reasons = reasons
        self.interested = interested
    }

    init(from decoder: any Decoder) throws {
        if let legacy = try? decoder.singleValueContainer().decode([String].self) {
            var interested: [Slug] = []
            reasons = legacy.map { reason in
                let marker = " interested and available: "
                guard let range = reason.range(of: marker) else { return reason }
                interested = reason[range.upperBound...].split(separator: ",").compactMap {
                    try? Slug($0.trimmingCharacters(in: .whitespaces))
                }
                return String(reason[..<range.lowerBound]) + " interested and available"
            }
            self.interested = interested
            return
        }
        let c = try decoder.container(keyedBy: CodingKeys.self)
        reasons = try c.decode([String].self, forKey: .reasons)
        interested = try c.decode([Slug].self, forKey: .interested)
    }
}

/// A catalogue entry kept whole as JSON: `theme`, `activity_kind`, `observance`.
struct CatalogueEntryRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    var slug: String
    var body: String
}

struct GAPPriorityRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "gap_priority"
    var id: String
    var title: String
    var scope: String
    var source: String?

    init(_ priority: GAPPriority) {
        id = priority.id.rawValue
        title = priority.title
        scope = priority.scope.rawValue
        source = priority.source
    }

    func priority() throws -> GAPPriority {
        guard let scope = GAPPriority.Scope(rawValue: scope) else {
            throw StoreError(.invalid, "GAP priority \(id) has an unknown scope '\(scope)'")
        }
        return try GAPPriority(id: GAPPriorityID(id), title: title, scope: scope, source: source)
    }
}

struct GroupRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "planner_group"
    var id: Int64?
    var slug: String
    var body: String
    var revision: Int
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, slug, body, revision
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    static func fetch(_ db: Database, slug: Slug) throws -> GroupRecord? {
        try GroupRecord.filter(Column("slug") == slug.rawValue).fetchOne(db)
    }

    var rowID: Int64 { id ?? 0 }

    func group() throws -> Group { try CanonicalJSON.decode(Group.self, from: body, what: "group '\(slug)'") }

    func bumpRevision(_ db: Database, at now: Date) throws {
        try db.execute(
            sql: "UPDATE planner_group SET revision = revision + 1, updated_at = ? WHERE id = ?",
            arguments: [now, id])
    }
}

struct MemberRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "member"
    var id: Int64?
    var groupID: Int64
    var slug: String
    var body: String
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, slug, body
        case groupID = "group_id"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func member() throws -> Member { try CanonicalJSON.decode(Member.self, from: body, what: "member '\(slug)'") }
}

struct ActivityRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "activity"
    var id: Int64?
    var groupID: Int64
    var slug: String
    var kindSlug: String
    var themeSlug: String?
    var body: String
    var cancelled: Bool
    var sequence: Int
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, slug, body, cancelled, sequence
        case groupID = "group_id"
        case kindSlug = "kind_slug"
        case themeSlug = "theme_slug"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    func activity() throws -> Activity {
        try CanonicalJSON.decode(Activity.self, from: body, what: "activity '\(slug)'")
    }

    var stamp: ChangeStamp { ChangeStamp(sequence: sequence, created: createdAt, modified: updatedAt) }
}

struct SessionRecord: Codable, Equatable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "session"
    var id: Int64?
    var activityID: Int64
    var ruleStart: String
    var startLocal: String
    var endLocal: String
    var themeSlug: String?
    var status: String
    var dropped: Bool
    var movedFrom: String?
    var reason: String?
    var publicNote: String?
    var movedByHand: Bool
    var sequence: Int
    var createdAt: Date
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, status, dropped, reason, sequence
        case movedByHand = "moved_by_hand"
        case activityID = "activity_id"
        case ruleStart = "rule_start"
        case startLocal = "start_local"
        case endLocal = "end_local"
        case themeSlug = "theme_slug"
        case movedFrom = "moved_from"
        case publicNote = "public_note"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ session: Session, activityID: Int64, now: Date) {
        self.activityID = activityID
        ruleStart = session.ruleDate.description
        startLocal = session.start.description
        endLocal = session.end.description
        themeSlug = session.theme?.rawValue
        status = session.status.rawValue
        dropped = session.dropped
        movedFrom = session.movedFrom?.description
        reason = session.reason
        publicNote = session.publicNote
        movedByHand = false
        sequence = 0
        createdAt = now
        updatedAt = now
    }

    /// Overwrites the fields the domain value holds, keeping identity, sequence and times.
    mutating func assign(_ session: Session) {
        startLocal = session.start.description
        endLocal = session.end.description
        themeSlug = session.theme?.rawValue
        status = session.status.rawValue
        dropped = session.dropped
        movedFrom = session.movedFrom?.description
        reason = session.reason
        publicNote = session.publicNote
    }

    /// Takes the placement the rule and the blackouts give (time, move, drop and why).
    mutating func follow(_ session: Session) {
        startLocal = session.start.description
        endLocal = session.end.description
        movedFrom = session.movedFrom?.description
        reason = session.reason
        publicNote = session.publicNote
        dropped = session.dropped
    }

    /// Whether `session` is placed differently from this row.
    func placementDiffers(from session: Session) -> Bool {
        startLocal != session.start.description || endLocal != session.end.description
            || movedFrom != session.movedFrom?.description || reason != session.reason
            || publicNote != session.publicNote || dropped != session.dropped
    }

    func session(activity: Slug, organisers: [Assignment]) throws -> Session {
        do {
            guard let status = Session.Status(rawValue: status) else {
                throw StoreError(.invalid, "session \(activity)@\(ruleStart) has an unknown status '\(status)'")
            }
            return try Session(
                activity: activity, ruleDate: LocalDateTime(parsing: ruleStart),
                start: LocalDateTime(parsing: startLocal), end: LocalDateTime(parsing: endLocal),
                theme: themeSlug.map(Slug.init), organisers: organisers, status: status,
                movedFrom: movedFrom.map(LocalDateTime.init(parsing:)), reason: reason, publicNote: publicNote,
                dropped: dropped)
        } catch let error as PlanningError {
            throw StoreError(.invalid, "session \(activity)@\(ruleStart) in the store is no longer valid: \(error)")
        }
    }

    var stamp: ChangeStamp { ChangeStamp(sequence: sequence, created: createdAt, modified: updatedAt) }
}

struct AssignmentRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "assignment"
    var sessionID: Int64
    var memberID: Int64
    var role: String
    var pinned: Bool
    var reasons: String
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case role, pinned, reasons
        case sessionID = "session_id"
        case memberID = "member_id"
        case updatedAt = "updated_at"
    }
}

struct BlackoutRecord: Codable, FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "blackout"
    var id: Int64?
    var groupID: Int64
    var firstDay: String
    var lastDay: String
    var reason: String
    var source: String
    var externalUID: String?
    var updatedAt: Date

    enum CodingKeys: String, CodingKey {
        case id, reason, source
        case groupID = "group_id"
        case firstDay = "first_day"
        case lastDay = "last_day"
        case externalUID = "external_uid"
        case updatedAt = "updated_at"
    }

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    init(_ blackout: Blackout, groupID: Int64, externalUID: String?, now: Date) {
        self.groupID = groupID
        firstDay = blackout.from.description
        lastDay = blackout.to.description
        reason = blackout.reason
        source = blackout.source.rawValue
        self.externalUID = externalUID
        updatedAt = now
    }

    func blackout() throws -> Blackout {
        guard let source = Blackout.Source(rawValue: source) else {
            throw StoreError(.invalid, "blackout \(firstDay) has an unknown source '\(source)'")
        }
        do {
            return try Blackout(
                from: LocalDate(parsing: firstDay), to: LocalDate(parsing: lastDay), reason: reason, source: source)
        } catch let error as PlanningError {
            throw StoreError(.invalid, "blackout \(firstDay) in the store is no longer valid: \(error)")
        }
    }

    /// Same days, reason and source: the identity an import compares by.
    var identity: String { "\(firstDay)|\(lastDay)|\(reason)" }
}

extension MemberRecord {
    /// The member `slug` of the group with row id `groupID`.
    static func fetch(_ db: Database, groupID: Int64, slug: Slug) throws -> MemberRecord? {
        try MemberRecord.filter(Column("group_id") == groupID && Column("slug") == slug.rawValue).fetchOne(db)
    }
}

extension ActivityRecord {
    /// The activity `slug` of the group with row id `groupID`.
    static func fetch(_ db: Database, groupID: Int64, slug: Slug) throws -> ActivityRecord? {
        try ActivityRecord.filter(Column("group_id") == groupID && Column("slug") == slug.rawValue).fetchOne(db)
    }
}
