import Foundation
import Testing

/// `Tests/tools/e2e_plannerd.sh` against the built `plannerd` and `planner`: real calendar
/// clients (vdirsyncer, khal) subscribe, a change through the API reaches them, and SIGTERM
/// under a load of writes loses no acknowledged write.
@Suite struct EndToEndTests {
    @Test func theBuiltDaemonServesRealCalendarClients() async throws {
        let script = Fixtures.root.appendingPathComponent("Tests/tools/e2e_plannerd.sh")
        let (status, text) = try await ExternalTools.run(
            URL(fileURLWithPath: "/bin/bash"), [script.path, ExternalTools.builtProducts.path])
        #expect(status == 0, "\(text)")
        #expect(text.contains("e2e: 4 passed, 0 failed"), "\(text)")
    }
}
