import Foundation
import Hummingbird
import Planning

/// The paths the daemon links to from its pages, its start-up message and token answers.
public enum SiteURL {
    /// The JSON API's prefix.
    public static let api: RouterPath = "api/v1"

    /// `/calendars/{group}.ics`: a group's public feed.
    public static func publicFeed(_ group: Slug) -> String { "/calendars/\(group).ics" }
    /// `/calendars/{group}/members.ics?token=…`: the members' private feed.
    public static func membersFeed(_ group: Slug, token: String) -> String { "/calendars/\(group)/members.ics?token=\(token)" }
    /// `/calendars/{group}/organisers/{member}.ics?token=…`: one organiser's duties.
    public static func organiserFeed(_ group: Slug, member: Slug, token: String) -> String {
        "/calendars/\(group)/organisers/\(member).ics?token=\(token)"
    }
    /// `/calendars/{group}/observances.ics`: the observances of the group's country.
    public static func groupObservancesFeed(_ group: Slug) -> String { "/calendars/\(group)/observances.ics" }
    /// `/calendars/network.ics`: every group's public sessions.
    public static let networkFeed = "/calendars/network.ics"
    /// `/groups/{group}`: a group's page.
    public static func groupPage(_ group: Slug) -> String { "/groups/\(group)" }
}
