public import ArgumentParser
import Foundation
import PlannerStore
import Planning

/// `planner theme list`
struct ThemeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "theme", abstract: "The catalogue's themes.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List themes, optionally by GAP priority or category.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("Only themes serving this GAP priority, e.g. PS-VAW.", valueName: "id")) var gap:
            String?
        @Option(help: "Only themes of this category.") var category: Theme.Category?

        func run() throws {
            let catalogue = try storeOptions.open().catalogue()
            let gapID = try gap.map { text -> GAPPriorityID in
                guard let id = try? GAPPriorityID(text), catalogue.priority(id) != nil else {
                    throw ValidationError("--gap: '\(text)' is not a GAP priority (see `planner gap list`)")
                }
                return id
            }
            let themes = catalogue.themes.filter { theme in
                (gapID.map { theme.gap.contains($0) } ?? true) && (category.map { theme.category == $0 } ?? true)
            }
            switch output.format {
            case .json: try Output.json(themes)
            case .table:
                Output.table(
                    ["THEME", "CATEGORY", "GAP", "OBSERVANCES", "TITLE"],
                    themes.map {
                        [
                            $0.slug.rawValue, $0.category.rawValue, $0.gap.map(\.rawValue).joined(separator: " "),
                            $0.observances.map(\.rawValue).joined(separator: " "), $0.title,
                        ]
                    })
            }
        }
    }
}

extension Theme.Category: ExpressibleByArgument {}

/// `planner gap list`
struct GAPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gap", abstract: "The Gender Action Plan priorities.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List GAP priorities; with --group, also the mission's own and the group's yearly targets.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("A group whose mission priorities and targets to show.", valueName: "slug"))
        var group: Slug?

        struct Line: Encodable {
            let id: String
            let scope: String
            let title: String
            let target: Int?
        }

        func run() throws {
            let store = try storeOptions.open()
            var priorities = try store.catalogue().gapPriorities
            var targets: [GAPPriorityID: Int] = [:]
            if let group {
                let snapshot = try store.snapshot(of: group)
                priorities += snapshot.plan.group.missionPriorities
                targets = snapshot.plan.group.gapTargets
            }
            let lines = priorities.map {
                Line(id: $0.id.rawValue, scope: $0.scope.rawValue, title: $0.title, target: targets[$0.id])
            }
            switch output.format {
            case .json: try Output.json(lines)
            case .table:
                Output.table(
                    ["ID", "SCOPE", "TARGET", "PRIORITY"],
                    lines.map { [$0.id, $0.scope, $0.target.map { "\($0)/year" } ?? "", $0.title] })
            }
        }
    }
}

/// `planner observance list --year Y --country CC`
struct ObservanceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "observance", abstract: "Observance days.", subcommands: [List.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the observances of a year as dates, with the variants of a duty-station country.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions
        @Option(help: "The year.") var year: Int
        @Option(
            help: ArgumentHelp(
                "ISO country code of the duty station, e.g. AT (Father's Day differs).", valueName: "code"))
        var country: String?

        struct Line: Encodable {
            let observance: String
            let title: String
            let first: String
            let last: String
        }

        func validate() throws {
            guard (1900...2200).contains(year) else {
                throw ValidationError("--year: \(year) is not a year between 1900 and 2200")
            }
        }

        func run() throws {
            let code = try country.map { text -> CountryCode in
                guard let code = try? CountryCode(text) else {
                    throw ValidationError("--country: '\(text)' is not a two-letter country code such as AT")
                }
                return code
            }
            let lines = try storeOptions.open().catalogue().observances
                .compactMap { observance in
                    observance.dates(in: year, country: code).map {
                        Line(
                            observance: observance.slug.rawValue, title: observance.title,
                            first: $0.lowerBound.description, last: $0.upperBound.description)
                    }
                }
                .sorted { ($0.first, $0.observance) < ($1.first, $1.observance) }
            switch output.format {
            case .json: try Output.json(lines)
            case .table:
                Output.table(
                    ["DATE", "UNTIL", "OBSERVANCE", "TITLE"],
                    lines.map { [$0.first, $0.last == $0.first ? "" : $0.last, $0.observance, $0.title] })
            }
        }
    }
}
