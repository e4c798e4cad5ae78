import Foundation
import ICalendar
import Planning

/// The observance days a group's country keeps, as all-day events.
extension FeedRenderer {
    // MARK: - Observances

    /// The days of `observances` kept in `country` in `years`, as all-day, free events sorted
    /// by date. With no country, only the observances kept everywhere (no country variant list).
    static func observanceEvents(_ observances: [Observance], country: CountryCode?, years: ClosedRange<Int>)
        -> [ICSEvent]
    {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0) ?? utc.timeZone
        let region = country?.rawValue.lowercased() ?? "world"
        var events: [(LocalDate, Slug, ICSEvent)] = []
        for year in years {
            // A stable stamp: the observances change only with the catalogue, not with the clock.
            let stamp = utc.date(from: DateComponents(year: year, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
            for observance in observances {
                if country == nil, observance.countries != nil { continue }
                guard let days = observance.dates(in: year, country: country) else { continue }
                var lines = [observance.summary, observance.url?.absoluteString].compactMap { $0 }
                if observance.days > 1 {
                    lines.insert("\(days.lowerBound.readable) to \(days.upperBound.readable)", at: 0)
                }
                events.append(
                    (
                        days.lowerBound, observance.slug,
                        ICSEvent(
                            uid: Self.uid(region, "observance", observance.slug.rawValue, String(year)),
                            timestamp: stamp, start: .date(Self.icsDate(days.lowerBound)),
                            end: .date(Self.icsDate(days.upperBound.adding(days: 1))), sequence: 0, lastModified: stamp,
                            transparency: .transparent, summary: observance.title,
                            description: lines.isEmpty ? nil : lines.joined(separator: "\n"),
                            url: observance.url?.absoluteString, categories: ["Observance"])
                    ))
            }
        }
        return events.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    func defaultObservanceYears() -> ClosedRange<Int> {
        let years = source.plan.sessions.map(\.start.year)
        if let first = years.min(), let last = years.max() { return first...last }
        let year = LocalDateTime(options.now, in: group.zone).year
        return year...year
    }
}
