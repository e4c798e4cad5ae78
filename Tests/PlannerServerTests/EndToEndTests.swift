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

    @Test func theBuiltDaemonServesRealCalendarClients() throws {
        var binDirectory = Self.binDirectory
        if !FileManager.default.isExecutableFile(atPath: binDirectory.appendingPathComponent("plannerd").path) {
            binDirectory = Fixtures.root.appendingPathComponent(".build/debug")
        }
        let script = Fixtures.root.appendingPathComponent("Tests/tools/e2e_plannerd.sh")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/bash")
        process.arguments = [script.path, binDirectory.path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(text)")
        #expect(text.contains("e2e: 4 passed, 0 failed"), "\(text)")
    }
}
