import CalendarFeeds
import Foundation
import PlannerStore
import Planning

/// Store → CalendarFeeds → bytes, in one place for the routes and the snapshot writer.
struct StoredFeeds: Sendable {
    let store: PlannerStore
    /// The site's links, which feeds point into.
    let links: SiteLinks
    /// How often subscribers should poll.
    let refreshMinutes: Int
    /// The current time (retention, default observance years).
    let clock: @Sendable () -> Date

    /// The options every feed is rendered with now.
    /// `feedbackCodes` (of one group's sessions) let its organisers' feeds link each session's
    /// feedback form.
    func options(
        observanceYears: ClosedRange<Int>? = nil, alarm: FeedDuration? = nil,
        feedbackCodes: (@Sendable (Session.ID) -> String)? = nil
    ) throws -> FeedOptions {
        guard let base = URL(string: links.base) else {
            throw StartupError("base-url '\(links.base)' is not a URL")
        }
        return FeedOptions(
            baseURL: base, now: clock(), refreshInterval: .minutes(refreshMinutes), privateAlarm: alarm,
            observanceYears: observanceYears, feedbackCode: feedbackCodes)
    }

    /// The renderer of `group` as stored now.
    func renderer(
        of group: Slug, observanceYears: ClosedRange<Int>? = nil, alarm: FeedDuration? = nil
    ) throws -> (FeedRenderer, GroupSnapshot) {
        let snapshot = try store.snapshot(of: group)
        let catalogue = try store.catalogue()
        let source = FeedSource(snapshot: snapshot, catalogue: catalogue)
        let options = try options(
            observanceYears: observanceYears, alarm: alarm, feedbackCodes: try store.feedbackCodes(of: group))
        return (FeedRenderer(source: source, options: options), snapshot)
    }

    /// Every group as stored now, with the catalogue read once.
    func groups() throws -> [(snapshot: GroupSnapshot, source: FeedSource)] {
        let catalogue = try store.catalogue()
        return try store.groupRevisions().map { group in
            let snapshot = try store.snapshot(of: group.slug)
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
    func render(
        _ kind: FeedKind, of group: Slug, observanceYears: ClosedRange<Int>? = nil, alarm: FeedDuration? = nil
    ) throws -> FeedBody {
        let (renderer, snapshot) = try renderer(of: group, observanceYears: observanceYears, alarm: alarm)
        do {
            let rendered = try renderer.render(kind)
            return FeedBody(bytes: Array(rendered.data), modified: snapshot.modified, validUntil: rendered.changesAt)
        } catch .unknownFeedSubject(let subject) {
            throw APIError.notFound("no such calendar: \(subject)")
        }
    }
}
