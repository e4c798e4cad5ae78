import CompressNIO
public import Foundation
import Hummingbird
public import NIOCore
import Prometheus
import Synchronization

/// A feed as rendered: its bytes and when its content last changed (from stored change times,
/// never "now").
public struct FeedBody: Sendable {
    /// The iCalendar text.
    public let bytes: [UInt8]
    /// When what it shows last changed: `Last-Modified`.
    public let modified: Date
    /// When it would render differently without a write (a cancelled session's retention
    /// ends); `nil`: not before the next write.
    public let validUntil: Date?

    /// Creates a rendered feed.
    public init(bytes: [UInt8], modified: Date, validUntil: Date? = nil) {
        self.bytes = bytes
        self.modified = modified
        self.validUntil = validUntil
    }
}

/// A feed at one revision, ready to serve many times: plain and gzip bodies, validators.
public struct CachedFeed: Sendable {
    /// The revision it was rendered at.
    public let revision: String
    /// The bytes.
    public let body: ByteBuffer
    /// The same bytes gzipped, made once.
    public let gzipped: ByteBuffer
    /// The strong entity tag of the plain bytes: the store's identity, the revision and a hash
    /// of the bytes, quoted.
    public let etag: String
    /// The entity tag of the gzip variant (a different representation, so a different tag).
    public let gzipETag: String
    /// When it last changed, to the stored millisecond.
    public let modified: Date
    /// The first whole second after ``modified``: from then on `Last-Modified` names it, and an
    /// `If-Modified-Since` of that second proves the client's copy is current.
    let settled: Date
    /// ``settled`` as an HTTP date.
    let settledText: String
    /// The second ``modified`` falls in, as an HTTP date: `Last-Modified` before ``settled``
    /// (never later than the answer's `Date`); it never earns a 304, as another write may land
    /// in the same second.
    let provisionalText: String
    /// When it goes stale even without a write.
    public let validUntil: Date?
    /// The bytes it holds (plain and gzip), for the cache's byte bound.
    var size: Int { body.readableBytes + gzipped.readableBytes }

    init(revision: String, rendered: FeedBody, identity: String = "") throws {
        self.revision = revision
        validUntil = rendered.validUntil
        var body = ByteBuffer(bytes: rendered.bytes)
        self.body = body
        gzipped = try body.compress(with: .gzip())
        let tag =
            (identity.isEmpty ? "" : identity + "-") + "r\(revision)-\(String(Self.fnv1a(rendered.bytes), radix: 16))"
        etag = "\"\(tag)\""
        gzipETag = "\"\(tag)-gz\""
        modified = rendered.modified
        let second = rendered.modified.timeIntervalSince1970.rounded(.down)
        settled = Date(timeIntervalSince1970: second + 1)
        settledText = HTTPDate.format(settled)
        provisionalText = HTTPDate.format(Date(timeIntervalSince1970: second))
    }

    /// `Last-Modified` for an answer sent at `now`.
    func lastModifiedText(at now: Date) -> String {
        now >= settled ? settledText : provisionalText
    }

    /// FNV-1a, 64 bits: a cheap content fingerprint for the entity tag (not a security hash).
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return hash
    }
}

/// Rendered feeds kept in memory per (feed, revision).
///
/// A feed is rendered once per revision: concurrent requests for a feed that is being rendered
/// wait for that one rendering instead of starting their own, and a newer revision replaces the
/// older entry. What is kept is bounded in feeds and in bytes; the least recently used goes
/// first. Keys are typed (``FeedKey`` in the daemon), never the request's path, so aliases of
/// a path (`//calendars/x.ics`) find the same entry.
///
/// **Why the entity tag carries an identity.** Revisions count writes of one store; a store
/// restored from a backup, or replaced by another file, counts again from a lower number, and
/// its revision 7 need not be the revision 7 clients saw. The daemon's identity
/// (``ServerDependencies``) is the store's random id (made when the store was created) and a
/// random incarnation made each time the daemon opens the store. The stored id alone is not
/// enough: a restored copy of an older file carries the same id as the live one. A file can
/// only be swapped under the daemon by stopping it (SQLite keeps the old file open otherwise),
/// so a new incarnation at every open covers every restore and replacement without a record
/// kept outside the store; it costs each subscriber one full download after a restart. For the
/// same reason ``notBefore`` (the open time) is the earliest `Last-Modified` the cache gives:
/// a restored store's older change times must not answer a later `If-Modified-Since` with 304.
///
/// A lock rather than an actor: a feed served from memory (every poll) then costs one short
/// critical section on the request's own thread, not a hop to the actor's executor and back.
public final class FeedCache<Key: Hashable & Sendable>: Sendable {
    private enum Entry {
        case ready(CachedFeed)
        case rendering(String, Task<CachedFeed, any Error>)

        var size: Int {
            if case .ready(let feed) = self { return feed.size }
            return 0
        }
    }

    private struct State {
        /// Each feed with the tick of its last use; an entry and its tick come and go together.
        var entries: [Key: (entry: Entry, lastUse: UInt64)] = [:]
        var useClock: UInt64 = 0
        /// The bytes of the ready entries.
        var bytes = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let maxBytes: Int
    private let metrics: ServerMetrics
    private let identity: String
    private let notBefore: Date

    /// Creates an empty cache holding at most `capacity` feeds and `maxBytes` bytes (plain and
    /// gzip bodies together); `identity` starts every entity tag and `notBefore` is the
    /// earliest change time it reports (see the type's notes).
    public init(
        capacity: Int = 1_024, maxBytes: Int = 64 << 20, metrics: ServerMetrics, identity: String = "",
        notBefore: Date = .distantPast
    ) {
        self.capacity = capacity
        self.maxBytes = maxBytes
        self.metrics = metrics
        self.identity = identity
        self.notBefore = notBefore
    }

    /// The feed `key` at `revision`: from memory, or rendered once by `render`. A kept feed
    /// whose ``CachedFeed/validUntil`` has passed at `now` is rendered again, and its new
    /// rendering counts as changed then (its `Last-Modified` is no earlier).
    public func feed(
        _ key: Key, revision: String, now: Date = Date(), render: @escaping @Sendable () async throws -> FeedBody
    ) async throws -> CachedFeed {
        let entry: Entry = state.withLock { state in
            state.useClock &+= 1
            let kept: Entry
            switch state.entries[key]?.entry {
            case .ready(let feed) where feed.revision == revision && (feed.validUntil.map { now < $0 } ?? true):
                kept = .ready(feed)
            case .rendering(let current, let task) where current == revision:
                kept = .rendering(current, task)
            case let previous:
                var changedSince = notBefore
                if case .ready(let feed) = previous, feed.revision == revision, let until = feed.validUntil {
                    changedSince = max(changedSince, until)
                }
                if let previous { state.bytes -= previous.size }
                let task = Task { [changedSince] in
                    try await self.render(key, revision: revision, changedSince: changedSince, with: render)
                }
                kept = .rendering(revision, task)
            }
            state.entries[key] = (kept, state.useClock)
            return kept
        }
        switch entry {
        case .ready(let feed): return feed
        case .rendering(_, let task): return try await task.value
        }
    }

    /// Renders, then keeps the result if no newer revision started meanwhile (or forgets the
    /// failed attempt, so the next request tries again).
    private func render(
        _ key: Key, revision: String, changedSince: Date, with render: @Sendable () async throws -> FeedBody
    ) async throws -> CachedFeed {
        let start = ContinuousClock.now
        do {
            let rendered = try await render()
            let feed = try CachedFeed(
                revision: revision,
                rendered: FeedBody(
                    bytes: rendered.bytes, modified: max(rendered.modified, changedSince),
                    validUntil: rendered.validUntil),
                identity: identity)
            metrics.renders.increment()
            metrics.renderTime.record(ContinuousClock.now - start)
            state.withLock { state in
                if case .rendering(let current, _) = state.entries[key]?.entry, current == revision {
                    state.entries[key]?.entry = .ready(feed)
                    state.bytes += feed.size
                }
                Self.evict(&state, capacity: capacity, maxBytes: maxBytes)
            }
            return feed
        } catch {
            state.withLock { state in
                if case .rendering(let current, _) = state.entries[key]?.entry, current == revision {
                    state.entries[key] = nil
                }
            }
            throw error
        }
    }

    /// How many feeds are held.
    public var count: Int { state.withLock { $0.entries.count } }

    /// How many bytes the feeds held take (plain and gzip bodies).
    public var bytes: Int { state.withLock { $0.bytes } }

    /// Whether `key` is held (rendered or being rendered).
    public func contains(_ key: Key) -> Bool { state.withLock { $0.entries[key] != nil } }

    private static func evict(_ state: inout State, capacity: Int, maxBytes: Int) {
        while state.entries.count > capacity || state.bytes > maxBytes,
            let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse })
        {
            state.bytes -= oldest.value.entry.size
            state.entries[oldest.key] = nil
        }
    }
}

// MARK: - Conditional GET

/// Serving a cached feed the way subscribing clients and caches expect.
enum FeedResponse {
    /// The answer to `request` for `feed`: 304 when the client's copy is current (by
    /// `If-None-Match`, else `If-Modified-Since`), otherwise the bytes, gzipped when the client
    /// accepts gzip. `Cache-Control` lets clients keep it for `maxAge` seconds.
    ///
    /// A private feed (`isPrivate`) is `Cache-Control: private`: a shared cache must not keep
    /// names and e-mail addresses after the token is revoked.
    static func make(
        for feed: CachedFeed, request: Request, maxAge: Int, metrics: ServerMetrics, now: Date = Date(),
        isPrivate: Bool = false
    ) -> Response {
        let gzip = acceptsGzip(request.headers[.acceptEncoding])
        if isNotModified(feed, headers: request.headers, now: now) {
            metrics.feedNotModified.increment()
            var headers = notModifiedHeaders(feed, gzip: gzip, maxAge: maxAge)
            if isPrivate { headers[.cacheControl] = privateCacheControl(maxAge: maxAge) }
            return Response(status: .notModified, headers: headers)
        }
        metrics.feedBodies.increment()
        let body = gzip ? feed.gzipped : feed.body
        var headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8",
            .eTag: gzip ? feed.gzipETag : feed.etag,
            .lastModified: feed.lastModifiedText(at: now),
            .cacheControl: isPrivate ? privateCacheControl(maxAge: maxAge) : "max-age=\(maxAge)",
            .vary: "Accept-Encoding",
            .contentLength: String(body.readableBytes),
        ]
        if gzip { headers[.contentEncoding] = "gzip" }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body))
    }

    /// What RFC 9110 §15.4.5 asks a 304 to repeat, and no more: every poll gets these.
    static func notModifiedHeaders(_ feed: CachedFeed, gzip: Bool, maxAge: Int) -> HTTPFields {
        [.eTag: gzip ? feed.gzipETag : feed.etag, .cacheControl: "max-age=\(maxAge)", .vary: "Accept-Encoding"]
    }

    /// `Cache-Control` of a private feed: kept by the subscriber's own client only.
    static func privateCacheControl(maxAge: Int) -> String { "private, max-age=\(maxAge)" }

    /// `If-None-Match` wins over `If-Modified-Since`, which is then ignored (RFC 9110 §13.2.2).
    /// Tags compare weakly and across the plain and gzip variants: both carry the same content.
    ///
    /// A bare `If-Modified-Since` earns a 304 only when the feed changed strictly before the
    /// second it names and not in the current second: `Last-Modified` has whole seconds, and a
    /// second write in the same second must not hide behind the first one's date.
    ///
    /// This runs on every poll, so it reads the headers' bytes and makes no strings: clients
    /// echo the validator they were given, which costs one comparison.
    static func isNotModified(_ feed: CachedFeed, headers: HTTPFields, now: Date = Date()) -> Bool {
        if let match = headers[.ifNoneMatch] {
            if match == feed.etag || match == feed.gzipETag { return true }
            let plain = feed.etag.utf8.dropFirst().dropLast()
            return match.utf8.split(separator: UInt8(ascii: ",")).contains { candidate in
                var tag = candidate.drop { $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\t") }
                while let last = tag.last, last == UInt8(ascii: " ") || last == UInt8(ascii: "\t") {
                    tag = tag.dropLast()
                }
                if tag.elementsEqual("*".utf8) { return true }
                if tag.starts(with: "W/".utf8) { tag = tag.dropFirst(2) }
                guard tag.count >= 2, tag.first == UInt8(ascii: "\""), tag.last == UInt8(ascii: "\"") else {
                    return false
                }
                var value = tag.dropFirst().dropLast()
                if value.count > 3, value.suffix(3).elementsEqual("-gz".utf8) { value = value.dropLast(3) }
                return value.elementsEqual(plain)
            }
        }
        if let since = headers[.ifModifiedSince] {
            // Before `settled` the change is in the current second (or the clock is behind it).
            guard now >= feed.settled else { return false }
            if since == feed.settledText { return true }
            if since == feed.provisionalText { return false }
            guard let date = HTTPDate.parse(since) else { return false }
            return feed.modified < date
        }
        return false
    }

    /// Whether `Accept-Encoding` allows gzip (and does not give it `q=0`).
    /// Read over the header's bytes, like ``isNotModified(_:headers:)``: it runs on every poll.
    static func acceptsGzip(_ header: String?) -> Bool {
        guard let header else { return false }
        return header.utf8.split(separator: UInt8(ascii: ",")).contains { item in
            let parts = item.split(separator: UInt8(ascii: ";")).map(trimmed)
            guard let coding = parts.first,
                ["gzip", "x-gzip", "*"].contains(where: { equalIgnoringCase(coding, $0) })
            else { return false }
            guard let q = parts.dropFirst().first(where: { $0.count >= 2 && equalIgnoringCase($0.prefix(2), "q=") })
            else { return true }
            return (Double(String(decoding: q.dropFirst(2), as: UTF8.self)) ?? 1) > 0
        }
    }

    private static func trimmed(_ bytes: Substring.UTF8View.SubSequence) -> Substring.UTF8View.SubSequence {
        let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) })
        else { return bytes[bytes.startIndex..<bytes.startIndex] }
        return bytes[first...last]
    }

    private static func equalIgnoringCase(_ bytes: Substring.UTF8View.SubSequence, _ word: StaticString) -> Bool {
        let lowercase = bytes.lazy.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 | 0x20 : $0 }
        return lowercase.elementsEqual(UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
    }
}

/// HTTP dates (RFC 9110 §5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
enum HTTPDate {
    static func format(_ date: Date) -> String { formatter().string(from: date) }

    static func parse(_ text: String) -> Date? { formatter().date(from: text.trimmingCharacters(in: .whitespaces)) }

    // A formatter per call: DateFormatter is not Sendable, and these calls are off the hot path
    // (rendering, or an If-Modified-Since that is not simply the echoed Last-Modified).
    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter
    }
}
