public import Foundation
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

    private let group: Group
    private let sessionsByActivity: [Slug: [Session]]

    /// Prepares rendering.
    public init(source: FeedSource, options: FeedOptions) {
        self.source = source
        self.options = options
        self.group = source.plan.group
        self.sessionsByActivity = Dictionary(grouping: source.plan.sessions, by: \.activity)
            .mapValues { $0.sorted { $0.ruleDate < $1.ruleDate } }
    }

    /// Every feed worth publishing for the group: the public and members feeds, one organiser
    /// feed per member, one feed per theme, kind and GAP priority its public sessions carry, and
    /// the observances.
    public func availableFeeds() -> [FeedKind] {
        var themes = Set<Slug>()
        var kinds = Set<Slug>()
        var priorities = Set<GAPPriorityID>()
        for activity in source.plan.activities {
            guard let kind = source.catalogue.kind(activity.kind), kind.privacy == .public else { continue }
            kinds.insert(kind.slug)
            let sessionThemes = (sessionsByActivity[activity.slug] ?? []).compactMap(\.theme)
            for slug in sessionThemes + [activity.theme].compactMap({ $0 }) {
                themes.insert(slug)
                priorities.formUnion(source.catalogue.theme(slug)?.gap ?? [])
            }
        }
        return [.group, .members] + source.plan.members.map { .organiser($0.id) } + themes.sorted().map { .theme($0) }
            + kinds.sorted().map { .kind($0) } + priorities.sorted().map { .gapPriority($0) } + [.observances]
    }

    /// The feeds worth writing as files into a folder holding `existingFiles`: every
    /// ``availableFeeds()``, plus each other theme, kind or GAP priority feed of the group whose
    /// file is already there. Rewritten, such a file empties once its last session has left it,
    /// instead of showing what is no longer planned.
    public func feedsToWrite(existingFiles: Set<String>) -> [FeedKind] {
        let available = availableFeeds()
        let catalogue = source.catalogue
        let possible: [FeedKind] =
            catalogue.themes.map { .theme($0.slug) }
            + catalogue.activityKinds.filter { $0.privacy == .public }.map { .kind($0.slug) }
            + (catalogue.gapPriorities + group.missionPriorities).map { .gapPriority($0.id) }
        let stale = possible.filter {
            !available.contains($0) && existingFiles.contains($0.fileName(group: group.slug))
        }
        return available + stale
    }

    /// The organiser feed files among `existingFiles` of members the group no longer has: they
    /// hold a former member's duties and name, and cannot be rendered again. Empty when another
    /// group's slug begins with this group's organiser-file prefix (`vienna-organiser-…`), whose
    /// files could not be told apart.
    public func formerOrganiserFiles(in existingFiles: Set<String>, otherGroups: [Slug]) -> [String] {
        let members = Set(source.plan.members.map(\.id.rawValue))
        return organiserFiles(in: existingFiles, otherGroups: otherGroups).filter { !members.contains($0.member) }
            .map(\.file)
    }

    /// Every private feed file of the group among `existingFiles` (the members feed and every
    /// organiser feed, of present members or former): what must never lie in a public folder.
    public func privateFiles(in existingFiles: Set<String>, otherGroups: [Slug]) -> [String] {
        let members = FeedKind.members.fileName(group: group.slug)
        return
            ((existingFiles.contains(members) ? [members] : [])
            + organiserFiles(in: existingFiles, otherGroups: otherGroups).map(\.file)).sorted()
    }

    /// The files named like this group's organiser feeds, with the member each names.
    private func organiserFiles(in existingFiles: Set<String>, otherGroups: [Slug]) -> [(file: String, member: String)]
    {
        let prefix = FeedKind.organiserFilePrefix(group: group.slug)
        guard !otherGroups.contains(where: { $0.rawValue.hasPrefix(prefix) }) else { return [] }
        return existingFiles.sorted().compactMap { file in
            guard file.hasPrefix(prefix), file.hasSuffix(".ics") else { return nil }
            let member = String(file.dropFirst(prefix.count).dropLast(4))
            return (try? Slug(member)) != nil ? (file, member) : nil
        }
    }

    /// Renders one feed.
    ///
    /// Throws ``FeedError/unknownFeedSubject(_:)`` for a member, theme, kind or priority the
    /// group or catalogue does not have, ``FeedError/inconsistentPlan(_:)`` for an activity of
    /// an unknown kind, ``FeedError/rendering(_:)`` if libical refuses a value.
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

    // MARK: - Events of one activity

    /// The master (or single event) and overrides of an activity, or nothing once it has left.
    private func events(of context: ActivityContext, retention: inout RetentionClock) throws(FeedError) -> [ICSEvent] {
        if context.cancelled, !retention.keeps(until: context.stamp.modified, group: group) { return [] }
        switch context.activity.schedule {
        case .oneOff:
            guard let session = context.sessions.first, !session.dropped,
                retention.keeps(session, stamp: stamp(of: session), group: group)
            else { return [] }
            return [
                try event(
                    uid: context.uid, content: content(session, context, link: sessionLink(session)),
                    stamp: stamp(of: session).merged(context.stamp))
            ]
        case .series(let series):
            return try seriesEvents(series, context, retention: &retention)
        }
    }

    private func seriesEvents(_ series: Series, _ context: ActivityContext, retention: inout RetentionClock)
        throws(FeedError) -> [ICSEvent]
    {
        let activityLink = activityLink(context.activity)
        let masterStatus = context.masterStatus
        var masterStamp = context.stamp
        var exceptionDates: [ICSDateTime] = []
        var overridden: [(Session, ChangeStamp)] = []
        for session in context.sessions {
            let sessionStamp = stamp(of: session)
            if session.dropped || !retention.keeps(session, stamp: sessionStamp, group: group) {
                exceptionDates.append(local(session.ruleDate))
                masterStamp = masterStamp.merged(sessionStamp)
                continue
            }
            if content(session, context, link: activityLink)
                != content(
                    try context.baseline(at: session.ruleDate, status: masterStatus), context, link: activityLink)
            {
                overridden.append((session, sessionStamp))
            }
        }
        let rule: ICSRecurrenceRule
        do {
            rule = try ICSRecurrenceRule(series.effectiveRule(in: group.zone).description)
        } catch let error as ICSError {
            throw .rendering("\(error)")
        } catch {
            throw .inconsistentPlan("the rule of activity '\(context.activity.slug)': \(error)")
        }
        var master = try event(
            uid: context.uid,
            content: content(try context.baseline(at: series.start, status: masterStatus), context, link: activityLink),
            stamp: masterStamp)
        master.rule = rule
        master.exceptionDates = exceptionDates
        var result = [master]
        for (session, sessionStamp) in overridden {
            var override = try event(
                uid: context.uid, content: content(session, context, link: sessionLink(session)),
                stamp: sessionStamp.merged(masterStamp))
            override.recurrenceID = local(session.ruleDate)
            result.append(override)
        }
        return result
    }

    /// One session as an event of its own (filtered and organiser feeds).
    private func singleEvent(_ session: Session, of context: ActivityContext) throws(FeedError) -> ICSEvent {
        let uid: String
        if case .series = context.activity.schedule {
            uid = Self.uid(group.slug.rawValue, context.activity.slug.rawValue, Self.compact(session.ruleDate))
        } else {
            uid = context.uid
        }
        return try event(
            uid: uid, content: content(session, context, link: sessionLink(session)),
            stamp: stamp(of: session).merged(context.stamp))
    }

    private func event(uid: String, content: InstanceContent, stamp: ChangeStamp) throws(FeedError) -> ICSEvent {
        ICSEvent(
            uid: uid, timestamp: stamp.modified, start: local(content.start), end: local(content.end),
            sequence: stamp.sequence, lastModified: stamp.modified, status: content.status.ics,
            classification: content.classification, transparency: .opaque, summary: content.summary,
            description: content.description, location: content.location, geo: content.geo, url: content.url,
            categories: content.categories, attendees: content.attendees, color: content.color,
            conferences: content.conferences)
    }

    // MARK: - Content of one instance

    /// What an instance shows. Two sessions with equal content render the same but for the link.
    private func content(_ session: Session, _ context: ActivityContext, link: URL) -> InstanceContent {
        var content = InstanceContent(start: session.start, end: session.end, status: session.status)
        if context.isBusyBlock {
            content.summary = Visibility.busyTitle
            content.classification = .private
            return content
        }
        let activity = context.activity
        let visibility = context.visibility
        let theme = session.theme.flatMap { source.catalogue.theme($0) }
        content.summary = activity.title
        if context.kind.privacy == .confidential { content.classification = .confidential }
        if let location = activity.location {
            content.location = location
        } else {
            content.location = [group.venue.name, group.venue.address].filter { !$0.isEmpty }.joined(separator: ", ")
            if let latitude = group.venue.latitude, let longitude = group.venue.longitude {
                content.geo = ICSGeo(latitude: latitude, longitude: longitude)
            }
        }
        content.categories = ([context.kind.title] + (theme.map { [$0.title] + $0.gap.map(\.rawValue) } ?? [])).map(
            Self.category)
        content.color = theme?.color
        var lines: [String] = []
        if let theme {
            lines.append("Theme: \(theme.title)")
            lines.append(theme.summary)
            let priorities = theme.gap.map { id in
                (priority(id)?.title).map { "\(id) (\($0))" } ?? id.rawValue
            }
            lines.append("GAP priorities: " + priorities.joined(separator: "; "))
        }
        if let organisers = visibility.organisers(of: session), !organisers.isEmpty {
            let names = organisers.map { assignment in
                "\(source.plan.member(assignment.memberID)?.name ?? assignment.memberID.rawValue) (\(assignment.role.rawValue))"
            }
            lines.append("Organisers: " + names.joined(separator: ", "))
            content.attendees = organisers.compactMap { assignment in
                source.plan.member(assignment.memberID).map { member in
                    ICSParticipant(
                        address: "mailto:\(member.email)", commonName: member.name,
                        role: assignment.role == .chair ? "CHAIR" : "REQ-PARTICIPANT", participationStatus: "ACCEPTED")
                }
            }
        }
        let note = visibility.note(on: session)
        if let movedFrom = session.movedFrom {
            // The planner's reasons already say where from ("moved from Tue 6 Jan 2026: Epiphany").
            let reason = (note ?? "").trimmingCharacters(in: .whitespaces)
            lines.append(
                reason.lowercased().hasPrefix("moved")
                    ? reason.prefix(1).uppercased() + reason.dropFirst()
                    : "Moved from \(movedFrom.readable)" + (reason.isEmpty ? "" : ": \(reason)"))
        }
        if session.status == .cancelled, let note, session.movedFrom == nil {
            lines.append("Cancelled: \(note)")
        }
        if let join = visibility.joinLink(of: activity) {
            content.url = join.absoluteString
            content.conferences = [ICSConference(uri: join.absoluteString, features: ["VIDEO"], label: "Join online")]
            lines.append("Join online: \(join.absoluteString)")
        }
        // Pages are public: a confidential session has none to link to.
        if !visibility.isConfidential(activity) { lines.append("Details: \(link.absoluteString)") }
        content.description = lines.joined(separator: "\n")
        return content
    }

    /// A title as one category, exactly as written: ICalendar writes each category as a
    /// `CATEGORIES` property of its own with its commas escaped, so readers see one category
    /// "patriarchy, power", not two.
    static func category(_ title: String) -> String { title }

    private func priority(_ id: GAPPriorityID) -> GAPPriority? {
        source.catalogue.priority(id) ?? group.missionPriorities.first { $0.id == id }
    }

    private func stamp(of session: Session) -> ChangeStamp { source.sessionStamps[session.id] ?? .zero }

    // MARK: - Feed selection

    private struct Selection {
        var visibility: Visibility
        var name: String
        var description: String
        var color: String?
        var filter: (@Sendable (SessionFacts) -> Bool)?
        var reminder: Reminder?
    }

    /// A private feed's opt-in reminder: an alarm `before` each event that is not cancelled.
    private struct Reminder {
        var before: FeedDuration
        /// Said after the event's summary, e.g. "you organise it".
        var note: String?

        func added(to event: ICSEvent) -> ICSEvent {
            guard event.status != .cancelled else { return event }
            var event = event
            let text = event.summary ?? "Session"
            event.alarms = [
                ICSAlarm(
                    trigger: ICSDuration(seconds: -abs(before.seconds)),
                    description: note.map { "\(text) (\($0))" } ?? text)
            ]
            return event
        }
    }

    private func selection(for kind: FeedKind) throws(FeedError) -> Selection {
        let name = group.name
        let visibility = Visibility(kind.viewer, group: group, catalogue: source.catalogue)
        switch kind {
        case .group:
            return Selection(visibility: visibility, name: name, description: group.missionStatement)
        case .members:
            return Selection(
                visibility: visibility, name: "\(name) (members)",
                description: "Every session of the group with its organisers. Private: do not share this address.",
                reminder: options.privateAlarm.map { Reminder(before: $0) })
        case .organiser(let id):
            guard let member = source.plan.member(id) else {
                throw .unknownFeedSubject("member '\(id)' of group '\(group.slug)'")
            }
            return Selection(
                visibility: visibility, name: "\(name): duties of \(member.name)",
                description: "The sessions \(member.name) organises. Private: do not share this address.",
                filter: { facts in facts.organisers.contains(id) },
                reminder: options.privateAlarm.map { Reminder(before: $0, note: "you organise it") })
        case .theme(let slug):
            guard let theme = source.catalogue.theme(slug) else { throw .unknownFeedSubject("theme '\(slug)'") }
            return Selection(
                visibility: visibility, name: "\(name): \(theme.title)", description: theme.summary, color: theme.color,
                filter: { facts in facts.theme == slug })
        case .kind(let slug):
            guard let activityKind = source.catalogue.kind(slug), visibility.mayFollow(activityKind) else {
                throw .unknownFeedSubject("kind '\(slug)'")
            }
            return Selection(
                visibility: visibility, name: "\(name): \(activityKind.title)",
                description: activityKind.summary ?? activityKind.title, filter: { facts in facts.kind == slug })
        case .gapPriority(let id):
            guard let priority = priority(id) else { throw .unknownFeedSubject("GAP priority '\(id)'") }
            let themes = Set(source.catalogue.themes.filter { $0.gap.contains(id) }.map(\.slug))
            return Selection(
                visibility: visibility, name: "\(name): \(id)", description: priority.title,
                filter: { facts in facts.theme.map { themes.contains($0) } ?? false })
        case .observances:
            return Selection(
                visibility: visibility, name: "Observances (\(group.country))",
                description: "Observance days for the group in \(group.dutyStation), to subscribe beside its calendar.")
        }
    }

    // MARK: - Observances

    /// The days of `observances` kept in `country` in `years`, as all-day, free events sorted
    /// by date. With no country, only the observances kept everywhere (no country variant list).
    static func observanceEvents(_ observances: [Observance], country: CountryCode?, years: ClosedRange<Int>)
        -> [ICSEvent]
    {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(secondsFromGMT: 0) ?? utc.timeZone
        let region = country?.rawValue.lowercased() ?? "world"
        var events: [(LocalDate, Slug, ICSEvent)] = []
        for year in years {
            // A stable stamp: the observances change only with the catalogue, not with the clock.
            let stamp = utc.date(from: DateComponents(year: year, month: 1, day: 1)) ?? Date(timeIntervalSince1970: 0)
            for observance in observances {
                if country == nil, observance.countries != nil { continue }
                guard let days = observance.dates(in: year, country: country) else { continue }
                var lines = [observance.summary, observance.url?.absoluteString].compactMap { $0 }
                if observance.days > 1 {
                    lines.insert("\(days.lowerBound.readable) to \(days.upperBound.readable)", at: 0)
                }
                events.append(
                    (
                        days.lowerBound, observance.slug,
                        ICSEvent(
                            uid: Self.uid(region, "observance", observance.slug.rawValue, String(year)),
                            timestamp: stamp, start: .date(Self.icsDate(days.lowerBound)),
                            end: .date(Self.icsDate(days.upperBound.adding(days: 1))), sequence: 0, lastModified: stamp,
                            transparency: .transparent, summary: observance.title,
                            description: lines.isEmpty ? nil : lines.joined(separator: "\n"),
                            url: observance.url?.absoluteString, categories: ["Observance"])
                    ))
            }
        }
        return events.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.map(\.2)
    }

    private func defaultObservanceYears() -> ClosedRange<Int> {
        let years = source.plan.sessions.map(\.start.year)
        if let first = years.min(), let last = years.max() { return first...last }
        let year = LocalDateTime(options.now, in: group.zone).year
        return year...year
    }

    // MARK: - Names and links

    static func uid(_ parts: String...) -> String {
        parts.joined(separator: "/") + "@" + CalendarFeedsModule.uidDomain
    }

    /// `20270202T1500`: a rule date in a UID or path.
    static func compact(_ time: LocalDateTime) -> String { time.compact }

    static func icsDate(_ date: LocalDate) -> ICSDate { ICSDate(year: date.year, month: date.month, day: date.day) }

    private func local(_ time: LocalDateTime) -> ICSDateTime {
        .local(
            ICSWallTime(year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute),
            zoneID: group.timeZone.rawValue)
    }

    /// The activity's page (``PagePath/activity(_:activity:)``).
    public func activityLink(_ activity: Activity) -> URL {
        options.link(PagePath.activity(group.slug, activity: activity.slug))
    }

    /// The session's page (``PagePath/session(_:activity:ruleDate:)``).
    public func sessionLink(_ session: Session) -> URL {
        options.link(PagePath.session(group.slug, activity: session.activity, ruleDate: session.ruleDate))
    }
}

// MARK: - Helpers

/// What a feed filter looks at.
struct SessionFacts: Sendable {
    var kind: Slug
    var theme: Slug?
    var organisers: [Slug]
}

/// Everything one instance shows, compared to decide whether a session needs an override.
struct InstanceContent: Equatable {
    var start: LocalDateTime
    var end: LocalDateTime
    var status: Session.Status
    var summary = ""
    var description: String?
    var location: String?
    var geo: ICSGeo?
    var url: String?
    var categories: [String] = []
    var color: String?
    var conferences: [ICSConference] = []
    var attendees: [ICSParticipant] = []
    var classification: ICSClassification?
}

/// One activity while its events are built.
final class ActivityContext {
    let activity: Activity
    let kind: ActivityKind
    let visibility: Visibility
    let group: Group
    let stamp: ChangeStamp
    let cancelled: Bool
    let sessions: [Session]
    /// Set for a busy block: its place among busy blocks starting at the same time.
    var busyIndex: Int?

    init(
        activity: Activity, kind: ActivityKind, visibility: Visibility, group: Group, stamp: ChangeStamp,
        cancelled: Bool,
        sessions: [Session]
    ) {
        self.activity = activity
        self.kind = kind
        self.visibility = visibility
        self.group = group
        self.stamp = stamp
        self.cancelled = cancelled
        self.sessions = sessions
    }

    /// How the feed's viewer sees the activity.
    var presentation: Visibility.Presentation { visibility.presentation(of: activity) }

    /// A confidential activity the audience sees as a busy block.
    var isBusyBlock: Bool { presentation == .busyBlock }

    /// The activity's UID (a busy block's says only when it starts).
    var uid: String {
        if let busyIndex {
            let start = FeedRenderer.compact(activity.schedule.start) + (busyIndex == 0 ? "" : "-\(busyIndex + 1)")
            return FeedRenderer.uid(group.slug.rawValue, "busy", start)
        }
        return FeedRenderer.uid(group.slug.rawValue, activity.slug.rawValue)
    }

    /// The status a series' master carries: cancelled for a cancelled activity, else the most
    /// common status of its sessions not cancelled (tentative on a tie or with none).
    var masterStatus: Session.Status {
        if cancelled { return .cancelled }
        let live = sessions.filter { $0.status != .cancelled && !$0.dropped }
        let confirmed = live.filter { $0.status == .confirmed }.count
        return confirmed * 2 > live.count ? .confirmed : .tentative
    }

    /// The session the rule alone gives at `ruleDate`.
    func baseline(at ruleDate: LocalDateTime, status: Session.Status) throws(FeedError) -> Session {
        let minutes = activity.duration(kind: kind)
        do {
            return try Session(
                activity: activity.slug, ruleDate: ruleDate, start: ruleDate, end: ruleDate.adding(minutes: minutes),
                theme: activity.theme, status: status)
        } catch {
            throw .inconsistentPlan("activity '\(activity.slug)' at \(ruleDate): \(error)")
        }
    }

    var baselineFacts: SessionFacts { SessionFacts(kind: activity.kind, theme: activity.theme, organisers: []) }

    func facts(of session: Session) -> SessionFacts {
        SessionFacts(kind: activity.kind, theme: session.theme, organisers: session.organisers.map(\.memberID))
    }
}

/// Decides what cancelled sessions stay, and remembers when the next one leaves.
struct RetentionClock {
    let now: Date
    private(set) var nextChange: Date?

    init(now: Date) { self.now = now }

    /// Whether `session` is still shown: not cancelled, or cancelled less than the group's
    /// retention days ago (its stamp's last change).
    mutating func keeps(_ session: Session, stamp: ChangeStamp, group: Group) -> Bool {
        session.status != .cancelled || keeps(until: stamp.modified, group: group)
    }

    /// Whether something cancelled at `cancelled` is still shown.
    mutating func keeps(until cancelled: Date, group: Group) -> Bool {
        let end = cancelled.addingTimeInterval(Double(group.settings.cancelledRetentionDays) * 86_400)
        guard now < end else { return false }
        nextChange = min(nextChange ?? end, end)
        return true
    }
}

extension Session.Status {
    var ics: ICSEventStatus {
        switch self {
        case .tentative: .tentative
        case .confirmed: .confirmed
        case .cancelled: .cancelled
        }
    }
}
