import ArgumentParser
import Foundation
import PlannerStore
import Planning
import Workflows

/// `planner import …`
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a group's YAML file or a calendar of holidays.",
        subcommands: [ImportGroup.self, ImportHolidays.self, ImportCalendar.self])

    struct ImportGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "group",
            abstract: "Create or update a group from its YAML file (importing twice changes nothing).")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var output: OutputOptions

        @Argument(help: ArgumentHelp("The group's YAML file, e.g. Config/groups/example.yaml.", valueName: "file"))
        var file: String

        @Option(
            help: ArgumentHelp(
                "Store sessions of series through this date (default: the end of the second year after the latest start).",
                valueName: "date"))
        var sessionsThrough: String?

        func run() throws {
            let store = try storeOptions.open()
            let plan = try ConfigFiles.group(file: file, catalogue: store.catalogue())
            let through = try sessionsThrough.map { try parseDate($0, option: "--sessions-through") }
            let report = try store.importGroup(plan, sessionsThrough: through)
            switch output.format {
            case .json: try Output.json(report)
            case .table:
                let verb = report.created ? "created" : (report.unchanged ? "unchanged" : "updated")
                print("group \(report.group): \(verb), revision \(report.revision)")
                for change in report.changes { print("  \(change)") }
            }
        }
    }

    struct ImportHolidays: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "holidays",
            abstract: "Import public holidays or closures from an .ics file as blackouts of a group.")

        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption

        @Argument(help: ArgumentHelp("The .ics file (all-day events).", valueName: "file"))
        var file: String

        func run() throws {
            let imported = try Workflows(store: storeOptions.open()).importHolidays(file: file, into: groupOption.slug)
            print("\(file): \(imported.read) holidays read, \(imported.added) new for group \(groupOption.group)")
        }
    }
}

/// `planner export group SLUG`
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Export a group back to YAML.",
        subcommands: [ExportGroup.self, ExportFeeds.self])

    struct ExportGroup: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "group", abstract: "Write a group as YAML that `planner import group` reads back unchanged.")

        @OptionGroup var storeOptions: StoreOptions

        @Argument(help: ArgumentHelp("The group's slug.", valueName: "slug"))
        var group: Slug

        @Option(
            name: .shortAndLong, help: ArgumentHelp("Write to this file instead of standard output.", valueName: "file")
        )
        var out: String?

        func run() throws {
            let yaml = try ConfigFiles.yaml(for: storeOptions.open().exportGroup(group))
            if let out {
                try Data(yaml.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
            } else {
                print(yaml, terminator: yaml.hasSuffix("\n") ? "" : "\n")
            }
        }
    }
}
