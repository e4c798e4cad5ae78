import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import NIOHTTPTypes
import Prometheus
import Synchronization

/// The answers a subscribed calendar's poll can get without Hummingbird's request handling: the
/// public feeds as last served, by request path.
///
/// Calendar clients poll each subscription every few minutes to hours, and nearly every poll is
/// a conditional GET for a feed they already hold. ``FeedController`` records each public feed
/// it serves here; ``PollFastPath`` then answers a matching `If-None-Match` (or
/// `If-Modified-Since`) with 304 on the event loop that read the request — only while the
/// subject's remembered revision (``RevisionMemo``) is fresh and still the feed's, so it never
/// vouches for a feed that may have changed. Private feeds (they take `?token=`) are never here.
final class PollAnswers: Sendable {
    private struct Entry: Sendable {
        let subject: RevisionMemo.Subject
        let feed: CachedFeed
        let route: String
    }

    /// At most this many paths are kept (public feeds are few: one per theme, kind and GAP
    /// priority of each group, plus the shared ones).
    static let capacity = 4_096

    private let entries = Mutex<[String: Entry]>([:])
    private let dateHeader = Mutex<(second: Int, text: String)>((-1, ""))
    private let revisions: RevisionMemo
    private let metrics: ServerMetrics
    private let maxAge: Int
    private let serverName: String?

    init(revisions: RevisionMemo, metrics: ServerMetrics, maxAge: Int, serverName: String?) {
        self.revisions = revisions
        self.metrics = metrics
        self.maxAge = maxAge
        self.serverName = serverName
    }

    /// Remembers that a public feed's canonical `path` (no query, no alias) was answered with
    /// `feed` at the revision of `subject`.
    func record(_ path: String, subject: RevisionMemo.Subject, feed: CachedFeed, route: String) {
        entries.withLock { entries in
            if entries.count >= Self.capacity, entries[path] == nil { return }
            entries[path] = Entry(subject: subject, feed: feed, route: route)
        }
    }

    /// How many paths are remembered.
    var count: Int { entries.withLock { $0.count } }

    /// The 304 for `request`, or nil when the ordinary handling must answer it.
    func notModified(for request: HTTPRequest) -> HTTPResponse? {
        guard request.method == .get || request.method == .head, let path = request.path,
            let entry = entries.withLock({ $0[path] })
        else { return nil }
        let fields = request.headerFields
        // A body, or a connection the client closes, is Hummingbird's to handle.
        guard fields[.contentLength].map({ $0 == "0" }) ?? true, fields[.transferEncoding] == nil,
            !(fields[.connection]?.lowercased().contains("close") ?? false)
        else { return nil }
        guard revisions.freshRevision(of: entry.subject) == entry.feed.revision else { return nil }
        let now = Date()
        if let until = entry.feed.validUntil, now >= until { return nil }
        guard FeedResponse.isNotModified(entry.feed, headers: fields, now: now) else { return nil }
        metrics.feedNotModified.increment()
        metrics.countRequest(route: entry.route, method: request.method, status: .notModified)
        var headers = FeedResponse.notModifiedHeaders(
            entry.feed, gzip: FeedResponse.acceptsGzip(fields[.acceptEncoding]), maxAge: maxAge)
        headers[.date] = httpDate(now)
        if let serverName { headers[.server] = serverName }
        return HTTPResponse(status: .notModified, headerFields: headers)
    }

    /// `now` as an HTTP date, formatted once a second.
    private func httpDate(_ now: Date) -> String {
        let second = Int(now.timeIntervalSince1970)
        if let cached = dateHeader.withLock({ $0.second == second ? $0.text : nil }) { return cached }
        let text = HTTPDate.format(Date(timeIntervalSince1970: Double(second)))
        dateHeader.withLock { $0 = (second, text) }
        return text
    }
}

/// In each connection's pipeline after HTTP decoding: answers a poll from ``PollAnswers`` when
/// it can, and passes everything else on untouched.
///
/// HTTP/1.1 answers in request order, so a poll is answered here only when no earlier request
/// of the connection is still being handled behind it.
final class PollFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let answers: PollAnswers
    /// Requests passed on whose answer has not been written to its end yet.
    private var passedOn = 0
    /// The rest of a request answered here (its end) is not passed on either.
    private var answeredHere = false

    init(answers: PollAnswers) {
        self.answers = answers
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let part = unwrapInboundIn(data)
        switch part {
        case .head(let request):
            if passedOn == 0, let response = answers.notModified(for: request) {
                answeredHere = true
                context.write(wrapOutboundOut(.head(response)), promise: nil)
                context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
                return
            }
            passedOn += 1
            context.fireChannelRead(data)
        case .body, .end:
            if answeredHere {
                if case .end = part { answeredHere = false }
                return
            }
            context.fireChannelRead(data)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
    }
}
