public import Foundation

/// A wall-clock time of day, minute precision. Written `HH:MM` (24-hour).
public struct LocalTime: Hashable, Comparable, Sendable, TextCodable {
    /// The hour, 0…23.
    public let hour: Int
    /// The minute, 0…59.
    public let minute: Int

    /// Throws ``PlanningError/Code/invalidDate`` unless 0 ≤ hour ≤ 23 and 0 ≤ minute ≤ 59.
    public init(hour: Int, minute: Int) throws {
        try require(
            (0...23).contains(hour) && (0...59).contains(minute), .invalidDate,
            "\(hour):\(minute) is not a time of day: hours run 0–23 and minutes 0–59")
        self.hour = hour
        self.minute = minute
    }

    /// Parses `HH:MM`; throws ``PlanningError/Code/invalidDate`` naming the expected form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1])
        else {
            throw PlanningError(.invalidDate, "'\(text)' is not a time: write HH:MM (24-hour), e.g. \"15:00\"")
        }
        try self.init(hour: hour, minute: minute)
    }

    /// Midnight at the end of the day, `24:00`: only a weekly window may end there (RFC 5545 has
    /// no such time; a session ending at midnight ends at `00:00` of the next day).
    public static let endOfDay = LocalTime(exactHour: 24, minute: 0)

    private init(exactHour hour: Int, minute: Int) {
        self.hour = hour
        self.minute = minute
    }

    /// Parses the end of a window: `HH:MM` as ``init(parsing:)``, or `24:00` for ``endOfDay``.
    public init(parsingEnd text: String) throws {
        self = text == "24:00" ? .endOfDay : try LocalTime(parsing: text)
    }

    /// The time `minutes` after midnight (taken modulo one day).
    public init(minutesSinceMidnight minutes: Int) {
        let wrapped = ((minutes % 1440) + 1440) % 1440
        hour = wrapped / 60
        minute = wrapped % 60
    }

    /// Minutes after midnight, 0…1439 (1440 for ``endOfDay``).
    public var minutesSinceMidnight: Int { hour * 60 + minute }

    /// `HH:MM`.
    public var description: String { String(format: "%02d:%02d", hour, minute) }

    public static func < (lhs: LocalTime, rhs: LocalTime) -> Bool {
        lhs.minutesSinceMidnight < rhs.minutesSinceMidnight
    }

}

/// A wall-clock date and time with no zone (minute precision), as a rule or a person gives it:
/// "6 January 2026 at 15:00 in the group's zone". Written `YYYY-MM-DDTHH:MM`.
///
/// Conversion to an instant follows RFC 5545 §3.3.5 for a local time with a TZID:
/// - a time that does not exist (the hour skipped when clocks go forward) is read with the UTC
///   offset from before the gap, so it moves forward by the gap: 02:30 on the March change in
///   Europe/Vienna is 03:30 CEST;
/// - a time that occurs twice (the hour repeated when clocks go back) is the first occurrence:
///   02:30 on the October change in Europe/Vienna is 02:30 CEST (00:30 UTC).
public struct LocalDateTime: Hashable, Comparable, Sendable, TextCodable {
    /// The calendar date.
    public let date: LocalDate
    /// The time of day.
    public let time: LocalTime

    /// Combines a date and a time of day.
    public init(date: LocalDate, time: LocalTime) {
        self.date = date
        self.time = time
    }

    /// Throws ``PlanningError/Code/invalidDate`` unless the date and the time exist.
    public init(year: Int, month: Int, day: Int, hour: Int, minute: Int) throws {
        try self.init(date: LocalDate(year: year, month: month, day: day), time: LocalTime(hour: hour, minute: minute))
    }

    /// Parses `YYYY-MM-DDTHH:MM`; throws ``PlanningError/Code/invalidDate`` naming the form.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "T", omittingEmptySubsequences: false)
        guard parts.count == 2 else {
            throw PlanningError(
                .invalidDate, "'\(text)' is not a local date-time: write YYYY-MM-DDTHH:MM, e.g. \"2026-01-06T15:00\"")
        }
        try self.init(date: LocalDate(parsing: String(parts[0])), time: LocalTime(parsing: String(parts[1])))
    }

    /// The year.
    public var year: Int { date.year }
    /// The month, 1…12.
    public var month: Int { date.month }
    /// The day of the month.
    public var day: Int { date.day }
    /// The hour, 0…23.
    public var hour: Int { time.hour }
    /// The minute, 0…59.
    public var minute: Int { time.minute }

    /// Seconds since 1970-01-01T00:00 on the same wall clock (as if the zone were UTC).
    public var wallSeconds: Int { date.dayNumber * 86_400 + time.minutesSinceMidnight * 60 }

    /// The wall-clock time `wallSeconds` (floored to the minute).
    init(wallSeconds: Int) {
        let days = wallSeconds >= 0 ? wallSeconds / 86_400 : -((-wallSeconds + 86_399) / 86_400)
        date = LocalDate(dayNumber: days)
        time = LocalTime(minutesSinceMidnight: (wallSeconds - days * 86_400) / 60)
    }

    /// The wall-clock time `minutes` later (earlier when negative), ignoring zones: 15:00 plus
    /// 90 minutes is 16:30 even on a day the clocks change.
    public func adding(minutes: Int) -> LocalDateTime { LocalDateTime(wallSeconds: wallSeconds + minutes * 60) }

    /// The instant this wall-clock time denotes in `zone` (see the type's note on gaps and
    /// repeated hours).
    public func instant(in zone: TimeZone) -> Date {
        let wall = wallSeconds
        // The offsets in force a day either side cover any one transition near this time.
        let offsets = [-86_400, 0, 86_400].map {
            zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(wall + $0)))
        }
        let matching = Set(offsets).map { wall - $0 }.filter { candidate in
            candidate + zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(candidate))) == wall
        }
        if let first = matching.min() {
            return Date(timeIntervalSince1970: Double(first))
        }
        // In a gap: read with the offset from before it.
        return Date(timeIntervalSince1970: Double(wall - offsets[0]))
    }

    /// The wall-clock time of `instant` in `zone` (seconds dropped).
    public init(_ instant: Date, in zone: TimeZone) {
        let seconds = Int(instant.timeIntervalSince1970.rounded(.down))
        self.init(wallSeconds: seconds + zone.secondsFromGMT(for: instant))
    }

    /// `YYYY-MM-DDTHH:MM`.
    public var description: String { "\(date)T\(time)" }

    /// `Tue 6 Jan 2026 15:00`, for explanations.
    public var readable: String { "\(date.readable) \(time)" }

    /// `20270202T1500`: the form in UIDs and page paths (no separators to escape).
    public var compact: String {
        String(format: "%04d%02d%02dT%02d%02d", date.year, date.month, date.day, time.hour, time.minute)
    }

    /// Reads ``compact``'s form back; nil for any other text.
    public init?(compact text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 13, bytes[8] == UInt8(ascii: "T") else { return nil }
        let digits = bytes[0..<8] + bytes[9..<13]
        guard digits.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        let dashed =
            "\(text.prefix(4))-\(text.dropFirst(4).prefix(2))-\(text.dropFirst(6).prefix(2))T"
            + "\(text.dropFirst(9).prefix(2)):\(text.suffix(2))"
        guard let parsed = try? LocalDateTime(parsing: dashed) else { return nil }
        self = parsed
    }

    public static func < (lhs: LocalDateTime, rhs: LocalDateTime) -> Bool {
        (lhs.date, lhs.time) < (rhs.date, rhs.time)
    }

}
