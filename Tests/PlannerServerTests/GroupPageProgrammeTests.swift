import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PlannerServer
import PlannerStore
import Planning
import Testing

/// The group page reads from plan to outcome: in December it shows the coming twelve months'
/// programme (not "no programme for this year"), each theme with its feed, and the materials of
/// sessions already held.
@Suite struct GroupPageProgrammeTests {
    static func dependencies(_ store: PlannerStore, at now: Date) throws -> ServerDependencies {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: logger, clock: { now },
            revisions: RevisionMemo(lifetime: .zero))
    }

    @Test func inDecemberThePageShowsNextYearsProgrammeWithItsThemeFeeds() async throws {
        let december = Date(timeIntervalSince1970: 1_796_500_000)  // 5 December 2026, before the 2027 sessions
        let store = try Fixtures.store(clock: { december })
        let vienna = try Fixtures.slug("vienna")
        let snapshot = try store.snapshot(of: vienna)
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                plan: snapshot.plan, catalogue: try store.catalogue(),
                months: MonthKey.range(try MonthKey(year: 2027, month: 1), try MonthKey(year: 2027, month: 12))))
        try store.recordProgramme(programme, in: vienna)
        let dependencies = try Self.dependencies(store, at: december)
        let january = try #require(programme.months.first)
        let themeFeed = SitePath.feed(.theme(january.theme), group: vienna).description
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/groups/vienna", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Programme: the coming twelve months"))
                #expect(html.contains("January 2027") && html.contains("November 2027"))
                #expect(!html.contains("December 2027"), "twelve months from December 2026 end in November 2027")
                #expect(html.contains(#"href="https://calendars.example.org\#(themeFeed)""#))
                #expect(!html.contains("Materials of past sessions"), "nothing is held yet")
            }
            try await client.execute(uri: themeFeed, method: .get) { response in
                #expect(response.status == .ok, "the page's theme feed link is served")
            }
        }
    }

    @Test func materialsOfHeldSessionsAreLinkedButNotOfConfidentialOnes() async throws {
        let june = Date(timeIntervalSince1970: 1_812_000_000)
        let store = try Fixtures.store(clock: { june })
        let vienna = try Fixtures.slug("vienna")
        let plan = try store.snapshot(of: vienna).plan
        let catalogue = try store.catalogue()
        let held = plan.sessions.filter { $0.start.date.year == 2027 && $0.start.date.month <= 5 }
        let privacy = { (session: Session) in
            plan.activity(session.activity).flatMap { catalogue.kind($0.kind) }?.privacy
        }
        let open = try #require(held.first { privacy($0) == .public })
        for session in held where session.id == open.id || privacy(session) == .confidential {
            let link = URL(string: "https://example.org/\(session.activity)-\(session.ruleDate.compact)")
            try store.recordOutcome(
                try SessionOutcome(held: true, attendance: 5, materials: link), of: session.id, in: vienna)
        }
        let confidential = held.filter { privacy($0) == .confidential }.map(\.activity)
        #expect(!confidential.isEmpty)
        try await Fixtures.app(try Self.dependencies(store, at: june)).test(.router) { client in
            try await client.execute(uri: "/groups/vienna", method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Materials of past sessions"))
                #expect(html.contains("https://example.org/\(open.activity)-\(open.ruleDate.compact)"))
                for activity in confidential {
                    #expect(!html.contains("https://example.org/\(activity)"), "\(activity)")
                }
            }
        }
    }
}
