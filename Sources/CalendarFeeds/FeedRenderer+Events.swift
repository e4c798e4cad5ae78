import Foundation
import ICalendar
import Planning

/// The events of one activity: a series' master and overrides, or a single event, and what one
/// instance shows.
extension FeedRenderer {
    // MARK: - Events of one activity

    /// The master (or single event) and overrides of an activity, or nothing once it has left.
    func events(of context: ActivityContext, retention: inout RetentionClock) throws(FeedError) -> [ICSEvent] {
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

    func seriesEvents(_ series: Series, _ context: ActivityContext, retention: inout RetentionClock)
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
    func singleEvent(_ session: Session, of context: ActivityContext) throws(FeedError) -> ICSEvent {
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

    func event(uid: String, content: InstanceContent, stamp: ChangeStamp) throws(FeedError) -> ICSEvent {
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
    func content(_ session: Session, _ context: ActivityContext, link: URL) -> InstanceContent {
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
        if let form = feedbackLink(session, visibility) {
            lines.append("Feedback form to hand to the people who came (anonymous): \(form)")
        }
        content.description = lines.joined(separator: "\n")
        return content
    }

    /// A title as one category, exactly as written: ICalendar writes each category as a
    /// `CATEGORIES` property of its own with its commas escaped, so readers see one category
    /// "patriarchy, power", not two.
    static func category(_ title: String) -> String { title }

    /// The session's feedback form, for the organiser's own feed and one of the session's
    /// organisers only (whoever has the link may answer); nil elsewhere or without codes.
    func feedbackLink(_ session: Session, _ visibility: Visibility) -> String? {
        guard case .organiser(let member) = visibility.viewer, session.status != .cancelled,
            session.organisers.contains(where: { $0.memberID == member }), let code = options.feedbackCode?(session.id)
        else { return nil }
        return options.links.url(
            .feedbackForm(group.slug, activity: session.activity, ruleDate: session.ruleDate, code: code))
    }

    func priority(_ id: GAPPriorityID) -> GAPPriority? {
        source.catalogue.priority(id) ?? group.missionPriorities.first { $0.id == id }
    }

    func stamp(of session: Session) -> ChangeStamp { source.sessionStamps[session.id] ?? .zero }
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
