import Foundation
import Hummingbird
import Mustache
import NIOCore
import Planning
import PlannerStore

/// The files the daemon serves or renders, read once from the module's resources: the mustache
/// templates, the stylesheet and the OpenAPI document.
public struct SiteResources: Sendable {
    let library: MustacheLibrary
    let stylesheet: ByteBuffer
    /// `openapi.yaml`: the API's description, served at `/openapi.yaml`.
    public let openAPI: ByteBuffer

    /// Loads `Resources/templates/*.mustache` and `Resources/static/site.css`.
    public init() throws {
        var library = MustacheLibrary()
        for name in ["head", "foot", "index", "group"] {
            guard let url = Bundle.module.url(forResource: name, withExtension: "mustache", subdirectory: "Resources/templates") else {
                throw ConfigurationError("the page template \(name).mustache is missing from the build")
            }
            try library.register(String(contentsOf: url, encoding: .utf8), named: name)
        }
        self.library = library
        guard let css = Bundle.module.url(forResource: "site", withExtension: "css", subdirectory: "Resources/static") else {
            throw ConfigurationError("the stylesheet site.css is missing from the build")
        }
        stylesheet = ByteBuffer(bytes: try Data(contentsOf: css))
        guard let document = Bundle.module.url(forResource: "openapi", withExtension: "yaml", subdirectory: "Resources") else {
            throw ConfigurationError("the OpenAPI document openapi.yaml is missing from the build")
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

/// `/` (the groups) and `/groups/{group}` (coming sessions, this year's programme, subscribe links
/// per platform), server-rendered.
struct PagesController {
    let dependencies: ServerDependencies

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/", use: home)
        router.get("groups/{group}", use: group)
        router.get("static/site.css", use: stylesheet)
    }

    @Sendable func home(_ request: Request, context: BasicRequestContext) throws -> Response {
        let base = dependencies.configuration.publicBaseURL
        let groups = try dependencies.store.groups().map { summary in
            HomeGroup(
                name: summary.name, page: SiteURL.groupPage(summary.slug), timeZone: summary.timeZone,
                members: summary.members, sessions: summary.sessions, feed: base + SiteURL.publicFeed(summary.slug),
                feedName: "\(summary.slug).ics")
        }
        return try dependencies.resources.render(
            HomePage(title: "Groups", groups: groups, networkFeed: base + SiteURL.networkFeed), template: "index")
    }

    @Sendable func group(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("group")
        let snapshot = try dependencies.store.snapshot(of: slug)
        let catalogue = try dependencies.store.catalogue()
        let page = GroupPage(
            snapshot: snapshot, catalogue: catalogue, base: dependencies.configuration.publicBaseURL, now: dependencies.clock())
        return try dependencies.resources.render(page, template: "group")
    }

    @Sendable func stylesheet(_ request: Request, context: BasicRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/css; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: dependencies.resources.stylesheet))
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
        google = "https://calendar.google.com/calendar/r?cid="
            + (webcal.addingPercentEncoding(withAllowedCharacters: allowed) ?? webcal)
    }
}

struct GroupPage {
    struct Line {
        let iso: String
        let when: String
        let title: String
        let theme: String?
        let cancelled: Bool
        let moved: Bool
        let reason: String?
    }

    struct Month {
        let month: String
        let theme: String
        let priorities: String
    }

    let title: String
    let name: String
    let dutyStation: String
    let venue: String
    let timeZone: String
    let missionStatement: String
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
    let year: Int
    let programme: [Month]
    let hasProgramme: Bool

    /// How many coming sessions the page lists.
    static let comingCount = 12

    init(snapshot: GroupSnapshot, catalogue: Catalogue, base: String, now: Date) {
        let group = snapshot.plan.group
        title = group.name
        name = group.name
        dutyStation = group.dutyStation
        venue = group.venue.name
        timeZone = group.timeZone.rawValue
        missionStatement = group.missionStatement
        let links = SubscribeLinks(feedURL: base + SiteURL.publicFeed(group.slug))
        webcal = links.webcal
        google = links.google
        https = links.https
        observancesFeed = base + SiteURL.groupObservancesFeed(group.slug)
        country = group.country.rawValue
        networkFeed = base + SiteURL.networkFeed

        let today = LocalDateTime(now, in: group.zone).date
        year = today.year

        let view = PublicView(snapshot: snapshot, catalogue: catalogue, access: .anonymous).sessions
        sessions = view.filter { $0.start.date >= today }
            .prefix(Self.comingCount)
            .map { session in
                Line(
                    iso: session.start.description, when: session.start.readable, title: session.title,
                    theme: session.theme.flatMap { catalogue.theme($0)?.title }, cancelled: session.status == .cancelled,
                    moved: session.movedFrom != nil && session.status != .cancelled, reason: session.reason)
            }
        let yearPrefix = String(format: "%04d-", year)
        programme = snapshot.programme.values.filter { $0.month.hasPrefix(yearPrefix) }.sorted { $0.month < $1.month }
            .map { entry in
                let theme = catalogue.theme(entry.theme)
                let priorities = theme?.gap.map { catalogue.priority($0)?.title ?? $0.rawValue } ?? []
                return Month(
                    month: (try? MonthKey(parsing: entry.month))?.readable ?? entry.month,
                    theme: theme?.title ?? entry.theme.rawValue, priorities: priorities.joined(separator: "; "))
            }
        hasProgramme = !programme.isEmpty
    }
}
