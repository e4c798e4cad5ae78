import Foundation

/// A recurrence rule: the subset of the RFC 5545 `RRULE` that group series need.
///
/// Supported parts: `FREQ` (`DAILY`, `WEEKLY`, `MONTHLY`, `YEARLY`), `INTERVAL`, `COUNT`,
/// `UNTIL` (a date, a floating date-time or a UTC date-time), `BYDAY` (with ordinals such as
/// `1TU`, `-1FR`, `5FR` in `MONTHLY` and `YEARLY` rules), `BYMONTHDAY` (also negative, from the
/// end of the month), `BYMONTH`, `BYSETPOS` and `WKST`. Every other part (`BYHOUR`, `BYMINUTE`,
/// `BYSECOND`, `BYWEEKNO`, `BYYEARDAY`, the `HOURLY`/`MINUTELY`/`SECONDLY` frequencies, `RSCALE`,
/// `SKIP`) is refused with ``PlanningError/Code/unsupportedRecurrence``: occurrences keep the time
/// of day of the series' start.
///
/// The text form is ``description`` (`FREQ=MONTHLY;BYDAY=1TU`, parts in a fixed order) and
/// ``init(parsing:)`` reads it back; `parse(print(rule)) == rule`.
public struct RecurrenceRule: Hashable, Sendable, TextCodable {
    /// How often the rule repeats.
    public enum Frequency: String, CaseIterable, Hashable, Sendable, Codable {
        case daily = "DAILY"
        case weekly = "WEEKLY"
        case monthly = "MONTHLY"
        case yearly = "YEARLY"
    }

    /// A `BYDAY` entry: a weekday, optionally with an ordinal (`1TU` the first Tuesday,
    /// `-1FR` the last Friday of the month or year).
    public struct WeekdayNumber: Hashable, Sendable, CustomStringConvertible {
        /// The ordinal, ±1…53 (±1…5 within a month), or nil for every such weekday.
        public let ordinal: Int?
        /// The weekday.
        public let weekday: Weekday

        /// Creates an entry; the rule that holds it checks the ordinal's range.
        public init(_ ordinal: Int? = nil, _ weekday: Weekday) {
            self.ordinal = ordinal
            self.weekday = weekday
        }

        /// `1TU`, `-1FR`, `WE`.
        public var description: String { (ordinal.map(String.init) ?? "") + weekday.icalCode }
    }

    /// When a rule ends: `UNTIL` as a date, a floating local date-time or a UTC date-time.
    public enum Until: Hashable, Sendable, CustomStringConvertible {
        /// `UNTIL=20281231`: the last date that may carry an occurrence.
        case date(LocalDate)
        /// `UNTIL=20281231T235900`: a wall-clock time in the series' zone.
        case local(LocalDateTime, second: Int)
        /// `UNTIL=20281231T225900Z`: an instant, written in UTC.
        case utc(LocalDateTime, second: Int)

        /// The RFC 5545 text form.
        public var description: String {
            switch self {
            case .date(let date):
                return String(format: "%04d%02d%02d", date.year, date.month, date.day)
            case .local(let time, let second):
                return Until.basic(time, second)
            case .utc(let time, let second):
                return Until.basic(time, second) + "Z"
            }
        }

        private static func basic(_ time: LocalDateTime, _ second: Int) -> String {
            String(
                format: "%04d%02d%02dT%02d%02d%02d", time.year, time.month, time.day, time.hour, time.minute, second)
        }

        /// Whether an occurrence at `occurrence` (wall clock in `zone`) lies on or before this end.
        func admits(_ occurrence: LocalDateTime, in zone: TimeZone) -> Bool {
            switch self {
            case .date(let date):
                return occurrence.date <= date
            case .local(let time, let second):
                return occurrence.wallSeconds <= time.wallSeconds + second
            case .utc(let time, let second):
                let end = Double(time.wallSeconds + second)
                return occurrence.instant(in: zone).timeIntervalSince1970 <= end
            }
        }
    }

    /// `FREQ`.
    public let frequency: Frequency
    /// `INTERVAL`, 1…1000.
    public let interval: Int
    /// `COUNT`, at least 1; never together with ``until``.
    public let count: Int?
    /// `UNTIL`; never together with ``count``.
    public let until: Until?
    /// `BYMONTH`, 1…12.
    public let byMonth: [Int]
    /// `BYMONTHDAY`, ±1…31 (negative counts from the end of the month).
    public let byMonthDay: [Int]
    /// `BYDAY`.
    public let byDay: [WeekdayNumber]
    /// `BYSETPOS`, ±1…366, only with another `BY…` part.
    public let bySetPosition: [Int]
    /// `WKST`; nil means not written (Monday, the RFC default).
    public let weekStart: Weekday?

    /// Creates a rule and checks it; throws ``PlanningError`` with code
    /// ``PlanningError/Code/invalidRecurrence`` naming the offending part.
    public init(
        frequency: Frequency, interval: Int = 1, count: Int? = nil, until: Until? = nil, byMonth: [Int] = [],
        byMonthDay: [Int] = [], byDay: [WeekdayNumber] = [], bySetPosition: [Int] = [], weekStart: Weekday? = nil
    ) throws {
        func check(_ condition: Bool, _ message: String) throws {
            try require(condition, .invalidRecurrence, message)
        }
        try check((1...1000).contains(interval), "INTERVAL must be 1…1000, not \(interval)")
        try check(count.map { $0 >= 1 } ?? true, "COUNT must be 1 or more, not \(count ?? 0)")
        try check(count == nil || until == nil, "COUNT and UNTIL cannot both be given: keep one")
        try check(byMonth.allSatisfy { (1...12).contains($0) }, "BYMONTH values must be 1…12, not \(byMonth)")
        try check(
            byMonthDay.allSatisfy { $0 != 0 && (-31...31).contains($0) },
            "BYMONTHDAY values must be 1…31 or -31…-1, not \(byMonthDay)")
        try check(
            bySetPosition.allSatisfy { $0 != 0 && (-366...366).contains($0) },
            "BYSETPOS values must be 1…366 or -366…-1, not \(bySetPosition)")
        try check(
            bySetPosition.isEmpty || !(byMonth.isEmpty && byMonthDay.isEmpty && byDay.isEmpty),
            "BYSETPOS needs another BY… part (BYDAY, BYMONTHDAY or BYMONTH) to pick from")
        try check(
            byMonthDay.isEmpty || frequency != .weekly,
            "BYMONTHDAY cannot be used with FREQ=WEEKLY (RFC 5545): use FREQ=MONTHLY")
        for entry in byDay {
            guard let ordinal = entry.ordinal else { continue }
            switch frequency {
            case .daily, .weekly:
                throw PlanningError(
                    .invalidRecurrence,
                    "BYDAY=\(entry) has an ordinal, which only FREQ=MONTHLY or FREQ=YEARLY allow: write BYDAY=\(entry.weekday.icalCode)"
                )
            case .monthly:
                try check(
                    ordinal != 0 && (-5...5).contains(ordinal),
                    "BYDAY=\(entry): a month has at most 5 of a weekday; use 1…5 or -5…-1")
            case .yearly:
                let limit = byMonth.isEmpty ? 53 : 5
                try check(
                    ordinal != 0 && (-limit...limit).contains(ordinal),
                    "BYDAY=\(entry): the ordinal must be 1…\(limit) or -\(limit)…-1")
            }
        }
        for (name, values) in [("BYMONTH", byMonth), ("BYMONTHDAY", byMonthDay), ("BYSETPOS", bySetPosition)] {
            try check(Set(values).count == values.count, "\(name) repeats a value: \(values)")
        }
        try check(Set(byDay).count == byDay.count, "BYDAY repeats a value")
        if case .local(_, let second) = until { try check((0...59).contains(second), "UNTIL has second \(second)") }
        if case .utc(_, let second) = until { try check((0...59).contains(second), "UNTIL has second \(second)") }
        self.frequency = frequency
        self.interval = interval
        self.count = count
        self.until = until
        self.byMonth = byMonth
        self.byMonthDay = byMonthDay
        self.byDay = byDay
        self.bySetPosition = bySetPosition
        self.weekStart = weekStart
    }

    /// A copy with a different end (`COUNT`/`UNTIL`), checked again.
    public func ending(count: Int? = nil, until: Until? = nil) throws -> RecurrenceRule {
        try RecurrenceRule(
            frequency: frequency, interval: interval, count: count, until: until, byMonth: byMonth,
            byMonthDay: byMonthDay, byDay: byDay, bySetPosition: bySetPosition, weekStart: weekStart)
    }

    /// The RRULE value: `FREQ=…;INTERVAL=…;COUNT=…;UNTIL=…;BYMONTH=…;BYMONTHDAY=…;BYDAY=…;BYSETPOS=…;WKST=…`,
    /// leaving out what is not set (and `INTERVAL=1`).
    public var description: String {
        var parts = ["FREQ=\(frequency.rawValue)"]
        if interval != 1 { parts.append("INTERVAL=\(interval)") }
        if let count { parts.append("COUNT=\(count)") }
        if let until { parts.append("UNTIL=\(until)") }
        func list<T>(_ name: String, _ values: [T]) {
            if !values.isEmpty { parts.append(name + "=" + values.map { "\($0)" }.joined(separator: ",")) }
        }
        list("BYMONTH", byMonth)
        list("BYMONTHDAY", byMonthDay)
        list("BYDAY", byDay)
        list("BYSETPOS", bySetPosition)
        if let weekStart { parts.append("WKST=\(weekStart.icalCode)") }
        return parts.joined(separator: ";")
    }

}

// MARK: - Parsing

extension RecurrenceRule {
    private static let unsupportedParts: [String: String] = [
        "BYHOUR": "occurrences keep the start's time of day",
        "BYMINUTE": "occurrences keep the start's time of day",
        "BYSECOND": "occurrences keep the start's time of day",
        "BYWEEKNO": "use BYMONTH with BYDAY instead",
        "BYYEARDAY": "use BYMONTH with BYMONTHDAY instead",
        "RSCALE": "only the Gregorian calendar is supported",
        "SKIP": "only the Gregorian calendar is supported",
    ]

    /// Parses an RRULE value such as `FREQ=MONTHLY;BYDAY=1TU` (an `RRULE:` prefix is allowed;
    /// part names are case-insensitive). Throws ``PlanningError`` with
    /// ``PlanningError/Code/invalidRecurrence`` for malformed text and
    /// ``PlanningError/Code/unsupportedRecurrence`` for parts outside the supported subset.
    public init(parsing text: String) throws {
        var body = text.trimmingCharacters(in: .whitespaces)
        if body.uppercased().hasPrefix("RRULE:") { body = String(body.dropFirst(6)) }
        var fields: [String: String] = [:]
        for part in body.split(separator: ";", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty else {
                throw PlanningError(
                    .invalidRecurrence, "'\(part)' in '\(text)' is not NAME=VALUE; parts are separated by ';'")
            }
            let name = pieces[0].uppercased()
            guard fields[name] == nil else {
                throw PlanningError(.invalidRecurrence, "\(name) appears twice in '\(text)'")
            }
            fields[name] = String(pieces[1])
        }
        func take(_ name: String) -> String? { fields.removeValue(forKey: name) }
        func integer(_ name: String, _ value: String) throws -> Int {
            guard let number = Int(value) else {
                throw PlanningError(.invalidRecurrence, "\(name)=\(value): '\(value)' is not a whole number")
            }
            return number
        }
        func integers(_ name: String) throws -> [Int] {
            guard let value = take(name) else { return [] }
            return try value.split(separator: ",", omittingEmptySubsequences: false).map {
                try integer(name, String($0))
            }
        }

        guard let frequencyText = take("FREQ") else {
            throw PlanningError(.invalidRecurrence, "'\(text)' has no FREQ; start with FREQ=WEEKLY or similar")
        }
        guard let frequency = Frequency(rawValue: frequencyText.uppercased()) else {
            let supported = ["HOURLY", "MINUTELY", "SECONDLY"].contains(frequencyText.uppercased())
            throw PlanningError(
                supported ? .unsupportedRecurrence : .invalidRecurrence,
                "FREQ=\(frequencyText) is not supported: use DAILY, WEEKLY, MONTHLY or YEARLY")
        }
        let interval = try take("INTERVAL").map { try integer("INTERVAL", $0) } ?? 1
        let count = try take("COUNT").map { try integer("COUNT", $0) }
        let until = try take("UNTIL").map(Self.parseUntil)
        let byMonth = try integers("BYMONTH")
        let byMonthDay = try integers("BYMONTHDAY")
        let bySetPosition = try integers("BYSETPOS")
        let byDay =
            try take("BYDAY").map { value in
                try value.split(separator: ",", omittingEmptySubsequences: false).map {
                    try Self.parseWeekdayNumber(String($0))
                }
            } ?? []
        let weekStart = try take("WKST").map { value in
            guard let day = Weekday(icalCode: value) else {
                throw PlanningError(
                    .invalidRecurrence, "WKST=\(value) is not a weekday code (MO, TU, WE, TH, FR, SA, SU)")
            }
            return day
        }
        if let name = fields.keys.sorted().first {
            if let advice = Self.unsupportedParts[name] {
                throw PlanningError(.unsupportedRecurrence, "\(name) is not supported by this planner: \(advice)")
            }
            throw PlanningError(.invalidRecurrence, "\(name) is not an RRULE part (RFC 5545 §3.3.10)")
        }
        try self.init(
            frequency: frequency, interval: interval, count: count, until: until, byMonth: byMonth,
            byMonthDay: byMonthDay, byDay: byDay, bySetPosition: bySetPosition, weekStart: weekStart)
    }

    private static func parseWeekdayNumber(_ text: String) throws -> WeekdayNumber {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.count >= 2, let day = Weekday(icalCode: String(trimmed.suffix(2))) else {
            throw PlanningError(.invalidRecurrence, "BYDAY value '\(text)' is not a weekday such as TU, 1TU or -1FR")
        }
        let prefix = trimmed.dropLast(2)
        if prefix.isEmpty { return WeekdayNumber(nil, day) }
        guard let ordinal = Int(prefix), prefix.last?.isNumber == true else {
            throw PlanningError(.invalidRecurrence, "BYDAY value '\(text)' has a bad ordinal; write e.g. 1TU or -1FR")
        }
        return WeekdayNumber(ordinal, day)
    }

    private static func parseUntil(_ text: String) throws -> Until {
        let digits = { (slice: Substring) in slice.allSatisfy { $0.isASCII && $0.isNumber } }
        func number(_ from: Int, _ length: Int) -> Int {
            let start = text.index(text.startIndex, offsetBy: from)
            return Int(text[start..<text.index(start, offsetBy: length)]) ?? -1
        }
        let malformed = PlanningError(
            .invalidRecurrence, "UNTIL=\(text) is not a date (20281231) or date-time (20281231T235959Z)")
        if text.count == 8 {
            guard digits(Substring(text)) else { throw malformed }
            return .date(
                try within("UNTIL") { try LocalDate(year: number(0, 4), month: number(4, 2), day: number(6, 2)) })
        }
        let isUTC = text.hasSuffix("Z")
        let core = isUTC ? text.dropLast() : Substring(text)
        guard core.count == 15, core[core.index(core.startIndex, offsetBy: 8)] == "T",
            digits(core.prefix(8)), digits(core.suffix(6))
        else { throw malformed }
        let time = try within("UNTIL") {
            try LocalDateTime(
                year: number(0, 4), month: number(4, 2), day: number(6, 2), hour: number(9, 2), minute: number(11, 2))
        }
        let second = number(13, 2)
        guard (0...59).contains(second) else { throw malformed }
        return isUTC ? .utc(time, second: second) : .local(time, second: second)
    }
}
