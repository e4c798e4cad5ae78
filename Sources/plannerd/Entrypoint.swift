import Foundation
import PlannerServer

/// `plannerd [--config FILE] [--port N] [--store PATH] …`: see Config/plannerd.yaml.
@main
struct Entrypoint {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.contains("--help") || arguments.contains("-h") {
            print(ServerConfiguration.usage)
            return
        }
        do {
            let configuration = try ServerConfiguration.load(
                arguments: arguments, environment: ProcessInfo.processInfo.environment)
            try await runDaemon(configuration)
        } catch {
            FileHandle.standardError.write(Data("plannerd: \(error)\n".utf8))
            exit(1)
        }
    }
}
