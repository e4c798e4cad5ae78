import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PlannerStore
import Planning
import Synchronization
import Testing

@testable import PlannerServer

/// A clock the test moves.
final class SettableClock: Sendable {
    private let current: Mutex<Date>

    init(_ start: Date) { current = Mutex(start) }

    var now: Date { current.withLock { $0 } }

    func set(_ date: Date) { current.withLock { $0 = date } }

    var function: @Sendable () -> Date { { self.now } }
}

/// Never a stale answer: races, restored stores, date-dependent feeds, same-second writes and
/// path aliases.
@Suite struct FreshnessTests {
    static func utc(_ text: String) throws -> Date { try #require(ISO8601DateFormatter().date(from: text)) }

    static func quietLogger() -> Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    // MARK: - A poll racing a write

    @Test func aRevisionReadWhileAWriteLandsIsNotRemembered() throws {
        let memo = RevisionMemo(lifetime: .seconds(3_600))
        let subject = RevisionMemo.Subject.group(try Slug("vienna"))
        // The slow reader read revision 5; meanwhile a write landed and the memo forgot.
        let read = try memo.revision(of: subject) {
            memo.forgetAll()
            return "5"
        }
        #expect(read == "5")
        #expect(memo.freshRevision(of: subject) == nil, "the old revision came back after the write")
        // A read with no write meanwhile is remembered.
        #expect(try memo.revision(of: subject) { "6" } == "6")
        #expect(memo.freshRevision(of: subject) == "6")
    }

    /// A refused write (no token, bad input) wrote nothing, so it keeps the remembered
    /// revisions; a write that was done forgets them, so the next answer shows it.
    @Test func aRefusedWriteKeepsTheMemoAndADoneWriteForgetsIt() async throws {
        let store = try Fixtures.store()
        let coordinator = try store.createToken(in: Slug("vienna"), scope: .api(.coordinator), label: "c").secret
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: Self.quietLogger(), clock: { Fixtures.now },
            revisions: RevisionMemo(lifetime: .seconds(3_600)))
        let subject = RevisionMemo.Subject.group(try Slug("vienna"))
        let cancel = "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/cancel"
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { #expect($0.status == .ok) }
            #expect(dependencies.revisions.freshRevision(of: subject) != nil)
            for headers: HTTPFields in [[:], Fixtures.bearer("not-a-token"), Fixtures.bearer(coordinator)] {
                try await client.execute(uri: cancel, method: .post, headers: headers, body: Fixtures.json("{}")) {
                    response in
                    #expect((400..<500).contains(response.status.code))
                }
            }
            #expect(dependencies.revisions.freshRevision(of: subject) != nil, "refused writes keep the memo")
            try await client.execute(
                uri: cancel, method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"reason":"ill"}"#)
            ) { #expect($0.status == .ok) }
            #expect(dependencies.revisions.freshRevision(of: subject) == nil, "a done write forgets")
        }
    }

    // MARK: - Restored and replaced stores

    /// The public feed's entity tag and Last-Modified from a daemon opening `path` at `clock`.
    static func validators(path: String, storeClock: SettableClock, daemonClock: SettableClock) async throws -> (
        String, String
    ) {
        let store = try PlannerStore(path: path, clock: storeClock.function)
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: quietLogger(), clock: daemonClock.function,
            revisions: RevisionMemo(lifetime: .zero))
        return try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                #expect(response.status == .ok)
                return (try #require(response.headers[.eTag]), try #require(response.headers[.lastModified]))
            }
        }
    }

    @Test func aRestoredStoreNeverAnswersATagOrDateOfTheStateItReplaced() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-restore-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        let backup = folder.appendingPathComponent("backup.sqlite").path
        let clock = SettableClock(try Self.utc("2027-01-15T08:00:00Z"))
        let daemonClock = SettableClock(try Self.utc("2027-01-15T08:00:00Z"))
        do {
            try Fixtures.fill(try PlannerStore(path: path, clock: clock.function))
        }
        let (first, _) = try await Self.validators(path: path, storeClock: clock, daemonClock: daemonClock)
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
            try FileManager.default.copyItem(atPath: path + suffix, toPath: backup + suffix)
        }

        // A change an hour later, seen by a client.
        clock.set(try Self.utc("2027-01-15T09:00:00Z"))
        daemonClock.set(try Self.utc("2027-01-15T09:00:05Z"))
        do {
            let store = try PlannerStore(path: path, clock: clock.function)
            let session = Session.ID(
                activity: try Slug("monthly-meeting"), ruleDate: try LocalDateTime(parsing: "2027-06-01T15:00"))
            try store.moveSession(
                session, in: try Slug("vienna"), to: try LocalDateTime(parsing: "2027-06-02T15:00"), reason: "room")
        }
        let (changed, changedDate) = try await Self.validators(path: path, storeClock: clock, daemonClock: daemonClock)
        #expect(changed != first)

        // The backup comes back: the same revision and bytes as the first state.
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: backup + suffix) {
            try FileManager.default.copyItem(atPath: backup + suffix, toPath: path + suffix)
        }
        daemonClock.set(try Self.utc("2027-01-15T10:00:00Z"))
        let (restored, _) = try await Self.validators(path: path, storeClock: clock, daemonClock: daemonClock)
        #expect(restored != first, "a restored store repeated an entity tag")
        #expect(restored != changed)

        // Clients holding the replaced state's validators get the restored feed.
        let store = try PlannerStore(path: path, clock: clock.function)
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: Self.quietLogger(),
            clock: daemonClock.function,
            revisions: RevisionMemo(lifetime: .zero))
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: changed]) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/calendars/vienna.ics", method: .get, headers: [.ifModifiedSince: changedDate]
            ) {
                response in
                #expect(response.status == .ok, "a bare If-Modified-Since of the replaced state answered 304")
            }
        }
    }

    // MARK: - Feeds that change with the date

    @Test func observancesWithoutYearsChangeOnNewYearInTheCacheAndForPolls() async throws {
        let clock = SettableClock(try Self.utc("2026-12-31T23:59:00Z"))
        let store = try Fixtures.store(clock: clock.function)
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: Self.quietLogger(), clock: clock.function,
            revisions: RevisionMemo(lifetime: .zero))
        try await Fixtures.app(dependencies).test(.router) { client in
            let (etag, lastModified) = try await client.execute(
                uri: "/calendars/observances.ics?country=AT", method: .get
            ) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("/2026@") && text.contains("/2027@") && !text.contains("/2028@"))
                return (try #require(response.headers[.eTag]), try #require(response.headers[.lastModified]))
            }
            clock.set(try Self.utc("2027-01-01T00:00:01Z"))
            try await client.execute(
                uri: "/calendars/observances.ics?country=AT", method: .get, headers: [.ifNoneMatch: etag]
            ) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains("/2028@") && !text.contains("/2026@"))
            }
            // A client that fetched after the catalogue changed but before the new year.
            #expect(lastModified == "Thu, 31 Dec 2026 23:59:00 GMT")
            try await client.execute(
                uri: "/calendars/observances.ics?country=AT", method: .get,
                headers: [.ifModifiedSince: "Thu, 31 Dec 2026 23:59:30 GMT"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aCachedFeedPastItsValidityIsRenderedAgainAsChanged() async throws {
        let cache = FeedCache<String>(metrics: ServerMetrics())
        let modified = try Self.utc("2027-01-10T08:00:00Z")
        let until = try Self.utc("2027-01-20T00:00:00Z")
        let renders = Mutex(0)
        let render: @Sendable () async throws -> FeedBody = {
            let count = renders.withLock { count in
                count += 1
                return count
            }
            return FeedBody(
                bytes: Array("BEGIN:VCALENDAR\r\nX-RENDER:\(count)\r\nEND:VCALENDAR\r\n".utf8), modified: modified,
                validUntil: until)
        }
        let before = try await cache.feed("k", revision: "1", now: try Self.utc("2027-01-19T00:00:00Z"), render: render)
        let same = try await cache.feed("k", revision: "1", now: try Self.utc("2027-01-19T12:00:00Z"), render: render)
        #expect(same.etag == before.etag)
        let after = try await cache.feed("k", revision: "1", now: try Self.utc("2027-01-20T00:00:01Z"), render: render)
        #expect(after.etag != before.etag)
        #expect(after.modified >= until, "the new rendering must not keep the old Last-Modified")
        #expect(renders.withLock { $0 } == 2)
    }

    @Test func thePollFastPathStopsVouchingForAFeedPastItsValidity() throws {
        let memo = RevisionMemo(lifetime: .seconds(3_600))
        let answers = PollAnswers(revisions: memo, metrics: ServerMetrics(), maxAge: 3_600, serverName: nil)
        let subject = RevisionMemo.Subject.group(try Slug("vienna"))
        _ = try memo.revision(of: subject) { "1" }
        let bytes = Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8)
        let current = try CachedFeed(
            revision: "1",
            rendered: FeedBody(
                bytes: bytes, modified: Date(timeIntervalSinceNow: -60), validUntil: Date(timeIntervalSinceNow: 3_600)))
        let request = { (feed: CachedFeed) in
            HTTPRequest(
                method: .get, scheme: nil, authority: nil, path: "/calendars/vienna.ics",
                headerFields: [.ifNoneMatch: feed.etag])
        }
        answers.record("/calendars/vienna.ics", subject: subject, feed: current, route: "/calendars/{group}.ics")
        #expect(answers.notModified(for: request(current))?.status == .notModified)
        let expired = try CachedFeed(
            revision: "1",
            rendered: FeedBody(
                bytes: bytes, modified: Date(timeIntervalSinceNow: -60), validUntil: Date(timeIntervalSinceNow: -1)))
        answers.record("/calendars/vienna.ics", subject: subject, feed: expired, route: "/calendars/{group}.ics")
        #expect(answers.notModified(for: request(expired)) == nil)
    }

    // MARK: - Last-Modified has whole seconds

    @Test func aSecondWriteInTheSameSecondIsNeverHiddenByIfModifiedSince() throws {
        let bytes = Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8)
        let second = try Self.utc("2027-01-15T08:00:00Z")
        let firstWrite = try CachedFeed(
            revision: "1", rendered: FeedBody(bytes: bytes, modified: second.addingTimeInterval(0.2)))
        // Served at .5 of the same second: Last-Modified names that second, never a later one.
        let served = firstWrite.lastModifiedText(at: second.addingTimeInterval(0.5))
        #expect(served == "Fri, 15 Jan 2027 08:00:00 GMT")
        // A second write at .7: the client's date must not match it, now or later.
        let secondWrite = try CachedFeed(
            revision: "2", rendered: FeedBody(bytes: bytes + [0x20], modified: second.addingTimeInterval(0.7)))
        for now in [second.addingTimeInterval(0.9), second.addingTimeInterval(30)] {
            #expect(!FeedResponse.isNotModified(secondWrite, headers: [.ifModifiedSince: served], now: now))
        }
        // Once the second is over, Last-Modified names the next one and earns 304s.
        let later = second.addingTimeInterval(30)
        let settled = secondWrite.lastModifiedText(at: later)
        #expect(settled == "Fri, 15 Jan 2027 08:00:01 GMT")
        #expect(FeedResponse.isNotModified(secondWrite, headers: [.ifModifiedSince: settled], now: later))
        #expect(
            FeedResponse.isNotModified(
                secondWrite, headers: [.ifModifiedSince: "Fri, 15 Jan 2027 09:00:00 GMT"], now: later))
        // Not while the change is in the current second.
        #expect(
            !FeedResponse.isNotModified(
                secondWrite, headers: [.ifModifiedSince: settled], now: second.addingTimeInterval(0.8)))
        // With If-None-Match present, If-Modified-Since is ignored.
        #expect(
            !FeedResponse.isNotModified(
                secondWrite, headers: [.ifNoneMatch: firstWrite.etag, .ifModifiedSince: settled], now: later))
    }

    // MARK: - Path aliases

    @Test func pathAliasesMakeNoNewCacheEntries() async throws {
        let dependencies = try Fixtures.dependencies()
        try await Fixtures.app(dependencies).test(.router) { client in
            let etag = try await client.execute(uri: "/calendars/vienna.ics", method: .get) {
                try #require($0.headers[.eTag])
            }
            for alias in [
                "/calendars//vienna.ics", "/calendars/vienna.ics/", "/calendars///vienna.ics", "//calendars/vienna.ics",
            ] {
                try await client.execute(uri: alias, method: .get) { response in
                    if response.status == .ok { #expect(response.headers[.eTag] == etag, "\(alias)") }
                }
            }
            try await client.execute(uri: "/calendars/vienna/gap/ps-vaw.ics", method: .get) { _ in }
            try await client.execute(uri: "/calendars/vienna/gap/PS-VAW.ics", method: .get) { _ in }
        }
        #expect(dependencies.feedCache.count == 2, "one public feed and one GAP feed, whatever the spelling")
        #expect(dependencies.pollAnswers.count <= 2)
    }

    // MARK: - Polls against a real server while writes land

    /// The revision an entity tag names (`"…-r12-…"`).
    static func revision(of etag: String) -> Int? {
        guard let match = etag.firstMatch(of: #/-r([0-9]+)-/#) else { return nil }
        return Int(match.output.1)
    }

    @Test func concurrentPollsWhileWritesLandNeverGetAnOldAnswer() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-polls-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        // The daemon as built, with its revision memo and poll fast path.
        let app = try await buildApplication(Fixtures.liveConfiguration(folder))
        let observer = try PlannerStore(path: folder.appendingPathComponent("planner.sqlite").path)
        let vienna = try Slug("vienna")
        let token = try observer.createToken(in: vienna, scope: .api(.coordinator), label: "writer").secret
        let sessions = try observer.snapshot(of: vienna).plan.sessions
            .filter { !$0.dropped && $0.status != .cancelled }.prefix(12).map(\.id)
        let ledger = PollLedger(revision: try observer.revision(of: vienna))
        try await app.test(.ahc(.http)) { client in
            let initial = try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                String(buffer: response.body).components(separatedBy: "STATUS:CANCELLED").count - 1
            }
            /// One conditional GET holding `held`; returns the tag the poller holds afterwards.
            @Sendable func poll(holding held: String?) async throws -> String? {
                let floor = ledger.acknowledged.withLock { $0 }
                let headers: HTTPFields = held.map { [.ifNoneMatch: $0] } ?? [:]
                return try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: headers) {
                    response in
                    switch response.status {
                    case .notModified:
                        ledger.answers.withLock { $0.notModified += 1 }
                        if let held, let revision = Self.revision(of: held), revision < floor.revision {
                            ledger.failures.withLock {
                                $0.append(
                                    "304 for revision \(revision) after revision \(floor.revision) was acknowledged")
                            }
                        }
                        return held
                    case .ok:
                        ledger.answers.withLock { $0.bodies += 1 }
                        let tag = response.headers[.eTag] ?? ""
                        if let revision = Self.revision(of: tag), revision < floor.revision {
                            ledger.failures.withLock {
                                $0.append("a body tagged revision \(revision) after revision \(floor.revision)")
                            }
                        }
                        let cancelled =
                            String(buffer: response.body).components(separatedBy: "STATUS:CANCELLED").count - 1
                        if cancelled < initial + floor.writes {
                            ledger.failures.withLock {
                                $0.append("a body with \(cancelled) cancellations after \(initial + floor.writes)")
                            }
                        }
                        return tag
                    default:
                        ledger.failures.withLock { $0.append("status \(response.status)") }
                        return held
                    }
                }
            }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<4 {
                    group.addTask {
                        var held: String?
                        while ledger.writing.load(ordering: .acquiring) {
                            held = try await poll(holding: held)
                        }
                        // Quiet now: the tag held after one more poll is current, and earns a 304.
                        held = try await poll(holding: held)
                        try await client.execute(
                            uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: held ?? ""]
                        ) {
                            response in
                            #expect(response.status == .notModified)
                            // Counted too: under load every poll during the writes may see a new
                            // revision, and these are the 304s the test is sure to exercise.
                            if response.status == .notModified { ledger.answers.withLock { $0.notModified += 1 } }
                        }
                    }
                }
                group.addTask {
                    defer { ledger.writing.store(false, ordering: .releasing) }
                    for session in sessions {
                        try await client.execute(
                            uri: "/api/v1/groups/vienna/sessions/\(session)/cancel", method: .post,
                            headers: [.authorization: "Bearer \(token)", .contentType: "application/json"],
                            body: ByteBuffer(string: #"{"reason":"Room taken"}"#)
                        ) { response in
                            #expect(response.status == .ok)
                        }
                        let revision = try observer.revision(of: vienna)
                        ledger.acknowledged.withLock {
                            $0 = PollLedger.Acknowledged(writes: $0.writes + 1, revision: revision)
                        }
                    }
                }
                try await group.waitForAll()
            }
        }
        #expect(sessions.count == 12)
        let failures = ledger.failures.withLock { $0 }
        #expect(failures.isEmpty, "\(failures.count) old answers, e.g. \(failures.prefix(3))")
        let counts = ledger.answers.withLock { $0 }
        #expect(counts.notModified >= 4 && counts.bodies >= 4, "\(counts)")
    }
}

/// What the pollers and the writer of the live test share.
final class PollLedger: Sendable {
    /// What every poll must at least see: the writes acknowledged before it was sent.
    struct Acknowledged {
        var writes = 0
        var revision = 0
    }

    let acknowledged: Mutex<Acknowledged>
    let failures = Mutex<[String]>([])
    let answers = Mutex((notModified: 0, bodies: 0))
    let writing = Atomic<Bool>(true)

    init(revision: Int) { acknowledged = Mutex(Acknowledged(revision: revision)) }
}
