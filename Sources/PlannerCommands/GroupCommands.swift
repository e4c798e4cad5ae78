import ArgumentParser
import Foundation
import PlannerStore
import Planning

/// `planner group list|show|check`
struct GroupCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "group", abstract: "List the groups, show one, or check group files.",
        subcommands: [List.self, Show.self, GroupCheck.self])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List every group in the store.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            let groups = try storeOptions.open().groups()
            switch output.format {
            case .json: try Output.json(groups)
            case .table:
                Output.table(
                    ["GROUP", "NAME", "TIME ZONE", "MEMBERS", "ACTIVITIES", "SESSIONS", "REVISION"],
                    groups.map {
                        [
                            $0.slug.rawValue, $0.name, $0.timeZone, "\($0.members)", "\($0.activities)",
                            "\($0.sessions)", "\($0.revision)",
                        ]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a group's settings and GAP targets.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let snapshot = try storeOptions.open().snapshot(of: groupOption.slug)
            let group = snapshot.plan.group
            switch output.format {
            case .json: try Output.json(group)
            case .table:
                Output.fields([
                    ("group", group.slug.rawValue), ("name", group.name), ("duty station", group.dutyStation),
                    ("country", group.country.rawValue), ("time zone", group.timeZone.rawValue),
                    ("venue", "\(group.venue.name), \(group.venue.address)"),
                    ("working days", group.workingDays.map(\.rawValue).joined(separator: " ")),
                    ("minimum gap", "\(group.minimumGapDays) days between two duties"),
                    (
                        "members",
                        "\(snapshot.plan.members.count)" + (group.maxSize.map { " (guidance: at most \($0))" } ?? "")
                    ),
                    ("activities", "\(snapshot.plan.activities.count)"),
                    ("sessions", "\(snapshot.plan.sessions.filter { !$0.dropped }.count)"),
                    ("blackouts", "\(snapshot.plan.blackouts.count)"),
                    (
                        "GAP targets",
                        group.gapTargets.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)/year" }.joined(
                            separator: ", ")
                    ),
                    ("revision", "\(snapshot.revision)"),
                ])
            }
        }
    }
}
