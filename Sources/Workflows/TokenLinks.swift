public import CalendarFeeds
public import PlannerStore

extension TokenScope {
    /// The private feed a feed token opens; nil for an API token.
    public var feed: FeedKind? {
        switch self {
        case .api, .member: nil
        case .membersFeed: .members
        case .organiserFeed(let member): .organiser(member)
        }
    }
}

extension IssuedToken {
    /// The address this token opens, secret included: a private feed, or a member's sign-in
    /// link; nil for an API token. Shown once, when the token is made or rotated.
    public func feedURL(_ links: SiteLinks) -> String? {
        if case .member = token.scope { return links.url(.memberSignIn, token: secret) }
        return token.scope.feed.map { links.url(.feed($0, group: token.group), token: secret) }
    }
}
