public import Foundation
import ICalendar
public import Planning

/// UIDs, dates and links: how events are named and where they point.
extension FeedRenderer {
    // MARK: - Names and links

    static func uid(_ parts: String...) -> String {
        parts.joined(separator: "/") + "@" + CalendarFeedsModule.uidDomain
    }

    /// `20270202T1500`: a rule date in a UID or path.
    static func compact(_ time: LocalDateTime) -> String { time.compact }

    static func icsDate(_ date: LocalDate) -> ICSDate { ICSDate(year: date.year, month: date.month, day: date.day) }

    func local(_ time: LocalDateTime) -> ICSDateTime {
        .local(
            ICSWallTime(year: time.year, month: time.month, day: time.day, hour: time.hour, minute: time.minute),
            zoneID: group.timeZone.rawValue)
    }

    /// The activity's page (``SitePath/activityPage(_:activity:)``).
    public func activityLink(_ activity: Activity) -> URL {
        options.link(.activityPage(group.slug, activity: activity.slug))
    }

    /// The session's page (``SitePath/sessionPage(_:activity:ruleDate:)``).
    public func sessionLink(_ session: Session) -> URL {
        options.link(.sessionPage(group.slug, activity: session.activity, ruleDate: session.ruleDate))
    }
}
