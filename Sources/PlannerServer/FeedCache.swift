import CompressNIO
import Foundation
import Hummingbird
import NIOCore
import Synchronization

/// A feed as rendered: its bytes and when its content last changed (from stored change times,
/// never "now").
public struct FeedBytes: Sendable {
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
    /// The strong entity tag of the plain bytes: the revision and a hash of the bytes, quoted.
    public let etag: String
    /// The entity tag of the gzip variant (a different representation, so a different tag).
    public let gzipETag: String
    /// When it last changed, to the second.
    public let lastModified: Date
    /// ``lastModified`` as an HTTP date.
    public let lastModifiedText: String
    /// When it goes stale even without a write.
    public let validUntil: Date?

    init(revision: String, rendered: FeedBytes) throws {
        self.revision = revision
        validUntil = rendered.validUntil
        var body = ByteBuffer(bytes: rendered.bytes)
        self.body = body
        gzipped = try body.compress(with: .gzip())
        let tag = "r\(revision)-\(String(Self.fnv1a(rendered.bytes), radix: 16))"
        etag = "\"\(tag)\""
        gzipETag = "\"\(tag)-gz\""
        lastModified = Date(timeIntervalSince1970: rendered.modified.timeIntervalSince1970.rounded(.down))
        lastModifiedText = HTTPDate.format(lastModified)
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
/// older entry. The number of feeds kept is bounded; the least recently used goes first.
///
/// A lock rather than an actor: a feed served from memory (every poll) then costs one short
/// critical section on the request's own thread, not a hop to the actor's executor and back.
public final class FeedCache: Sendable {
    private enum Entry {
        case ready(CachedFeed)
        case rendering(String, Task<CachedFeed, any Error>)
    }

    private struct State {
        /// Each feed with the tick of its last use; an entry and its tick come and go together.
        var entries: [String: (entry: Entry, lastUse: UInt64)] = [:]
        var useClock: UInt64 = 0
    }

    private let state = Mutex(State())
    private let capacity: Int
    private let metrics: ServerMetrics

    /// Creates an empty cache holding at most `capacity` feeds.
    public init(capacity: Int = 1_024, metrics: ServerMetrics) {
        self.capacity = capacity
        self.metrics = metrics
    }

    /// The feed `key` at `revision`: from memory, or rendered once by `render`. A kept feed
    /// whose ``CachedFeed/validUntil`` has passed at `now` is rendered again.
    public func feed(
        _ key: String, revision: String, now: Date = Date(), render: @escaping @Sendable () async throws -> FeedBytes
    ) async throws -> CachedFeed {
        let entry: Entry = state.withLock { state in
            state.useClock &+= 1
            let kept: Entry
            switch state.entries[key]?.entry {
            case .ready(let feed) where feed.revision == revision && (feed.validUntil.map { now < $0 } ?? true):
                kept = .ready(feed)
            case .rendering(let current, let task) where current == revision:
                kept = .rendering(current, task)
            default:
                let task = Task { try await self.render(key, revision: revision, with: render) }
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
        _ key: String, revision: String, with render: @Sendable () async throws -> FeedBytes
    ) async throws -> CachedFeed {
        let start = ContinuousClock.now
        do {
            let feed = try CachedFeed(revision: revision, rendered: try await render())
            metrics.renders.increment()
            metrics.renderTime.record(ContinuousClock.now - start)
            state.withLock { state in
                if case .rendering(let current, _) = state.entries[key]?.entry, current == revision {
                    state.entries[key]?.entry = .ready(feed)
                }
                Self.evict(&state, capacity: capacity)
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

    private static func evict(_ state: inout State, capacity: Int) {
        while state.entries.count > capacity, let oldest = state.entries.min(by: { $0.value.lastUse < $1.value.lastUse }) {
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
    static func make(for feed: CachedFeed, request: Request, maxAge: Int, metrics: ServerMetrics) -> Response {
        let gzip = acceptsGzip(request.headers[.acceptEncoding])
        if isNotModified(feed, headers: request.headers) {
            metrics.feedNotModified.increment()
            return Response(status: .notModified, headers: notModifiedHeaders(feed, gzip: gzip, maxAge: maxAge))
        }
        metrics.feedBodies.increment()
        let body = gzip ? feed.gzipped : feed.body
        var headers: HTTPFields = [
            .contentType: "text/calendar; charset=utf-8",
            .eTag: gzip ? feed.gzipETag : feed.etag,
            .lastModified: feed.lastModifiedText,
            .cacheControl: "max-age=\(maxAge)",
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

    /// `If-None-Match` wins over `If-Modified-Since` (RFC 9110 §13.2.2). Tags compare weakly and
    /// across the plain and gzip variants: both carry the same content.
    ///
    /// This runs on every poll, so it reads the headers' bytes and makes no strings: clients
    /// echo the tag they were given, which costs one comparison.
    static func isNotModified(_ feed: CachedFeed, headers: HTTPFields) -> Bool {
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
                guard tag.count >= 2, tag.first == UInt8(ascii: "\""), tag.last == UInt8(ascii: "\"") else { return false }
                var value = tag.dropFirst().dropLast()
                if value.count > 3, value.suffix(3).elementsEqual("-gz".utf8) { value = value.dropLast(3) }
                return value.elementsEqual(plain)
            }
        }
        if let since = headers[.ifModifiedSince] {
            if since == feed.lastModifiedText { return true }
            guard let date = HTTPDate.parse(since) else { return false }
            return feed.lastModified <= date
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
