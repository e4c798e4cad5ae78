import ArgumentParser
import Foundation
import PlannerServer

/// `plannerd [--config FILE] [--port N] [--store PATH] …`: see Config/plannerd.yaml.
///
/// swift-argument-parser parses the flags (and answers `--help`); ``ServerConfiguration`` layers
/// them over the YAML file and the environment.
@main
struct Plannerd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plannerd",
        abstract: "Serves the groups' calendars, the JSON API and the pages.",
        usage: "plannerd [--config FILE] [--OPTION VALUE]…",
        discussion: ServerConfiguration.layering
    )

    @OptionGroup var flags: ServerFlags

    static func main() async {
        await main(ServerFlags.emptyValuesSpelledOut(Array(CommandLine.arguments.dropFirst())))
    }

    func run() async throws {
        do {
            let configuration = try await ServerConfiguration.load(
                flags: flags, environment: ProcessInfo.processInfo.environment)
            try await runDaemon(configuration)
        } catch {
            FileHandle.standardError.write(Data("plannerd: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }
}
