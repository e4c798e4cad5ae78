import Catalogues
import Foundation
public import Logging
import PlannerStore
public import Planning

/// The files a first run starts from: the daemon's `catalogue`, `example-group` and
/// `example-holidays` options.
public struct FirstRunFiles: Sendable {
    /// The catalogue folder (YAML files); installed on every start, a no-op when unchanged.
    public var catalogue: String
    /// The example group's YAML file, imported into an empty store; empty: none.
    public var exampleGroup: String
    /// An `.ics` file of holidays for the example group; empty: none.
    public var exampleHolidays: String

    /// The files of a first run.
    public init(catalogue: String, exampleGroup: String, exampleHolidays: String) {
        self.catalogue = catalogue
        self.exampleGroup = exampleGroup
        self.exampleHolidays = exampleHolidays
    }
}

extension Workflows {
    /// What the daemon does to a store before serving it: installs the catalogue (a no-op when
    /// unchanged) and, when the store has no group yet, imports the example group with its
    /// holidays, plans its first year's programme and assigns its organisers, so a first run
    /// shows a real calendar. A first run stores its best plans even when they fall short
    /// (``ShortfallPolicy/storeBest``): an empty calendar would help nobody.
    ///
    /// Every file is read before anything is written: a bad holidays file leaves the store
    /// empty, to be tried again.
    public func firstRun(_ files: FirstRunFiles, logger: Logger) throws {
        let directory = URL(fileURLWithPath: files.catalogue, isDirectory: true)
        if FileManager.default.fileExists(atPath: directory.path) {
            let changes = try store.installCatalogue(CatalogueLoader.load(directory: directory))
            if !changes.isEmpty {
                logger.info(
                    "catalogue installed", metadata: ["from": "\(directory.path)", "changes": "\(changes.count)"])
            }
        } else if try store.catalogue().themes.isEmpty {
            throw WorkflowError.invalid(
                field: "catalogue",
                message: "the store has no catalogue and the catalogue folder \(directory.path) does not exist: "
                    + "set catalogue")
        }
        guard try store.groups().isEmpty, !files.exampleGroup.isEmpty else { return }
        let file = URL(fileURLWithPath: files.exampleGroup)
        guard FileManager.default.fileExists(atPath: file.path) else {
            logger.warning(
                "the store is empty and the example group file does not exist", metadata: ["file": "\(file.path)"])
            return
        }
        let plan = try GroupLoader.load(file: file, catalogue: store.catalogue())
        let holidays: [(Blackout, externalUID: String?)]
        do {
            holidays = files.exampleHolidays.isEmpty ? [] : try Self.holidays(file: files.exampleHolidays)
        } catch let error as WorkflowError {
            throw WorkflowError.invalid(
                field: "example-holidays", message: "example-holidays: \(error); set it to an .ics file or to \"\"")
        }
        let report = try store.importGroup(plan)
        logger.info(
            "imported the example group into the empty store",
            metadata: ["group": "\(report.group)", "file": "\(file.path)", "changes": "\(report.changes.count)"])
        if !holidays.isEmpty {
            let added = try store.importBlackouts(holidays, into: report.group)
            logger.info(
                "imported holidays into the example group",
                metadata: ["group": "\(report.group)", "file": "\(files.exampleHolidays)", "added": "\(added)"])
        }
        try planFirstYear(of: report.group, logger: logger)
    }

    /// Plans the themed programme of the year the group's sessions start in, then gives the
    /// first year of sessions their organisers (whose interest matches depend on the themes).
    /// A group with more than ``PlanningLimits/firstRunSessions`` sessions that year is left to
    /// be assigned on request.
    public func planFirstYear(of group: Slug, logger: Logger) throws {
        let plan = try store.snapshot(of: group).plan
        guard let first = plan.sessions.map(\.start.date).min() else { return }
        let window = first...first.adding(days: 364)
        let count = plan.sessions.filter { window.contains($0.start.date) }.count
        guard count <= PlanningLimits.firstRunSessions else {
            logger.notice(
                "first year not assigned on start: too many sessions; use POST /api/v1/groups/{group}/assignments/plan",
                metadata: ["group": "\(group)", "sessions": "\(count)"])
            return
        }
        let storeBest = PlanWrite(.store(.storeBest))
        _ = try planProgramme(of: group, months: PlanningLimits.months(ofYear: first.year), write: storeBest)
        let assigned = try assignOrganisers(in: group, window: window, write: storeBest)
        logger.info(
            "assigned organisers for the first year",
            metadata: [
                "group": "\(group)", "from": "\(window.lowerBound)", "to": "\(window.upperBound)",
                "sessions": "\(count)", "unfilled": "\(assigned.plan.unfilled.count)",
            ])
    }
}
