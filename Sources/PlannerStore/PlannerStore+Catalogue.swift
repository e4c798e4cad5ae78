public import Foundation
import GRDB
public import Planning

extension PlannerStore {
    /// Installs or updates the catalogue (themes, GAP priorities, activity kinds, observances).
    ///
    /// Entries are matched by slug or id and updated in place; entries the new catalogue no
    /// longer has are removed unless something still refers to them, which is a `conflict`.
    /// Returns one line per change; installing the same catalogue twice changes nothing.
    ///
    /// A change raises the catalogue's revision and every group's (their feeds show theme
    /// titles, kinds and observances), so cached feeds and snapshots are rendered again.
    @discardableResult
    public func installCatalogue(_ catalogue: Catalogue) throws -> [String] {
        let now = clock()
        return try write { db in
            var changes: [String] = []
            let priorities = catalogue.gapPriorities.map(GAPPriorityRecord.init)
            let existingPriorities = try GAPPriorityRecord.fetchAll(db)
            let stored = Dictionary(uniqueKeysWithValues: existingPriorities.map { ($0.id, $0) })
            for record in priorities
            where stored[record.id].map({
                $0.title != record.title || $0.scope != record.scope || $0.source != record.source
            }) ?? true {
                try record.save(db)
                changes.append("GAP priority \(record.id)")
            }
            changes += try sync(db, table: "theme", entries: catalogue.themes.map { ($0.slug.rawValue, $0) })
            changes += try sync(
                db, table: "activity_kind", entries: catalogue.activityKinds.map { ($0.slug.rawValue, $0) })
            changes += try sync(db, table: "observance", entries: catalogue.observances.map { ($0.slug.rawValue, $0) })
            let keep = Set(priorities.map(\.id))
            let missionIDs = try Self.missionPriorityIDs(db)
            for record in existingPriorities where !keep.contains(record.id) && !missionIDs.contains(record.id) {
                try removeReferenced(db, table: "gap_priority", key: "id", value: record.id, what: "GAP priority")
                changes.append("removed GAP priority \(record.id)")
            }
            if !changes.isEmpty {
                try db.execute(
                    sql: "UPDATE catalogue_state SET revision = revision + 1, updated_at = ?", arguments: [now])
                try db.execute(
                    sql: "UPDATE planner_group SET revision = revision + 1, updated_at = ?", arguments: [now])
            }
            return changes
        }
    }

    /// The catalogue's revision (raised by every install that changed something) and when
    /// that was.
    public func catalogueRevision() throws -> (revision: Int, modified: Date) {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT revision, updated_at FROM catalogue_state") else {
                throw StoreError(.invalid, "the store has no catalogue state row")
            }
            return (row["revision"], row["updated_at"])
        }
    }

    /// The installed catalogue (without any group's mission priorities).
    public func catalogue() throws -> Catalogue {
        try read { db in try Self.catalogue(db) }
    }

    static func catalogue(_ db: Database) throws -> Catalogue {
        let missions = try missionPriorityIDs(db)
        let priorities = try GAPPriorityRecord.order(Column("id")).fetchAll(db)
            .filter { !missions.contains($0.id) }
            .map { try $0.priority() }
        do {
            return try Catalogue(
                gapPriorities: priorities,
                themes: entries(db, table: "theme"),
                activityKinds: entries(db, table: "activity_kind"),
                observances: entries(db, table: "observance"))
        } catch let error as PlanningError {
            throw StoreError(.invalid, "the stored catalogue is no longer valid: \(error)")
        }
    }

    private static func entries<T: Decodable>(_ db: Database, table: String) throws -> [T] {
        try CatalogueEntryRecord.fetchAll(db, sql: "SELECT slug, body FROM \(table) ORDER BY rowid").map {
            try CanonicalJSON.decode(T.self, from: $0.body, what: "\(table) '\($0.slug)'")
        }
    }

    /// The ids of GAP priorities that some group declared as its mission's own.
    private static func missionPriorityIDs(_ db: Database) throws -> Set<String> {
        var ids: Set<String> = []
        for record in try GroupRecord.fetchAll(db) {
            ids.formUnion(try record.group().missionPriorities.map(\.id.rawValue))
        }
        return ids
    }

    /// Upserts JSON entries by slug and removes the ones no longer listed; returns the changes.
    private func sync<T: Encodable>(_ db: Database, table: String, entries: [(String, T)]) throws -> [String] {
        var changes: [String] = []
        let stored = try Dictionary(
            CatalogueEntryRecord.fetchAll(db, sql: "SELECT slug, body FROM \(table)").map { ($0.slug, $0.body) },
            uniquingKeysWith: { first, _ in first })
        for (slug, value) in entries {
            let body = try CanonicalJSON.encode(value)
            guard stored[slug] != body else { continue }
            try db.execute(
                sql:
                    "INSERT INTO \(table) (slug, body) VALUES (?, ?) ON CONFLICT(slug) DO UPDATE SET body = excluded.body",
                arguments: [slug, body])
            changes.append(
                "\(stored[slug] == nil ? "added" : "updated") \(table.replacingOccurrences(of: "_", with: " ")) \(slug)"
            )
        }
        let keep = Set(entries.map(\.0))
        for slug in stored.keys.sorted() where !keep.contains(slug) {
            try removeReferenced(
                db, table: table, key: "slug", value: slug, what: table.replacingOccurrences(of: "_", with: " "))
            changes.append("removed \(table.replacingOccurrences(of: "_", with: " ")) \(slug)")
        }
        return changes
    }

    private func removeReferenced(_ db: Database, table: String, key: String, value: String, what: String) throws {
        do {
            try db.execute(sql: "DELETE FROM \(table) WHERE \(key) = ?", arguments: [value])
        } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_FOREIGNKEY {
            throw StoreError(
                .conflict,
                "\(what) '\(value)' is no longer in the catalogue but the store still uses it; keep it or edit what uses it first"
            )
        }
    }
}
