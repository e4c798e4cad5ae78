import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Planning
import Testing

/// Every kind of page in headless Chromium at 1280 and 390 px, checked by axe-core, with
/// screenshots kept under `.build/test-artefacts/pages/` (`Tests/tools/browser_check.py`).
@Suite struct BrowserTests {
    /// Where the screenshots and axe reports stay after the run.
    static var artefacts: URL { Fixtures.root.appendingPathComponent(".build/test-artefacts/pages", isDirectory: true) }

    @Test func everyPageIsAccessibleAtDesktopAndPhoneWidthsAndWorksWithoutJavaScript() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-browser-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let configuration = Fixtures.liveConfiguration(folder)
        let app = try await buildApplication(configuration)
        let python = try ExternalTools.python()
        let script = Fixtures.root.appendingPathComponent("Tests/tools/browser_check.py").path
        let artefacts = Self.artefacts
        let (status, output) = try await app.test(.live) { client in
            let port = try #require(client.port)
            // Pages with something on them: a session with a theme, and its activity.
            let store = try PlannerStore(path: configuration.store)
            let plan = try store.snapshot(of: Fixtures.slug("vienna")).plan
            let themed = try #require(
                plan.sessions.first { $0.theme != nil && $0.activity.rawValue == "kick-off-2027" })
            // A screening ten days ago, whose feedback form is open now.
            let vienna = try Fixtures.slug("vienna")
            let zone = try store.snapshot(of: vienna).plan.group.zone
            let past = LocalDateTime(Date().addingTimeInterval(-10 * 86_400), in: zone)
            let start = LocalDateTime(date: past.date, time: try LocalTime(hour: 18, minute: 0))
            let screening = try Activity(
                slug: Fixtures.slug("autumn-film"), kind: Fixtures.slug("film-screening"), title: "Autumn film",
                schedule: .oneOff(start))
            try store.addActivity(screening, to: vienna)
            let code = try store.feedbackCode(of: Session.ID(activity: screening.slug, ruleDate: start), in: vienna)
            let paths = [
                "/", "/groups/vienna", "/groups/vienna/activities/monthly-meeting",
                SitePath.sessionPage(vienna, activity: themed.activity, ruleDate: themed.ruleDate).description,
                SitePath.feedbackForm(vienna, activity: screening.slug, ruleDate: start, code: code).description,
            ]
            return try await ExternalTools.run(
                python, [script, "--base", "http://127.0.0.1:\(port)", "--out", artefacts.path] + paths)
        }
        #expect(status == 0, "\(output)")
        // Five pages (the feedback form among them, open) at two widths, and five without JavaScript.
        #expect(output.contains("browser: 15 passed, 0 failed"), "\(output)")
        #expect(
            output.contains("without JavaScript: 'How was “Autumn film”?'"),
            "the feedback page renders without JavaScript")
        for width in [1280, 390] {
            #expect(
                FileManager.default.fileExists(
                    atPath: artefacts.appendingPathComponent("groups-vienna-\(width).png").path))
        }
    }
}
