public import Foundation
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
    /// How many years after the day of a write a session may be dated: a rule or a requested
    /// horizon further ahead is refused, and series are stored no further (a bounded number of
    /// rows, whatever a caller asks for).
    public var sessionHorizonYears = 5

    /// Opens (creating if needed) the store at `path`, migrating it to the current schema.
    ///
    /// The store holds members' names, e-mail addresses and availability: a folder it creates
    /// is made `0700`, a file it creates `0600`, and an existing store file (and its WAL and
    /// shared-memory files) owned by this user loses any group or other permission.
    ///
    /// - Parameter clock: the source of change times; tests pass a fixed clock so that stored
    ///   times, and the feeds made from them, are reproducible.
    public init(path: String, clock: @escaping @Sendable () -> Date = Date.init) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try Self.prepareFiles(path: path, directory: directory)
            let pool = try DatabasePool(path: path, configuration: Self.configuration)
            try self.init(writer: pool, clock: clock)
        } catch {
            throw StoreError(.database, "cannot open the store at \(path): \(Self.reason(error))")
        }
    }

    /// Makes the folder (`0700`) and the file (`0600`) before SQLite opens it, so the data is
    /// never readable by others, not even for a moment; tightens what exists and is ours.
    /// SQLite gives the WAL and shared-memory files the mode of the database file.
    private static func prepareFiles(path: String, directory: URL) throws {
        let files = FileManager.default
        if !files.fileExists(atPath: directory.path) {
            try files.createDirectory(
                at: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        }
        let descriptor = open(path, O_CREAT | O_RDWR | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else {
            throw StoreError(.database, "cannot create \(path): \(String(cString: strerror(errno)))")
        }
        close(descriptor)
        for file in [path, path + "-wal", path + "-shm"] {
            var status = stat()
            guard stat(file, &status) == 0, status.st_uid == geteuid(), status.st_mode & 0o077 != 0 else { continue }
            chmod(file, status.st_mode & 0o700)
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

    /// The store's identity: random, made when the store was created, copied with the file.
    /// Entity tags carry it (see `FeedCache` in PlannerServer for why that alone is not enough
    /// after a restore).
    public func identity() throws -> String {
        try read { db in
            guard let value = try String.fetchOne(db, sql: "SELECT value FROM store_identity") else {
                throw StoreError(.invalid, "the store has no identity row")
            }
            return value
        }
    }

    /// What a feed may be filtered to: a catalogue table's ids.
    public enum FeedSubject: String, Sendable {
        /// A theme's slug.
        case theme
        /// An activity kind's slug.
        case kind = "activity_kind"
        /// A GAP priority's id (the catalogue's and every group's mission priorities).
        case gapPriority = "gap_priority"
    }

    /// Whether `id` is a known `subject`: one indexed lookup, no group read, so a feed of an
    /// unknown theme costs next to nothing.
    public func knows(_ subject: FeedSubject, _ id: String) throws -> Bool {
        let column = subject == .gapPriority ? "id" : "slug"
        return try read { db in
            try Bool.fetchOne(
                db, sql: "SELECT EXISTS (SELECT 1 FROM \(subject.rawValue) WHERE \(column) = ?)", arguments: [id])
                ?? false
        }
    }

    /// The path of the database file, or `nil` in memory.
    public var path: String? {
        let path = writer.path
        return path.isEmpty || path == ":memory:" ? nil : path
    }

    // MARK: - Horizon

    /// The last day sessions are stored through: `through` unless it is more than
    /// ``sessionHorizonYears`` after `now` in the group's zone, then that day. An activity
    /// starting after that day or as many years before `now`, or an explicitly `requested`
    /// horizon beyond it, is an error.
    func boundedHorizon(
        _ through: LocalDate, requested: LocalDate?, activities: [Activity], group: Group, now: Date
    ) throws -> LocalDate {
        let today = LocalDateTime(now, in: group.zone).date
        let limit =
            (try? LocalDate(year: today.year + sessionHorizonYears, month: today.month, day: today.day))
            ?? LocalDate(dayNumber: today.dayNumber + 365 * sessionHorizonYears)
        let beyond = "more than \(sessionHorizonYears) years ahead (after \(limit))"
        if let requested, requested > limit {
            throw StoreError(.invalid, "sessions cannot be planned through \(requested): that is \(beyond)")
        }
        if let late = activities.first(where: { $0.schedule.start.date > limit }) {
            throw StoreError(
                .invalid,
                "activity '\(late.slug)' starts on \(late.schedule.start.date), \(beyond); "
                    + "plannerd's session-horizon-years sets the limit")
        }
        // Sessions are stored from an activity's start: one starting centuries ago would make a
        // single write store (holding the write lock) hundreds of thousands of them.
        let earliest =
            (try? LocalDate(year: today.year - sessionHorizonYears, month: today.month, day: today.day))
            ?? LocalDate(dayNumber: today.dayNumber - 365 * sessionHorizonYears)
        if let early = activities.first(where: { $0.schedule.start.date < earliest }) {
            throw StoreError(
                .invalid,
                "activity '\(early.slug)' starts on \(early.schedule.start.date), more than \(sessionHorizonYears) "
                    + "years ago (before \(earliest)); plannerd's session-horizon-years sets the limit")
        }
        return min(through, limit)
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
