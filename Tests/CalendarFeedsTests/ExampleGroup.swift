import CalendarFeeds
import Catalogues
import Foundation
import ICalendar
import PlannerCommands
import PlannerStore
import Planning

/// The example group of `Config/groups/example.yaml` with the catalogue of `Config/catalogue/`,
/// stored with a fixed clock and a small plan on top.
enum Example {
    static func slug(_ text: String) -> Slug { try! Slug(text) }  // test literals only
    static func gap(_ text: String) -> GAPPriorityID { try! GAPPriorityID(text) }
    static func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }
    static func time(_ text: String) -> LocalDateTime { try! LocalDateTime(parsing: text) }
    static func clock(_ text: String) -> LocalTime { try! LocalTime(parsing: text) }

    static let baseURL = URL(string: "https://allies.example.org")!
    /// 2027-01-01T00:00:00Z: the store's fixed clock starts here.
    static let epoch = Date(timeIntervalSince1970: 1_798_761_600)
    /// The "now" of golden files: two weeks after the store's writes.
    static let now = epoch.addingTimeInterval(14 * 86_400)

    static let configDirectory = Support.packageRoot.appendingPathComponent("Config")

    /// The catalogue of `Config/catalogue/`.
    static func catalogue() throws -> Catalogue {
        try CatalogueLoader.load(directory: configDirectory.appendingPathComponent("catalogue"))
    }

    /// `Config/groups/example.yaml`; `monthlyMeetingAt` changes the monthly meeting's time (a
    /// series time change).
    static func plan(monthlyMeetingAt: String = "15:00") throws -> GroupPlan {
        let plan = try GroupLoader.load(
            file: configDirectory.appendingPathComponent("groups/example.yaml"), catalogue: catalogue())
        guard monthlyMeetingAt != "15:00" else { return plan }
        let activities = try plan.activities.map { activity in
            guard activity.slug == meeting, case .series(let series) = activity.schedule else { return activity }
            return try Activity(
                slug: activity.slug, kind: activity.kind, title: activity.title,
                schedule: .series(
                    Series(
                        rule: series.rule, start: LocalDateTime(date: series.start.date, time: clock(monthlyMeetingAt)))
                ),
                durationMinutes: activity.durationMinutes, location: activity.location, onlineURL: activity.onlineURL,
                theme: activity.theme)
        }
        return try GroupPlan(
            group: plan.group, members: plan.members, activities: activities, blackouts: plan.blackouts)
    }

    /// A clock that advances one second per reading from ``epoch``: the same writes give the
    /// same stamps on every run.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: TimeInterval

        init(start: Date = Example.epoch) { seconds = start.timeIntervalSince1970 }

        var now: @Sendable () -> Date {
            { [self] in
                lock.withLock {
                    seconds += 1
                    return Date(timeIntervalSince1970: seconds)
                }
            }
        }

        /// Moves the clock forward by `interval` seconds.
        func advance(by interval: TimeInterval) { lock.withLock { seconds += interval } }
    }

    static let vienna = slug("vienna")

    /// A store holding the example group with a small plan on top: themes for the first
    /// monthly meetings and lunch-and-learns, organisers, a moved session and a cancelled one.
    static func store(clock: Clock = Clock()) throws -> PlannerStore {
        let store = try PlannerStore.inMemory(clock: clock.now)
        try store.installCatalogue(catalogue())
        try store.importGroup(plan(), sessionsThrough: date("2028-12-31"))
        try planOnTop(store)
        return store
    }

    static let meeting = slug("monthly-meeting")
    static let lunch = slug("lunch-and-learn")

    static func planOnTop(_ store: PlannerStore) throws {
        let themes = [
            ("2027-03-02T15:00", "reflecting-on-patriarchy"), ("2027-06-01T15:00", "fatherhood"),
            ("2027-10-05T15:00", "men-and-mental-health"), ("2027-11-02T15:00", "combatting-violence-against-women"),
        ]
        for (rule, theme) in themes {
            try store.setTheme(slug(theme), of: Session.ID(activity: meeting, ruleDate: time(rule)), in: vienna)
        }
        try store.setTheme(
            slug("share-the-care"), of: Session.ID(activity: lunch, ruleDate: time("2027-06-16T12:30")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("anton-berger"), role: .chair)],
            to: Session.ID(activity: meeting, ruleDate: time("2027-03-02T15:00")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("matteo-conti"), role: .chair)],
            to: Session.ID(activity: meeting, ruleDate: time("2027-06-01T15:00")), in: vienna)
        try store.assignOrganisers(
            [
                Assignment(memberID: slug("anton-berger"), role: .organiser),
                Assignment(memberID: slug("matteo-conti"), role: .organiser),
            ],
            to: Session.ID(activity: slug("kick-off-2027"), ruleDate: time("2027-01-19T16:00")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("nikola-petrovic"), role: .organiser)],
            to: Session.ID(activity: slug("safe-space-2027-05"), ruleDate: time("2027-05-12T16:00")), in: vienna)
        try store.moveSession(
            Session.ID(activity: meeting, ruleDate: time("2027-04-06T15:00")), in: vienna, to: time("2027-04-07T15:00"),
            reason: "moved from Tue 6 Apr 2027: Easter Tuesday office closure")
        try store.cancelSession(
            Session.ID(activity: lunch, ruleDate: time("2027-02-24T12:30")), in: vienna, reason: "speaker ill")
    }

    static func renderer(_ store: PlannerStore, now: Date = Example.now, alarm: FeedDuration? = nil) throws
        -> FeedRenderer
    {
        let source = FeedSource(snapshot: try store.snapshot(of: vienna), catalogue: try store.catalogue())
        return FeedRenderer(source: source, options: FeedOptions(baseURL: baseURL, now: now, privateAlarm: alarm))
    }
}
