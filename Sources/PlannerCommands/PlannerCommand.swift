public import ArgumentParser

/// `planner`: the coordinators' command line.
///
/// One subcommand per task; every command opens the store named by `--store` (default
/// `Calendars/planner.sqlite`), does one thing in one transaction, and prints a table or JSON.
/// Errors are one line on standard error and a non-zero exit.
public struct PlannerCommand: ParsableCommand {
    /// The root command's configuration.
    public static let configuration = CommandConfiguration(
        commandName: "planner",
        abstract: "Plan the activities of a Men for Gender Equality Group.",
        discussion: """
            Start with `planner init`, then `planner import group Config/groups/example.yaml` and
            `planner import holidays Calendars/holidays/austria-2026-2028.ics --group vienna`.
            """,
        subcommands: [
            InitCommand.self, ImportCommand.self, ExportCommand.self, GroupCommand.self, MemberCommand.self,
            ThemeCommand.self, GAPCommand.self, ObservanceCommand.self, ActivityCommand.self, SessionCommand.self,
            PlanCommand.self, AssignCommand.self, ExplainCommand.self, TokenCommand.self, CatalogueCommand.self,
            ReportCommand.self,
        ]
    )

    /// Creates the root command.
    public init() {}
}
