import ArgumentParser
import CalendarFeeds
import Foundation
import PlannerStore
import Planning

/// `planner export feeds --group SLUG [--out Calendars/feeds] [--private-out FOLDER]`
struct ExportFeeds: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feeds",
        abstract: "Write a group's calendar feeds as .ics files (unchanged files are left untouched).",
        discussion: """
            Writes the public feeds into --out: the group's feed (SLUG.ics), one feed per theme,
            kind and GAP priority, and the observances. A theme, kind or priority file written
            before whose sessions have all gone is rewritten empty, and a private feed file found
            there (from an older version) is removed: the folder is safe to publish.

            The private feeds, the members' feed and one organiser feed per member, hold names
            and e-mail addresses. They are written only with --private-out, into that folder,
            which must not be the public one; there the organiser file of a member who left the
            group is removed.
            """)

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var groupOption: GroupOption

    @Option(help: ArgumentHelp("The folder for the public feeds.", valueName: "folder"))
    var out: String = "Calendars/feeds"

    @Option(
        help: ArgumentHelp(
            "Also write the private feeds (names, e-mail addresses), into this other folder.", valueName: "folder"))
    var privateOut: String?

    @Option(help: ArgumentHelp("The site's address, for the session links in descriptions.", valueName: "url"))
    var baseURL: String = "http://localhost:8080"

    @Option(
        help: ArgumentHelp(
            "Measure cancelled sessions' retention from this UTC time (default: now), e.g. 2027-03-01T00:00:00Z.",
            valueName: "time"))
    var now: String?

    func validate() throws {
        if let privateOut, Self.sameFolder(privateOut, out) {
            throw ValidationError("--private-out must be another folder than --out: private feeds are never published")
        }
    }

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
        let group = try groupOption.slug
        let source = FeedSource(snapshot: try store.snapshot(of: group), catalogue: try store.catalogue())
        // The organisers' own feeds link each of their sessions' feedback forms, as plannerd's do.
        let renderer = FeedRenderer(
            source: source,
            options: FeedOptions(baseURL: base, now: instant, feedbackCode: try store.feedbackCodes(of: group)))
        let otherGroups = try store.groups().map(\.slug).filter { $0 != group }

        let publicFolder = URL(fileURLWithPath: out, isDirectory: true)
        report(try FeedFiles.write(feedsOf: renderer, to: publicFolder, including: { !$0.isPrivate }), in: out)
        let leaked = renderer.privateFiles(in: FeedFiles.names(in: publicFolder), otherGroups: otherGroups)
        try FeedFiles.remove(leaked, from: publicFolder)
        for fileName in leaked { print("removed   \(out)/\(fileName)") }

        guard let privateOut else { return }
        let privateFolder = URL(fileURLWithPath: privateOut, isDirectory: true)
        report(try FeedFiles.write(feedsOf: renderer, to: privateFolder, including: \.isPrivate), in: privateOut)
        let former = renderer.formerOrganiserFiles(in: FeedFiles.names(in: privateFolder), otherGroups: otherGroups)
        try FeedFiles.remove(former, from: privateFolder)
        for fileName in former { print("removed   \(privateOut)/\(fileName)") }
    }

    private func report(_ outcomes: [(fileName: String, outcome: FeedFiles.Outcome)], in folder: String) {
        for (fileName, outcome) in outcomes {
            print("\(outcome.rawValue.padding(toLength: 9, withPad: " ", startingAt: 0)) \(folder)/\(fileName)")
        }
    }

    /// Whether two folder paths name the same folder (after resolving `.`, `..` and links).
    static func sameFolder(_ first: String, _ second: String) -> Bool {
        func resolved(_ path: String) -> String {
            URL(fileURLWithPath: path, isDirectory: true).standardizedFileURL.resolvingSymlinksInPath().path
        }
        return resolved(first) == resolved(second)
    }
}
