internal import CLibical
public import Foundation

/// Everything that touches libical runs inside ``Libical/locked(_:)``: libical's error state,
/// global counters, lazy UTC zone and tree iterators are not thread-safe (libical-facts.md).
/// This is the module's one lock. It is recursive so that a tree freed inside a locked region
/// (its `deinit` takes the lock too) cannot deadlock.
enum Libical {
    private static let lock = NSRecursiveLock()

    /// Runs `body` holding the libical lock; a non-throwing `body` makes this non-throwing too.
    /// Always inlined: left generic over its error, every libical call paid for it (the feed
    /// benchmarks were 50% slower until this was inlined; Benchmarks/README.md).
    @inline(__always) static func locked<T, Failure: Error>(_ body: () throws(Failure) -> T) throws(Failure) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Strings

    /// Copies a libical `_r` string and frees libical's buffer.
    static func take(_ pointer: UnsafeMutablePointer<CChar>?) -> String {
        guard let pointer else { return "" }
        defer { icalmemory_free_buffer(pointer) }
        return String(cString: pointer)
    }

    /// Copies a borrowed `const char *` at once (it points into a libical object).
    static func copy(_ pointer: UnsafePointer<CChar>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    // MARK: Recurrence rules

    /// Reads `text` with libical and returns its normalised form, or throws for a bad rule.
    static func normalisedRule(_ text: String, line: Int?) throws(ICSError) -> String {
        let body = ruleBody(text)
        guard !body.isEmpty, !body.utf8.contains(0) else { throw .invalidRecurrenceRule(text, line: line) }
        return try locked { () throws(ICSError) -> String in
            clibical_clear_errno()
            var rule = icalrecurrencetype_from_string(body)
            guard rule.freq != ICAL_NO_RECURRENCE, clibical_errno() == ICAL_NO_ERROR else {
                clibical_clear_errno()
                throw .invalidRecurrenceRule(text, line: line)
            }
            return take(icalrecurrencetype_as_string_r(&rule))
        }
    }

    /// The rule text libical is given: white space trimmed, an `RRULE:` prefix removed.
    static func ruleBody(_ text: String) -> String {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.uppercased().hasPrefix("RRULE:") { body.removeFirst(6) }
        return body
    }

    // MARK: Times

    static var utcZone: OpaquePointer { icaltimezone_get_utc_timezone() }

    /// A libical time from wall fields, with `zone` attached (nil = floating).
    static func icalTime(_ wall: ICSWallTime, zone: OpaquePointer?) -> icaltimetype {
        var time = icaltime_null_time()
        time.year = Int32(clamping: wall.year)
        time.month = Int32(clamping: wall.month)
        time.day = Int32(clamping: wall.day)
        time.hour = Int32(clamping: wall.hour)
        time.minute = Int32(clamping: wall.minute)
        time.second = Int32(clamping: wall.second)
        time.is_date = 0
        time.zone = zone
        return time
    }

    static func icalDate(_ date: ICSDate) -> icaltimetype {
        var time = icaltime_null_time()
        time.year = Int32(clamping: date.year)
        time.month = Int32(clamping: date.month)
        time.day = Int32(clamping: date.day)
        time.is_date = 1
        return time
    }

    static func wallTime(_ time: icaltimetype) -> ICSWallTime {
        ICSWallTime(
            year: Int(time.year), month: Int(time.month), day: Int(time.day),
            hour: Int(time.hour), minute: Int(time.minute), second: Int(time.second))
    }

    /// A UTC libical time for an instant (whole seconds).
    static func icalTime(utc date: Date) -> icaltimetype {
        icaltime_from_timet_with_zone(time_t(date.timeIntervalSince1970.rounded(.down)), 0, utcZone)
    }

    static func date(fromUTC time: icaltimetype) -> Date {
        Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(time, utcZone)))
    }

    // MARK: Time zones

    /// Zones with plain IANA TZIDs, made once from the built-in ones and kept for the process
    /// (at most the 418 zones of the database). Guarded by the lock.
    nonisolated(unsafe) private static var zones: [String: OpaquePointer] = [:]
    /// The last few zones found, checked before hashing (feeds use one to a handful of zones,
    /// often alternating, so a single "last zone" would miss half the time).
    nonisolated(unsafe) private static var recentZones: [(id: String, zone: OpaquePointer)] = []

    /// The zone for an IANA id with a plain TZID, or nil if libical's database lacks it.
    /// Call with the lock held.
    static func zone(_ id: String) -> OpaquePointer? {
        for recent in recentZones where recent.id == id { return recent.zone }
        if let zone = zones[id] {
            if recentZones.count == 4 { recentZones.removeFirst() }
            recentZones.append((id, zone))
            return zone
        }
        guard !id.isEmpty, !id.utf8.contains(0),
            let builtin = icaltimezone_get_builtin_timezone(id),
            let component = icaltimezone_get_component(builtin),
            let clone = icalcomponent_new_clone(component)
        else { return nil }
        if let tzid = icalcomponent_get_first_property(clone, ICAL_TZID_PROPERTY) {
            icalproperty_set_tzid(tzid, id)
        } else {
            icalcomponent_add_property(clone, icalproperty_new_tzid(id))
        }
        guard let zone = icaltimezone_new() else {
            icalcomponent_free(clone)
            return nil
        }
        guard icaltimezone_set_component(zone, clone) != 0 else {
            icaltimezone_free(zone, 1)
            return nil
        }
        zones[id] = zone
        return zone
    }

    /// Whether libical's built-in database knows `id`.
    static func isKnownZone(_ id: String) -> Bool { zone(id) != nil }

    /// A `VTIMEZONE` for `id` with a plain TZID, cut to start at `fromYear` (and, if given, to end
    /// after `throughYear`), in Outlook-compatible form. The caller owns the result.
    static func vtimezone(_ id: String, fromYear: Int, throughYear: Int?) -> OpaquePointer? {
        guard let zone = zone(id), let component = icaltimezone_get_component(zone),
            let clone = icalcomponent_new_clone(component)
        else { return nil }
        var start = icaltime_null_time()
        start.year = Int32(clamping: fromYear)
        start.month = 1
        start.day = 1
        start.zone = utcZone
        var end = icaltime_null_time()
        if let throughYear {
            end.year = Int32(clamping: throughYear + 1)
            end.month = 1
            end.day = 1
            end.zone = utcZone
        }
        icaltimezone_truncate_vtimezone(clone, start, end, 1)
        return clone
    }

    /// The UTC instant of `value` (a `DATE` or floating time is read as UTC). Lock held.
    static func instant(_ value: ICSDateTime) throws(ICSError) -> Date {
        switch value {
        case .date(let d):
            return Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(icalDate(d), utcZone)))
        case .utc(let w), .floating(let w):
            return Date(
                timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(icalTime(w, zone: nil), utcZone)))
        case .local(let w, let id):
            guard let zone = zone(id) else { throw .unknownTimeZone(id, line: nil) }
            return Date(timeIntervalSince1970: TimeInterval(icaltime_as_timet_with_zone(icalTime(w, zone: zone), zone)))
        }
    }

    /// `instant` read in the zone of `like` (same kind of value). Lock held.
    static func dateTime(_ instant: Date, like: ICSDateTime) -> ICSDateTime {
        let seconds = time_t(instant.timeIntervalSince1970.rounded(.down))
        switch like {
        case .date:
            return .date(wallTime(icaltime_from_timet_with_zone(seconds, 1, utcZone)).date)
        case .utc:
            return .utc(wallTime(icaltime_from_timet_with_zone(seconds, 0, utcZone)))
        case .floating:
            return .floating(wallTime(icaltime_from_timet_with_zone(seconds, 0, utcZone)))
        case .local(_, let id):
            guard let zone = zone(id) else { return .utc(wallTime(icaltime_from_timet_with_zone(seconds, 0, utcZone))) }
            return .local(wallTime(icaltime_from_timet_with_zone(seconds, 0, zone)), zoneID: id)
        }
    }
}

/// Owns one libical root component and frees it (with its children) exactly once.
/// Never hands the pointer outside the module.
final class ComponentTree {
    let root: OpaquePointer

    init(owning root: OpaquePointer) { self.root = root }

    deinit {
        Libical.locked { icalcomponent_free(root) }
    }
}

extension ICSTimeZoneDatabase {
    static func knows(_ id: String) -> Bool { Libical.locked { Libical.isKnownZone(id) } }
}

/// libical's built-in time zone database, as this module uses it.
public enum ICSTimeZoneDatabase {
    /// Whether `zoneID` (a plain IANA id such as `Europe/Vienna`) can be used in a calendar.
    public static func contains(_ zoneID: String) -> Bool { knows(zoneID) }

    /// The UTC instant of a date-time (a `DATE` or floating value is read as UTC).
    /// Throws ``ICSError/unknownTimeZone(_:line:)`` for a zone the database lacks.
    public static func instant(of value: ICSDateTime) throws(ICSError) -> Date {
        try Libical.locked { () throws(ICSError) -> Date in try Libical.instant(value) }
    }

    /// The wall-clock time of `instant` in `zoneID`.
    public static func wallTime(of instant: Date, in zoneID: String) throws(ICSError) -> ICSWallTime {
        try Libical.locked { () throws(ICSError) -> ICSWallTime in
            guard Libical.isKnownZone(zoneID) else { throw .unknownTimeZone(zoneID, line: nil) }
            return Libical.dateTime(instant, like: .local(ICSWallTime(year: 2000, month: 1, day: 1), zoneID: zoneID))
                .wallTime
        }
    }

    /// The `VTIMEZONE` text libical's database gives for `zoneID`, with a plain TZID, cut to the
    /// years `fromYear` onwards (and up to `throughYear` when given).
    public static func vtimezoneText(for zoneID: String, fromYear: Int, throughYear: Int? = nil) throws(ICSError)
        -> String
    {
        try Libical.locked { () throws(ICSError) -> String in
            guard let component = Libical.vtimezone(zoneID, fromYear: fromYear, throughYear: throughYear) else {
                throw .unknownTimeZone(zoneID, line: nil)
            }
            let tree = ComponentTree(owning: component)
            return Libical.take(icalcomponent_as_ical_string_r(tree.root))
        }
    }
}
