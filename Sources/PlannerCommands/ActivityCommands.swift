import ArgumentParser
import Foundation
import PlannerStore
import Planning

/// `planner activity add|list|show|cancel`
struct ActivityCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "activity", abstract: "Manage a group's activities: one-off events and series.",
        subcommands: [Add.self, List.self, Show.self, Cancel.self])

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a one-off event (--start) or a series (--start with --rule) and store its sessions.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The activity's slug, e.g. film-night.", valueName: "slug")) var slug: Slug
        @Option(help: ArgumentHelp("The activity kind (see the catalogue), e.g. film-screening.", valueName: "kind"))
        var kind: Slug
        @Option(help: "The title people see.") var title: String
        @Option(help: ArgumentHelp("The (first) local start, e.g. 2027-03-10T12:30.", valueName: "datetime")) var start:
            String
        @Option(help: ArgumentHelp("An RFC 5545 rule for a series, e.g. 'FREQ=MONTHLY;BYDAY=1TU'.", valueName: "rrule"))
        var rule: String?
        @Option(help: ArgumentHelp("The last day of a series.", valueName: "date")) var until: String?
        @Option(help: ArgumentHelp("How many sessions a series has.", valueName: "n")) var count: Int?
        @Option(help: ArgumentHelp("Length in minutes (default: the kind's).", valueName: "minutes")) var duration: Int?
        @Option(help: "Where (default: the group's venue).") var location: String?
        @Option(help: ArgumentHelp("A join link for online or hybrid sessions.", valueName: "url")) var onlineURL:
            String?
        @Option(help: ArgumentHelp("A fixed theme for every session.", valueName: "theme")) var theme: Slug?

        func validate() throws {
            if rule == nil, until != nil || count != nil {
                throw ValidationError("--until and --count belong to a series: give --rule too")
            }
        }

        func run() throws {
            let first = try parseDateTime(start, option: "--start")
            let schedule: Schedule
            if let rule {
                schedule = .series(
                    try Series(
                        rule: RecurrenceRule(parsing: rule), start: first,
                        until: until.map { try parseDate($0, option: "--until") }, count: count))
            } else {
                schedule = .oneOff(first)
            }
            let url = try onlineURL.map { text -> URL in
                guard let url = URL(string: text) else { throw ValidationError("--online-url: '\(text)' is not a URL") }
                return url
            }
            let activity = try Activity(
                slug: slug, kind: kind, title: title, schedule: schedule, durationMinutes: duration, location: location,
                onlineURL: url, theme: theme)
            let store = try storeOptions.open()
            try store.addActivity(activity, to: groupOption.slug)
            let sessions = try store.snapshot(of: groupOption.slug).plan.sessions.filter { $0.activity == slug }
            print("added activity \(slug) with \(sessions.count) session\(sessions.count == 1 ? "" : "s")")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's activities.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let snapshot = try storeOptions.open().snapshot(of: groupOption.slug)
            let activities = snapshot.plan.activities
            switch output.format {
            case .json: try Output.json(activities)
            case .table:
                Output.table(
                    ["ACTIVITY", "KIND", "SCHEDULE", "SESSIONS", "STATUS", "TITLE"],
                    activities.map { activity in
                        [
                            activity.slug.rawValue, activity.kind.rawValue, scheduleText(activity.schedule),
                            "\(snapshot.plan.sessions.filter { $0.activity == activity.slug && !$0.dropped }.count)",
                            snapshot.cancelledActivities.contains(activity.slug) ? "cancelled" : "active",
                            activity.title,
                        ]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show one activity and its sessions.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("The activity's slug.", valueName: "slug")) var slug: Slug

        func run() throws {
            let snapshot = try storeOptions.open().snapshot(of: groupOption.slug)
            guard let activity = snapshot.plan.activity(slug) else {
                throw CommandError("group '\(groupOption.group)' has no activity '\(slug)'")
            }
            let sessions = snapshot.plan.sessions.filter { $0.activity == slug }
            switch output.format {
            case .json: try Output.json(activity)
            case .table:
                Output.fields([
                    ("activity", activity.slug.rawValue), ("title", activity.title), ("kind", activity.kind.rawValue),
                    ("schedule", scheduleText(activity.schedule)),
                    ("status", snapshot.cancelledActivities.contains(slug) ? "cancelled" : "active"),
                    ("theme", activity.theme?.rawValue ?? "(chosen per session)"),
                    ("location", activity.location ?? "(the group's venue)"),
                    ("sessions", "\(sessions.count)"),
                    ("sequence", "\(snapshot.activityStamps[slug]?.sequence ?? 0)"),
                ])
                print()
                SessionCommand.printTable(sessions, snapshot: snapshot)
            }
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel an activity: its sessions stay in feeds as cancelled for the group's retention time.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The activity's slug.", valueName: "slug")) var slug: Slug
        @OptionGroup var why: ChangeReason

        func run() throws {
            try storeOptions.open().cancelActivity(
                slug, in: groupOption.slug, reason: why.reason, publicNote: why.publicNote)
            print("cancelled activity \(slug)")
        }
    }
}

func scheduleText(_ schedule: Schedule) -> String {
    switch schedule {
    case .oneOff(let start): return start.readable
    case .series(let series):
        let end = series.until.map { " until \($0)" } ?? series.count.map { " ×\($0)" } ?? ""
        return "\(series.rule) from \(series.start.readable)\(end)"
    }
}
