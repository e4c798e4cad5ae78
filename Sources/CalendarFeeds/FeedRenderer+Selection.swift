import Foundation
import ICalendar
import Planning

/// Which sessions a feed holds and what its viewer may see of them.
extension FeedRenderer {
    // MARK: - Feed selection

    struct Selection {
        var visibility: Visibility
        var name: String
        var description: String
        var color: String?
        var filter: (@Sendable (SessionFacts) -> Bool)?
        var reminder: Reminder?
    }

    /// A private feed's opt-in reminder: an alarm `before` each event that is not cancelled.
    struct Reminder {
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

    func selection(for kind: FeedKind) throws(FeedError) -> Selection {
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
}
