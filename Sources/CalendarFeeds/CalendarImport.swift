public import Foundation
import ICalendar
public import Planning

/// A blackout read from an `.ics` file, with the UID that recognises it on the next import.
public struct ImportedBlackout: Hashable, Sendable {
    /// The blackout.
    public let blackout: Blackout
    /// `UID` of the event (`UID/YYYY-MM-DD` for one date of a recurring event).
    public let externalUID: String?

    /// The form `PlannerStore.importBlackouts` takes.
    public var forStore: (Blackout, externalUID: String?) { (blackout, externalUID) }
}

/// Events of an `.ics` file read as activities to keep as fixed sessions.
public struct ImportedEvents: Hashable, Sendable {
    /// One activity per event (a one-off, or a series for an event with an `RRULE`).
    public let activities: [Activity]
    /// Events left out, one line each (cancelled events, overrides of a series).
    public let skipped: [String]
}

/// Why an `.ics` file was not imported. Nothing is imported when any of these is thrown.
public enum CalendarImportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file is not a calendar this importer accepts (libical's and the prescan's reasons,
    /// with their lines).
    case invalidCalendar(String)
    /// The file holds no event.
    case noEvents
    /// One event cannot be imported.
    case invalidEvent(uid: String, summary: String, reason: String)
    /// The holidays would expand to more days than one import may hold.
    case tooManyOccurrences(limit: Int)
    /// The calendar holds more repeating holidays than one import may expand.
    case tooManySeries(limit: Int)

    public var description: String {
        switch self {
        case .invalidCalendar(let error): "not a usable calendar: \(error)"
        case .noEvents: "the calendar holds no event (VEVENT)"
        case .invalidEvent(let uid, let summary, let reason): "event \"\(summary)\" (UID \(uid)): \(reason)"
        case .tooManyOccurrences(let limit):
            "the calendar's holidays expand to more than \(limit) occurrences, the cap of one import "
                + "(a rule repeating without end, or a far last year?)"
        case .tooManySeries(let limit):
            "the calendar holds more than \(limit) repeating holidays (RRULE), the cap of one import"
        }
    }
}

/// iCalendar → planning: public holidays as blackouts, existing events as fixed sessions.
///
/// Input comes from Outlook, Google and Thunderbird exports: it is parsed strictly (size, line
/// length, nesting, UTF-8, impossible dates, unknown `TZID`s all refuse the file with the line),
/// and a zone only the file defines (Outlook's `W. Europe Standard Time`) is read through the
/// file's own `VTIMEZONE`.
public enum CalendarImport {
    /// The blackouts of a holiday calendar: one per event, from its first to its last day
    /// (`DTEND` is exclusive), the `SUMMARY` as reason. A yearly repeating event gives one
    /// blackout per year from its start through `lastYear` (default: the last year any other
    /// event falls in, else its start year plus 2). Cancelled events are left out.
    ///
    /// One import gives at most `maxOccurrences` blackouts (default ``maxHolidayOccurrences``),
    /// else it throws ``CalendarImportError/tooManyOccurrences(limit:)`` before expanding further.
    /// libical's cost grows with a rule's steps even when they match nothing (every 30 February),
    /// so a holiday repeats at most daily, a series is expanded over at most
    /// ``maxHolidaySeriesYears`` years, and one import holds at most `maxSeries` series (default
    /// ``maxHolidaySeries``; a rule that matches nothing still costs libical about 0.2 s here).
    public static func holidays(
        from data: Data, source: Blackout.Source = .holiday, lastYear: Int? = nil,
        maxOccurrences: Int = maxHolidayOccurrences, maxSeries: Int = maxHolidaySeries
    ) throws(CalendarImportError) -> [ImportedBlackout] {
        let calendar = try parse(data)
        let events = calendar.events.filter { $0.recurrenceID == nil && $0.status != .cancelled }
        let singleYears = events.filter { $0.rule == nil }.map(\.start.wallTime.year)
        guard events.count(where: { $0.rule != nil }) <= maxSeries else { throw .tooManySeries(limit: maxSeries) }
        var result: [ImportedBlackout] = []
        for event in events {
            let (first, last) = try days(of: event)
            let reason = (event.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard !reason.isEmpty else {
                throw .invalidEvent(uid: event.uid, summary: "", reason: "a holiday needs a SUMMARY (its name)")
            }
            guard result.count < maxOccurrences else { throw .tooManyOccurrences(limit: maxOccurrences) }
            guard let rule = event.rule else {
                result.append(
                    ImportedBlackout(blackout: try blackout(first, last, reason, source, event), externalUID: event.uid)
                )
                continue
            }
            // Sub-daily rules cannot describe a holiday, and would cost libical one step a second.
            guard !["SECONDLY", "MINUTELY", "HOURLY"].contains(where: { rule.text.contains("FREQ=\($0)") }) else {
                throw .invalidEvent(
                    uid: event.uid, summary: reason, reason: "a holiday repeats at most daily (\(rule.text))")
            }
            let until = lastYear ?? singleYears.max() ?? (first.year + 2)
            guard until - first.year <= maxHolidaySeriesYears else {
                throw .invalidEvent(
                    uid: event.uid, summary: reason,
                    reason:
                        "a holiday series is expanded over at most \(maxHolidaySeriesYears) years (\(first.year)–\(until))"
                )
            }
            let expanded = try occurrences(
                of: event, from: first, throughYear: until, budget: maxOccurrences - result.count, cap: maxOccurrences)
            for (start, end) in expanded {
                result.append(
                    ImportedBlackout(
                        blackout: try blackout(start, end, reason, source, event), externalUID: "\(event.uid)/\(start)")
                )
            }
        }
        guard result.count <= maxOccurrences else { throw .tooManyOccurrences(limit: maxOccurrences) }
        return result.sorted { ($0.blackout.from, $0.externalUID ?? "") < ($1.blackout.from, $1.externalUID ?? "") }
    }

    /// The most blackouts one holiday import may give: 40 years of a country's public holidays
    /// fit many times over, a rule repeating daily for centuries does not.
    public static let maxHolidayOccurrences = 10_000
    /// The most repeating holidays (`RRULE`s) one import may expand: a country has a few dozen.
    public static let maxHolidaySeries = 100
    /// The most years one holiday series is expanded over, from its start to the last year.
    public static let maxHolidaySeriesYears = 200

    /// The timed events of a calendar as activities of `group`: each keeps its title, time (in
    /// the group's zone), length, location and join link (`URL`, http(s) only). The kind is the
    /// first `CATEGORIES` value naming a kind (slug or title), else `defaultKind`; the theme the
    /// first naming a theme. The slug is `imported-` and a hash of the UID, so importing the
    /// same file again finds the same activities. An `RRULE` becomes a series (the planner's
    /// subset of rules).
    public static func events(
        from data: Data, group: Group, catalogue: Catalogue, defaultKind: Slug? = nil
    ) throws(CalendarImportError) -> ImportedEvents {
        let calendar = try parse(data)
        var activities: [Activity] = []
        var skipped: [String] = []
        var seen = Set<Slug>()
        for event in calendar.events {
            let summary = event.summary ?? ""
            if event.recurrenceID != nil {
                skipped.append("\(summary) (\(event.uid)): a changed date of a series, kept as the series gives it")
                continue
            }
            if event.status == .cancelled {
                skipped.append("\(summary) (\(event.uid)): cancelled")
                continue
            }
            let activity = try activityFor(event, group: group, catalogue: catalogue, defaultKind: defaultKind)
            guard seen.insert(activity.slug).inserted else {
                throw .invalidEvent(uid: event.uid, summary: summary, reason: "the UID appears twice")
            }
            activities.append(activity)
        }
        return ImportedEvents(activities: activities, skipped: skipped)
    }

    // MARK: - Parsing

    private static func parse(_ data: Data) throws(CalendarImportError) -> ICSCalendar {
        let result: ICSParseResult
        do {
            result = try ICSCalendar.parse(data, options: .strict)
        } catch {
            throw .invalidCalendar("\(error)")
        }
        let events = result.calendars.flatMap(\.events)
        guard !events.isEmpty else { throw .noEvents }
        var calendar = result.calendar
        calendar.events = events
        return calendar
    }

    /// First and last day of an event: all-day values by date, timed ones by their wall dates
    /// (an end at midnight does not count its day).
    private static func days(of event: ICSEvent) throws(CalendarImportError) -> (LocalDate, LocalDate) {
        let first = try localDate(event.start.wallTime, event)
        guard let end = event.end else { return (first, first) }
        var last = try localDate(end.wallTime, event)
        let wall = end.wallTime
        if end.isDate || (wall.hour == 0 && wall.minute == 0 && wall.second == 0) { last = last.adding(days: -1) }
        return (first, max(first, last))
    }

    private static func localDate(_ wall: ICSWallTime, _ event: ICSEvent) throws(CalendarImportError) -> LocalDate {
        do {
            return try LocalDate(year: wall.year, month: wall.month, day: wall.day)
        } catch {
            throw .invalidEvent(
                uid: event.uid, summary: event.summary ?? "", reason: "invalid date \(wall.date): \(error)")
        }
    }

    private static func blackout(
        _ first: LocalDate, _ last: LocalDate, _ reason: String, _ source: Blackout.Source, _ event: ICSEvent
    ) throws(CalendarImportError) -> Blackout {
        do {
            return try Blackout(from: first, to: last, reason: reason, source: source)
        } catch {
            throw .invalidEvent(uid: event.uid, summary: reason, reason: "\(error)")
        }
    }

    /// The (first, last) days of a recurring all-day or timed event from `first` through the
    /// end of `throughYear`, expanded by libical; more than `budget` (what is left of the
    /// import's `cap`) throws.
    private static func occurrences(
        of event: ICSEvent, from first: LocalDate, throughYear: Int, budget: Int, cap: Int
    ) throws(CalendarImportError) -> [(LocalDate, LocalDate)] {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0) ?? .current
        guard let start = utc.date(from: DateComponents(year: first.year, month: first.month, day: first.day)),
            let end = utc.date(from: DateComponents(year: max(first.year, throughYear) + 1, month: 1, day: 1))
        else { return [] }
        let expanded: [ICSOccurrence]
        do {
            expanded = try ICSCalendar(productID: CalendarFeedsModule.productID, events: [event])
                .occurrences(in: start.addingTimeInterval(-86_400)..<end, maxOccurrences: budget)
        } catch .tooManyOccurrences {
            throw .tooManyOccurrences(limit: cap)
        } catch {
            throw .invalidEvent(
                uid: event.uid, summary: event.summary ?? "", reason: "its recurrence cannot be expanded: \(error)")
        }
        var result: [(LocalDate, LocalDate)] = []
        for occurrence in expanded {
            var single = event
            single.start = occurrence.start
            single.end = occurrence.end
            single.rule = nil
            let days = try days(of: single)
            if days.0 >= first { result.append(days) }
        }
        return result
    }

    // MARK: - Events as activities

    private static func activityFor(
        _ event: ICSEvent, group: Group, catalogue: Catalogue, defaultKind: Slug?
    ) throws(CalendarImportError) -> Activity {
        let summary = (event.summary ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        func refuse(_ reason: String) -> CalendarImportError {
            .invalidEvent(uid: event.uid, summary: summary, reason: reason)
        }
        guard !summary.isEmpty else { throw refuse("an event needs a SUMMARY (its title)") }
        guard !event.start.isDate else {
            throw refuse("an all-day event is not a session; import it with `planner import holidays` as a blackout")
        }
        guard let end = event.end else { throw refuse("a session needs DTEND (its length)") }
        let start = try localTime(event.start, group: group, refuse: refuse)
        let stop = try localTime(end, group: group, refuse: refuse)
        let minutes = (stop.wallSeconds - start.wallSeconds) / 60
        guard (1...1440).contains(minutes) else {
            throw refuse("it lasts \(minutes) minutes; a session lasts 1 to 1440 minutes")
        }
        let categories = event.categories.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        let kind =
            catalogue.activityKinds.first { kind in
                categories.contains(kind.slug.rawValue) || categories.contains(kind.title.lowercased())
            }?.slug ?? defaultKind
        guard let kind, catalogue.kind(kind) != nil else {
            throw refuse(
                "no CATEGORIES value names a kind of activity and no default kind was given (kinds: "
                    + catalogue.activityKinds.map(\.slug.rawValue).joined(separator: ", ") + ")")
        }
        let theme = catalogue.themes.first { theme in
            categories.contains(theme.slug.rawValue) || categories.contains(theme.title.lowercased())
        }?.slug
        let onlineURL = event.url.flatMap(URL.init(string:)).flatMap { url in
            ["http", "https"].contains(url.scheme?.lowercased() ?? "") && url.host != nil ? url : nil
        }
        do {
            let schedule: Schedule
            if let rule = event.rule {
                schedule = .series(try Series(rule: RecurrenceRule(parsing: rule.text), start: start))
            } else {
                schedule = .oneOff(start)
            }
            return try Activity(
                slug: Slug("imported-" + stableHash(event.uid)), kind: kind, title: summary, schedule: schedule,
                durationMinutes: minutes, location: event.location.flatMap { $0.isEmpty ? nil : $0 },
                onlineURL: onlineURL,
                theme: theme)
        } catch {
            throw refuse("\(error)")
        }
    }

    /// The event's time as wall time in the group's zone.
    private static func localTime(
        _ value: ICSDateTime, group: Group, refuse: (String) -> CalendarImportError
    ) throws(CalendarImportError) -> LocalDateTime {
        let wall = value.wallTime
        let fields: LocalDateTime
        do {
            fields = try LocalDateTime(
                year: wall.year, month: wall.month, day: wall.day, hour: wall.hour, minute: wall.minute)
        } catch {
            throw refuse("invalid time \(wall): \(error)")
        }
        switch value {
        case .floating, .date:
            return fields
        case .local(_, let zoneID):
            if zoneID == group.timeZone.rawValue { return fields }
            guard let zone = TimeZone(identifier: zoneID) else { throw refuse("unknown time zone \(zoneID)") }
            return LocalDateTime(fields.instant(in: zone), in: group.zone)
        case .utc:
            return LocalDateTime(fields.instant(in: TimeZone(secondsFromGMT: 0) ?? group.zone), in: group.zone)
        }
    }

    /// 12 hex digits of FNV-1a 64 over the UID's bytes: stable across runs and platforms.
    static func stableHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        return String(String(hash, radix: 16).leftPadded(to: 16).prefix(12))
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
