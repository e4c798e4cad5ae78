import CalendarFeeds
import Foundation
import Hummingbird
import ICalendar
import Planning
import PlannerStore

/// `/calendars/…`: the groups' iCalendar feeds, the network feed of every group and the
/// observances of a country, rendered once per (feed, revision) and served from memory with
/// `ETag`, `Last-Modified`, 304s, `HEAD` and gzip.
///
/// Private feeds (members, one organiser's duties) take a feed token in `?token=`; a missing,
/// wrong, revoked or other group's token gets the same 404 as a group that does not exist. They
/// take an opt-in reminder too, `?alarm=PT15M`.
struct FeedController {
    let dependencies: ServerDependencies

    /// The longest reminder a private feed may ask for.
    static let longestAlarm = ICSDuration.days(7)

    func addRoutes(to router: Router<BasicRequestContext>) {
        // Literal paths win over `{group}.ics` in Hummingbird's trie; the slugs are reserved.
        router.get("calendars/network.ics", use: networkFeed)
        router.get("calendars/observances.ics", use: countryObservancesFeed)
        router.get("calendars/{group}.ics", use: publicFeed)
        router.get("calendars/{group}/members.ics", use: membersFeed)
        router.get("calendars/{group}/organisers/{member}.ics", use: organiserFeed)
        router.get("calendars/{group}/themes/{theme}.ics", use: themeFeed)
        router.get("calendars/{group}/kinds/{kind}.ics", use: kindFeed)
        router.get("calendars/{group}/gap/{priority}.ics", use: gapFeed)
        router.get("calendars/{group}/observances.ics", use: observancesFeed)
    }

    @Sendable func publicFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await serve(.group, of: context.parameters.slug("group"), request: request, context: context)
    }

    @Sendable func membersFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        try requireFeedToken(request, group: group) { $0 == .membersFeed }
        return try await serve(.members, of: group, request: request, context: context, alarm: alarm(request))
    }

    @Sendable func organiserFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        let member = try context.parameters.slug("member")
        try requireFeedToken(request, group: group) { $0 == .organiserFeed(member: member) || $0 == .membersFeed }
        return try await serve(.organiser(member), of: group, request: request, context: context, alarm: alarm(request))
    }

    @Sendable func themeFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await serve(
            .theme(context.parameters.slug("theme")), of: context.parameters.slug("group"), request: request, context: context)
    }

    @Sendable func kindFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        try await serve(
            .kind(context.parameters.slug("kind")), of: context.parameters.slug("group"), request: request, context: context)
    }

    @Sendable func gapFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let text = context.parameters.get("priority") ?? ""
        guard let id = try? GAPPriorityID(text.uppercased()) else { throw APIError.notFound("no GAP priority '\(text)'") }
        return try await serve(.gapPriority(id), of: context.parameters.slug("group"), request: request, context: context)
    }

    /// `?from=2026&to=2028` picks the years (at most ten); by default the years of the group's sessions.
    @Sendable func observancesFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        return try await serve(
            .observances, of: group, request: request, context: context, observanceYears: observanceYears(request))
    }

    /// `/calendars/network.ics`: the public sessions of every group.
    @Sendable func networkFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let dependencies = self.dependencies
        return try await serve(key: "network", subject: .network, request: request, route: context.endpointPath) {
            let (rendered, modified) = try FeedRendering.network(
                of: FeedRendering.groups(dependencies), options: FeedRendering.options(dependencies))
            return FeedBytes(bytes: Array(rendered.data), modified: modified, validUntil: rendered.changesAt)
        }
    }

    /// `/calendars/observances.ics?country=AT&from=2026&to=2028`: observance days outside any
    /// group; without `country`, those kept everywhere; by default this year and the next.
    @Sendable func countryObservancesFeed(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let country = try request.uri.queryParameters.get("country").map { text -> CountryCode in
            guard let code = try? CountryCode(text.uppercased()) else {
                throw APIError.badField("country", "country must be a two-letter ISO 3166 code like AT")
            }
            return code
        }
        let thisYear = LocalDateTime(dependencies.clock(), in: TimeZone(secondsFromGMT: 0) ?? .current).year
        let years = try observanceYears(request) ?? thisYear...(thisYear + 1)
        let dependencies = self.dependencies
        let key = "observances \(country?.rawValue ?? "-") \(years.lowerBound)-\(years.upperBound)"
        return try await serve(key: key, subject: .catalogue, request: request, route: context.endpointPath) {
            let rendered = try SharedFeeds.observances(
                dependencies.store.catalogue(), country: country, years: years,
                options: FeedRendering.options(dependencies))
            return FeedBytes(bytes: Array(rendered.data), modified: try dependencies.store.catalogueRevision().modified)
        }
    }

    // MARK: - Query parameters

    /// `?from=&to=`: at most ten years from 1900 to 2200; nil when neither is given.
    private func observanceYears(_ request: Request) throws -> ClosedRange<Int>? {
        let query = request.uri.queryParameters
        guard query.get("from") != nil || query.get("to") != nil else { return nil }
        guard let from = query.get("from").flatMap({ Int($0) }), (1900...2200).contains(from) else {
            throw APIError.badField("from", "from must be a year like 2026")
        }
        let to = try query.get("to").map { text -> Int in
            guard let year = Int(text), (from...(from + 9)).contains(year) else {
                throw APIError.badField("to", "to must be a year from \(from) to \(from + 9)")
            }
            return year
        } ?? from
        return from...to
    }

    /// `?alarm=PT15M`: a reminder before each session, up to a week; nil when not asked for.
    private func alarm(_ request: Request) throws -> ICSDuration? {
        guard let text = request.uri.queryParameters.get("alarm") else { return nil }
        let message = "alarm must be an iCalendar duration from PT0M to P7D before the session, e.g. PT15M"
        guard let duration = try? ICSDuration(iCalendar: text) else { throw APIError.badField("alarm", message) }
        let before = ICSDuration(seconds: abs(duration.seconds))
        guard before <= Self.longestAlarm else { throw APIError.badField("alarm", message) }
        return before
    }

    // MARK: - Serving

    /// 404 unless `?token=` is an active feed token of `group` whose scope `allows`.
    private func requireFeedToken(_ request: Request, group: Slug, allows: (TokenScope) -> Bool) throws {
        let hidden = APIError.notFound("no such calendar")
        guard let secret = request.uri.queryParameters.get("token"),
            let token = try dependencies.authenticate(secret: secret), token.group == group, allows(token.scope)
        else { throw hidden }
    }

    /// A group's feed from the cache at the group's current revision, or rendered once.
    private func serve(
        _ kind: FeedKind, of group: Slug, request: Request, context: BasicRequestContext,
        observanceYears: ClosedRange<Int>? = nil, alarm: ICSDuration? = nil
    ) async throws -> Response {
        var key = "\(group)/\(kind)"
        if let observanceYears { key += " \(observanceYears.lowerBound)-\(observanceYears.upperBound)" }
        if let alarm { key += " alarm \(alarm.seconds)" }
        let dependencies = self.dependencies
        let route = kind.isPrivate ? nil : context.endpointPath
        return try await serve(key: key, subject: .group(group), request: request, route: route) {
            try FeedRendering.render(
                kind, of: group, dependencies: dependencies, observanceYears: observanceYears, alarm: alarm)
        }
    }

    /// The feed `key` from the cache at the subject's current revision, or rendered once. A
    /// public feed (one with a `route` pattern) is recorded for ``PollFastPath``.
    private func serve(
        key: String, subject: RevisionMemo.Subject, request: Request, route: String?,
        render: @escaping @Sendable () throws -> FeedBytes
    ) async throws -> Response {
        let revision = try dependencies.revisions.revision(of: subject, store: dependencies.store)
        let feed = try await dependencies.feedCache.feed(key, revision: revision, now: dependencies.clock(), render: render)
        if let route {
            dependencies.pollAnswers.record(request, subject: subject, feed: feed, route: route)
        }
        return FeedResponse.make(
            for: feed, request: request, maxAge: dependencies.configuration.refreshMinutes * 60, metrics: dependencies.metrics)
    }
}

/// Store → CalendarFeeds → bytes, in one place for the routes and the snapshot writer.
enum FeedRendering {
    /// The options every feed is rendered with now.
    static func options(
        _ dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil, alarm: ICSDuration? = nil
    ) throws -> FeedOptions {
        guard let base = URL(string: dependencies.configuration.publicBaseURL) else {
            throw ConfigurationError("base-url '\(dependencies.configuration.publicBaseURL)' is not a URL")
        }
        return FeedOptions(
            baseURL: base, now: dependencies.clock(), refreshInterval: .minutes(dependencies.configuration.refreshMinutes),
            privateAlarm: alarm, observanceYears: observanceYears)
    }

    /// The renderer of `group` as stored now.
    static func renderer(
        of group: Slug, dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil,
        alarm: ICSDuration? = nil
    ) throws -> (FeedRenderer, GroupSnapshot) {
        let snapshot = try dependencies.store.snapshot(of: group)
        let catalogue = try dependencies.store.catalogue()
        let source = FeedSource(snapshot: snapshot, catalogue: catalogue)
        let options = try options(dependencies, observanceYears: observanceYears, alarm: alarm)
        return (FeedRenderer(source: source, options: options), snapshot)
    }

    /// Every group as stored now, with the catalogue read once.
    static func groups(_ dependencies: ServerDependencies) throws -> [(snapshot: GroupSnapshot, source: FeedSource)] {
        let catalogue = try dependencies.store.catalogue()
        return try dependencies.store.groupRevisions().map { group in
            let snapshot = try dependencies.store.snapshot(of: group.slug)
            return (snapshot, FeedSource(snapshot: snapshot, catalogue: catalogue))
        }
    }

    /// The network feed of `groups`, and when the last of them changed.
    static func network(
        of groups: [(snapshot: GroupSnapshot, source: FeedSource)], options: FeedOptions
    ) throws(FeedError) -> (RenderedFeed, modified: Date) {
        let modified = groups.map(\.snapshot.modified).max() ?? Date(timeIntervalSince1970: 0)
        return (try SharedFeeds.network(groups.map(\.source), options: options), modified)
    }

    /// One feed's bytes; an unknown member, theme, kind or priority is a 404.
    static func render(
        _ kind: FeedKind, of group: Slug, dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil,
        alarm: ICSDuration? = nil
    ) throws -> FeedBytes {
        let (renderer, snapshot) = try renderer(
            of: group, dependencies: dependencies, observanceYears: observanceYears, alarm: alarm)
        do {
            let rendered = try renderer.render(kind)
            return FeedBytes(bytes: Array(rendered.data), modified: snapshot.modified, validUntil: rendered.changesAt)
        } catch .unknownFeedSubject(let subject) {
            throw APIError.notFound("no such calendar: \(subject)")
        }
    }
}
