import Foundation
import ICalendar
public import Planning

/// Renders the feeds of one group from a ``FeedSource``.
///
/// The rules (see `DESIGN.md`, "The feed contract"):
/// - A series is one `VEVENT` with `RRULE` (its own `UNTIL`/`COUNT`, in the group's zone). A
///   session that differs from what the rule gives — moved, re-themed, another status, other
///   organisers in a private feed — is a `RECURRENCE-ID` override; a dropped date is an `EXDATE`.
/// - A cancelled session stays as `STATUS:CANCELLED` for the group's retention days after it
///   was cancelled (its last change), then leaves the feed (an `EXDATE` in a series). Google
///   Calendar drops `STATUS:CANCELLED` events from subscriptions at once, so its users see the
///   session vanish rather than marked cancelled; Outlook, Apple Calendar and Thunderbird show it
///   struck through or marked until the retention ends. Because retention depends on
///   ``FeedOptions/now``, ``RenderedFeed/changesAt`` says when a cached rendering goes stale.
/// - A session's own `SEQUENCE` and stamps rise with any stored change of it, also one a feed
///   does not show (organisers in a public feed): a higher `SEQUENCE` is always safe.
/// - UIDs come from slugs and rule dates, never from row order or time.
/// - `SEQUENCE` is the stored sequence: a master's is its activity's, raised by the dates it
///   excludes; an override's or a single event's is never below its activity's.
///   `DTSTAMP`/`LAST-MODIFIED` are the matching stored change times: no clock is read.
/// - What each feed shows of members, reasons, join links and confidential sessions is what
///   ``Visibility`` lets the feed's ``FeedKind/viewer`` see: public feeds carry no e-mail
///   address, attendee or private reason, and show a confidential session as a busy block with
///   a neutral title (or not at all).
public struct FeedRenderer: Sendable {
    /// What the feeds are made of.
    public let source: FeedSource
    /// How they are rendered.
    public let options: FeedOptions

    let group: Group
    let sessionsByActivity: [Slug: [Session]]

    /// Prepares rendering.
    public init(source: FeedSource, options: FeedOptions) {
        self.source = source
        self.options = options
        self.group = source.plan.group
        self.sessionsByActivity = Dictionary(grouping: source.plan.sessions, by: \.activity)
            .mapValues { $0.sorted { $0.ruleDate < $1.ruleDate } }
    }

    public func render(_ kind: FeedKind) throws(FeedError) -> RenderedFeed {
        var retention = RetentionClock(now: options.now)
        let calendar = try self.calendar(kind, retention: &retention)
        return try RenderedFeed(calendar, fileName: kind.fileName(group: group.slug), changesAt: retention.nextChange)
    }

    /// One session as a calendar of one event, as the public sees it (a session page's
    /// download); nil when the group has no such session or the public may not see it in full.
    public func renderSession(_ id: Session.ID) throws(FeedError) -> RenderedFeed? {
        guard let session = source.plan.sessions.first(where: { $0.id == id }), !session.dropped,
            let activity = source.plan.activities.first(where: { $0.slug == id.activity })
        else { return nil }
        guard let activityKind = source.catalogue.kind(activity.kind) else {
            throw .inconsistentPlan("activity '\(activity.slug)' has kind '\(activity.kind)', not in the catalogue")
        }
        let context = ActivityContext(
            activity: activity, kind: activityKind,
            visibility: Visibility(.anonymous, group: group, catalogue: source.catalogue), group: group,
            stamp: source.activityStamps[activity.slug] ?? .zero,
            cancelled: source.cancelledActivities.contains(activity.slug), sessions: [session])
        guard context.presentation == .full else { return nil }
        var calendar = options.calendar(
            name: "\(group.name): \(activity.title)", description: group.missionStatement,
            timeZone: group.timeZone.rawValue)
        calendar.events = [try singleEvent(session, of: context)]
        let fileName = "\(group.slug)-\(activity.slug)-\(session.ruleDate.compact).ics"
        return try RenderedFeed(calendar, fileName: fileName, changesAt: nil)
    }

    /// The calendar of one feed; `retention` learns when a cancelled session leaves it.
    func calendar(_ kind: FeedKind, retention: inout RetentionClock) throws(FeedError) -> ICSCalendar {
        let selection = try self.selection(for: kind)
        var calendar = options.calendar(
            name: selection.name, description: selection.description, timeZone: group.timeZone.rawValue,
            color: selection.color)
        if kind == .observances {
            let years = options.observanceYears ?? defaultObservanceYears()
            calendar.events = Self.observanceEvents(source.catalogue.observances, country: group.country, years: years)
            return calendar
        }
        let activities = source.plan.activities.sorted { ($0.schedule.start, $0.slug) < ($1.schedule.start, $1.slug) }
        var whole: [ICSEvent] = []
        var single: [(LocalDateTime, Slug, ICSEvent)] = []
        var busyStarts: [LocalDateTime: Int] = [:]
        for activity in activities {
            guard let activityKind = source.catalogue.kind(activity.kind) else {
                throw .inconsistentPlan("activity '\(activity.slug)' has kind '\(activity.kind)', not in the catalogue")
            }
            let context = ActivityContext(
                activity: activity, kind: activityKind, visibility: selection.visibility, group: group,
                stamp: source.activityStamps[activity.slug] ?? .zero,
                cancelled: source.cancelledActivities.contains(activity.slug),
                sessions: sessionsByActivity[activity.slug] ?? [])
            switch context.presentation {
            case .hidden: continue
            case .full: break
            case .busyBlock:
                if selection.filter != nil { continue }
                // A neutral UID: the slug would tell what the block is.
                let start = activity.schedule.start
                let index = busyStarts[start, default: 0]
                busyStarts[start] = index + 1
                context.busyIndex = index
            }
            guard let filter = selection.filter else {
                whole += try events(of: context, retention: &retention)
                continue
            }
            let visible = context.sessions.filter {
                !$0.dropped && retention.keeps($0, stamp: stamp(of: $0), group: group)
            }
            if filter(context.baselineFacts) && visible.allSatisfy({ filter(context.facts(of: $0)) }) {
                whole += try events(of: context, retention: &retention)
            } else {
                for session in visible where filter(context.facts(of: session)) {
                    single.append(
                        (session.start, activity.slug, try singleEvent(session, of: context)))
                }
            }
        }
        calendar.events = whole + single.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
        if let reminder = selection.reminder {
            calendar.events = calendar.events.map(reminder.added)
        }
        return calendar
    }
}
