public import ArgumentParser
import Foundation
import PlannerStore
import Planning
public import Reports
import Workflows

extension ReportFormat: ExpressibleByArgument {}

/// `planner report impact --group G --from D --to D --format md|csv|json|html`, and
/// `planner report network …` (or `report impact --network`): what the groups achieved.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report", abstract: "Reports of what the groups achieved.",
        subcommands: [Impact.self, Network.self])

    /// What every report command takes: the period, the format, the reader, the minimum of answers.
    struct ReportOptions: ParsableArguments {
        @Option(help: ArgumentHelp("First day of the period.", valueName: "date")) var from: String
        @Option(help: ArgumentHelp("Last day of the period (at most two years after --from).", valueName: "date"))
        var to: String
        @Option(help: "md, csv, json or html (a printable page with charts).") var format: ReportFormat = .md
        @Flag(
            help: """
                The public summary, as an anonymous reader sees it (no duties, no free text, no \
                confidential title); a group whose report is private has none.
                """)
        var `public` = false
        @Option(help: "The fewest answers a session needs before its averages and free text show.")
        var minAnswers: Int = ImpactReport.defaultMinimumAnswers

        var viewer: Viewer { `public` ? .anonymous : .coordinator }

        var period: ClosedRange<LocalDate> {
            get throws { try CommandLineInput.checked { try PlanningLimits.window(from: from, to: to) } }
        }

        func validate() throws {
            guard minAnswers >= 1 else { throw ValidationError("--min-answers must be 1 or more, not \(minAnswers)") }
        }
    }

    struct Impact: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "One group's impact report: GAP targets against held sessions, reach, months, feedback.",
            discussion: """
                The coordinator's view by default (with the organisers' duties); --public prints the
                summary anyone may read when the group's YAML says `report: public`.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @Option(help: ArgumentHelp("The group's slug.", valueName: "slug")) var group: String?
        @Flag(help: "Every group's report rolled up (as `planner report network`).") var network = false
        @OptionGroup var options: ReportOptions

        func validate() throws {
            guard network || group != nil else { throw ValidationError("give --group SLUG, or --network") }
            guard !(network && group != nil) else { throw ValidationError("give --group or --network, not both") }
        }

        func run() throws {
            let workflows = Workflows(store: try storeOptions.open())
            let renderer = try ReportRenderer()
            if network {
                let report = try workflows.networkReport(
                    period: options.period, viewer: options.viewer, minimumAnswers: options.minAnswers)
                print(try renderer.render(report, as: options.format), terminator: "")
            } else {
                let slug = try Slug(group ?? "")
                let report = try workflows.impactReport(
                    of: slug, period: options.period, viewer: options.viewer, minimumAnswers: options.minAnswers)
                print(try renderer.render(report, as: options.format), terminator: "")
            }
        }
    }

    struct Network: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Every group's impact report rolled up: sessions, GAP priorities and reach summed.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var options: ReportOptions

        func run() throws {
            let report = try Workflows(store: try storeOptions.open()).networkReport(
                period: options.period, viewer: options.viewer, minimumAnswers: options.minAnswers)
            print(try ReportRenderer().render(report, as: options.format), terminator: "")
        }
    }
}
