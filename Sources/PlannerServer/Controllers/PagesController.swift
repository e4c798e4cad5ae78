import CalendarFeeds
import Foundation
import Hummingbird
import Mustache
public import NIOCore
import PlannerStore
import Planning

/// The files the daemon serves or renders, read once from the module's resources: the mustache
/// templates, the stylesheet and the OpenAPI document.
public struct SiteResources: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer
    /// The group page's optional copy button (pages work without it; no inline script).
    let copyScript: ByteBuffer
    /// `openapi.yaml`: the API's description, served at `/openapi.yaml`.
    public let openAPI: ByteBuffer

    /// Loads `Resources/templates/*.mustache` and `Resources/static/site.css`.
    public init() throws {
        var library = MustacheLibrary()
        for name in [
            "head", "foot", "index", "group", "session", "activity", "feedback", "thanks", "poster", "me", "join",
            "joined",
        ] {
            guard
                let url = Bundle.module.url(
                    forResource: name, withExtension: "mustache", subdirectory: "Resources/templates")
            else {
                throw StartupError("the page template \(name).mustache is missing from the build")
            }
            try library.register(String(contentsOf: url, encoding: .utf8), named: name)
        }
        self.library = library
        guard let css = Bundle.module.url(forResource: "site", withExtension: "css", subdirectory: "Resources/static")
        else {
            throw StartupError("the stylesheet site.css is missing from the build")
        }
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: css))
        guard let script = Bundle.module.url(forResource: "copy", withExtension: "js", subdirectory: "Resources/static")
        else {
            throw StartupError("the script copy.js is missing from the build")
        }
        copyScript = ByteBuffer(bytes: try Data(contentsOf: script))
        guard let document = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources")
        else {
            throw StartupError("the OpenAPI document openapi.yaml is missing from the build")
        }
        openAPI = ByteBuffer(bytes: try Data(contentsOf: document))
    }

    /// `template` rendered with `context` (HTML-escaped values).
    func render(_ context: Any, template: String) throws -> Response {
        guard let html = library.render(context, withTemplate: template) else {
            throw APIError(.internalServerError, "the page template \(template) is missing")
        }
        return Response(
            status: .ok, headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}

/// `/` (the groups), `/groups/{group}` (coming sessions, this year's programme, subscribe links
/// per platform), and the pages the feeds link to: `/groups/{group}/activities/{activity}` and
/// `/groups/{group}/sessions/{activity}/{20270202T1500}` (with `.ics`: the session as one event
/// to download). Server-rendered, for the public: what they show is what ``Visibility`` lets an
/// anonymous reader see, and a confidential session or activity is not found.
struct PagesController {
    let store: PlannerStore
    let resources: SiteResources
    let links: SiteLinks
    let clock: @Sendable () -> Date

    func addRoutes(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.home, .get, use: home)
        router.on(.groupPage, .get, use: group)
        router.on(.activityPage, .get, use: activity)
        router.on(.sessionPage, .get, use: session)
        router.on(.stylesheet, .get, use: stylesheet)
        router.on(.script, .get, use: script)
    }

    @Sendable func home(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let groups = try store.groups().map { summary in
            HomeGroup(
                name: summary.name, page: SitePath.groupPage(summary.slug).description, timeZone: summary.timeZone,
                members: summary.members, sessions: summary.sessions,
                feed: links.url(.feed(.group, group: summary.slug)),
                feedName: "\(summary.slug).ics")
        }
        return try resources.render(
            HomePage(title: "Groups", groups: groups, networkFeed: links.url(.networkFeed)), template: "index")
    }

    @Sendable func group(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.slug("group")
        let snapshot = try store.snapshot(of: slug)
        let catalogue = try store.catalogue()
        let page = GroupPage(
            snapshot: snapshot, catalogue: catalogue, links: links,
            now: clock())
        return try resources.render(page, template: "group")
    }

    /// One activity: what it is, where, its theme and its coming sessions.
    @Sendable func activity(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.slug("group")
        let id = try context.slug("activity")
        let (snapshot, catalogue, visibility) = try publicView(of: slug)
        guard let activity = visibility.activities(of: snapshot.plan).first(where: { $0.slug == id }) else {
            throw APIError.notFound("no activity '\(id)' in group '\(slug)'")
        }
        let page = ActivityPage(
            activity: activity, snapshot: snapshot, catalogue: catalogue, visibility: visibility,
            links: links, now: clock())
        return try resources.render(page, template: "activity")
    }

    /// One session: when, where, its theme and GAP priorities, its status; `….ics` downloads it.
    @Sendable func session(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.slug("group")
        let activity = try context.slug("activity")
        var when = context.parameters.get("when") ?? ""
        let download = when.hasSuffix(".ics")
        if download { when.removeLast(4) }
        guard let ruleDate = LocalDateTime(compact: when) else {
            throw APIError.notFound("no session '\(when)': session paths end like 20270302T1500")
        }
        let id = Session.ID(activity: activity, ruleDate: ruleDate)
        let (snapshot, catalogue, visibility) = try publicView(of: slug)
        guard let visible = visibility.view(of: id, in: snapshot), !visible.confidential,
            let owner = snapshot.plan.activities.first(where: { $0.slug == activity })
        else { throw APIError.notFound("no session \(id) in group '\(slug)'") }
        if download {
            let renderer = FeedRenderer(
                source: FeedSource(snapshot: snapshot, catalogue: catalogue),
                options: FeedOptions(baseURL: try siteBase(), now: clock()))
            guard let feed = try renderer.renderSession(id) else {
                throw APIError.notFound("no session \(id) in group '\(slug)'")
            }
            return Response(
                status: .ok,
                headers: [
                    .contentType: "text/calendar; charset=utf-8", .cacheControl: "no-cache",
                    .contentDisposition: "attachment; filename=\"\(feed.fileName)\"",
                ],
                body: .init(byteBuffer: ByteBuffer(bytes: feed.data)))
        }
        let page = SessionPage(
            session: visible, activity: owner, snapshot: snapshot, catalogue: catalogue,
            links: links)
        return try resources.render(page, template: "session")
    }

    @Sendable func stylesheet(_ request: Request, context: PlannerRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: resources.stylesheet))
    }

    @Sendable func script(_ request: Request, context: PlannerRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/javascript; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: resources.copyScript))
    }

    /// The group, the catalogue, and what the public may see of them.
    private func publicView(of group: Slug) throws -> (GroupSnapshot, Catalogue, Visibility) {
        let snapshot = try store.snapshot(of: group)
        let catalogue = try store.catalogue()
        return (snapshot, catalogue, Visibility(.anonymous, group: snapshot.plan.group, catalogue: catalogue))
    }

    private func siteBase() throws -> URL {
        guard let url = URL(string: links.base) else {
            throw APIError(.internalServerError, "the site's base URL is not an address")
        }
        return url
    }
}

// MARK: - Page models

struct HomeGroup {
    let name: String
    let page: String
    let timeZone: String
    let members: Int
    let sessions: Int
    let feed: String
    let feedName: String
}

struct HomePage {
    let title: String
    let groups: [HomeGroup]
    let networkFeed: String
}

/// The subscribe links of one feed, one per platform.
struct SubscribeLinks: Equatable {
    /// `https://…/calendars/g.ics`: to copy (Android, Thunderbird, Nextcloud).
    let https: String
    /// `webcal://…`: opens Apple Calendar and Outlook directly.
    let webcal: String
    /// Google's "add by URL" link with the webcal address as `cid`.
    let google: String

    init(feedURL: String) {
        https = feedURL
        let withoutScheme = feedURL.replacingOccurrences(of: "^https?://", with: "", options: .regularExpression)
        webcal = "webcal://" + withoutScheme
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        google =
            "https://calendar.google.com/calendar/r?cid="
            + (webcal.addingPercentEncoding(withAllowedCharacters: allowed) ?? webcal)
    }
}

struct GroupPage {
    /// One coming session, linked to its page unless it is a busy block.
    struct Line {
        let iso: String
        let when: String
        let title: String
        let link: String?
        let theme: String?
        let cancelled: Bool
        let moved: Bool
        let reason: String?

        init(_ session: VisibleSession, catalogue: Catalogue, group: Slug) {
            iso = session.start.description
            when = session.start.readable
            title = session.title
            link = session.activity.flatMap { activity in
                Session.ID(parsing: session.id).map {
                    SitePath.sessionPage(group, activity: activity, ruleDate: $0.ruleDate).description
                }
            }
            theme = session.theme.flatMap { catalogue.theme($0)?.title }
            cancelled = session.status == .cancelled
            moved = session.movedFrom != nil && session.status != .cancelled
            reason = session.note
        }
    }

    struct Month {
        let month: String
        let theme: String
        let priorities: String
        /// The theme's own feed, to follow its sessions.
        let feed: String?
    }

    /// A past session whose materials were recorded.
    struct Materials {
        let iso: String
        let when: String
        let title: String
        let link: String
        let materials: String
    }

    let title: String
    let name: String
    let dutyStation: String
    let venue: String
    let timeZone: String
    let missionStatement: String
    /// The group's join form.
    let joinForm: String
    let webcal: String
    let google: String
    let https: String
    /// The observance days of the group's country, as a feed of their own.
    let observancesFeed: String
    /// The country the observances follow.
    let country: String
    /// Every group's public sessions.
    let networkFeed: String
    let sessions: [Line]
    /// `December 2026 to November 2027`: the months the programme table covers.
    let programmeSpan: String
    let programme: [Month]
    let hasProgramme: Bool
    let materials: [Materials]
    let hasMaterials: Bool
    /// The group's public impact report (this year's so far), when the group publishes one.
    let report: String?

    /// How many coming sessions the page lists, and how many past sessions' materials.
    static let comingCount = 12
    /// How many months of programme the page shows, from this one.
    static let programmeMonths = 12

    init(snapshot: GroupSnapshot, catalogue: Catalogue, links: SiteLinks, now: Date) {
        let group = snapshot.plan.group
        title = group.name
        name = group.name
        dutyStation = group.dutyStation
        venue = group.venue.name
        timeZone = group.timeZone.rawValue
        missionStatement = group.missionStatement
        joinForm = SitePath.joinForm(group.slug).description
        let subscribe = SubscribeLinks(feedURL: links.url(.feed(.group, group: group.slug)))
        webcal = subscribe.webcal
        google = subscribe.google
        https = subscribe.https
        observancesFeed = links.url(.feed(.observances, group: group.slug))
        country = group.country.rawValue
        networkFeed = links.url(.networkFeed)

        let today = LocalDateTime(now, in: group.zone).date
        let visibility = Visibility(.anonymous, group: group, catalogue: catalogue)
        report = visibility.readsReport ? SitePath.impactReportPage(group.slug).description : nil
        let visible = visibility.sessions(of: snapshot)
        sessions = visible.filter { $0.start.date >= today }
            .prefix(Self.comingCount)
            .map { Line($0, catalogue: catalogue, group: group.slug) }

        let months = MonthKey.range(MonthKey(today), MonthKey(today).adding(months: Self.programmeMonths - 1))
        programmeSpan = "\(months[0].readable) to \(months[months.count - 1].readable)"
        programme = months.compactMap { snapshot.programme[$0] }
            .map { entry in
                let theme = catalogue.theme(entry.theme)
                let priorities = theme?.gap.map { catalogue.priority($0)?.title ?? $0.rawValue } ?? []
                return Month(
                    month: entry.month.readable, theme: theme?.title ?? entry.theme.rawValue,
                    priorities: priorities.joined(separator: "; "),
                    feed: theme.map { _ in links.url(.feed(.theme(entry.theme), group: group.slug)) })
            }
        hasProgramme = !programme.isEmpty

        materials = visible.filter { $0.start.date < today }.reversed()
            .compactMap { session -> Materials? in
                guard let url = session.outcome?.materials, let activity = session.activity,
                    let id = Session.ID(parsing: session.id)
                else { return nil }
                return Materials(
                    iso: session.start.description, when: session.start.readable, title: session.title,
                    link: SitePath.sessionPage(group.slug, activity: activity, ruleDate: id.ruleDate).description,
                    materials: url.absoluteString)
            }
            .prefix(Self.comingCount).map { $0 }
        hasMaterials = !materials.isEmpty
    }
}

/// A theme as the pages show it: title, summary, GAP priorities in words, and its feed.
struct ThemeLines {
    let title: String
    let summary: String
    let priorities: [String]
    let feed: String

    init?(_ slug: Slug?, catalogue: Catalogue, group: Group, links: SiteLinks) {
        guard let slug, let theme = catalogue.theme(slug) else { return nil }
        title = theme.title
        summary = theme.summary
        priorities = theme.gap.map { id in
            let title = catalogue.priority(id)?.title ?? group.missionPriorities.first { $0.id == id }?.title
            return title.map { "\(id): \($0)" } ?? id.rawValue
        }
        feed = links.url(.feed(.theme(slug), group: group.slug))
    }
}

/// Where an activity takes place: its own location, else the group's venue.
private func place(of activity: Activity, in group: Group) -> String {
    activity.location ?? [group.venue.name, group.venue.address].filter { !$0.isEmpty }.joined(separator: ", ")
}

/// `/groups/{group}/sessions/{activity}/{rule date}`.
struct SessionPage {
    let title: String
    let groupName: String
    let groupPage: String
    let activityPage: String
    let date: String
    let iso: String
    let time: String
    let timeZone: String
    let place: String
    let status: String
    let cancelled: Bool
    let moved: String?
    let note: String?
    let theme: ThemeLines?
    let download: String
    let feed: String
    /// "Held" or "Not held", once recorded.
    let outcome: String?
    /// The session's materials, once recorded.
    let materials: String?
    /// `12 going, 3 maybe`: members' answers, counted, never named.
    let rsvps: String?

    init(session: VisibleSession, activity: Activity, snapshot: GroupSnapshot, catalogue: Catalogue, links: SiteLinks) {
        let group = snapshot.plan.group
        title = activity.title
        groupName = group.name
        groupPage = SitePath.groupPage(group.slug).description
        activityPage = SitePath.activityPage(group.slug, activity: activity.slug).description
        date = session.start.date.readable
        iso = session.start.description
        time = "\(session.start.time)–\(session.end.time)"
        timeZone = group.timeZone.rawValue
        place = PlannerServer.place(of: activity, in: group)
        status = session.status.rawValue
        cancelled = session.status == .cancelled
        moved = session.movedFrom.map(\.readable)
        note = session.note
        theme = ThemeLines(session.theme, catalogue: catalogue, group: group, links: links)
        let id = Session.ID(parsing: session.id)
        download =
            id.map { SitePath.sessionEvent(group.slug, activity: $0.activity, ruleDate: $0.ruleDate).description } ?? ""
        feed = links.url(.feed(.group, group: group.slug))
        outcome = session.outcome.map { $0.held ? "Held" : "Not held" }
        materials = session.outcome?.materials?.absoluteString
        rsvps = session.rsvps.map { $0.words() }
    }
}

/// `/groups/{group}/activities/{activity}`.
struct ActivityPage {
    struct Coming {
        let when: String
        let iso: String
        let link: String
        let status: String?
    }

    let title: String
    let groupName: String
    let groupPage: String
    let kind: String
    let kindSummary: String?
    let kindFeed: String?
    let place: String
    let minutes: Int
    let theme: ThemeLines?
    let sessions: [Coming]
    let feed: String

    /// How many coming sessions the page lists.
    static let comingCount = 12

    init(
        activity: Activity, snapshot: GroupSnapshot, catalogue: Catalogue, visibility: Visibility, links: SiteLinks,
        now: Date
    ) {
        let group = snapshot.plan.group
        let today = LocalDateTime(now, in: group.zone).date
        let activityKind = catalogue.kind(activity.kind)
        title = activity.title
        groupName = group.name
        groupPage = SitePath.groupPage(group.slug).description
        kind = activityKind?.title ?? activity.kind.rawValue
        kindSummary = activityKind?.summary
        kindFeed = activityKind?.privacy == .public ? links.url(.feed(.kind(activity.kind), group: group.slug)) : nil
        place = PlannerServer.place(of: activity, in: group)
        minutes = activityKind.map(activity.duration(kind:)) ?? 0
        theme = ThemeLines(activity.theme, catalogue: catalogue, group: group, links: links)
        sessions = snapshot.plan.sessions.filter { $0.activity == activity.slug && $0.start.date >= today }
            .compactMap { visibility.view(of: $0, in: activity) }
            .prefix(Self.comingCount)
            .compactMap { session in
                Session.ID(parsing: session.id).map { id in
                    Coming(
                        when: session.start.readable, iso: session.start.description,
                        link: SitePath.sessionPage(group.slug, activity: id.activity, ruleDate: id.ruleDate)
                            .description,
                        status: session.status == .tentative ? nil : session.status.rawValue)
                }
            }
        feed = links.url(.feed(.group, group: group.slug))
    }
}
