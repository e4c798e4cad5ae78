import CalendarFeeds
import Foundation
import Hummingbird
import ICalendar
import Planning
import PlannerStore

/// `/calendars/…`: the groups' iCalendar feeds, rendered once per (feed, revision) and served
/// from memory with `ETag`, `Last-Modified`, 304s, `HEAD` and gzip.
///
/// Private feeds (members, one organiser's duties) take a feed token in `?token=`; a missing,
/// wrong, revoked or other group's token gets the same 404 as a group that does not exist.
struct FeedController {
    let dependencies: ServerDependencies

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("calendars/{group}.ics", use: publicFeed)
        router.get("calendars/{group}/members.ics", use: membersFeed)
        router.get("calendars/{group}/organisers/{member}.ics", use: organiserFeed)
        router.get("calendars/{group}/themes/{theme}.ics", use: themeFeed)
        router.get("calendars/{group}/kinds/{kind}.ics", use: kindFeed)
        router.get("calendars/{group}/gap/{priority}.ics", use: gapFeed)
        router.get("calendars/{group}/observances.ics", use: observancesFeed)
    }

    @Sendable func publicFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await serve(.group, of: context.parameters.slug("group"), request: request)
    }

    @Sendable func membersFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        try requireFeedToken(request, group: group) { $0 == .membersFeed }
        return try await serve(.members, of: group, request: request)
    }

    @Sendable func organiserFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        let member = try context.parameters.slug("member")
        try requireFeedToken(request, group: group) { $0 == .organiserFeed(member: member) || $0 == .membersFeed }
        return try await serve(.organiser(member), of: group, request: request)
    }

    @Sendable func themeFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await serve(.theme(context.parameters.slug("theme")), of: context.parameters.slug("group"), request: request)
    }

    @Sendable func kindFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await serve(.kind(context.parameters.slug("kind")), of: context.parameters.slug("group"), request: request)
    }

    @Sendable func gapFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let text = context.parameters.get("priority") ?? ""
        guard let id = try? GAPPriorityID(text.uppercased()) else { throw APIError.notFound("no GAP priority '\(text)'") }
        return try await serve(.gapPriority(id), of: context.parameters.slug("group"), request: request)
    }

    /// `?from=2026&to=2028` picks the years (at most ten); by default the years of the group's sessions.
    @Sendable func observancesFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        let query = request.uri.queryParameters
        var years: ClosedRange<Int>?
        if query.get("from") != nil || query.get("to") != nil {
            guard let from = query.get("from").flatMap({ Int($0) }), (1900...2200).contains(from) else {
                throw APIError.badField("from", "from must be a year like 2026")
            }
            let to = try query.get("to").map { text -> Int in
                guard let year = Int(text), (from...(from + 9)).contains(year) else {
                    throw APIError.badField("to", "to must be a year from \(from) to \(from + 9)")
                }
                return year
            } ?? from
            years = from...to
        }
        return try await serve(.observances, of: group, request: request, observanceYears: years)
    }

    // MARK: - Serving

    /// 404 unless `?token=` is an active feed token of `group` whose scope `allows`.
    private func requireFeedToken(_ request: Request, group: Slug, allows: (TokenScope) -> Bool) throws {
        let hidden = APIError.notFound("no such calendar")
        guard let secret = request.uri.queryParameters.get("token"),
            let token = try dependencies.store.authenticate(secret: secret), token.group == group, allows(token.scope)
        else { throw hidden }
    }

    /// The feed from the cache at the group's current revision, or rendered once.
    private func serve(
        _ kind: FeedKind, of group: Slug, request: Request, observanceYears: ClosedRange<Int>? = nil
    ) async throws -> Response {
        let revision = try dependencies.revisions.revision(of: group, store: dependencies.store)
        let key = "\(group)/\(kind)" + (observanceYears.map { " \($0.lowerBound)-\($0.upperBound)" } ?? "")
        let dependencies = self.dependencies
        let feed = try await dependencies.feedCache.feed(key, revision: String(revision), now: dependencies.clock()) {
            try FeedRendering.render(kind, of: group, dependencies: dependencies, observanceYears: observanceYears)
        }
        return FeedResponse.make(
            for: feed, request: request, maxAge: dependencies.configuration.refreshMinutes * 60, metrics: dependencies.metrics)
    }
}

/// Store → CalendarFeeds → bytes, in one place for the routes and the snapshot writer.
enum FeedRendering {
    /// The renderer of `group` as stored now.
    static func renderer(
        of group: Slug, dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil
    ) throws -> (FeedRenderer, GroupSnapshot) {
        let snapshot = try dependencies.store.snapshot(of: group)
        let catalogue = try dependencies.store.catalogue()
        let source = FeedSource(snapshot: snapshot, catalogue: catalogue)
        guard let base = URL(string: dependencies.configuration.publicBaseURL) else {
            throw ConfigurationError("base-url '\(dependencies.configuration.publicBaseURL)' is not a URL")
        }
        let options = FeedOptions(
            baseURL: base, now: dependencies.clock(), refreshInterval: .minutes(dependencies.configuration.refreshMinutes),
            observanceYears: observanceYears)
        return (FeedRenderer(source: source, options: options), snapshot)
    }

    /// One feed's bytes; an unknown member, theme, kind or priority is a 404.
    static func render(
        _ kind: FeedKind, of group: Slug, dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil
    ) throws -> FeedBytes {
        let (renderer, snapshot) = try renderer(of: group, dependencies: dependencies, observanceYears: observanceYears)
        do {
            let rendered = try renderer.render(kind)
            return FeedBytes(bytes: Array(rendered.data), modified: snapshot.modified, validUntil: rendered.changesAt)
        } catch .unknownFeedSubject(let subject) {
            throw APIError.notFound("no such calendar: \(subject)")
        }
    }
}
