import ArgumentParser
import CalendarFeeds
import Foundation
import PlannerStore
import Planning

/// `planner export feeds --group SLUG [--out Calendars/feeds]`
struct ExportFeeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Write every calendar feed of a group as .ics files (unchanged files are left untouched).",
        discussion: """
            Writes the public feed (SLUG.ics), the members' feed, one organiser feed per member, one
            feed per theme, kind and GAP priority, and the observances. A theme, kind or priority
            file written before whose sessions have all gone is rewritten empty; the organiser file
            of a member who left the group is removed. Private feeds hold names and e-mail
            addresses: do not publish the folder as a whole.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var groupOption: GroupOption

    @Option(help: ArgumentHelp("The folder to write into.", valueName: "folder"))
    var out: String = "Calendars/feeds"

    @Option(help: ArgumentHelp("The site's address, for the session links in descriptions.", valueName: "url"))
    var baseURL: String = "http://localhost:8080"

    @Option(
        help: ArgumentHelp(
            "Measure cancelled sessions' retention from this UTC time (default: now), e.g. 2027-03-01T00:00:00Z.",
            valueName: "time"))
    var now: String?

    func run() throws {
        guard let base = URL(string: baseURL), ["http", "https"].contains(base.scheme ?? "") else {
            throw ValidationError("--base-url: '\(baseURL)' is not an http(s) address")
        }
        let instant: Date
        if let now {
            guard let parsed = ISO8601DateFormatter().date(from: now) else {
                throw ValidationError("--now: '\(now)' is not a UTC time like 2027-03-01T00:00:00Z")
            }
            instant = parsed
        } else {
            instant = Date()
        }
        let store = try storeOptions.open()
        let source = FeedSource(snapshot: try store.snapshot(of: groupOption.slug), catalogue: try store.catalogue())
        let renderer = FeedRenderer(source: source, options: FeedOptions(baseURL: base, now: instant))
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        let outcomes = try FeedFiles.write(feedsOf: renderer, to: folder)
        for (fileName, outcome) in outcomes {
            print("\(outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(out)/\(fileName)")
        }
        let group = try groupOption.slug
        let otherGroups = try store.groups().map(\.slug).filter { $0 != group }
        let former = renderer.formerOrganiserFiles(in: FeedFiles.names(in: folder), otherGroups: otherGroups)
        try FeedFiles.remove(former, from: folder)
        for fileName in former { print("removed   \(out)/\(fileName)") }
    }
}
