import CalendarFeeds
import Foundation
import PlannerStore
import Planning

/// Store → CalendarFeeds → bytes, in one place for the routes and the snapshot writer.
enum StoredFeeds {
    /// The options every feed is rendered with now.
    static func options(
        _ dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil, alarm: FeedDuration? = nil
    ) throws -> FeedOptions {
        guard let base = URL(string: dependencies.configuration.publicBaseURL) else {
            throw StartupError("base-url '\(dependencies.configuration.publicBaseURL)' is not a URL")
        }
        return FeedOptions(
            baseURL: base, now: dependencies.clock(),
            refreshInterval: .minutes(dependencies.configuration.refreshMinutes),
            privateAlarm: alarm, observanceYears: observanceYears)
    }

    /// The renderer of `group` as stored now.
    static func renderer(
        of group: Slug, dependencies: ServerDependencies, observanceYears: ClosedRange<Int>? = nil,
        alarm: FeedDuration? = nil
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
        alarm: FeedDuration? = nil
    ) throws -> FeedBody {
        let (renderer, snapshot) = try renderer(
            of: group, dependencies: dependencies, observanceYears: observanceYears, alarm: alarm)
        do {
            let rendered = try renderer.render(kind)
            return FeedBody(bytes: Array(rendered.data), modified: snapshot.modified, validUntil: rendered.changesAt)
        } catch .unknownFeedSubject(let subject) {
            throw APIError.notFound("no such calendar: \(subject)")
        }
    }
}
