import Foundation
import Testing

/// Runs the built `planner` executable against a temporary store, as a coordinator would.
struct PlannerRunner {
    /// What one command printed and how it exited.
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// The package root, from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The `planner` binary beside the test bundle (both are products of one build).
    static var executable: URL {
        get throws {
            let candidates = [
                Bundle.main.executableURL?.deletingLastPathComponent(),
                Bundle.main.bundleURL.deletingLastPathComponent(),
                URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
            ].compactMap { $0?.appendingPathComponent("planner") }
            guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) else {
                Issue.record("the planner executable is not built next to the tests; run `make test`")
                throw CancellationError()
            }
            return found
        }
    }

    let directory: URL
    var store: String { directory.appendingPathComponent("planner.sqlite").path }

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("planner-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// Runs `planner ARGS --store <temp store>` in the package root, with `environment` added
    /// to this process's.
    ///
    /// The process is waited for on a thread of its own: the tests share Swift's cooperative
    /// pool (two threads on this machine) with live servers, which a blocked thread would starve.
    @discardableResult
    func run(_ arguments: [String], store: Bool = true, environment: [String: String] = [:]) async throws -> Result {
        let storeArguments = store ? ["--store", self.store] : []
        return try await Self.run(try Self.executable, arguments + storeArguments, environment: environment)
    }

    /// Runs any program in the package root (curl, plannerd's helpers), on a thread of its own.
    static func run(_ executable: URL, _ arguments: [String], environment: [String: String] = [:]) async throws
        -> Result
    {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(
                    with: Swift.Result { try Self.runBlocking(executable, arguments, environment: environment) })
            }.start()
        }
    }

    private static func runBlocking(
        _ executable: URL, _ arguments: [String], environment: [String: String]
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.currentDirectoryURL = packageRoot
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let error = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Result(
            status: process.terminationStatus, output: String(decoding: output, as: UTF8.self),
            error: String(decoding: error, as: UTF8.self))
    }

    /// A runner whose store holds the catalogue and the example group, as a coordinator's first
    /// two commands leave it.
    static func withExampleGroup() async throws -> PlannerRunner {
        let planner = try PlannerRunner()
        try await planner.ok(["init"])
        try await planner.ok(["import", "group", "Config/groups/example.yaml"])
        return planner
    }

    /// Runs and requires success, returning standard output.
    @discardableResult
    func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments)
        #expect(
            result.status == 0, "planner \(arguments.joined(separator: " ")) failed: \(result.error)",
            sourceLocation: sourceLocation)
        return result.output
    }

    /// Runs and requires a failure with one clear line on standard error; returns that line.
    @discardableResult
    func fails(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
        let result = try await run(arguments)
        #expect(
            result.status != 0, "planner \(arguments.joined(separator: " ")) should have failed",
            sourceLocation: sourceLocation)
        let lines = result.error.split(separator: "\n").filter { !$0.isEmpty }
        #expect(lines.count >= 1, sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("Error: ") == true, "stderr: \(result.error)", sourceLocation: sourceLocation)
        return lines.first.map(String.init) ?? ""
    }

    /// Decodes JSON output.
    func json(_ arguments: [String]) async throws -> Any {
        try JSONSerialization.jsonObject(with: Data(await ok(arguments + ["--format", "json"]).utf8))
    }
}
