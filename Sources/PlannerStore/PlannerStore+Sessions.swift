import Foundation
import GRDB
public import Planning

/// Every write an API caller may make takes `expectedRevision`: when given, the write happens
/// only if the group is still at that revision; otherwise nothing is written and it throws
/// `StoreError` `changed` naming both revisions.
extension PlannerStore {
    // MARK: - Members

    /// Adds `member` to the group. A member whose id the group already has is a `conflict`.
    public func addMember(_ member: Member, to group: Slug, expectedRevision: Int? = nil) throws {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            try Self.requireKnownInterests(db, member)
            guard try MemberRecord.fetch(db, groupID: record.rowID, slug: member.id) == nil else {
                throw StoreError(.conflict, "group '\(group)' already has a member '\(member.id)'")
            }
            try insertMember(db, member, groupID: record.rowID, now: now)
        }
    }

    /// Replaces the member with the same id. Their duties stay.
    public func updateMember(_ member: Member, in group: Slug, expectedRevision: Int? = nil) throws {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            try Self.requireKnownInterests(db, member)
            guard var stored = try MemberRecord.fetch(db, groupID: record.rowID, slug: member.id) else {
                throw StoreError.notFound("member '\(member.id)' of group '\(group)'")
            }
            _ = try updateMember(db, &stored, to: member, now: now)
        }
    }

    /// Removes a member and their duties; returns the sessions that lost an organiser.
    @discardableResult
    public func removeMember(_ id: Slug, from group: Slug, expectedRevision: Int? = nil) throws -> [Session.ID] {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            guard let stored = try MemberRecord.fetch(db, groupID: record.rowID, slug: id) else {
                throw StoreError.notFound("member '\(id)' of group '\(group)'")
            }
            let affected = try Row.fetchAll(
                db,
                sql: """
                    SELECT session.id, activity.slug, session.rule_start FROM assignment
                    JOIN session ON session.id = assignment.session_id JOIN activity ON activity.id = session.activity_id
                    WHERE assignment.member_id = ? ORDER BY session.rule_start
                    """,
                arguments: [stored.id])
            try db.execute(
                sql:
                    "UPDATE session SET sequence = sequence + 1, updated_at = ? WHERE id IN (SELECT session_id FROM assignment WHERE member_id = ?)",
                arguments: [now, stored.id])
            _ = try stored.delete(db)
            return try affected.map { row in
                Session.ID(
                    activity: try Slug(row["slug"] as String), ruleDate: try LocalDateTime(parsing: row["rule_start"]))
            }
        }
    }

    static func requireKnownInterests(_ db: Database, _ member: Member) throws {
        for interest in member.interests {
            guard try themeExists(db, interest) else {
                throw StoreError(
                    .invalid, "interest '\(interest)' of member '\(member.id)' is not a theme in the catalogue")
            }
        }
    }

    /// Whether the catalogue has the theme `slug`.
    static func themeExists(_ db: Database, _ slug: Slug) throws -> Bool {
        try Int.fetchOne(db, sql: "SELECT 1 FROM theme WHERE slug = ?", arguments: [slug.rawValue]) != nil
    }

    // MARK: - Activities

    /// Adds an activity and stores its sessions through `sessionsThrough` (by default as far as
    /// the group's sessions already go, and at least the end of the second year after the
    /// latest start). A slug the group already has is a `conflict`.
    public func addActivity(
        _ activity: Activity, to group: Slug, sessionsThrough: LocalDate? = nil, expectedRevision: Int? = nil
    ) throws {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            let catalogue = try Self.catalogue(db)
            guard catalogue.kind(activity.kind) != nil else {
                throw StoreError(.invalid, "kind '\(activity.kind)' is not in the catalogue")
            }
            if let theme = activity.theme, catalogue.theme(theme) == nil {
                throw StoreError(.invalid, "theme '\(theme)' is not in the catalogue")
            }
            guard try ActivityRecord.fetch(db, groupID: record.rowID, slug: activity.slug) == nil else {
                throw StoreError(.conflict, "group '\(group)' already has an activity '\(activity.slug)'")
            }
            try insertActivity(db, activity, groupID: record.rowID, now: now)
            _ = try materialiseSessions(
                db, group: record.group(), groupID: record.rowID, catalogue: catalogue, requested: sessionsThrough,
                now: now)
        }
    }

    /// Cancels an activity as a whole: every session not yet cancelled becomes cancelled (they
    /// stay visible in feeds as `STATUS:CANCELLED` for the group's retention time). `reason`
    /// is private; `publicNote`, if given, is what the public reads.
    public func cancelActivity(
        _ slug: Slug, in group: Slug, reason: String, publicNote: String? = nil, expectedRevision: Int? = nil
    ) throws {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            guard var activity = try ActivityRecord.fetch(db, groupID: record.rowID, slug: slug) else {
                throw StoreError.notFound("activity '\(slug)' of group '\(group)'")
            }
            guard !activity.cancelled else { return }
            activity.cancelled = true
            activity.sequence += 1
            activity.updatedAt = now
            try activity.update(db)
            try db.execute(
                sql: """
                    UPDATE session SET status = 'cancelled', reason = ?, public_note = ?, sequence = sequence + 1,
                      updated_at = ?
                    WHERE activity_id = ? AND status != 'cancelled'
                    """,
                arguments: [reason, Self.note(publicNote), now, activity.id])
        }
    }

    // MARK: - Sessions

    /// Moves a session to `start` (keeping its length), remembering where it was and why. A
    /// session moved by hand stays where it was put when the rule or the blackouts change.
    /// `reason` is private; `publicNote`, if given, is what the public reads.
    public func moveSession(
        _ id: Session.ID, in group: Slug, to start: LocalDateTime, reason: String, publicNote: String? = nil,
        expectedRevision: Int? = nil
    ) throws {
        try editSession(id, in: group, byHand: true, expectedRevision: expectedRevision) { session in
            guard session.status != .cancelled else {
                throw StoreError(.conflict, "session \(id) is cancelled; it cannot be moved")
            }
            return try Session(
                activity: session.activity, ruleDate: session.ruleDate, start: start,
                end: start.adding(minutes: session.durationMinutes), theme: session.theme,
                organisers: session.organisers,
                status: session.status, movedFrom: session.movedFrom ?? session.start, reason: reason,
                publicNote: publicNote)
        }
    }

    /// Cancels one session (it stays in feeds as `STATUS:CANCELLED` for the retention time).
    /// `reason` is private; `publicNote`, if given, is what the public reads.
    public func cancelSession(
        _ id: Session.ID, in group: Slug, reason: String, publicNote: String? = nil, expectedRevision: Int? = nil
    ) throws {
        try editSession(id, in: group, expectedRevision: expectedRevision) { session in
            try Session(
                activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                theme: session.theme, organisers: session.organisers, status: .cancelled, movedFrom: session.movedFrom,
                reason: reason, publicNote: publicNote, dropped: session.dropped)
        }
    }

    /// Confirms a session: it takes place as planned (`STATUS:CONFIRMED` in feeds). A cancelled
    /// session is reinstated (its cancellation reason goes; a move's reason stays). A session
    /// the blackouts dropped is a `conflict`: move it to a day it can take place first.
    public func confirmSession(_ id: Session.ID, in group: Slug, expectedRevision: Int? = nil) throws {
        try editSession(id, in: group, expectedRevision: expectedRevision) { session in try Self.confirmed(session) }
    }

    /// Confirms every tentative session of the group that starts on a day from `from` through
    /// `to`, in one transaction (cancelled and dropped ones stay as they are). Returns the
    /// sessions it confirmed.
    @discardableResult
    public func confirmSessions(
        of group: Slug, from: LocalDate, through to: LocalDate, expectedRevision: Int? = nil
    ) throws -> [Session.ID] {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            let tentative = try Row.fetchAll(
                db,
                sql: """
                    SELECT session.*, activity.slug AS activity_slug
                    FROM session JOIN activity ON activity.id = session.activity_id
                    WHERE activity.group_id = ? AND session.status = 'tentative' AND session.dropped = 0
                      AND substr(session.start_local, 1, 10) BETWEEN ? AND ?
                    ORDER BY session.start_local
                    """,
                arguments: [record.rowID, from.description, to.description])
            return try tentative.map { row in
                let stored = try SessionRecord(row: row)
                let id = Session.ID(
                    activity: try Slug(row["activity_slug"]), ruleDate: try LocalDateTime(parsing: stored.ruleStart))
                try Self.edit(db, stored, id, now: now) { try Self.confirmed($0) }
                return id
            }
        }
    }

    /// `session` confirmed, or a conflict for a dropped one.
    private static func confirmed(_ session: Session) throws -> Session {
        guard !session.dropped else {
            throw StoreError(
                .conflict, "session \(session.id) was dropped because of a blackout; move it to another day first")
        }
        return try Session(
            activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
            theme: session.theme, organisers: session.organisers, status: .confirmed, movedFrom: session.movedFrom,
            reason: session.status == .cancelled && session.movedFrom == nil ? nil : session.reason,
            publicNote: session.status == .cancelled ? nil : session.publicNote)
    }

    /// A public note as stored: trimmed, nil when empty.
    private static func note(_ text: String?) -> String? {
        guard let text = text?.trimmingCharacters(in: .whitespacesAndNewlines), !text.isEmpty else { return nil }
        return text
    }

    /// Sets a session's theme.
    public func setTheme(_ theme: Slug?, of id: Session.ID, in group: Slug, expectedRevision: Int? = nil) throws {
        try editSession(id, in: group, expectedRevision: expectedRevision) { session in try session.with(theme: theme) }
    }

    /// Records what became of session `id`: replaces an earlier outcome. A session's outcome is
    /// not part of any feed, so its sequence stays; the group's revision rises.
    public func recordOutcome(
        _ outcome: SessionOutcome, of id: Session.ID, in group: Slug, expectedRevision: Int? = nil
    ) throws {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            guard let stored = try Self.sessionRecord(db, id, groupID: record.rowID), let rowID = stored.id else {
                throw StoreError.notFound("session \(id) of group '\(group)'")
            }
            try db.execute(
                sql: """
                    INSERT INTO session_outcome (session_id, body, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT (session_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
                    WHERE body != excluded.body
                    """,
                arguments: [rowID, try CanonicalJSON.encode(outcome), now])
        }
    }

    /// Applies `change` to one session in one transaction; a material change raises its sequence.
    private func editSession(
        _ id: Session.ID, in group: Slug, byHand: Bool = false, expectedRevision: Int?,
        _ change: @escaping @Sendable (Session) throws -> Session
    ) throws {
        try writeGroup(group, expectedRevision: expectedRevision) { db, record, now in
            guard let stored = try Self.sessionRecord(db, id, groupID: record.rowID) else {
                throw StoreError.notFound("session \(id) of group '\(group)'")
            }
            try Self.edit(db, stored, id, now: now, byHand: byHand, change)
        }
    }

    /// Applies `change` to the stored session `id` inside the caller's transaction.
    private static func edit(
        _ db: Database, _ stored: SessionRecord, _ id: Session.ID, now: Date, byHand: Bool = false,
        _ change: (Session) throws -> Session
    ) throws {
        let before = try stored.session(activity: id.activity, organisers: [])
        let after = try change(before)
        if let theme = after.theme, try !themeExists(db, theme) {
            throw StoreError(.invalid, "theme '\(theme)' is not in the catalogue")
        }
        var edited = stored
        edited.assign(after)
        guard edited != stored else { return }
        edited.movedByHand = stored.movedByHand || byHand
        edited.sequence += 1
        edited.updatedAt = now
        try edited.update(db)
    }

    // MARK: - Blackouts

    /// Adds blackouts (public holidays from an `.ics`, closures); ones already stored (same
    /// external UID, or same days and reason) are skipped. Returns how many were added.
    @discardableResult
    public func importBlackouts(_ blackouts: [(Blackout, externalUID: String?)], into group: Slug) throws -> Int {
        try writeGroup(group) { db, record, now in
            let stored = try BlackoutRecord.filter(Column("group_id") == record.rowID).fetchAll(db)
            var identities = Set(stored.map(\.identity))
            var uids = Set(stored.compactMap(\.externalUID))
            var added = 0
            for (blackout, uid) in blackouts {
                var row = BlackoutRecord(blackout, groupID: record.rowID, externalUID: uid, now: now)
                if let uid, uids.contains(uid) { continue }
                guard !identities.contains(row.identity) else { continue }
                try row.insert(db)
                identities.insert(row.identity)
                if let uid { uids.insert(uid) }
                added += 1
            }
            guard added > 0 else { return 0 }
            // Sessions that now fall on a blackout move off it (or drop), with the reason.
            _ = try materialiseSessions(
                db, group: record.group(), groupID: record.rowID, catalogue: Self.catalogue(db), now: now)
            return added
        }
    }

    // MARK: - Materialising series

    /// Gives a one-off's session the organisers its group file names (pinned), unless it has
    /// them already; true when they changed. Organisers the file does not name are not touched
    /// when it names none: they are the assigner's or a coordinator's.
    private static func setFileOrganisers(
        _ db: Database, of record: inout SessionRecord, _ session: Session, _ groupID: Int64, _ now: Date
    ) throws -> Bool {
        let stored = try AssignmentRecord.filter(Column("session_id") == record.id).order(sql: "rowid").fetchAll(db)
        return try replaceOrganisers(
            db, of: &record, stored: stored, with: session.organisers, now: now,
            memberID: { slug in
                guard let id = try MemberRecord.fetch(db, groupID: groupID, slug: slug)?.id else {
                    throw StoreError.notFound("organiser '\(slug)' is not a member")
                }
                return id
            })
    }

    /// Stores the sessions every activity's schedule gives through the horizon (`requested`, or
    /// ``horizon(_:groupID:activities:requested:)``'s default), placed around the group's
    /// blackouts and working days (``BlackoutMover``), keeping the edits of sessions whose rule
    /// date is still given; returns one line per activity that changed.
    ///
    /// A session follows its rule and the blackouts until a coordinator moves or cancels it:
    /// then it stays as they left it.
    func materialiseSessions(
        _ db: Database, group: Group, groupID: Int64, catalogue: Catalogue, requested: LocalDate? = nil, now: Date
    ) throws -> [String] {
        var changes: [String] = []
        let blackouts = try BlackoutRecord.filter(Column("group_id") == groupID).order(Column("first_day"))
            .fetchAll(db).map { try $0.blackout() }
        let records = try Self.activityRecords(db, groupID: groupID)
        let activities = try records.map { try $0.activity() }
        let through = try boundedHorizon(
            Self.horizon(db, groupID: groupID, activities: activities, requested: requested), requested: requested,
            activities: activities, group: group, now: now)
        for (activityRecord, activity) in zip(records, activities) {
            guard let kind = catalogue.kind(activity.kind) else {
                throw StoreError(
                    .invalid, "kind '\(activity.kind)' of activity '\(activity.slug)' is not in the catalogue")
            }
            let first = activity.schedule.start.date
            let expanded =
                first <= through
                ? try SessionExpansion.sessions(for: activity, kind: kind, group: group, window: first...through) : []
            let placed = try BlackoutMover.place(expanded, group: group, blackouts: blackouts)
            let stored = try SessionRecord.filter(Column("activity_id") == activityRecord.id).fetchAll(db)
            var byRuleStart = Dictionary(uniqueKeysWithValues: stored.map { ($0.ruleStart, $0) })
            var added = 0
            var updated = 0
            // A series whose time of day changed gives the same days at another time: each day's
            // session keeps its theme, organisers, status and hand move under its new rule date.
            let keep = Set(placed.map(\.ruleDate.description))
            var orphansByDay = Dictionary(
                grouping: stored.filter { !keep.contains($0.ruleStart) }, by: { $0.ruleStart.prefix(10) })
            for session in placed where byRuleStart[session.ruleDate.description] == nil {
                let day = session.ruleDate.description.prefix(10)
                guard var orphan = orphansByDay[day]?.popLast() else { continue }
                byRuleStart[orphan.ruleStart] = nil
                orphan.ruleStart = session.ruleDate.description
                if !orphan.movedByHand { orphan.follow(session) }
                orphan.sequence += 1
                orphan.updatedAt = now
                try orphan.update(db)
                byRuleStart[orphan.ruleStart] = orphan
                updated += 1
            }
            for session in placed {
                if var record = byRuleStart[session.ruleDate.description] {
                    if activity.organisers != nil, try Self.setFileOrganisers(db, of: &record, session, groupID, now) {
                        updated += 1
                    }
                    guard !record.movedByHand, record.status != Session.Status.cancelled.rawValue,
                        record.placementDiffers(from: session)
                    else { continue }
                    record.follow(session)
                    record.sequence += 1
                    record.updatedAt = now
                    try record.update(db)
                    updated += 1
                } else {
                    var record = SessionRecord(session, activityID: activityRecord.id ?? 0, now: now)
                    if activityRecord.cancelled {
                        record.status = Session.Status.cancelled.rawValue
                    }
                    // A new session of a series that has existed for a while is a change of
                    // the series: it starts at the series' sequence so overrides never fall below it.
                    record.sequence = activityRecord.sequence
                    try record.insert(db)
                    if activity.organisers != nil {
                        _ = try Self.setFileOrganisers(db, of: &record, session, groupID, now)
                        record.sequence = activityRecord.sequence
                        try record.update(db)
                    }
                    added += 1
                }
            }
            let removed = orphansByDay.values.flatMap { $0 }
            for record in removed { _ = try record.delete(db) }
            let parts = [
                added > 0 ? "\(added) added" : nil, updated > 0 ? "\(updated) updated" : nil,
                removed.isEmpty ? nil : "\(removed.count) removed",
            ].compactMap { $0 }
            if !parts.isEmpty { changes.append("sessions of \(activity.slug): \(parts.joined(separator: ", "))") }
        }
        return changes
    }
}
