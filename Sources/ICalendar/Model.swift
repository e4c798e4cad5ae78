public import Foundation

// The public model: plain Sendable values. Names carry an `ICS` prefix so they never clash with
// Foundation's `Calendar`, `TimeZone` and `Date`. No libical type appears here.

/// A calendar date without a time (an iCalendar `DATE` value).
public struct ICSDate: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, for example 2026.
    public var year: Int
    /// The month, 1…12.
    public var month: Int
    /// The day of the month, 1…31.
    public var day: Int

    /// Creates a date from its fields; `ICSCalendar` checks them when it is serialised.
    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (lhs: ICSDate, rhs: ICSDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    /// `YYYY-MM-DD`.
    public var description: String {
        String(format: "%04d-%02d-%02d", year, month, day)
    }
}

/// Wall-clock fields: a date and a time of day, with no zone attached.
public struct ICSWallTime: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The year, for example 2026.
    public var year: Int
    /// The month, 1…12.
    public var month: Int
    /// The day of the month, 1…31.
    public var day: Int
    /// The hour, 0…23.
    public var hour: Int
    /// The minute, 0…59.
    public var minute: Int
    /// The second, 0…60 (60 only for a leap second).
    public var second: Int

    /// Creates a wall time from its fields; `ICSCalendar` checks them when it is serialised.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// The date part.
    public var date: ICSDate { ICSDate(year: year, month: month, day: day) }

    public static func < (lhs: ICSWallTime, rhs: ICSWallTime) -> Bool {
        (lhs.year, lhs.month, lhs.day, lhs.hour, lhs.minute, lhs.second)
            < (rhs.year, rhs.month, rhs.day, rhs.hour, rhs.minute, rhs.second)
    }

    /// `YYYY-MM-DDTHH:MM:SS`.
    public var description: String {
        String(format: "%04d-%02d-%02dT%02d:%02d:%02d", year, month, day, hour, minute, second)
    }
}

/// A point or day in time as iCalendar writes it.
public enum ICSDateTime: Hashable, Sendable, CustomStringConvertible {
    /// A whole day (`VALUE=DATE`), as used by all-day events.
    case date(ICSDate)
    /// A UTC time (`…Z`).
    case utc(ICSWallTime)
    /// A wall-clock time in an IANA zone (`TZID=Europe/Vienna`): keeps the group's local time.
    case local(ICSWallTime, zoneID: String)
    /// A floating time (no zone): the same wall-clock time everywhere.
    case floating(ICSWallTime)

    /// The IANA zone id of a `.local` value, otherwise `nil`.
    public var zoneID: String? {
        if case .local(_, let zoneID) = self { return zoneID }
        return nil
    }

    /// The wall-clock fields (midnight for a `.date`).
    public var wallTime: ICSWallTime {
        switch self {
        case .date(let d): ICSWallTime(year: d.year, month: d.month, day: d.day)
        case .utc(let w), .local(let w, _), .floating(let w): w
        }
    }

    /// Whether this is a whole-day `DATE` value.
    public var isDate: Bool {
        if case .date = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .date(let d): d.description
        case .utc(let w): w.description + "Z"
        case .local(let w, let zone): "\(w) \(zone)"
        case .floating(let w): w.description
        }
    }
}

/// A signed length of time in whole seconds (an iCalendar `DURATION`).
public struct ICSDuration: Hashable, Sendable, Comparable {
    /// The length in seconds; negative for "before" (an alarm trigger).
    public var seconds: Int

    /// Creates a duration of `seconds` seconds.
    public init(seconds: Int) { self.seconds = seconds }

    /// A duration of whole minutes.
    public static func minutes(_ minutes: Int) -> ICSDuration { ICSDuration(seconds: minutes * 60) }
    /// A duration of whole hours.
    public static func hours(_ hours: Int) -> ICSDuration { ICSDuration(seconds: hours * 3600) }
    /// A duration of whole days.
    public static func days(_ days: Int) -> ICSDuration { ICSDuration(seconds: days * 86_400) }

    public static func < (lhs: ICSDuration, rhs: ICSDuration) -> Bool { lhs.seconds < rhs.seconds }
}

/// A recurrence rule (`RRULE`), held in libical's normalised text form.
///
/// Create one with ``init(_:)``, which checks the rule with libical and throws
/// ``ICSError/invalidRecurrenceRule(_:line:)`` for a rule libical cannot read.
public struct ICSRecurrenceRule: Hashable, Sendable, CustomStringConvertible {
    /// The normalised rule text, for example `FREQ=MONTHLY;BYDAY=1TU`.
    public let text: String

    /// Checks and normalises `text` (with or without a leading `RRULE:`).
    public init(_ text: String) throws(ICSError) {
        self.text = try Libical.normalisedRule(text, line: nil)
    }

    internal init(normalised: String) { self.text = normalised }

    public var description: String { text }
}

/// `STATUS` of an event.
public enum ICSEventStatus: String, Hashable, Sendable, CaseIterable {
    case tentative = "TENTATIVE"
    case confirmed = "CONFIRMED"
    case cancelled = "CANCELLED"
}

/// `CLASS` (access classification) of an event.
public enum ICSClassification: String, Hashable, Sendable, CaseIterable {
    case `public` = "PUBLIC"
    case `private` = "PRIVATE"
    case confidential = "CONFIDENTIAL"
}

/// `TRANSP`: whether an event blocks time in free/busy.
public enum ICSTransparency: String, Hashable, Sendable, CaseIterable {
    case opaque = "OPAQUE"
    case transparent = "TRANSPARENT"
}

/// `GEO`: latitude and longitude in degrees (written with six decimals).
public struct ICSGeo: Hashable, Sendable {
    /// Degrees north, −90…90.
    public var latitude: Double
    /// Degrees east, −180…180.
    public var longitude: Double

    /// Creates a position.
    public init(latitude: Double, longitude: Double) {
        self.latitude = latitude
        self.longitude = longitude
    }
}

/// An `ORGANIZER` or `ATTENDEE`.
public struct ICSParticipant: Hashable, Sendable {
    /// The calendar address, usually `mailto:name@example.org`; no control characters (CR, LF, …).
    public var address: String
    /// `CN`: the display name.
    public var commonName: String?
    /// `ROLE`, for example `CHAIR`, `REQ-PARTICIPANT`, `OPT-PARTICIPANT`.
    public var role: String?
    /// `PARTSTAT`, for example `ACCEPTED`, `NEEDS-ACTION`.
    public var participationStatus: String?

    /// Creates a participant.
    public init(address: String, commonName: String? = nil, role: String? = nil, participationStatus: String? = nil) {
        self.address = address
        self.commonName = commonName
        self.role = role
        self.participationStatus = participationStatus
    }
}

/// `CONFERENCE` (RFC 7986): a way to join an event online.
public struct ICSConference: Hashable, Sendable {
    /// The URI to join, for example `https://meet.example.org/abc`; no control characters (CR, LF, …).
    public var uri: String
    /// `FEATURE` values, for example `AUDIO`, `VIDEO`, `SCREEN`.
    public var features: [String]
    /// `LABEL`: text shown to the user.
    public var label: String?

    /// Creates a conference entry.
    public init(uri: String, features: [String] = [], label: String? = nil) {
        self.uri = uri
        self.features = features
        self.label = label
    }
}

/// A `VALARM` that displays a reminder relative to the event's start.
public struct ICSAlarm: Hashable, Sendable {
    /// `ACTION`, for example `DISPLAY` or `AUDIO`.
    public var action: String
    /// `TRIGGER`: offset from the start (negative = before).
    public var trigger: ICSDuration
    /// `DESCRIPTION`: the reminder text.
    public var description: String?

    /// Creates an alarm.
    public init(action: String = "DISPLAY", trigger: ICSDuration, description: String? = nil) {
        self.action = action
        self.trigger = trigger
        self.description = description
    }
}

/// A `VEVENT`: a one-off event, a series master (with `rule`) or an override (with `recurrenceID`).
public struct ICSEvent: Hashable, Sendable {
    /// `UID`: stable across exports.
    public var uid: String
    /// `DTSTAMP` (UTC, whole seconds).
    public var timestamp: Date
    /// `DTSTART`.
    public var start: ICSDateTime
    /// `DTEND` (exclusive).
    public var end: ICSDateTime?
    /// `RRULE`.
    public var rule: ICSRecurrenceRule?
    /// `EXDATE`s: dates removed from the series.
    public var exceptionDates: [ICSDateTime]
    /// `RDATE`s: dates added to the series.
    public var extraDates: [ICSDateTime]
    /// `RECURRENCE-ID`: set on an override, the original start it replaces.
    public var recurrenceID: ICSDateTime?
    /// `SEQUENCE`.
    public var sequence: Int?
    /// `LAST-MODIFIED` (UTC, whole seconds).
    public var lastModified: Date?
    /// `STATUS`.
    public var status: ICSEventStatus?
    /// `CLASS`.
    public var classification: ICSClassification?
    /// `TRANSP`.
    public var transparency: ICSTransparency?
    /// `SUMMARY`.
    public var summary: String?
    /// `DESCRIPTION`.
    public var description: String?
    /// `LOCATION`.
    public var location: String?
    /// `GEO`.
    public var geo: ICSGeo?
    /// `URL`; a control character (CR, LF, …) in it makes serialising throw.
    public var url: String?
    /// `CATEGORIES`, written as one property per category, a comma in one escaped (`\,`).
    public var categories: [String]
    /// `ORGANIZER`.
    public var organizer: ICSParticipant?
    /// `ATTENDEE`s.
    public var attendees: [ICSParticipant]
    /// `COLOR` (RFC 7986), a CSS3 colour name.
    public var color: String?
    /// `CONFERENCE`s (RFC 7986).
    public var conferences: [ICSConference]
    /// `VALARM`s.
    public var alarms: [ICSAlarm]

    /// Creates an event; only `uid`, `timestamp` and `start` are required.
    public init(
        uid: String, timestamp: Date, start: ICSDateTime, end: ICSDateTime? = nil,
        rule: ICSRecurrenceRule? = nil, exceptionDates: [ICSDateTime] = [], extraDates: [ICSDateTime] = [],
        recurrenceID: ICSDateTime? = nil, sequence: Int? = nil, lastModified: Date? = nil,
        status: ICSEventStatus? = nil, classification: ICSClassification? = nil,
        transparency: ICSTransparency? = nil, summary: String? = nil, description: String? = nil,
        location: String? = nil, geo: ICSGeo? = nil, url: String? = nil, categories: [String] = [],
        organizer: ICSParticipant? = nil, attendees: [ICSParticipant] = [], color: String? = nil,
        conferences: [ICSConference] = [], alarms: [ICSAlarm] = []
    ) {
        self.uid = uid
        self.timestamp = timestamp
        self.start = start
        self.end = end
        self.rule = rule
        self.exceptionDates = exceptionDates
        self.extraDates = extraDates
        self.recurrenceID = recurrenceID
        self.sequence = sequence
        self.lastModified = lastModified
        self.status = status
        self.classification = classification
        self.transparency = transparency
        self.summary = summary
        self.description = description
        self.location = location
        self.geo = geo
        self.url = url
        self.categories = categories
        self.organizer = organizer
        self.attendees = attendees
        self.color = color
        self.conferences = conferences
        self.alarms = alarms
    }
}

/// A `VCALENDAR`. `VTIMEZONE`s are not part of the value: the serialiser writes one for every
/// zone id the events use, from libical's built-in database.
public struct ICSCalendar: Hashable, Sendable {
    /// `PRODID`.
    public var productID: String
    /// `METHOD`, for example `PUBLISH`.
    public var method: String?
    /// `NAME` (RFC 7986).
    public var name: String?
    /// `X-WR-CALNAME` (Apple, Google, Outlook), TEXT: written escaped like `NAME`.
    public var wrCalendarName: String?
    /// `X-WR-CALDESC`, TEXT: written escaped.
    public var wrCalendarDescription: String?
    /// `X-WR-TIMEZONE`: the calendar's default IANA zone.
    public var wrTimeZone: String?
    /// `REFRESH-INTERVAL;VALUE=DURATION` (RFC 7986).
    public var refreshInterval: ICSDuration?
    /// `X-PUBLISHED-TTL` (Outlook's refresh hint).
    public var publishedTTL: ICSDuration?
    /// `COLOR` (RFC 7986).
    public var color: String?
    /// The events: masters, one-offs and overrides, in order.
    public var events: [ICSEvent]

    /// Creates a calendar; `VERSION:2.0` is always written.
    public init(
        productID: String, method: String? = nil, name: String? = nil, wrCalendarName: String? = nil,
        wrCalendarDescription: String? = nil, wrTimeZone: String? = nil, refreshInterval: ICSDuration? = nil,
        publishedTTL: ICSDuration? = nil, color: String? = nil, events: [ICSEvent] = []
    ) {
        self.productID = productID
        self.method = method
        self.name = name
        self.wrCalendarName = wrCalendarName
        self.wrCalendarDescription = wrCalendarDescription
        self.wrTimeZone = wrTimeZone
        self.refreshInterval = refreshInterval
        self.publishedTTL = publishedTTL
        self.color = color
        self.events = events
    }
}

/// One occurrence of an event after expansion.
public struct ICSOccurrence: Hashable, Sendable {
    /// The event's `UID`.
    public var uid: String
    /// The start as written (local wall time and zone for a zoned event).
    public var start: ICSDateTime
    /// The end as written, in the start's zone.
    public var end: ICSDateTime
    /// The start as an instant (a `DATE` or floating value is read as UTC).
    public var startInstant: Date
    /// The end as an instant.
    public var endInstant: Date
    /// The start of the series instance this occurrence stands for (its `RECURRENCE-ID` instant).
    public var recurrenceInstant: Date
    /// Whether a `RECURRENCE-ID` override supplied this occurrence.
    public var isOverride: Bool
    /// The event carrying its properties: the override, or the master.
    public var event: ICSEvent
}
