public import Foundation

/// A recurring activity's schedule: a rule in the group's zone from a first local start.
public struct Series: Hashable, Sendable, Codable {
    /// The rule (RFC 5545 subset); its own `COUNT`/`UNTIL` may stand in for ``until``/``count``.
    public let rule: RecurrenceRule
    /// The first occurrence, local wall time; it must be an occurrence of the rule.
    public let start: LocalDateTime
    /// The last date that may carry an occurrence, if given.
    public let until: LocalDate?
    /// The number of occurrences, if given.
    public let count: Int?

    /// Throws ``PlanningError`` if both `until` and `count` are given, either one while the rule
    /// has its own end, `until` is before the start, `count` is below 1, or the start is not an
    /// occurrence of the rule (the error names the first one).
    public init(rule: RecurrenceRule, start: LocalDateTime, until: LocalDate? = nil, count: Int? = nil) throws {
        try require(until == nil || count == nil, .conflict, "give until or count, not both", path: "count")
        try require(
            (until == nil && count == nil) || (rule.until == nil && rule.count == nil), .conflict,
            "the rule already ends (COUNT or UNTIL in '\(rule)'); remove until/count or the rule's end",
            path: until == nil ? "count" : "until")
        if let until {
            try require(
                until >= start.date, .reversedRange, "until \(until) is before the start \(start)", path: "until")
        }
        if let count { try require(count >= 1, .outOfRange, "count must be 1 or more, not \(count)", path: "count") }
        // The zone only matters for a UTC UNTIL; the start is judged against the rule in UTC here.
        let first = rule.occurrences(from: start, through: start.date, in: .gmt).first
        if first != start {
            let next = rule.occurrences(from: start, through: start.date.adding(days: 3660), in: .gmt).first
            throw PlanningError(
                .conflict,
                "start \(start.readable) is not an occurrence of '\(rule)'"
                    + (next.map { "; the first one after it is \($0.readable): start there" }
                        ?? "; the rule gives no date within ten years"),
                path: "start")
        }
        self.rule = rule
        self.start = start
        self.until = until
        self.count = count
    }

    /// The rule with ``until``/``count`` folded in, as a feed writes it. Any end becomes a UTC
    /// `UNTIL` (RFC 5545 wants one when `DTSTART` has a `TZID`): the instant of the last allowed
    /// date at the start's local time in `zone`, so the same occurrences result.
    public func effectiveRule(in zone: TimeZone) throws -> RecurrenceRule {
        if let count { return try rule.ending(count: count) }
        let lastStart: Date
        switch (until, rule.until) {
        case (let date?, _), (nil, .date(let date)?):
            lastStart = LocalDateTime(date: date, time: start.time).instant(in: zone)
        case (nil, .local(let time, let second)?):
            lastStart = time.instant(in: zone).addingTimeInterval(Double(second))
        case (nil, .utc?), (nil, nil):
            return rule
        }
        let seconds = Int(lastStart.timeIntervalSince1970.rounded(.down))
        let utc = LocalDateTime(lastStart, in: .gmt)
        return try rule.ending(until: .utc(utc, second: seconds - utc.wallSeconds))
    }

    /// The local starts of the occurrences on dates inside `window`.
    public func occurrences(in window: ClosedRange<LocalDate>, zone: TimeZone) -> [LocalDateTime] {
        let lastDate = until.map { min($0, window.upperBound) } ?? window.upperBound
        guard lastDate >= window.lowerBound else { return [] }
        let all = rule.occurrences(from: start, through: lastDate, in: zone)
        let counted = count.map { Array(all.prefix($0)) } ?? all
        return counted.filter { $0.date >= window.lowerBound }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(rule: c(.rule), start: c(.start), until: c.optional(.until), count: c.optional(.count))
    }
}

/// When an activity happens: once, or as a series.
public enum Schedule: Hashable, Sendable, Codable {
    /// A one-off event at a local start.
    case oneOff(LocalDateTime)
    /// A recurring series.
    case series(Series)

    /// The first local start.
    public var start: LocalDateTime {
        switch self {
        case .oneOff(let start): start
        case .series(let series): series.start
        }
    }
}

/// Something planned: a one-off event or a series.
public struct Activity: Hashable, Sendable, Codable, Identifiable {
    /// Stable name, e.g. `monthly-meeting`.
    public let slug: Slug
    /// The kind's slug (catalogue).
    public let kind: Slug
    /// The title in calendars.
    public let title: String
    /// Once or recurring.
    public let schedule: Schedule
    /// Length in minutes, overriding the kind's default, 1…1440.
    public let durationMinutes: Int?
    /// Where, overriding the group's venue.
    public let location: String?
    /// Online join link (http/https).
    public private(set) var onlineURL: URL?
    /// A theme fixed for every session, if any.
    public let theme: Slug?
    /// The organisers a one-off names by hand (the group YAML's `organisers:`), in order: its
    /// session gets them pinned, checked against the rules like any hand choice. Nil when none (a
    /// series' sessions are assigned).
    public let organisers: [Slug]?

    public var id: Slug { slug }

    /// Throws ``PlanningError`` for an empty title, a duration outside 1…1440, a URL that is not
    /// http(s), or organisers named on a series or twice. (Whether `kind`, `theme` and the
    /// organisers exist is checked by ``GroupPlan/validate(against:)``.)
    public init(
        slug: Slug, kind: Slug, title: String, schedule: Schedule, durationMinutes: Int? = nil,
        location: String? = nil, onlineURL: URL? = nil, theme: Slug? = nil, organisers: [Slug] = []
    ) throws {
        if !organisers.isEmpty {
            guard case .oneOff = schedule else {
                throw PlanningError(
                    .conflict, "only a one-off names its organisers; a series' sessions are assigned",
                    path: "organisers")
            }
            try requireUnique(organisers, in: "organisers", field: "", what: "organiser") { $0 }
        }
        try requireText(title, "title")
        if let durationMinutes {
            try require(
                (1...1440).contains(durationMinutes), .outOfRange,
                "duration-minutes must be 1…1440, not \(durationMinutes)", path: "duration-minutes")
        }
        if let onlineURL { try requireWebURL(onlineURL, path: "online-url") }
        self.slug = slug
        self.kind = kind
        self.title = title
        self.schedule = schedule
        self.durationMinutes = durationMinutes
        self.location = location
        self.onlineURL = onlineURL
        self.theme = theme
        self.organisers = organisers.isEmpty ? nil : organisers
    }

    /// A copy without its online join link (what an audience that may not join sees).
    func withoutOnlineURL() -> Activity {
        var copy = self
        copy.onlineURL = nil
        return copy
    }

    /// The length in minutes: the override, else the kind's default.
    public func duration(kind: ActivityKind) -> Int { durationMinutes ?? kind.durationMinutes }

    /// The local starts the schedule gives on dates inside `window` (a one-off: its start if inside).
    public func ruleDates(in window: ClosedRange<LocalDate>, zone: TimeZone) -> [LocalDateTime] {
        switch schedule {
        case .oneOff(let start): window.contains(start.date) ? [start] : []
        case .series(let series): series.occurrences(in: window, zone: zone)
        }
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            slug: c(.slug), kind: c(.kind), title: c(.title), schedule: c(.schedule),
            durationMinutes: c.optional(.durationMinutes), location: c.optional(.location),
            onlineURL: c.optional(.onlineURL), theme: c.optional(.theme), organisers: c.optional(.organisers) ?? [])
    }
}
