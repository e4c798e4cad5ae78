internal import CLibical
import Foundation

extension ICSCalendar {
    /// Every occurrence overlapping `window` (`lowerBound` inclusive), sorted by start then UID.
    ///
    /// Series are expanded by libical's `icalcomponent_foreach_recurrence` in the event's own
    /// zone, so wall-clock times stay put across DST; `EXDATE`s are removed and `RDATE`s added.
    /// A `RECURRENCE-ID` override replaces the instance with the same UID and the same start
    /// instant (compared in UTC), wherever the override moves it. `RANGE=THISANDFUTURE` is not
    /// supported: an override replaces one instance.
    public func occurrences(in window: Range<Date>) throws(ICSError) -> [ICSOccurrence] {
        try Libical.locked { () throws(ICSError) -> [ICSOccurrence] in
            try Expander.occurrences(of: events, in: window)
        }
    }
}

private final class SpanCollector {
    var starts: [(start: Int, end: Int)] = []
}

private let collectSpan: @convention(c) (OpaquePointer?, UnsafeMutablePointer<icaltime_span>?, UnsafeMutableRawPointer?) -> Void = {
    _, span, data in
    guard let span, let data else { return }
    Unmanaged<SpanCollector>.fromOpaque(data).takeUnretainedValue().starts.append((Int(span.pointee.start), Int(span.pointee.end)))
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
        let excluded = Set(try event.exceptionDates.map { (date) throws(ICSError) -> Int in Int(try Libical.instant(date).timeIntervalSince1970) })
        for date in event.extraDates {
            let instant = Int(try Libical.instant(date).timeIntervalSince1970)
            guard !excluded.contains(instant), seen.insert(instant).inserted else { continue }
            collector.starts.append((instant, instant + length))
        }
    }

    /// Lock held.
    static func occurrences(of events: [ICSEvent], in window: Range<Date>) throws(ICSError) -> [ICSOccurrence] {
        var overrides: [OverrideKey: ICSEvent] = [:]
        for event in events {
            if let recurrenceID = event.recurrenceID {
                overrides[OverrideKey(uid: event.uid, instant: try Libical.instant(recurrenceID))] = event
            }
        }
        let windowStart = Libical.icalTime(utc: window.lowerBound)
        let windowEnd = Libical.icalTime(utc: window.upperBound)
        let collector = SpanCollector()
        let context = Unmanaged.passUnretained(collector).toOpaque()
        var result: [ICSOccurrence] = []
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
                result.append(ICSOccurrence(
                    uid: event.uid, start: event.start, end: event.end ?? Libical.dateTime(end, like: event.start),
                    startInstant: start, endInstant: end, recurrenceInstant: start, isOverride: false, event: event))
                continue
            }
            // Only what the iteration reads goes into libical's tree. libical reads an RDATE's
            // TZID as UTC (its value is not resolved), so RDATEs are added here instead.
            let recurrence = ICSEvent(
                uid: event.uid, timestamp: event.timestamp, start: event.start, end: event.end, rule: event.rule,
                exceptionDates: event.exceptionDates)
            let component = try TreeBuilder.event(recurrence)
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
                result.append(ICSOccurrence(
                    uid: event.uid, start: Libical.dateTime(start, like: event.start),
                    end: Libical.dateTime(end, like: event.start), startInstant: start, endInstant: end,
                    recurrenceInstant: start, isOverride: false, event: event))
            }
        }
        for (key, event) in overrides {
            let start = try Libical.instant(event.start)
            let end = try event.end.map { (end) throws(ICSError) -> Date in try Libical.instant(end) }
                ?? start.addingTimeInterval(event.start.isDate ? 86_400 : 0)
            guard start < window.upperBound, end > window.lowerBound || start >= window.lowerBound else { continue }
            result.append(ICSOccurrence(
                uid: event.uid, start: event.start, end: event.end ?? Libical.dateTime(end, like: event.start),
                startInstant: start, endInstant: end, recurrenceInstant: key.instant, isOverride: true, event: event))
        }
        result.sort { ($0.startInstant, $0.uid) < ($1.startInstant, $1.uid) }
        return result
    }
}
