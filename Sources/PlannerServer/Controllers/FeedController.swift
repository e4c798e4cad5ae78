import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning

/// `/calendars/…`: the groups' iCalendar feeds, the network feed of every group and the
/// observances of a country, rendered once per (feed, revision) and served from memory with
/// `ETag`, `Last-Modified`, 304s, `HEAD` and gzip.
///
/// Private feeds (members, one organiser's duties) take a feed token in `?token=`; a missing,
/// wrong, revoked or other group's token gets the same 404 as a group that does not exist. They
/// take an opt-in reminder too, `?alarm=PT15M`.
struct FeedController {
    /// Renders what the store holds now.
    let feeds: StoredFeeds
    /// Feeds rendered per revision.
    let cache: FeedCache<FeedKey>
    /// The groups' revisions, remembered for a moment.
    let revisions: RevisionMemo
    /// Public feeds as last served, for ``PollFastPath``.
    let pollAnswers: PollAnswers
    let metrics: ServerMetrics
    /// Checks feed tokens.
    let tokens: TokenAuthenticator

    private var store: PlannerStore { feeds.store }
    private func now() -> Date { feeds.clock() }

    func addRoutes(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.networkFeed, .get, use: networkFeed)
        router.on(.countryObservancesFeed, .get, use: countryObservancesFeed)
        router.on(.groupFeed, .get, use: publicFeed)
        router.on(.membersFeed, .get, use: membersFeed)
        router.on(.organiserFeed, .get, use: organiserFeed)
        router.on(.themeFeed, .get, use: themeFeed)
        router.on(.kindFeed, .get, use: kindFeed)
        router.on(.gapFeed, .get, use: gapFeed)
        router.on(.groupObservancesFeed, .get, use: observancesFeed)
    }

    @Sendable func publicFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        try await serve(.group, of: context.slug("group"), request: request, context: context)
    }

    @Sendable func membersFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let group = try context.slug("group")
        try requireFeedToken(request, group: group) { $0 == .membersFeed }
        return try await serve(.members, of: group, request: request, context: context, alarm: alarm(request))
    }

    @Sendable func organiserFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let group = try context.slug("group")
        let member = try context.slug("member")
        try requireFeedToken(request, group: group) { $0 == .organiserFeed(member: member) || $0 == .membersFeed }
        return try await serve(.organiser(member), of: group, request: request, context: context, alarm: alarm(request))
    }

    @Sendable func themeFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let theme = try context.slug("theme")
        try requireKnown(.theme, theme.rawValue, what: "theme")
        return try await serve(.theme(theme), of: context.slug("group"), request: request, context: context)
    }

    @Sendable func kindFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let kind = try context.slug("kind")
        try requireKnown(.kind, kind.rawValue, what: "kind")
        return try await serve(.kind(kind), of: context.slug("group"), request: request, context: context)
    }

    @Sendable func gapFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let text = context.parameters.get("priority") ?? ""
        guard let id = try? GAPPriorityID(text.uppercased()) else {
            throw APIError.notFound("no GAP priority '\(text)'")
        }
        try requireKnown(.gapPriority, id.rawValue, what: "GAP priority")
        return try await serve(
            .gapPriority(id), of: context.slug("group"), request: request, context: context)
    }

    /// 404 for a theme, kind or priority the catalogue does not know, before the group is read.
    private func requireKnown(_ subject: PlannerStore.FeedSubject, _ id: String, what: String) throws {
        guard try store.knows(subject, id) else { throw APIError.notFound("no \(what) '\(id)'") }
    }

    /// `?from=2026&to=2028` picks the years (at most ten); by default the years of the group's sessions.
    @Sendable func observancesFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let group = try context.slug("group")
        return try await serve(
            .observances, of: group, request: request, context: context, observanceYears: observanceYears(request))
    }

    /// `/calendars/network.ics`: the public sessions of every group.
    @Sendable func networkFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let feeds = self.feeds
        return try await serve(
            key: .network, subject: .network, request: request, route: context.endpointPath,
            pollPath: SitePath.networkFeed.description
        ) {
            let (rendered, modified) = try StoredFeeds.network(of: feeds.groups(), options: feeds.options())
            return FeedBody(bytes: Array(rendered.data), modified: modified, validUntil: rendered.changesAt)
        }
    }

    /// `/calendars/observances.ics?country=AT&from=2026&to=2028`: observance days outside any
    /// group; without `country`, those kept everywhere; by default this year and the next.
    @Sendable func countryObservancesFeed(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let country = try request.uri.queryParameters.get("country").map { text -> CountryCode in
            guard let code = try? CountryCode(text.uppercased()), ObservanceLimits.countries.contains(code.rawValue)
            else {
                throw APIError.badField("country", "country must be an ISO 3166 country code like AT")
            }
            return code
        }
        let now = now()
        let thisYear = ObservanceLimits.year(of: now)
        let explicitYears = try observanceYears(request)
        let years = explicitYears ?? thisYear...(thisYear + 1)
        // The default years move on 1 January (UTC): the feed changes then, without a write.
        let yearChange = explicitYears == nil ? ObservanceLimits.startOfYear(thisYear + 1) : nil
        let changedSince = explicitYears == nil ? ObservanceLimits.startOfYear(thisYear) : .distantPast
        let feeds = self.feeds
        return try await serve(
            key: .observances(country: country, years: years), subject: .catalogue, request: request,
            route: context.endpointPath, pollPath: SitePath.countryObservances.description
        ) {
            let rendered = try SharedFeeds.observances(
                feeds.store.catalogue(), country: country, years: years, options: feeds.options())
            let modified = max(try feeds.store.catalogueRevision().modified, changedSince)
            return FeedBody(bytes: Array(rendered.data), modified: modified, validUntil: yearChange)
        }
    }

    // MARK: - Query parameters

    /// `?from=&to=`: at most ten years within ``ObservanceLimits/years(around:)``; nil when
    /// neither is given.
    private func observanceYears(_ request: Request) throws -> ClosedRange<Int>? {
        let query = request.uri.queryParameters
        guard query.get("from") != nil || query.get("to") != nil else { return nil }
        let allowed = ObservanceLimits.years(around: ObservanceLimits.year(of: now()))
        guard let from = query.get("from").flatMap({ Int($0) }), allowed.contains(from) else {
            throw APIError.badField(
                "from", "from must be a year from \(allowed.lowerBound) to \(allowed.upperBound)")
        }
        let to =
            try query.get("to").map { text -> Int in
                let last = min(from + 9, allowed.upperBound)
                guard let year = Int(text), (from...last).contains(year) else {
                    throw APIError.badField("to", "to must be a year from \(from) to \(last)")
                }
                return year
            } ?? from
        return from...to
    }

    /// `?alarm=PT15M`: a reminder before each session, up to a week; nil when not asked for.
    private func alarm(_ request: Request) throws -> FeedDuration? {
        guard let text = request.uri.queryParameters.get("alarm") else { return nil }
        do {
            return try FeedDuration(reminder: text)
        } catch {
            throw APIError.badField("alarm", "alarm: \(error)")
        }
    }

    // MARK: - Serving

    /// 404 unless `?token=` is an active feed token of `group` whose scope `allows`.
    private func requireFeedToken(_ request: Request, group: Slug, allows: (TokenScope) -> Bool) throws {
        let hidden = APIError.notFound("no such calendar")
        guard let secret = request.uri.queryParameters.get("token"),
            let token = try tokens.authenticate(secret: secret), token.group == group, allows(token.scope)
        else { throw hidden }
    }

    /// A group's feed from the cache at the group's current revision, or rendered once.
    private func serve(
        _ kind: FeedKind, of group: Slug, request: Request, context: PlannerRequestContext,
        observanceYears: ClosedRange<Int>? = nil, alarm: FeedDuration? = nil
    ) async throws -> Response {
        let feeds = self.feeds
        let route = kind.isPrivate ? nil : context.endpointPath
        // The group's observances without `from`/`to` fall back on this year when the group has
        // no session: they may change on 1 January, earliest where the year begins first.
        let yearChange =
            kind == .observances && observanceYears == nil
            ? ObservanceLimits.startOfYear(ObservanceLimits.year(of: now()) + 1)
                .addingTimeInterval(-ObservanceLimits.earliestNewYearOffset) : nil
        return try await serve(
            key: .group(group, kind, years: observanceYears, alarmSeconds: alarm?.seconds), subject: .group(group),
            request: request, route: route, pollPath: SitePath.feed(kind, group: group).description,
            isPrivate: kind.isPrivate
        ) {
            let rendered = try feeds.render(kind, of: group, observanceYears: observanceYears, alarm: alarm)
            guard let yearChange else { return rendered }
            let until = [rendered.validUntil, yearChange].compactMap { $0 }.min()
            return FeedBody(bytes: rendered.bytes, modified: rendered.modified, validUntil: until)
        }
    }

    /// The feed `key` from the cache at the subject's current revision, or rendered once. A
    /// public feed (one with a `route` pattern) asked for at its one canonical `pollPath`
    /// without a query is recorded for ``PollFastPath``; aliases of the path are not.
    private func serve(
        key: FeedKey, subject: RevisionMemo.Subject, request: Request, route: String?, pollPath: String,
        isPrivate: Bool = false, render: @escaping @Sendable () throws -> FeedBody
    ) async throws -> Response {
        let revision = try revisions.revision(of: subject, store: store)
        let now = now()
        let feed = try await cache.feed(key, revision: revision, now: now, render: render)
        if let route, !isPrivate, request.head.path == pollPath {
            pollAnswers.record(pollPath, subject: subject, feed: feed, route: route)
        }
        return FeedResponse.make(
            for: feed, request: request, maxAge: feeds.refreshMinutes * 60,
            metrics: metrics, now: now, isPrivate: isPrivate)
    }
}

/// What a cached feed is, typed: two paths that name the same feed (`//calendars/x.ics`,
/// `/calendars/x.ics`) make the same key, and no text of the request can make a new one.
enum FeedKey: Hashable, Sendable {
    /// One of a group's feeds, with the observance years and reminder asked for.
    case group(Slug, FeedKind, years: ClosedRange<Int>?, alarmSeconds: Int?)
    /// Every group's public sessions.
    case network
    /// A country's observances (or those kept everywhere) in some years.
    case observances(country: CountryCode?, years: ClosedRange<Int>)
}

/// The bounded choices of the observance feeds: an outsider varies the query, and each
/// accepted value is another rendering to make and keep.
enum ObservanceLimits {
    /// How many years back and ahead of this one `from`/`to` may name.
    static let yearsBack = 5
    static let yearsAhead = 10

    /// The years a request may ask for around `thisYear`.
    static func years(around thisYear: Int) -> ClosedRange<Int> { (thisYear - yearsBack)...(thisYear + yearsAhead) }

    /// The ISO 3166-1 alpha-2 codes that exist, from Foundation's list of regions.
    static let countries: Set<String> = Set(
        Locale.Region.isoRegions.map(\.identifier).filter { $0.count == 2 && $0.allSatisfy(\.isLetter) })

    /// How far ahead of UTC the first time zone is (UTC+14): where a year begins first.
    static let earliestNewYearOffset: TimeInterval = 14 * 3_600

    private static let utc = TimeZone(secondsFromGMT: 0) ?? .current

    /// The year of `date` in UTC.
    static func year(of date: Date) -> Int { LocalDateTime(date, in: utc).year }

    /// 1 January of `year`, 00:00 UTC.
    static func startOfYear(_ year: Int) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = utc
        return calendar.date(from: DateComponents(year: year, month: 1, day: 1)) ?? .distantFuture
    }
}
