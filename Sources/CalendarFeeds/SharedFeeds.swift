import Foundation
import ICalendar
public import Planning

/// Feeds that belong to no single group: the organisation-wide network of every group's public
/// sessions, and a country's observance days for people who follow no group.
public enum SharedFeeds {
    /// The network feed's file name.
    public static let networkFileName = "network.ics"

    /// The public sessions of every group in one calendar.
    ///
    /// Each group contributes exactly its public feed's events (same UIDs, sequences, busy blocks
    /// and retention), with the group's duty station after the summary so that two groups'
    /// "Monthly meeting" can be told apart. Every zone used gets its `VTIMEZONE`;
    /// `X-WR-TIMEZONE` is set only when all groups share one zone. Groups come in slug order, so
    /// the same stored state gives the same bytes.
    public static func network(
        _ sources: [FeedSource], options: FeedOptions, name: String = "Men for Gender Equality network",
        description: String = "The public sessions of every Men for Gender Equality Group on this server."
    ) throws(FeedError) -> RenderedFeed {
        let renderers = sources.sorted { $0.plan.group.slug < $1.plan.group.slug }.map {
            FeedRenderer(source: $0, options: options)
        }
        let zones = Set(sources.map(\.plan.group.timeZone.rawValue))
        var calendar = options.calendar(
            name: name, description: description, timeZone: zones.count == 1 ? zones.first : nil)
        var retention = RetentionClock(now: options.now)
        for renderer in renderers {
            let station = renderer.source.plan.group.dutyStation
            for var event in try renderer.calendar(.group, retention: &retention).events {
                event.summary = event.summary.map { "\($0) (\(station))" }
                calendar.events.append(event)
            }
        }
        return try RenderedFeed(calendar, fileName: networkFileName, changesAt: retention.nextChange)
    }

    /// The observance days of `catalogue` kept in `country` (with no country: those kept
    /// everywhere) in `years`, as all-day free events, e.g. to subscribe beside any calendar.
    public static func observances(
        _ catalogue: Catalogue, country: CountryCode?, years: ClosedRange<Int>, options: FeedOptions
    ) throws(FeedError) -> RenderedFeed {
        let region = country.map { "(\($0))" } ?? "(kept everywhere)"
        var calendar = options.calendar(
            name: "Observances \(region)",
            description:
                "Days of observance for gender equality, \(years.lowerBound) to \(years.upperBound), to subscribe beside any calendar.",
            timeZone: nil)
        calendar.events = FeedRenderer.observanceEvents(catalogue.observances, country: country, years: years)
        let fileName =
            "observances-\(country?.rawValue.lowercased() ?? "world")-\(years.lowerBound)-\(years.upperBound).ics"
        return try RenderedFeed(calendar, fileName: fileName, changesAt: nil)
    }
}
