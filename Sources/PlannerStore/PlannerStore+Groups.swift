import Foundation
import GRDB
public import Planning

extension PlannerStore {
    // MARK: - Import

    /// Imports a group as written in its YAML file: creates it, or updates it in place.
    ///
    /// The file is the truth for the group's settings, members, activities and closures:
    /// members and activities are matched by slug (their ids and their sessions' edits are
    /// kept), ones the file no longer names are removed, and blackouts written in the file are
    /// replaced (holidays imported from `.ics` files stay). Series are expanded into sessions
    /// through `sessionsThrough` (by default the end of the second year after the latest
    /// activity starts); a session keeps its theme, organisers, status and move when its rule
    /// still gives its date. Importing the same file twice changes nothing.
    ///
    /// Throws `StoreError` (`invalid` with the domain's message for a reference the catalogue
    /// does not know); the store is then unchanged.
    @discardableResult
    public func importGroup(_ plan: GroupPlan, sessionsThrough: LocalDate? = nil) throws -> ImportReport {
        let now = clock()
        return try write { db in
            let catalogue = try Self.catalogue(db)
            do {
                try plan.validate(against: catalogue)
            } catch let error as PlanningError {
                throw StoreError(.invalid, "group '\(plan.group.slug)': \(error)")
            }
            var changes: [String] = []
            let existing = try GroupRecord.fetch(db, slug: plan.group.slug)
            var group: GroupRecord
            if let existing {
                group = existing
            } else {
                group = GroupRecord(
                    id: nil, slug: plan.group.slug.rawValue, body: try CanonicalJSON.encode(plan.group), revision: 1,
                    createdAt: now, updatedAt: now)
                try group.insert(db)
                changes.append("created group \(plan.group.slug)")
            }
            let before = db.totalChangesCount
            let body = try CanonicalJSON.encode(plan.group)
            if group.body != body {
                group.body = body
                group.updatedAt = now
                try group.update(db)
                changes.append("updated group settings")
            }
            try syncMissionPriorities(db, group: plan.group)
            try syncTargets(db, group: plan.group, groupID: group.rowID)
            changes += try syncMembers(db, plan.members, groupID: group.rowID, now: now)
            changes += try syncActivities(db, plan.activities, groupID: group.rowID, now: now)
            changes += try syncFileBlackouts(db, plan.blackouts, groupID: group.rowID, now: now)
            changes += try materialiseSessions(
                db, group: plan.group, groupID: group.rowID, catalogue: catalogue, requested: sessionsThrough, now: now)
            if existing != nil, db.totalChangesCount != before {
                try group.bumpRevision(db, at: now)
            }
            let revision =
                try Int.fetchOne(
                    db, sql: "SELECT revision FROM planner_group WHERE id = ?", arguments: [group.rowID]) ?? 1
            return ImportReport(group: plan.group.slug, created: existing == nil, revision: revision, changes: changes)
        }
    }

    /// The last day sessions are stored for: `requested` if given, otherwise as far as the
    /// group's sessions already go and at least 31 December of the second year after the latest
    /// activity's start (deterministic: it never depends on today).
    static func horizon(
        _ db: Database, groupID: Int64, activities: [Activity], requested: LocalDate? = nil
    ) throws -> LocalDate {
        if let requested { return requested }
        let year = (activities.map(\.schedule.start.year).max() ?? 2000) + 2
        let minimum = (try? LocalDate(year: year, month: 12, day: 31)) ?? LocalDate(dayNumber: 0)
        let latest = try String.fetchOne(
            db,
            sql:
                "SELECT max(session.rule_start) FROM session JOIN activity ON activity.id = session.activity_id WHERE activity.group_id = ?",
            arguments: [groupID])
        let stored = latest.flatMap { try? LocalDate(parsing: String($0.prefix(10))) }
        return max(minimum, stored ?? minimum)
    }

    private func syncMissionPriorities(_ db: Database, group: Group) throws {
        for priority in group.missionPriorities {
            try GAPPriorityRecord(priority).save(db)
        }
    }

    private func syncTargets(_ db: Database, group: Group, groupID: Int64) throws {
        let stored = try Row.fetchAll(
            db, sql: "SELECT priority_id, yearly_count FROM gap_target WHERE group_id = ?", arguments: [groupID])
        let storedTargets = Dictionary(
            uniqueKeysWithValues: stored.map { (($0["priority_id"] as String), ($0["yearly_count"] as Int)) })
        let wanted = Dictionary(uniqueKeysWithValues: group.gapTargets.map { ($0.key.rawValue, $0.value) })
        guard storedTargets != wanted else { return }
        try db.execute(sql: "DELETE FROM gap_target WHERE group_id = ?", arguments: [groupID])
        for (id, count) in wanted.sorted(by: { $0.key < $1.key }) {
            try db.execute(
                sql: "INSERT INTO gap_target (group_id, priority_id, yearly_count) VALUES (?, ?, ?)",
                arguments: [groupID, id, count])
        }
    }

    private func syncMembers(_ db: Database, _ members: [Member], groupID: Int64, now: Date) throws -> [String] {
        var changes: [String] = []
        let stored = try MemberRecord.filter(Column("group_id") == groupID).fetchAll(db)
        let bySlug = Dictionary(uniqueKeysWithValues: stored.map { ($0.slug, $0) })
        for member in members {
            if var record = bySlug[member.id.rawValue] {
                if try updateMember(db, &record, to: member, now: now) { changes.append("updated member \(member.id)") }
            } else {
                try insertMember(db, member, groupID: groupID, now: now)
                changes.append("added member \(member.id)")
            }
        }
        let keep = Set(members.map(\.id.rawValue))
        for record in stored where !keep.contains(record.slug) {
            _ = try record.delete(db)
            changes.append("removed member \(record.slug)")
        }
        return changes
    }

    func insertMember(_ db: Database, _ member: Member, groupID: Int64, now: Date) throws {
        var record = MemberRecord(
            id: nil, groupID: groupID, slug: member.id.rawValue, body: try CanonicalJSON.encode(member),
            createdAt: now, updatedAt: now)
        try record.insert(db)
        try syncInterests(db, member: member, memberID: record.id ?? 0)
    }

    /// Writes `member` over `record` if it differs; returns whether it did.
    func updateMember(_ db: Database, _ record: inout MemberRecord, to member: Member, now: Date) throws -> Bool {
        let body = try CanonicalJSON.encode(member)
        guard record.body != body else { return false }
        record.body = body
        record.updatedAt = now
        try record.update(db)
        try syncInterests(db, member: member, memberID: record.id ?? 0)
        return true
    }

    func syncInterests(_ db: Database, member: Member, memberID: Int64) throws {
        try db.execute(sql: "DELETE FROM member_interest WHERE member_id = ?", arguments: [memberID])
        for interest in Set(member.interests.map(\.rawValue)).sorted() {
            try db.execute(
                sql: "INSERT INTO member_interest (member_id, theme_slug) VALUES (?, ?)",
                arguments: [memberID, interest])
        }
    }

    private func syncActivities(_ db: Database, _ activities: [Activity], groupID: Int64, now: Date) throws -> [String]
    {
        var changes: [String] = []
        let stored = try ActivityRecord.filter(Column("group_id") == groupID).fetchAll(db)
        let bySlug = Dictionary(uniqueKeysWithValues: stored.map { ($0.slug, $0) })
        for activity in activities {
            if var record = bySlug[activity.slug.rawValue] {
                let body = try CanonicalJSON.encode(activity)
                guard record.body != body else { continue }
                record.body = body
                record.kindSlug = activity.kind.rawValue
                record.themeSlug = activity.theme?.rawValue
                record.sequence += 1
                record.updatedAt = now
                try record.update(db)
                changes.append("updated activity \(activity.slug)")
            } else {
                try insertActivity(db, activity, groupID: groupID, now: now)
                changes.append("added activity \(activity.slug)")
            }
        }
        let keep = Set(activities.map(\.slug.rawValue))
        for record in stored where !keep.contains(record.slug) {
            _ = try record.delete(db)
            changes.append("removed activity \(record.slug)")
        }
        return changes
    }

    func insertActivity(_ db: Database, _ activity: Activity, groupID: Int64, now: Date) throws {
        var record = ActivityRecord(
            id: nil, groupID: groupID, slug: activity.slug.rawValue, kindSlug: activity.kind.rawValue,
            themeSlug: activity.theme?.rawValue, body: try CanonicalJSON.encode(activity), cancelled: false,
            sequence: 0,
            createdAt: now, updatedAt: now)
        try record.insert(db)
    }

    /// Replaces the blackouts that came from the group file (those without an external UID).
    private func syncFileBlackouts(_ db: Database, _ blackouts: [Blackout], groupID: Int64, now: Date) throws
        -> [String]
    {
        let stored = try BlackoutRecord.filter(Column("group_id") == groupID && Column("external_uid") == nil).fetchAll(
            db)
        let wanted = blackouts.map { BlackoutRecord($0, groupID: groupID, externalUID: nil, now: now) }
        let storedIDs = Set(stored.map(\.identity))
        let wantedIDs = Set(wanted.map(\.identity))
        guard storedIDs != wantedIDs || stored.map(\.source) != wanted.map(\.source) else { return [] }
        var changes: [String] = []
        for record in stored where !wantedIDs.contains(record.identity) {
            _ = try record.delete(db)
            changes.append("removed blackout \(record.firstDay) \(record.reason)")
        }
        for var record in wanted where !storedIDs.contains(record.identity) {
            try record.insert(db)
            changes.append("added blackout \(record.firstDay) \(record.reason)")
        }
        return changes
    }

    // MARK: - Reading

    /// The whole group with its plan, read in one transaction.
    public func snapshot(of slug: Slug) throws -> GroupSnapshot {
        try read { db in try Self.snapshot(db, slug: slug) }
    }

    static func snapshot(_ db: Database, slug: Slug) throws -> GroupSnapshot {
        guard let record = try GroupRecord.fetch(db, slug: slug) else { throw StoreError.notFound("group '\(slug)'") }
        let group = try record.group()
        let memberRecords = try memberRecords(db, groupID: record.rowID)
        let members = try memberRecords.map { try $0.member() }
        let memberSlugs = Dictionary(uniqueKeysWithValues: memberRecords.map { ($0.id ?? 0, $0.slug) })
        let activityRecords = try activityRecords(db, groupID: record.rowID)
        let activities = try activityRecords.map { try $0.activity() }
        let activitySlugs = Dictionary(uniqueKeysWithValues: activityRecords.map { ($0.id ?? 0, $0.slug) })
        let sessionRecords = try SessionRecord.fetchAll(
            db,
            sql: """
                SELECT session.* FROM session JOIN activity ON activity.id = session.activity_id
                WHERE activity.group_id = ? ORDER BY session.start_local, activity.slug
                """,
            arguments: [record.rowID])
        let assignments = try AssignmentRecord.fetchAll(
            db,
            sql: """
                SELECT assignment.* FROM assignment JOIN session ON session.id = assignment.session_id
                JOIN activity ON activity.id = session.activity_id WHERE activity.group_id = ?
                ORDER BY assignment.session_id, assignment.rowid
                """,
            arguments: [record.rowID])
        let assignmentsBySession = Dictionary(grouping: assignments, by: \.sessionID)
        let declines = try Self.declines(db, groupID: record.rowID)
        var sessions: [Session] = []
        var sessionStamps: [Session.ID: ChangeStamp] = [:]
        var sessionIDs: [Int64: Session.ID] = [:]
        for sessionRecord in sessionRecords {
            let activity = try Slug(activitySlugs[sessionRecord.activityID] ?? "")
            let organisers = try (assignmentsBySession[sessionRecord.id ?? 0] ?? []).map { assignment in
                try Assignment(
                    memberID: Slug(memberSlugs[assignment.memberID] ?? ""),
                    role: AssignmentRole(rawValue: assignment.role) ?? .organiser, pinned: assignment.pinned,
                    reasons: CanonicalJSON.decode([String].self, from: assignment.reasons, what: "assignment reasons"))
            }
            var session = try sessionRecord.session(activity: activity, organisers: organisers)
            if let declined = declines[sessionRecord.id ?? 0] {
                session = try session.with(declinedBy: declined.compactMap { try? Slug(memberSlugs[$0] ?? "") })
            }
            sessions.append(session)
            sessionStamps[session.id] = sessionRecord.stamp
            sessionIDs[sessionRecord.id ?? 0] = session.id
        }
        var outcomes: [Session.ID: SessionOutcome] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT session_outcome.session_id, session_outcome.body FROM session_outcome
                JOIN session ON session.id = session_outcome.session_id
                JOIN activity ON activity.id = session.activity_id WHERE activity.group_id = ?
                """,
            arguments: [record.rowID])
        {
            guard let id = sessionIDs[row["session_id"]] else { continue }
            outcomes[id] = try CanonicalJSON.decode(SessionOutcome.self, from: row["body"], what: "session outcome")
        }
        var rsvps: [Session.ID: RSVPCount] = [:]
        for row in try Row.fetchAll(
            db,
            sql: """
                SELECT rsvp.session_id, rsvp.answer FROM rsvp JOIN session ON session.id = rsvp.session_id
                JOIN activity ON activity.id = session.activity_id WHERE activity.group_id = ?
                """,
            arguments: [record.rowID])
        {
            guard let id = sessionIDs[row["session_id"]], let answer = RSVP(rawValue: row["answer"]) else { continue }
            rsvps[id, default: RSVPCount()].add(answer)
        }
        let blackouts = try BlackoutRecord.filter(Column("group_id") == record.rowID)
            .order(Column("first_day"), Column("id")).fetchAll(db).map { try $0.blackout() }
        let programme = try Row.fetchAll(
            db, sql: "SELECT month, theme_slug, reasons FROM programme_month WHERE group_id = ? ORDER BY month",
            arguments: [record.rowID]
        ).map { row in
            let stored = try CanonicalJSON.decode(
                StoredProgrammeReasons.self, from: row["reasons"], what: "programme reasons")
            return ProgrammeEntry(
                month: try Self.storedMonth(row["month"]), theme: try Slug(row["theme_slug"] as String),
                reasons: stored.reasons,
                interested: stored.interested)
        }
        let plan: GroupPlan
        do {
            plan = try GroupPlan(
                group: group, members: members, activities: activities, sessions: sessions, blackouts: blackouts)
        } catch let error as PlanningError {
            throw StoreError(.invalid, "group '\(slug)' in the store is no longer consistent: \(error)")
        }
        return GroupSnapshot(
            plan: plan, revision: record.revision, modified: record.updatedAt,
            activityStamps: Dictionary(
                uniqueKeysWithValues: activityRecords.map { ((try? Slug($0.slug)) ?? slug, $0.stamp) }),
            sessionStamps: sessionStamps,
            cancelledActivities: Set(activityRecords.filter(\.cancelled).compactMap { try? Slug($0.slug) }),
            programme: Dictionary(uniqueKeysWithValues: programme.map { ($0.month, $0) }), outcomes: outcomes,
            rsvps: rsvps)
    }

    /// The group as its YAML file would hold it: settings, members, activities and the
    /// blackouts written in the file (not holidays imported from `.ics`, not sessions).
    public func exportGroup(_ slug: Slug) throws -> GroupPlan {
        try read { db in
            guard let record = try GroupRecord.fetch(db, slug: slug) else {
                throw StoreError.notFound("group '\(slug)'")
            }
            let fileBlackouts = try BlackoutRecord.filter(
                Column("group_id") == record.rowID && Column("external_uid") == nil
            )
            .order(Column("first_day"), Column("id")).fetchAll(db).map { try $0.blackout() }
            do {
                return try GroupPlan(
                    group: record.group(),
                    members: Self.memberRecords(db, groupID: record.rowID).map { try $0.member() },
                    activities: Self.activityRecords(db, groupID: record.rowID).map { try $0.activity() },
                    blackouts: fileBlackouts)
            } catch let error as PlanningError {
                throw StoreError(.invalid, "group '\(slug)' in the store is no longer consistent: \(error)")
            }
        }
    }

    /// The group's members in the order they were added.
    static func memberRecords(_ db: Database, groupID: Int64) throws -> [MemberRecord] {
        try MemberRecord.filter(Column("group_id") == groupID).order(Column("id")).fetchAll(db)
    }

    /// The group's activities in the order they were added.
    static func activityRecords(_ db: Database, groupID: Int64) throws -> [ActivityRecord] {
        try ActivityRecord.filter(Column("group_id") == groupID).order(Column("id")).fetchAll(db)
    }

    /// Every group, by slug.
    public func groups() throws -> [GroupSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT g.slug, g.body, g.revision,
                      (SELECT count(*) FROM member m WHERE m.group_id = g.id) AS members,
                      (SELECT count(*) FROM activity a WHERE a.group_id = g.id) AS activities,
                      (SELECT count(*) FROM session s JOIN activity a ON a.id = s.activity_id
                        WHERE a.group_id = g.id AND s.dropped = 0) AS sessions
                    FROM planner_group g ORDER BY g.slug
                    """
            ).map { row in
                let group = try CanonicalJSON.decode(
                    Group.self, from: row["body"], what: "group '\(row["slug"] as String)'")
                return GroupSummary(
                    slug: group.slug, name: group.name, timeZone: group.timeZone.rawValue, members: row["members"],
                    activities: row["activities"], sessions: row["sessions"], revision: row["revision"])
            }
        }
    }

    /// Every group's current revision, by slug: the network feed changes when one does.
    public func groupRevisions() throws -> [(slug: Slug, revision: Int)] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT slug, revision FROM planner_group ORDER BY slug").map { row in
                (try Slug(row["slug"]), row["revision"])
            }
        }
    }

    /// The group's current revision.
    public func revision(of slug: Slug) throws -> Int {
        try read { db in
            guard
                let revision = try Int.fetchOne(
                    db, sql: "SELECT revision FROM planner_group WHERE slug = ?", arguments: [slug.rawValue])
            else { throw StoreError.notFound("group '\(slug)'") }
            return revision
        }
    }
}

extension PlannerStore {
    /// A programme row's month, or a corrupt-row error naming it.
    fileprivate static func storedMonth(_ text: String) throws -> MonthKey {
        do {
            return try MonthKey(parsing: text)
        } catch {
            throw StoreError(.corrupt, "programme month '\(text)' in the store is no longer valid: \(error)")
        }
    }
}
