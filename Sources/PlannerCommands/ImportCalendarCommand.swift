import ArgumentParser
import CalendarFeeds
import Foundation
import Planning
import PlannerStore

/// `planner import calendar FILE --group SLUG [--kind SLUG]`
struct ImportCalendar: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calendar",
        abstract: "Keep the events of an .ics file (Outlook, Google, Thunderbird export) as fixed activities of a group.",
        discussion: """
            Each event becomes a one-off activity (a series for a repeating event) in the group's
            time zone. The kind is taken from the event's CATEGORIES when one names a kind, else
            --kind. Importing the same file again adds nothing. A broken file changes nothing.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var groupOption: GroupOption

    @Argument(help: ArgumentHelp("The .ics file.", valueName: "file"))
    var file: String

    @Option(help: ArgumentHelp("The kind of activity for events whose categories name none.", valueName: "slug"))
    var kind: Slug?

    func run() throws {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: file))
        } catch {
            throw CommandError("cannot read \(file): \(error.localizedDescription)")
        }
        let store = try storeOptions.open()
        let catalogue = try store.catalogue()
        let current = try store.exportGroup(groupOption.slug)
        let imported: ImportedEvents
        do {
            imported = try CalendarImport.events(from: data, group: current.group, catalogue: catalogue, defaultKind: kind)
        } catch {
            throw CommandError("\(file): \(error)")
        }
        let known = Set(current.activities.map(\.slug))
        let new = imported.activities.filter { !known.contains($0.slug) }
        // One import of the whole group: all the new activities land in one transaction, or none.
        let plan = try GroupPlan(
            group: current.group, members: current.members, activities: current.activities + new,
            blackouts: current.blackouts)
        // Keep the sessions already stored: never store them through an earlier day than now.
        let stored = try store.snapshot(of: groupOption.slug).plan.sessions.map(\.ruleDate.date).max()
        let latestStart = try plan.activities.map(\.schedule.start.year).max().map { try LocalDate(year: $0 + 2, month: 12, day: 31) }
        let through = [stored, latestStart].compactMap { $0 }.max()
        let report = try store.importGroup(plan, sessionsThrough: through)
        print("\(file): \(imported.activities.count) events read, \(new.count) new activities for group \(groupOption.group), revision \(report.revision)")
        for activity in new { print("  added \(activity.slug): \(activity.title) (\(activity.schedule.start.readable))") }
        for line in imported.skipped { print("  skipped \(line)") }
    }
}
