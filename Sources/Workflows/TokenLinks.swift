public import CalendarFeeds
public import PlannerStore

extension TokenScope {
    /// The private feed a feed token opens; nil for an API token.
    public var feed: FeedKind? {
        switch self {
        case .api: nil
        case .membersFeed: .members
        case .organiserFeed(let member): .organiser(member)
        }
    }
}

extension IssuedToken {
    /// The address of the private feed this token opens, secret included; nil for an API
    /// token. Shown once, when the token is made or rotated.
    public func feedURL(_ links: SiteLinks) -> String? {
        token.scope.feed.map { links.url(.feed($0, group: token.group), token: secret) }
    }
}
