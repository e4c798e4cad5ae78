import ArgumentParser

/// The `planner` command line as a library.
public struct PlannerCommand: AsyncParsableCommand {
    /// The root command's configuration.
    public static let configuration = CommandConfiguration(
        commandName: "planner",
        abstract: "Plan the activities of a Men for Gender Equality Group."
    )

    /// Creates the root command.
    public init() {}
}
