import CalendarFeeds
import Foundation
import ICalendar
import Planning
import PlannerStore
import Testing

/// Python's icalendar + recurring-ical-events read the feeds and expand them to exactly the
/// sessions the store holds: same dates, times, zones and statuses.
@Suite struct IndependentReaderTests {
    /// What the parser should find for `sessions`: wall times in Vienna, status, summary, UID.
    static func expected(_ sessions: [Session], summary: (Session) -> String, uid: (Session) -> String) -> [String] {
        sessions.map { session in
            "\(session.start.description) \(session.end.description) Europe/Vienna \(session.status.rawValue.uppercased()) \(summary(session)) [\(uid(session))]"
        }.sorted()
    }

    static func found(_ occurrences: [Support.Occurrence]) -> [String] {
        occurrences.map { "\($0.start) \($0.end) \($0.tzid ?? "-") \($0.status) \($0.summary) [\($0.uid)]" }.sorted()
    }

    static func title(_ plan: GroupPlan, _ session: Session) -> String { plan.activity(session.activity)?.title ?? "" }

    @Test func publicFeedExpandsToTheStoredSessions() throws {
        let store = try Example.store()
        let snapshot = try store.snapshot(of: Example.vienna)
        let feed = try Example.renderer(store).render(.group)
        let result = try Support.check(feed.data, from: "2027-01-01", to: "2029-01-01", public: true)
        #expect(result.problems == [])
        let confidential = Example.slug("safe-space-2027-05")
        let shown = snapshot.plan.sessions.filter { !$0.dropped }
        let expected = Self.expected(
            shown,
            summary: { $0.activity == confidential ? "Busy" : Self.title(snapshot.plan, $0) },
            uid: { $0.activity == confidential ? "vienna/busy/20270512T1600@allyship-planner" : "vienna/\($0.activity)@allyship-planner" })
        #expect(shown.count > 70, "two years of a monthly and a fortnightly series")
        #expect(Self.found(result.occurrences) == expected)
        #expect(result.calendar?["X-WR-TIMEZONE"] == "Europe/Vienna")
        #expect(result.calendar?["REFRESH-INTERVAL"] == "PT1H")
    }

    @Test func membersFeedExpandsToEverySessionWithItsStatus() throws {
        let store = try Example.store()
        let snapshot = try store.snapshot(of: Example.vienna)
        let feed = try Example.renderer(store).render(.members)
        let result = try Support.check(feed.data, from: "2027-01-01", to: "2029-01-01", public: false)
        #expect(result.problems == [])
        let expected = Self.expected(
            snapshot.plan.sessions, summary: { Self.title(snapshot.plan, $0) }, uid: { "vienna/\($0.activity)@allyship-planner" })
        #expect(Self.found(result.occurrences) == expected)
        #expect(result.occurrences.contains { $0.status == "CANCELLED" }, "the cancelled lunch-and-learn is still shown")
        #expect(result.occurrences.contains { $0.start == "2027-04-07T15:00" && $0.recurrence_id == "2027-04-06T15:00" })
    }

    @Test func filteredFeedsExpandToTheirSessionsOnly() throws {
        let store = try Example.store()
        let snapshot = try store.snapshot(of: Example.vienna)
        let renderer = try Example.renderer(store)
        let cases: [(FeedKind, (Session) -> Bool)] = [
            (.theme(Example.slug("fatherhood")), { $0.theme == Example.slug("fatherhood") }),
            (.kind(Example.slug("lunch-and-learn")), { $0.activity == Example.lunch }),
            (.gapPriority(Example.gap("PS-VAW")), { [Example.slug("combatting-violence-against-women")].contains($0.theme ?? Example.lunch) }),
            (.organiser(Example.slug("anton-berger")), { $0.organisers.contains { $0.memberID == Example.slug("anton-berger") } }),
        ]
        for (kind, belongs) in cases {
            let result = try Support.check(try renderer.render(kind).data, from: "2027-01-01", to: "2029-01-01", public: !kind.isPrivate)
            #expect(result.problems == [], "\(kind)")
            let sessions = snapshot.plan.sessions.filter { !$0.dropped && belongs($0) }
            #expect(!sessions.isEmpty, "\(kind) has sessions in the example")
            let found = result.occurrences.map { "\($0.start) \($0.status)" }.sorted()
            #expect(found == sessions.map { "\($0.start.description) \($0.status.rawValue.uppercased())" }.sorted(), "\(kind)")
        }
    }

    @Test func observancesFeedHasAllDayEventsForAustria() throws {
        let renderer = try Example.renderer(Example.store())
        let result = try Support.check(try renderer.render(.observances).data, from: "2027-01-01", to: "2028-01-01", public: true)
        #expect(result.problems == [])
        let fathersDay = result.occurrences.first { $0.summary == "Father's Day" }
        #expect(fathersDay?.start == "2027-06-13", "second Sunday of June in Austria")
        let healthWeek = result.occurrences.first { $0.summary == "International Men's Health Week" }
        #expect(healthWeek?.start == "2027-06-14" && healthWeek?.end == "2027-06-21", "a seven-day span")
        #expect(result.occurrences.allSatisfy { $0.tzid == nil && $0.start.count == 10 }, "all-day dates")
    }
}
