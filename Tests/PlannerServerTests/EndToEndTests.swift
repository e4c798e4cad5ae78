import Foundation
import Testing

/// `Tests/tools/e2e_plannerd.sh` against the built `plannerd` and `planner`: real calendar
/// clients (vdirsyncer, khal) subscribe, a change through the API reaches them, and SIGTERM
/// under a load of writes loses no acknowledged write.
@Suite struct EndToEndTests {
    /// The folder of the built products: the test executable sits beside them.
    static var binDirectory: URL {
        (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
    }

    /// The folder holding the built `plannerd` and `planner`.
    static var productsDirectory: URL {
        let beside = binDirectory
        return FileManager.default.isExecutableFile(atPath: beside.appendingPathComponent("plannerd").path)
            ? beside : Fixtures.root.appendingPathComponent(".build/debug")
    }

    /// Runs `executable` with `arguments` (waiting on a thread of its own); its exit status and
    /// what it wrote (both streams).
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
        try await onOwnThread { try runBlocking(executable, arguments) }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func theBuiltDaemonServesRealCalendarClients() async throws {
        let script = Fixtures.root.appendingPathComponent("Tests/tools/e2e_plannerd.sh")
        let (status, text) = try await Self.run("/bin/bash", [script.path, Self.productsDirectory.path])
        #expect(status == 0, "\(text)")
        #expect(text.contains("e2e: 4 passed, 0 failed"), "\(text)")
    }
}
