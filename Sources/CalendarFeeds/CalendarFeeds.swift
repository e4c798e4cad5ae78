public import Foundation
import ICalendar
public import Planning

/// Planning → iCalendar (feeds) and iCalendar → planning (imports).
///
/// Feeds: build a ``FeedSource`` from a store snapshot, then ``FeedRenderer/render(_:)`` any
/// ``FeedKind``. Imports: ``CalendarImport``.
public enum CalendarFeedsModule {
    /// `PRODID` of every feed.
    public static let productID = "-//Allyship Planner//Calendar feeds 1.0//EN"
    /// The domain part of every `UID` the feeds write. Fixed on purpose: a UID must not change
    /// when the server's address does.
    public static let uidDomain = "allyship-planner"
}

/// Everything a feed is made of: the group's plan with its change stamps, and the catalogue.
public struct FeedSource: Sendable {
    /// The group, members, activities, sessions and blackouts.
    public let plan: GroupPlan
    /// Themes, kinds, GAP priorities and observances.
    public let catalogue: Catalogue
    /// Change stamps of the activities, by slug.
    public let activityStamps: [Slug: ChangeStamp]
    /// Change stamps of the sessions, by identity.
    public let sessionStamps: [Session.ID: ChangeStamp]
    /// Activities cancelled as a whole.
    public let cancelledActivities: Set<Slug>

    /// Creates a source. A missing stamp reads as sequence 0 changed at the Unix epoch, so a
    /// feed still renders the same bytes twice.
    public init(
        plan: GroupPlan, catalogue: Catalogue, activityStamps: [Slug: ChangeStamp],
        sessionStamps: [Session.ID: ChangeStamp], cancelledActivities: Set<Slug> = []
    ) {
        self.plan = plan
        self.catalogue = catalogue
        self.activityStamps = activityStamps
        self.sessionStamps = sessionStamps
        self.cancelledActivities = cancelledActivities
    }

    /// The source of a stored group: its plan, change stamps and cancelled activities.
    public init(snapshot: GroupSnapshot, catalogue: Catalogue) {
        self.init(
            plan: snapshot.plan, catalogue: catalogue, activityStamps: snapshot.activityStamps,
            sessionStamps: snapshot.sessionStamps, cancelledActivities: snapshot.cancelledActivities)
    }
}

/// Which feed of a group.
public enum FeedKind: Hashable, Sendable, CustomStringConvertible {
    /// Every session not confidential; confidential ones as busy blocks or not at all.
    case group
    /// Everything, with organisers (private).
    case members
    /// The sessions one member organises (private).
    case organiser(Slug)
    /// The public feed filtered to one theme.
    case theme(Slug)
    /// The public feed filtered to one kind of activity.
    case kind(Slug)
    /// The public feed filtered to one GAP priority.
    case gapPriority(GAPPriorityID)
    /// The observance days for the duty-station country.
    case observances

    /// Who the feed is for: what it shows is what ``Visibility`` lets that audience see.
    public var viewer: Viewer {
        switch self {
        case .members: .membersFeed
        case .organiser(let member): .organiser(member)
        case .group, .theme, .kind, .gapPriority, .observances: .anonymous
        }
    }

    /// Whether the feed needs a token (it may carry organisers, e-mail addresses and
    /// confidential detail): never written where the public can read it.
    public var isPrivate: Bool { viewer != .anonymous }

    /// The file name for group `group`: `vienna.ics`, `vienna-members.ics`,
    /// `vienna-organiser-anton-berger.ics`, `vienna-theme-fatherhood.ics`,
    /// `vienna-kind-lunch-and-learn.ics`, `vienna-gap-ps-vaw.ics`, `vienna-observances.ics`.
    public func fileName(group: Slug) -> String {
        switch self {
        case .group: "\(group).ics"
        case .members: "\(group)-members.ics"
        case .organiser(let member): "\(Self.organiserFilePrefix(group: group))\(member).ics"
        case .theme(let theme): "\(group)-theme-\(theme).ics"
        case .kind(let kind): "\(group)-kind-\(kind).ics"
        case .gapPriority(let id): "\(group)-gap-\(id.rawValue.lowercased()).ics"
        case .observances: "\(group)-observances.ics"
        }
    }

    /// `vienna-organiser-`: what every organiser feed file of `group` begins with.
    public static func organiserFilePrefix(group: Slug) -> String { "\(group)-organiser-" }

    /// `group`, `members`, `organiser anton-berger`, …
    public var description: String {
        switch self {
        case .group: "group"
        case .members: "members"
        case .organiser(let member): "organiser \(member)"
        case .theme(let theme): "theme \(theme)"
        case .kind(let kind): "kind \(kind)"
        case .gapPriority(let id): "gap \(id)"
        case .observances: "observances"
        }
    }
}

/// A length of time in a feed: the refresh interval, a reminder before a session. Whole
/// seconds; CalendarFeeds' own type, so its users need not know the iCalendar module.
public struct FeedDuration: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The length in seconds.
    public let seconds: Int

    /// A length of `seconds` seconds.
    public init(seconds: Int) { self.seconds = seconds }

    /// `minutes` minutes.
    public static func minutes(_ minutes: Int) -> FeedDuration { FeedDuration(seconds: minutes * 60) }
    /// `hours` hours.
    public static func hours(_ hours: Int) -> FeedDuration { FeedDuration(seconds: hours * 3_600) }
    /// `days` days.
    public static func days(_ days: Int) -> FeedDuration { FeedDuration(seconds: days * 86_400) }

    /// The longest reminder a private feed offers.
    public static let longestReminder = FeedDuration.days(7)

    /// A reminder as a subscriber asks for it in a feed address: an RFC 5545 duration from
    /// `PT0M` to ``longestReminder`` (`PT15M`, `P1D`; a sign is ignored, a reminder is always
    /// before). Throws ``FeedError/badReminder(_:)`` for anything else.
    public init(reminder text: String) throws(FeedError) {
        let message = "an iCalendar duration from PT0M to P7D before the session, e.g. PT15M"
        guard let duration = try? ICSDuration(iCalendar: text) else { throw .badReminder(message) }
        self.init(seconds: abs(duration.seconds))
        guard self <= Self.longestReminder else { throw .badReminder(message) }
    }

    /// The same length for the iCalendar module.
    var ics: ICSDuration { ICSDuration(seconds: seconds) }

    /// `900 s`.
    public var description: String { "\(seconds) s" }

    public static func < (lhs: FeedDuration, rhs: FeedDuration) -> Bool { lhs.seconds < rhs.seconds }
}

/// How feeds are rendered. Nothing here is read from the clock: ``now`` is passed in.
public struct FeedOptions: Sendable {
    /// The site's address; a session's page is `{base}/groups/{group}/sessions/{activity}/{rule date}`.
    public var baseURL: URL
    /// The time cancelled sessions' retention is measured against.
    public var now: Date
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` (default one hour).
    public var refreshInterval: FeedDuration
    /// A reminder this long before each session that is not cancelled, in private feeds
    /// (members, organiser). None by default: Google and Outlook ignore the alarms of subscribed
    /// feeds and Apple may strip them, so a reminder is each subscriber's opt-in (`?alarm=PT15M`).
    public var privateAlarm: FeedDuration?
    /// The years of the observances feed (default: the years the group's sessions span, or
    /// the year of ``now`` when it has none).
    public var observanceYears: ClosedRange<Int>?
    /// The code of a session's anonymous feedback form (the store knows it); with it, each
    /// session of an organiser's own feed that the organiser organises links its feedback form.
    /// Nil: no feed carries the link.
    public var feedbackCode: (@Sendable (Session.ID) -> String)?

    /// Creates options.
    public init(
        baseURL: URL, now: Date, refreshInterval: FeedDuration = .hours(1), privateAlarm: FeedDuration? = nil,
        observanceYears: ClosedRange<Int>? = nil, feedbackCode: (@Sendable (Session.ID) -> String)? = nil
    ) {
        self.baseURL = baseURL
        self.now = now
        self.refreshInterval = refreshInterval
        self.privateAlarm = privateAlarm
        self.observanceYears = observanceYears
        self.feedbackCode = feedbackCode
    }
}

extension FeedOptions {
    /// The link builder of the site at ``baseURL``.
    public var links: SiteLinks { SiteLinks(baseURL: baseURL.absoluteString) }

    /// `path` on the site, for a feed's `URL` property.
    func link(_ path: SitePath) -> URL { URL(string: links.url(path)) ?? baseURL }

    /// An empty feed calendar as the feed contract wants it: `NAME` and `X-WR-CALNAME` alike,
    /// `REFRESH-INTERVAL` and `X-PUBLISHED-TTL` both ``refreshInterval``.
    func calendar(name: String, description: String, timeZone: String?, color: String? = nil) -> ICSCalendar {
        ICSCalendar(
            productID: CalendarFeedsModule.productID, name: name, wrCalendarName: name,
            wrCalendarDescription: description, wrTimeZone: timeZone, refreshInterval: refreshInterval.ics,
            publishedTTL: refreshInterval.ics, color: color)
    }
}

/// A rendered feed: its bytes, and when it will change without a write.
public struct RenderedFeed: Sendable {
    /// Its file name (``FeedKind/fileName(group:)``, `network.ics`, …).
    public let fileName: String
    /// The iCalendar bytes.
    public let data: Data
    /// The first moment after ``FeedOptions/now`` at which a cancelled session's retention ends
    /// and the feed would render differently; nil when no retention is running. A cache keyed
    /// by the store's revision must also expire then.
    public let changesAt: Date?

    /// Serialises `calendar`.
    init(_ calendar: ICSCalendar, fileName: String, changesAt: Date?) throws(FeedError) {
        do {
            data = try calendar.serializedData()
        } catch {
            throw .rendering("\(error)")
        }
        self.fileName = fileName
        self.changesAt = changesAt
    }
}

/// Why a feed could not be rendered or an import was refused.
public enum FeedError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The feed names a member, theme, kind or priority the group or catalogue does not have.
    case unknownFeedSubject(String)
    /// The plan refers to something the catalogue lacks (an activity's kind).
    case inconsistentPlan(String)
    /// libical refused a value (what it said).
    case rendering(String)
    /// A reminder a subscriber asked for is not one (what it must be).
    case badReminder(String)

    public var description: String {
        switch self {
        case .unknownFeedSubject(let what): "no such feed: \(what)"
        case .inconsistentPlan(let what): "the plan does not match the catalogue: \(what)"
        case .rendering(let error): "the feed could not be written: \(error)"
        case .badReminder(let what): "a reminder must be \(what)"
        }
    }
}
