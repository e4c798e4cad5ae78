import Foundation
import Testing

/// `Tests/tools/crash_plannerd.py` against the built `plannerd` and `planner`: the daemon is
/// killed with SIGKILL at seeded random moments under concurrent API writes, four rounds; after
/// each restart every write it answered 2xx is in the store and every public feed renders.
@Suite struct CrashDurabilityTests {
    @Test func sigkillUnderWritesLosesNoAcknowledgedWrite() async throws {
        let script = Fixtures.root.appendingPathComponent("Tests/tools/crash_plannerd.py")
        let (status, text) = try await ExternalTools.run(
            try ExternalTools.python(), [script.path, ExternalTools.builtProducts.path, "--rounds", "4"])
        #expect(status == 0, "\(text)")
        #expect(text.contains("crash: 4 rounds passed"), "\(text)")
    }
}
