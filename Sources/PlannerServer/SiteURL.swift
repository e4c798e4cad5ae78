import CalendarFeeds
import Foundation
public import Hummingbird
public import PlannerStore
public import Planning

extension TokenScope {
    /// The feed a feed token opens; `nil` for an API token.
    var feed: FeedKind? {
        switch self {
        case .api: nil
        case .membersFeed: .members
        case .organiserFeed(let member): .organiser(member)
        }
    }
}

/// The paths the daemon links to from its pages, its start-up message and token answers.
public enum SiteURL {
    /// The JSON API's prefix.
    public static let api: RouterPath = "api/v1"

    /// `/calendars/{group}.ics`: a group's public feed.
    public static func publicFeed(_ group: Slug) -> String { FeedKind.group.path(group: group) }
    /// The private feed a feed token opens, with the token; `nil` for an API token.
    public static func privateFeed(_ issued: IssuedToken) -> String? {
        issued.token.scope.feed.map { "\($0.path(group: issued.token.group))?token=\(issued.secret)" }
    }
    /// `/calendars/{group}/observances.ics`: the observances of the group's country.
    public static func groupObservancesFeed(_ group: Slug) -> String { FeedKind.observances.path(group: group) }
    /// `/calendars/network.ics`: every group's public sessions.
    public static let networkFeed = "/calendars/network.ics"
    /// `/groups/{group}`: a group's page.
    public static func groupPage(_ group: Slug) -> String { PagePath.group(group) }
    /// An activity's page, as the feeds link to it.
    public static func activityPage(_ group: Slug, activity: Slug) -> String {
        PagePath.activity(group, activity: activity)
    }
    /// A session's page, as the feeds link to it; with `.ics` appended, the session as one event.
    public static func sessionPage(_ group: Slug, activity: Slug, ruleDate: LocalDateTime) -> String {
        PagePath.session(group, activity: activity, ruleDate: ruleDate)
    }
}
