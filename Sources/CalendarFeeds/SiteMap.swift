public import Planning

/// Every route `plannerd` serves, its pattern written once.
///
/// The daemon registers each handler under one of these; ``SitePath`` builds the path of one
/// page, feed or file from its route, so a link (in a feed, on a page, in a token's answer, in
/// `planner`'s output) cannot point where nothing is served. Adding a route is adding a case.
public enum SiteRoute: String, CaseIterable, Sendable {
    // MARK: Pages and their files
    case home = "/"
    case groupPage = "/groups/{group}"
    case activityPage = "/groups/{group}/activities/{activity}"
    /// A session by its rule date (`20270202T1500`); with `.ics` appended, the session as one event.
    case sessionPage = "/groups/{group}/sessions/{activity}/{when}"
    /// A session's anonymous feedback form; `{code}` opens it (``SitePath/feedbackForm(_:activity:ruleDate:code:)``).
    case feedbackForm = "/groups/{group}/sessions/{activity}/{when}/feedback/{code}"
    /// The group's join form: a request waits for a coordinator.
    case joinForm = "/groups/{group}/join"
    /// A printable page of a session's feedback link with its QR code, for its organisers.
    case feedbackPoster = "/groups/{group}/sessions/{activity}/{when}/feedback/{code}/poster"
    /// A group's printable impact report: public when the group says `report: public`.
    case impactReportPage = "/groups/{group}/reports/impact"
    /// The printable network report of every group that publishes a summary.
    case networkReportPage = "/reports/network"
    case stylesheet = "/static/site.css"
    case reportStylesheet = "/static/report.css"
    case script = "/static/copy.js"

    // MARK: A member's own page (his personal link signs him in; a cookie keeps him)
    /// `?token=` a member's personal link: sets the sign-in cookie and redirects to ``memberPage``.
    case memberSignIn = "/me/sign-in"
    case memberPage = "/me"
    /// Accept or decline one of his duties, by the session's rule date (`20270202T1500`).
    case memberDuty = "/me/duties/{activity}/{when}"
    /// Whether he comes to a session: going, maybe, not going.
    case memberRSVP = "/me/rsvp/{activity}/{when}"
    case memberAvailability = "/me/availability"
    case memberAbsences = "/me/absences"
    case memberInterests = "/me/interests"
    case memberCapacity = "/me/capacity"
    /// Makes him a link to his organiser feed (shown once).
    case memberCalendar = "/me/calendar"
    case memberSignOut = "/me/sign-out"

    // MARK: Operations
    case health = "/healthz"
    case ready = "/readyz"
    case metrics = "/metrics"
    case openAPI = "/openapi.yaml"

    // MARK: Feeds (literal paths win over `{group}.ics` in the router: these slugs are reserved)
    case networkFeed = "/calendars/network.ics"
    case countryObservancesFeed = "/calendars/observances.ics"
    case groupFeed = "/calendars/{group}.ics"
    case membersFeed = "/calendars/{group}/members.ics"
    case organiserFeed = "/calendars/{group}/organisers/{member}.ics"
    case themeFeed = "/calendars/{group}/themes/{theme}.ics"
    case kindFeed = "/calendars/{group}/kinds/{kind}.ics"
    case gapFeed = "/calendars/{group}/gap/{priority}.ics"
    case groupObservancesFeed = "/calendars/{group}/observances.ics"

    // MARK: The JSON API: the catalogue
    case apiThemes = "/api/v1/themes"
    case apiTheme = "/api/v1/themes/{theme}"
    case apiGAPPriorities = "/api/v1/gap-priorities"
    case apiGAPPriority = "/api/v1/gap-priorities/{priority}"
    case apiActivityKinds = "/api/v1/activity-kinds"
    case apiActivityKind = "/api/v1/activity-kinds/{kind}"
    case apiObservances = "/api/v1/observances"
    case apiObservance = "/api/v1/observances/{observance}"

    // MARK: The JSON API: groups
    case apiGroups = "/api/v1/groups"
    case apiGroup = "/api/v1/groups/{group}"
    case apiMembers = "/api/v1/groups/{group}/members"
    case apiMember = "/api/v1/groups/{group}/members/{member}"
    case apiActivities = "/api/v1/groups/{group}/activities"
    case apiActivity = "/api/v1/groups/{group}/activities/{activity}"
    case apiCancelActivity = "/api/v1/groups/{group}/activities/{activity}/cancel"
    case apiSessions = "/api/v1/groups/{group}/sessions"
    case apiSession = "/api/v1/groups/{group}/sessions/{session}"
    case apiMoveSession = "/api/v1/groups/{group}/sessions/{session}/move"
    case apiCancelSession = "/api/v1/groups/{group}/sessions/{session}/cancel"
    case apiConfirmSession = "/api/v1/groups/{group}/sessions/{session}/confirm"
    case apiConfirmSessions = "/api/v1/groups/{group}/sessions/confirm"
    case apiSessionTheme = "/api/v1/groups/{group}/sessions/{session}/theme"
    case apiSessionOutcome = "/api/v1/groups/{group}/sessions/{session}/outcome"
    case apiSessionOrganisers = "/api/v1/groups/{group}/sessions/{session}/organisers"
    case apiImpactReport = "/api/v1/groups/{group}/reports/impact"
    case apiNetworkReport = "/api/v1/reports/network"
    case apiProgramme = "/api/v1/groups/{group}/programme"
    case apiAssignments = "/api/v1/groups/{group}/assignments"
    case apiTokens = "/api/v1/groups/{group}/tokens"
    case apiToken = "/api/v1/groups/{group}/tokens/{token}"
    case apiRotateToken = "/api/v1/groups/{group}/tokens/{token}/rotate"
    case apiJoinRequests = "/api/v1/groups/{group}/join-requests"
    case apiApproveJoinRequest = "/api/v1/groups/{group}/join-requests/{request}/approve"
    case apiRejectJoinRequest = "/api/v1/groups/{group}/join-requests/{request}/reject"

    // MARK: The JSON API: planning
    case apiCheck = "/api/v1/groups/{group}/check"
    case apiExplainSession = "/api/v1/groups/{group}/sessions/{session}/explain"
    case apiPlanAssignments = "/api/v1/groups/{group}/assignments/plan"
    case apiPreviewProgramme = "/api/v1/groups/{group}/programme/preview"
    case apiPlanProgramme = "/api/v1/groups/{group}/programme/plan"

    /// The pattern as the router takes it.
    public var pattern: String { rawValue }

    /// True for the JSON API's routes (`/api/v1/…`).
    public var isAPI: Bool { rawValue.hasPrefix("/api/") }
}

/// The path of one thing the site serves: a page, a feed, a file. Built from its
/// ``SiteRoute`` (``route``), so links and routes cannot drift apart.
public enum SitePath: Hashable, Sendable, CustomStringConvertible {
    /// `/`: the groups.
    case home
    /// `/groups/{group}`.
    case groupPage(Slug)
    /// `/groups/{group}/activities/{activity}`.
    case activityPage(Slug, activity: Slug)
    /// `/groups/{group}/sessions/{activity}/{20270202T1500}`: by the rule date, which never
    /// changes when the session moves.
    case sessionPage(Slug, activity: Slug, ruleDate: LocalDateTime)
    /// The same session as one event to download: the session page's path with `.ics`.
    case sessionEvent(Slug, activity: Slug, ruleDate: LocalDateTime)
    /// A session's feedback form, opened by its code.
    case feedbackForm(Slug, activity: Slug, ruleDate: LocalDateTime, code: String)
    /// `/groups/{group}/join`: the group's join form.
    case joinForm(Slug)
    /// The printable page of a session's feedback link and its QR code.
    case feedbackPoster(Slug, activity: Slug, ruleDate: LocalDateTime, code: String)
    /// A group's printable impact report.
    case impactReportPage(Slug)
    /// The printable network report.
    case networkReportPage
    /// The impact report's stylesheet.
    case reportStylesheet
    /// One of a group's feeds (a private one also needs `?token=`).
    case feed(FeedKind, group: Slug)
    /// `/calendars/network.ics`: every group's public sessions.
    case networkFeed
    /// `/calendars/observances.ics`: observance days outside any group.
    case countryObservances
    /// The stylesheet every page links.
    case stylesheet
    /// The group page's optional copy button.
    case script
    /// `/me/sign-in`: where a personal link points (with `?token=`).
    case memberSignIn
    /// `/me`: the signed-in member's page.
    case memberPage
    /// `/me/duties/{activity}/{20270202T1500}`: where his answer to a duty is posted.
    case memberDuty(activity: Slug, ruleDate: LocalDateTime)
    /// `/me/rsvp/{activity}/{20270202T1500}`: where his RSVP for a session is posted.
    case memberRSVP(activity: Slug, ruleDate: LocalDateTime)
    /// A form of his page that changes his record (``SiteRoute/memberAvailability`` and the
    /// like, which take no parameter).
    case memberForm(SiteRoute)

    /// The route that serves this path.
    public var route: SiteRoute {
        switch self {
        case .home: .home
        case .groupPage: .groupPage
        case .activityPage: .activityPage
        case .sessionPage, .sessionEvent: .sessionPage
        case .feedbackForm: .feedbackForm
        case .joinForm: .joinForm
        case .feedbackPoster: .feedbackPoster
        case .impactReportPage: .impactReportPage
        case .networkReportPage: .networkReportPage
        case .reportStylesheet: .reportStylesheet
        case .networkFeed: .networkFeed
        case .countryObservances: .countryObservancesFeed
        case .stylesheet: .stylesheet
        case .script: .script
        case .memberSignIn: .memberSignIn
        case .memberPage: .memberPage
        case .memberDuty: .memberDuty
        case .memberRSVP: .memberRSVP
        case .memberForm(let route): route
        case .feed(let kind, _):
            switch kind {
            case .group: .groupFeed
            case .members: .membersFeed
            case .organiser: .organiserFeed
            case .theme: .themeFeed
            case .kind: .kindFeed
            case .gapPriority: .gapFeed
            case .observances: .groupObservancesFeed
            }
        }
    }

    /// The values of the route's parameters, by name.
    private var parameters: [String: String] {
        switch self {
        case .home, .networkFeed, .countryObservances, .stylesheet, .script, .memberSignIn, .memberPage,
            .memberForm, .networkReportPage, .reportStylesheet:
            [:]
        case .memberDuty(let activity, let ruleDate), .memberRSVP(let activity, let ruleDate):
            ["activity": activity.rawValue, "when": ruleDate.compact]
        case .groupPage(let group), .joinForm(let group), .impactReportPage(let group): ["group": group.rawValue]
        case .activityPage(let group, let activity): ["group": group.rawValue, "activity": activity.rawValue]
        case .sessionPage(let group, let activity, let ruleDate):
            ["group": group.rawValue, "activity": activity.rawValue, "when": ruleDate.compact]
        case .sessionEvent(let group, let activity, let ruleDate):
            ["group": group.rawValue, "activity": activity.rawValue, "when": ruleDate.compact + ".ics"]
        case .feedbackForm(let group, let activity, let ruleDate, let code),
            .feedbackPoster(let group, let activity, let ruleDate, let code):
            ["group": group.rawValue, "activity": activity.rawValue, "when": ruleDate.compact, "code": code]
        case .feed(let kind, let group):
            switch kind {
            case .group, .members, .observances: ["group": group.rawValue]
            case .organiser(let member): ["group": group.rawValue, "member": member.rawValue]
            case .theme(let theme): ["group": group.rawValue, "theme": theme.rawValue]
            case .kind(let kind): ["group": group.rawValue, "kind": kind.rawValue]
            case .gapPriority(let id): ["group": group.rawValue, "priority": id.rawValue]
            }
        }
    }

    /// The path: the route's pattern with each `{name}` replaced by its value. Slugs, rule
    /// dates and GAP ids need no escaping in a path.
    public var description: String {
        let values = parameters
        var path = ""
        var rest = Substring(route.pattern)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            path += rest[..<open]
            path += values[String(rest[rest.index(after: open)..<close])] ?? ""
            rest = rest[rest.index(after: close)...]
        }
        return path + rest
    }
}

/// Absolute links into the site, from its public base URL: the one link builder for feeds,
/// pages, token answers and the command line.
public struct SiteLinks: Sendable, Hashable {
    /// The public base URL without a trailing slash, `https://allyship.example.org`.
    public let base: String

    /// Links under `baseURL` (a trailing slash is dropped).
    public init(baseURL: String) {
        base = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
    }

    /// The absolute address of `path`.
    public func url(_ path: SitePath) -> String { base + path.description }

    /// The absolute address of a private feed or a personal link, with the token that opens it.
    public func url(_ path: SitePath, token: String) -> String { url(path) + "?token=" + token }
}
