import Foundation

/// What the tests run outside this process: the built products, the test virtual
/// environment's Python (`make python-deps`), and a way to run either.
enum ExternalTools {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The folder of the built `plannerd` and `planner`: beside the test executable, or
    /// `.build/debug` when the tests run from elsewhere.
    static var builtProducts: URL {
        let beside = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .deletingLastPathComponent()
        guard !FileManager.default.isExecutableFile(atPath: beside.appendingPathComponent("plannerd").path) else {
            return beside
        }
        return Fixtures.root.appendingPathComponent(".build/debug")
    }

    /// `PLANNER_PYTHON` (set by `make test`), else the package's `.venv/bin/python`.
    static func python() throws -> URL {
        if let configured = ProcessInfo.processInfo.environment["PLANNER_PYTHON"], !configured.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw Failure(description: "PLANNER_PYTHON=\(configured) is not an executable")
            }
            return URL(fileURLWithPath: configured)
        }
        let venv = Fixtures.root.appendingPathComponent(".venv/bin/python")
        guard FileManager.default.isExecutableFile(atPath: venv.path) else {
            throw Failure(description: "no test virtual environment: run `make python-deps` or `make test`")
        }
        return venv
    }

    /// Runs `executable` with `arguments` in the package root; its exit status and everything
    /// it printed (standard output and error together). Waited for on a thread of its own
    /// (``onOwnThread(_:)``), never on the cooperative pool the live servers of other tests need.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await onOwnThread { try runBlocking(executable, arguments) }
    }

    private static func runBlocking(_ executable: URL, _ arguments: [String]) throws -> (status: Int32, output: String)
    {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = Fixtures.root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }
}
