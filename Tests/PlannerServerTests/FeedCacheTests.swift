import CompressNIO
import Foundation
import Hummingbird
import HummingbirdTesting
import ICalendar
import NIOCore
import Prometheus
import Testing

@testable import PlannerServer

/// The cache and conditional-GET machinery, served through a real router with real iCalendar
/// bytes from libical.
@Suite struct FeedCacheTests {
    static let modified = Date(timeIntervalSince1970: 1_800_000_000.75)
    /// When the test's answers are sent: an hour after the change.
    static let servedAt = modified.addingTimeInterval(3_600)

    /// A real calendar of `events` events, serialised by libical.
    static func calendarBytes(events: Int, summary: String = "Monthly meeting") throws -> [UInt8] {
        let stamp = Date(timeIntervalSince1970: 1_800_000_000)
        let calendar = ICSCalendar(
            productID: "-//Allyship Planner//test//EN", name: "Test",
            events: (0..<events).map { index in
                ICSEvent(
                    uid: "session-\(index)@test", timestamp: stamp,
                    start: .local(
                        ICSWallTime(year: 2027, month: 1 + index % 12, day: 2, hour: 15), zoneID: "Europe/Vienna"),
                    end: .local(
                        ICSWallTime(year: 2027, month: 1 + index % 12, day: 2, hour: 16, minute: 30),
                        zoneID: "Europe/Vienna"),
                    summary: "\(summary) \(index)")
            })
        return Array(try calendar.serializedData())
    }

    /// A router with one feed route whose revision and bytes the test controls.
    final class Source: @unchecked Sendable {
        private let lock = NSLock()
        private var state: (revision: Int, bytes: [UInt8])
        init(bytes: [UInt8]) { state = (1, bytes) }
        var current: (revision: Int, bytes: [UInt8]) {
            get { lock.withLock { state } }
            set { lock.withLock { state = newValue } }
        }
    }

    static func app(source: Source, metrics: ServerMetrics, cache: FeedCache<String>) -> some ApplicationProtocol {
        let router = Router(context: PlannerRequestContext.self, options: .autoGenerateHeadEndpoints)
        router.get("feed.ics") { request, _ -> Response in
            let current = source.current
            let feed = try await cache.feed("test", revision: String(current.revision)) {
                FeedBody(bytes: current.bytes, modified: modified)
            }
            return FeedResponse.make(for: feed, request: request, maxAge: 3_600, metrics: metrics, now: servedAt)
        }
        return Application(router: router)
    }

    @Test func manyConcurrentRequestsRenderOnce() async throws {
        let metrics = ServerMetrics()
        let cache = FeedCache<String>(metrics: metrics)
        let bytes = try Self.calendarBytes(events: 200)
        let renders = LockedCounter()
        try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let feed = try await cache.feed("public", revision: "7") {
                        renders.increment()
                        try await Task.sleep(for: .milliseconds(20))
                        return FeedBody(bytes: bytes, modified: Self.modified)
                    }
                    return feed.body.readableBytes
                }
            }
            for try await size in group { #expect(size == bytes.count) }
        }
        #expect(renders.value == 1)
        _ = try await cache.feed("public", revision: "8") {
            renders.increment()
            return FeedBody(bytes: bytes, modified: Self.modified)
        }
        #expect(renders.value == 2)
        #expect(metrics.registry.emitToString().contains("plannerd_feed_renders_total 2"))
    }

    @Test func aFailedRenderIsNotCachedAndIsTriedAgain() async throws {
        let cache = FeedCache<String>(metrics: ServerMetrics())
        struct Broken: Error {}
        await #expect(throws: Broken.self) {
            _ = try await cache.feed("public", revision: "1") { throw Broken() }
        }
        let feed = try await cache.feed("public", revision: "1") {
            FeedBody(bytes: Array("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".utf8), modified: Self.modified)
        }
        #expect(feed.body.readableBytes > 0)
    }

    @Test func theCacheKeepsAtMostItsCapacity() async throws {
        let cache = FeedCache<String>(capacity: 3, metrics: ServerMetrics())
        for index in 0..<10 {
            _ = try await cache.feed("feed-\(index)", revision: "1") {
                FeedBody(bytes: [UInt8(index)], modified: Self.modified)
            }
        }
        #expect(cache.count == 3)
    }

    @Test func conditionalGETsAnswer304AndChangesAnswer200() async throws {
        let metrics = ServerMetrics()
        let source = Source(bytes: try Self.calendarBytes(events: 20))
        try await Self.app(source: source, metrics: metrics, cache: FeedCache<String>(metrics: metrics)).test(.router) {
            client in
            let (etag, lastModified) = try await client.execute(uri: "/feed.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[.cacheControl] == "max-age=3600")
                // The first whole second after the change (a later write in 08:00:00 must not match).
                #expect(response.headers[.lastModified] == "Fri, 15 Jan 2027 08:00:01 GMT")
                #expect(String(buffer: response.body).hasPrefix("BEGIN:VCALENDAR\r\n"))
                return (try #require(response.headers[.eTag]), try #require(response.headers[.lastModified]))
            }
            #expect(etag.hasPrefix("\"r1-"))
            try await client.execute(uri: "/feed.ics", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
                // RFC 9110 §15.4.5: a 304 repeats the validator, Cache-Control and Vary.
                #expect(response.headers[.cacheControl] == "max-age=3600")
                #expect(response.headers[.vary] == "Accept-Encoding")
            }
            try await client.execute(uri: "/feed.ics", method: .get, headers: [.ifNoneMatch: #"W/"nope", "# + etag]) {
                response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/feed.ics", method: .get, headers: [.ifModifiedSince: lastModified]) {
                response in
                #expect(response.status == .notModified)
            }
            try await client.execute(
                uri: "/feed.ics", method: .get, headers: [.ifModifiedSince: "Sat, 16 Jan 2027 00:00:00 GMT"]
            ) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(
                uri: "/feed.ics", method: .get, headers: [.ifModifiedSince: "Thu, 14 Jan 2027 00:00:00 GMT"]
            ) { response in
                #expect(response.status == .ok)
            }
            // If-None-Match wins over If-Modified-Since.
            try await client.execute(
                uri: "/feed.ics", method: .get, headers: [.ifNoneMatch: "\"other\"", .ifModifiedSince: lastModified]
            ) { response in
                #expect(response.status == .ok)
            }

            source.current = (2, try Self.calendarBytes(events: 20, summary: "Moved meeting"))
            try await client.execute(uri: "/feed.ics", method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != etag)
                #expect(String(buffer: response.body).contains("Moved meeting"))
            }
        }
        let text = metrics.registry.emitToString()
        #expect(text.contains("plannerd_feed_responses_not_modified_total 4"))
        #expect(text.contains("plannerd_feed_renders_total 2"))
    }

    @Test func gzipIsServedWhenAskedForAndHEADHasNoBody() async throws {
        let metrics = ServerMetrics()
        let bytes = try Self.calendarBytes(events: 100)
        let source = Source(bytes: bytes)
        try await Self.app(source: source, metrics: metrics, cache: FeedCache<String>(metrics: metrics)).test(.router) {
            client in
            let plainTag = try await client.execute(uri: "/feed.ics", method: .get) { response in
                #expect(response.headers[.contentEncoding] == nil)
                #expect(response.headers[.vary] == "Accept-Encoding")
                return response.headers[.eTag]
            }
            let gzipTag = try await client.execute(
                uri: "/feed.ics", method: .get, headers: [.acceptEncoding: "br, gzip;q=0.8"]
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentEncoding] == "gzip")
                var body = response.body
                #expect(body.readableBytes < bytes.count / 3)
                let inflated = try body.decompress(with: .gzip())
                #expect(Array(inflated.readableBytesView) == bytes)
                return response.headers[.eTag]
            }
            #expect(gzipTag != plainTag)
            try await client.execute(uri: "/feed.ics", method: .get, headers: [.acceptEncoding: "gzip;q=0"]) {
                response in
                #expect(response.headers[.contentEncoding] == nil)
            }
            try await client.execute(
                uri: "/feed.ics", method: .get, headers: [.acceptEncoding: "gzip", .ifNoneMatch: plainTag ?? ""]
            ) { response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/feed.ics", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.contentLength] == String(bytes.count))
                #expect(response.headers[.eTag] == plainTag)
            }
        }
    }

    @Test func acceptEncodingIsReadWithItsQualities() {
        for header in ["gzip", "GZIP", "br, gzip;q=0.8", " x-gzip ", "*", "deflate,\tgzip ; q=1", "gzip;Q=0.5"] {
            #expect(FeedResponse.acceptsGzip(header), "\(header)")
        }
        for header in ["", "br", "deflate, br", "gzip;q=0", "gzip; q=0.0", "gzipx", "identity, *;q=0"] {
            #expect(!FeedResponse.acceptsGzip(header), "\(header)")
        }
        #expect(!FeedResponse.acceptsGzip(nil))
    }

    @Test func ifNoneMatchIsReadTheWayRFC9110Says() throws {
        let feed = try CachedFeed(
            revision: "7", rendered: FeedBody(bytes: Self.calendarBytes(events: 2), modified: Self.modified))
        let plain = String(feed.etag.dropFirst().dropLast())
        func answers304(_ header: String) -> Bool {
            let head = HTTPRequest(
                method: .get, scheme: "http", authority: "localhost", path: "/feed.ics",
                headerFields: [.ifNoneMatch: header])
            return FeedResponse.isNotModified(
                feed, headers: Request(head: head, body: .init(buffer: ByteBuffer())).headers)
        }
        let matching = [
            feed.etag, feed.gzipETag, "W/\(feed.etag)", "W/\(feed.gzipETag)", "*", " *\t", "\"other\", \(feed.etag)",
            "\"other\",\t W/\(feed.gzipETag) ", "\"a\",\"b\",\(feed.etag)",
        ]
        for header in matching { #expect(answers304(header), "\(header)") }
        let different = [
            "\"other\"", plain, "W/\(plain)", "\"\(plain)x\"", "\"\(plain.dropLast())\"", "\"\"", "\"", "",
            "\"\(plain)-gz-gz\"", "w/\(feed.etag)", "\"\(plain)\"x", "\"-gz\"", "**",
        ]
        for header in different { #expect(!answers304(header), "\(header)") }
    }
}

final class LockedCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    func increment() { lock.withLock { count += 1 } }
    var value: Int { lock.withLock { count } }
}
