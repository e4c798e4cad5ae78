internal import CLibical
public import Foundation

extension ICSCalendar {
    /// Every occurrence overlapping `window` (`lowerBound` inclusive), sorted by start then UID.
    ///
    /// Series are expanded by libical's `icalcomponent_foreach_recurrence` in the event's own
    /// zone, so wall-clock times stay put across DST; `EXDATE`s are removed and `RDATE`s added.
    /// A `RECURRENCE-ID` override replaces the instance with the same UID and the same start
    /// instant (compared in UTC), wherever the override moves it. `RANGE=THISANDFUTURE` is not
    /// supported: an override replaces one instance.
    ///
    /// `maxOccurrences` caps the work for input from outside: a series that would give more
    /// instances than that from its start to the window's end (an `RRULE` without an end and a
    /// far window) throws ``ICSError/tooManyOccurrences(uid:limit:)`` before libical expands it.
    public func occurrences(in window: Range<Date>, maxOccurrences: Int = .max) throws(ICSError) -> [ICSOccurrence] {
        try Libical.locked { () throws(ICSError) -> [ICSOccurrence] in
            try Expander.occurrences(of: events, in: window, maxOccurrences: maxOccurrences)
        }
    }
}

private final class SpanCollector {
    var starts: [(start: Int, end: Int)] = []
}

private let collectSpan:
    @convention(c) (OpaquePointer?, UnsafeMutablePointer<icaltime_span>?, UnsafeMutableRawPointer?) -> Void = {
        _, span, data in
        guard let span, let data else { return }
        Unmanaged<SpanCollector>.fromOpaque(data).takeUnretainedValue().starts.append(
            (Int(span.pointee.start), Int(span.pointee.end)))
    }

enum Expander {
    struct OverrideKey: Hashable {
        var uid: String
        var instant: Date
    }

    /// DTSTART→DTEND in seconds (a day for a DATE event without DTEND, else zero).
    private static func duration(of event: ICSEvent) throws(ICSError) -> TimeInterval {
        guard let end = event.end else { return event.start.isDate ? 86_400 : 0 }
        return try Libical.instant(end).timeIntervalSince(try Libical.instant(event.start))
    }

    /// Adds `event`'s RDATEs not already produced and not excluded, each as long as the event.
    private static func addExtraDates(of event: ICSEvent, to collector: SpanCollector) throws(ICSError) {
        let length = Int(try duration(of: event))
        var seen = Set(collector.starts.map(\.start))
        let excluded = Set(
            try event.exceptionDates.map { (date) throws(ICSError) -> Int in
                Int(try Libical.instant(date).timeIntervalSince1970)
            })
        for date in event.extraDates {
            let instant = Int(try Libical.instant(date).timeIntervalSince1970)
            guard !excluded.contains(instant), seen.insert(instant).inserted else { continue }
            collector.starts.append((instant, instant + length))
        }
    }

    /// Counts the instances of `event`'s rule from its start through `end`, and throws once
    /// they pass `budget` (what is left of the cap `limit`). libical's iterator gives one instance
    /// per call, so this stops early, where `icalcomponent_foreach_recurrence` would run through
    /// them all. Lock held.
    private static func checkInstanceCount(
        of event: ICSEvent, extraDates: Int, through end: icaltimetype, budget: Int, limit: Int
    ) throws(ICSError) {
        guard let rule = event.rule else { return }
        var budget = budget - extraDates
        let tooMany = ICSError.tooManyOccurrences(uid: event.uid, limit: limit)
        guard budget >= 0 else { throw tooMany }
        let start: icaltimetype
        switch event.start {
        case .date(let date): start = Libical.icalDate(date)
        case .utc(let wall): start = Libical.icalTime(wall, zone: Libical.utcZone)
        case .floating(let wall): start = Libical.icalTime(wall, zone: nil)
        case .local(let wall, let id): start = Libical.icalTime(wall, zone: Libical.zone(id))
        }
        guard let iterator = icalrecur_iterator_new(icalrecurrencetype_from_string(rule.text), start) else { return }
        defer { icalrecur_iterator_free(iterator) }
        while true {
            var next = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(next) != 0 { return }
            // The window is half-open: an instance at its end is not in it. A DATE compares
            // below a date-time on the same day in libical, so it is compared as its midnight.
            next.is_date = 0
            if icaltime_compare(next, end) >= 0 { return }
            budget -= 1
            guard budget >= 0 else { throw tooMany }
        }
    }

    /// `rule` ending at `end` when it has no end of its own. libical looks for a rule's next
    /// instance up to its last supported year, so a rule that never matches (every 30 February)
    /// costs it a second or more per call; an `UNTIL` stops that search at the window's end.
    /// Lock held.
    private static func endingAt(_ end: Date, _ rule: ICSRecurrenceRule) -> ICSRecurrenceRule {
        guard !rule.text.contains("UNTIL="), !rule.text.contains("COUNT=") else { return rule }
        let until = Libical.take(icaltime_as_ical_string_r(Libical.icalTime(utc: end)))
        return ICSRecurrenceRule(normalised: rule.text + ";UNTIL=" + until)
    }

    /// Lock held.
    static func occurrences(
        of events: [ICSEvent], in window: Range<Date>, maxOccurrences: Int = .max
    ) throws(ICSError) -> [ICSOccurrence] {
        var overrides: [OverrideKey: ICSEvent] = [:]
        for event in events {
            if let recurrenceID = event.recurrenceID {
                overrides[OverrideKey(uid: event.uid, instant: try Libical.instant(recurrenceID))] = event
            }
        }
        // libical leaves out a zero-length instance starting exactly at its window's start (its
        // span overlap test is strict): it is asked from a second earlier, and the half-open
        // window is applied below.
        let windowStart = Libical.icalTime(utc: window.lowerBound.addingTimeInterval(-1))
        let windowEnd = Libical.icalTime(utc: window.upperBound)
        let collector = SpanCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        var result: [ICSOccurrence] = []
        result.reserveCapacity(events.count)
        for event in events where event.recurrenceID == nil {
            // Each instance lasts exactly as long as DTSTART→DTEND (RFC 5545 3.8.5.3); libical's
            // span would end a DATE event at 23:59:59 of its DTEND day.
            let length = try duration(of: event)
            if event.rule == nil, event.extraDates.isEmpty, event.exceptionDates.isEmpty {
                // A single event needs no libical iteration, only its instants.
                let start = try Libical.instant(event.start)
                let end = start.addingTimeInterval(length)
                guard start < window.upperBound, end > window.lowerBound || start >= window.lowerBound,
                    overrides[OverrideKey(uid: event.uid, instant: start)] == nil
                else { continue }
                result.append(
                    ICSOccurrence(
                        uid: event.uid, start: event.start, end: event.end ?? Libical.dateTime(end, like: event.start),
                        startInstant: start, endInstant: end, recurrenceInstant: start, isOverride: false, event: event)
                )
                continue
            }
            // Only what the iteration reads goes into libical's tree. libical reads an RDATE's
            // TZID as UTC (its value is not resolved), so RDATEs are added here instead.
            var recurrence = ICSEvent(
                uid: event.uid, timestamp: event.timestamp, start: event.start, end: event.end, rule: event.rule,
                exceptionDates: event.exceptionDates)
            if maxOccurrences < .max {
                recurrence.rule = event.rule.map { Self.endingAt(window.upperBound, $0) }
                try checkInstanceCount(
                    of: recurrence, extraDates: event.extraDates.count, through: windowEnd,
                    budget: maxOccurrences - result.count, limit: maxOccurrences)
            }
            let component = try TreeBuilder.event(recurrence, escapedLines: EscapedTextLines())
            let tree = ComponentTree(owning: component)
            collector.starts.removeAll(keepingCapacity: true)
            icalcomponent_foreach_recurrence(tree.root, windowStart, windowEnd, collectSpan, context)
            if !event.extraDates.isEmpty {
                try addExtraDates(of: event, to: collector)
            }
            for span in collector.starts {
                let start = Date(timeIntervalSince1970: TimeInterval(span.start))
                if overrides[OverrideKey(uid: event.uid, instant: start)] != nil { continue }
                let end = start.addingTimeInterval(length)
                // libical reports spans touching the window's end; keep the half-open window.
                guard start < window.upperBound, end > window.lowerBound || start >= window.lowerBound else { continue }
                result.append(
                    ICSOccurrence(
                        uid: event.uid, start: Libical.dateTime(start, like: event.start),
                        end: Libical.dateTime(end, like: event.start), startInstant: start, endInstant: end,
                        recurrenceInstant: start, isOverride: false, event: event))
            }
        }
        for (key, event) in overrides {
            let start = try Libical.instant(event.start)
            let end =
                try event.end.map { (end) throws(ICSError) -> Date in try Libical.instant(end) }
                ?? start.addingTimeInterval(event.start.isDate ? 86_400 : 0)
            guard start < window.upperBound, end > window.lowerBound || start >= window.lowerBound else { continue }
            result.append(
                ICSOccurrence(
                    uid: event.uid, start: event.start, end: event.end ?? Libical.dateTime(end, like: event.start),
                    startInstant: start, endInstant: end, recurrenceInstant: key.instant, isOverride: true, event: event
                ))
        }
        if result.count > maxOccurrences, let last = result.last {
            throw .tooManyOccurrences(uid: last.uid, limit: maxOccurrences)
        }
        // Sort positions, not the occurrences: each carries its whole event, and a merge sort
        // would move those large values many times over.
        let order = result.indices.sorted {
            (result[$0].startInstant, result[$0].uid) < (result[$1].startInstant, result[$1].uid)
        }
        return order.map { result[$0] }
    }
}
