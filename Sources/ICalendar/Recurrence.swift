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
            let component = try TreeBuilder.event(event)
            let tree = ComponentTree(owning: component)
            collector.starts.removeAll(keepingCapacity: true)
            icalcomponent_foreach_recurrence(tree.root, windowStart, windowEnd, collectSpan, context)
            for span in collector.starts {
                let start = Date(timeIntervalSince1970: TimeInterval(span.start))
                if overrides[OverrideKey(uid: event.uid, instant: start)] != nil { continue }
                let end = Date(timeIntervalSince1970: TimeInterval(span.end))
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
