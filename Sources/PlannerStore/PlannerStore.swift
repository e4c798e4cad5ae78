import Foundation
import GRDB
import Planning

/// The SQLite store of the planner: the catalogue, groups, members, activities, sessions,
/// assignments, blackouts and programmes.
///
/// One façade over one database. Every write is named for an intention (`importGroup`,
/// `moveSession`, `cancelActivity`…), runs in one transaction that keeps the invariants, stamps the
/// rows it changes with the time of change, and bumps the group's revision when anything in the
/// group changed. A write that fails leaves the store as it was.
///
/// Production opens a file with ``init(path:clock:)`` (a WAL-mode `DatabasePool`: readers beside
/// one writer, other processes welcome); tests use ``inMemory(clock:)``.
public struct PlannerStore: Sendable {
    let writer: any DatabaseWriter
    let clock: @Sendable () -> Date

    /// Opens (creating if needed) the store at `path`, migrating it to the current schema.
    ///
    /// - Parameter clock: the source of change times; tests pass a fixed clock so that stored
    ///   times, and the feeds made from them, are reproducible.
    public init(path: String, clock: @escaping @Sendable () -> Date = Date.init) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let pool = try DatabasePool(path: path, configuration: Self.configuration)
            try self.init(writer: pool, clock: clock)
        } catch {
            throw StoreError(.database, "cannot open the store at \(path): \(Self.reason(error))")
        }
    }

    /// A store in memory, for tests and one-shot work.
    public static func inMemory(clock: @escaping @Sendable () -> Date = Date.init) throws -> PlannerStore {
        try PlannerStore(writer: DatabaseQueue(configuration: configuration), clock: clock)
    }

    private init(writer: any DatabaseWriter, clock: @escaping @Sendable () -> Date) throws {
        self.writer = writer
        self.clock = clock
        try Schema.migrator.migrate(writer)
    }

    private static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        // Another process (the daemon beside the CLI) may hold the write lock for a moment.
        configuration.busyMode = .timeout(10)
        configuration.label = "PlannerStore"
        return configuration
    }

    private static func reason(_ error: any Error) -> String {
        (error as? DatabaseError)?.message ?? "\(error)"
    }

    /// The path of the database file, or `nil` in memory.
    public var path: String? {
        let path = writer.path
        return path.isEmpty || path == ":memory:" ? nil : path
    }

    // MARK: - Transactions

    /// Runs `body` in one write transaction for the group `slug`; bumps the group's revision
    /// and change time when `body` changed any row. With `expectedRevision`, a group whose
    /// revision is another changes nothing (`StoreError` `changed`). Every error comes out as a
    /// `StoreError`.
    func writeGroup<T: Sendable>(
        _ slug: Slug, expectedRevision: Int? = nil, _ body: @Sendable (Database, GroupRecord, Date) throws -> T
    ) throws -> T {
        let now = clock()
        return try write { db in
            guard let group = try GroupRecord.fetch(db, slug: slug) else {
                throw StoreError.notFound("group '\(slug)'")
            }
            if let expectedRevision, group.revision != expectedRevision {
                throw StoreError.changed(slug, expected: expectedRevision, found: group.revision)
            }
            let before = db.totalChangesCount
            let result = try body(db, group, now)
            if db.totalChangesCount != before {
                try group.bumpRevision(db, at: now)
            }
            return result
        }
    }

    /// Runs `body` in one write transaction; every error comes out as a `StoreError`.
    func write<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw StoreError.wrapping(error)
        }
    }

    /// Runs `body` in a read transaction (a consistent snapshot).
    func read<T: Sendable>(_ body: @Sendable (Database) throws -> T) throws -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrapping(error)
        }
    }
}
