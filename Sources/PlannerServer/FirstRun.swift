import CalendarFeeds
import Catalogues
import Foundation
import Logging
import PlannerStore
import Planning

/// What the daemon does to a store before serving it, and what it prints once it listens.
enum FirstRun {
    /// Installs the catalogue from `configuration.catalogue` (a no-op when unchanged) and, when
    /// the store has no group yet, imports the example group with its holidays and plans its
    /// first year, so a first run shows a real calendar.
    static func prepare(store: PlannerStore, configuration: ServerConfiguration, logger: Logger) throws {
        let directory = URL(fileURLWithPath: configuration.catalogue, isDirectory: true)
        if FileManager.default.fileExists(atPath: directory.path) {
            let changes = try store.installCatalogue(CatalogueLoader.load(directory: directory))
            if !changes.isEmpty {
                logger.info(
                    "catalogue installed", metadata: ["from": "\(directory.path)", "changes": "\(changes.count)"])
            }
        } else if try store.catalogue().themes.isEmpty {
            throw StartupError(
                "the store has no catalogue and the catalogue folder \(directory.path) does not exist: set catalogue")
        }
        guard try store.groups().isEmpty, !configuration.exampleGroup.isEmpty else { return }
        let file = URL(fileURLWithPath: configuration.exampleGroup)
        guard FileManager.default.fileExists(atPath: file.path) else {
            logger.warning(
                "the store is empty and the example group file does not exist", metadata: ["file": "\(file.path)"])
            return
        }
        let plan = try GroupLoader.load(file: file, catalogue: store.catalogue())
        // Read before any write: a bad holidays file leaves the store empty, to be tried again.
        let holidays = try exampleHolidays(configuration)
        let report = try store.importGroup(plan)
        logger.info(
            "imported the example group into the empty store",
            metadata: ["group": "\(report.group)", "file": "\(file.path)", "changes": "\(report.changes.count)"])
        if !holidays.isEmpty {
            let added = try store.importBlackouts(holidays, into: report.group)
            logger.info(
                "imported holidays into the example group",
                metadata: ["group": "\(report.group)", "file": "\(configuration.exampleHolidays)", "added": "\(added)"])
        }
        try assignFirstYear(of: report.group, store: store, logger: logger)
    }

    /// The holidays of `example-holidays` as blackouts; none when the option is empty.
    static func exampleHolidays(_ configuration: ServerConfiguration) throws -> [(Blackout, externalUID: String?)] {
        guard !configuration.exampleHolidays.isEmpty else { return [] }
        let path = configuration.exampleHolidays
        guard let data = FileManager.default.contents(atPath: path) else {
            throw StartupError("example-holidays: cannot read \(path); set it to an .ics file or to \"\"")
        }
        do {
            return try CalendarImport.holidays(from: data).map(\.forStore)
        } catch {
            throw StartupError("example-holidays: \(path): \(error)")
        }
    }

    /// The most sessions a first run assigns before it starts serving: the exact assigner takes
    /// seconds on the example's 41, minutes on hundreds (then: `POST …/assignments/plan`).
    static let firstRunAssignmentLimit = 120

    /// Plans the themed programme of the year the group's sessions start in and gives the first
    /// year of sessions their organisers (the best plan, empty slots reported), so the feeds
    /// show themes and duties from the start.
    static func assignFirstYear(of group: Slug, store: PlannerStore, logger: Logger) throws {
        let plan = try store.snapshot(of: group).plan
        guard let first = plan.sessions.map(\.start.date).min() else { return }
        let window = first...first.adding(days: 364)
        let count = plan.sessions.filter { window.contains($0.start.date) }.count
        guard count <= firstRunAssignmentLimit else {
            logger.notice(
                "first year not assigned on start: too many sessions; use POST /api/v1/groups/{group}/assignments/plan",
                metadata: ["group": "\(group)", "sessions": "\(count)"])
            return
        }
        // Themes first (the programme of the first session's year), then organisers, whose
        // interest matches depend on the themes.
        let year = try MonthKey(year: first.year, month: 1)
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                plan: plan, catalogue: try store.catalogue(), months: MonthKey.range(year, year.adding(months: 11))))
        try store.recordProgramme(programme, in: group)
        let (problem, result) = try OrganiserPlanning.plan(group, window: window, store: store)
        try store.recordAssignments(result.sessions, in: group)
        logger.info(
            "assigned organisers for the first year",
            metadata: [
                "group": "\(group)", "from": "\(window.lowerBound)", "to": "\(window.upperBound)",
                "sessions": "\(problem.sessions.count)", "unfilled": "\(result.unfilled.count)",
            ])
    }

    /// Prints where to look and what to subscribe to, once the server listens on `port`.
    static func announce(store: PlannerStore, configuration: ServerConfiguration, port: Int, logger: Logger) {
        var listening = configuration
        listening.port = port
        let base = listening.publicBaseURL
        var lines = ["plannerd is listening on \(configuration.host):\(port)", "  open       \(base)/"]
        for group in (try? store.groups()) ?? [] {
            let links = SubscribeLinks(feedURL: base + SiteURL.publicFeed(group.slug))
            lines.append("  \(group.slug): page \(base)\(SiteURL.groupPage(group.slug))")
            lines.append("  \(group.slug): subscribe \(links.webcal)  (or \(links.https))")
        }
        lines.append("  every group: subscribe \(SubscribeLinks(feedURL: base + SiteURL.networkFeed).webcal)")
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        logger.info(
            "listening", metadata: ["address": "\(configuration.host):\(port)", "store": "\(configuration.store)"])
    }
}
