import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Planning
import Testing

/// A member's scripted day against a live plannerd on 127.0.0.1, through the real HTTP forms and
/// the `planner` command line on the same store (`Tests/tools/member_day.py`), and his page and
/// the join form in headless Chromium with axe-core (`Tests/tools/browser_check.py`).
@Suite struct MemberDayTests {
    /// The `planner` executable, built beside the tests.
    static func planner() throws -> URL {
        let candidates = [
            Bundle.main.executableURL?.deletingLastPathComponent(),
            Bundle.main.bundleURL.deletingLastPathComponent(),
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        ].compactMap { $0?.appendingPathComponent("planner") }
        return try #require(
            candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) },
            "the planner executable is not built next to the tests; run `make test`")
    }

    @Test func aMembersDayThroughTheFormsAndTheCommandLine() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-member-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = Fixtures.liveConfiguration(folder)
        let app = try await buildApplication(configuration)
        let python = try ExternalTools.python()
        let planner = try Self.planner()
        let script = Fixtures.root.appendingPathComponent("Tests/tools/member_day.py").path
        let (status, output) = try await app.test(.live) { client in
            let port = try #require(client.port)
            return try await ExternalTools.run(
                python,
                [
                    script, "--base", "http://127.0.0.1:\(port)", "--planner", planner.path, "--store",
                    configuration.store,
                ])
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("member day: ") && output.contains(" passed, 0 failed"), "\(output)")
        #expect(!output.contains("FAIL"), "\(output)")
    }

    @Test func hisPageAndTheJoinFormAreAccessibleAtDesktopAndPhoneWidths() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-me-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = Fixtures.liveConfiguration(folder)
        let app = try await buildApplication(configuration)
        let python = try ExternalTools.python()
        let script = Fixtures.root.appendingPathComponent("Tests/tools/browser_check.py").path
        let artefacts = BrowserTests.artefacts
        let (status, output) = try await app.test(.live) { client in
            let port = try #require(client.port)
            let store = try PlannerStore(path: configuration.store)
            let link = try store.createToken(
                in: Fixtures.slug("vienna"), scope: .member(Fixtures.slug("jonas-lindqvist")), label: "browser")
            return try await ExternalTools.run(
                python,
                [
                    script, "--base", "http://127.0.0.1:\(port)", "--out", artefacts.path, "--sign-in",
                    "/me/sign-in?token=\(link.secret)", "/me", "/groups/vienna/join",
                ])
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("browser: 6 passed, 0 failed"), "\(output)")
        #expect(output.contains("/me without JavaScript: 'My page: Jonas"), "signed in without JavaScript too")
        for name in ["me", "groups-vienna-join"] {
            for width in [1280, 390] {
                #expect(
                    FileManager.default.fileExists(
                        atPath: artefacts.appendingPathComponent("\(name)-\(width).png").path))
            }
        }
    }
}
