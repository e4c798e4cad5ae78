import Foundation
import Testing

@testable import Planning

@Suite struct BlackoutMoverTests {
    let group: Group

    init() throws { group = try Example.group() }

    func session(_ start: String, activity: String = "lunch-and-learn") throws -> Session {
        try Session(
            activity: Example.slug(activity), ruleDate: Example.at(start), start: Example.at(start),
            end: Example.at(start).adding(minutes: 60))
    }

    func holiday(_ date: String, _ reason: String) throws -> Blackout {
        try Blackout(date: Example.date(date), reason: reason, source: .holiday)
    }

    @Test func aHolidayMovesToTheNearestDayOfTheWeekTiesToTheLater() throws {
        let placed = try BlackoutMover.place(
            [session("2027-01-06T12:30")], group: group, blackouts: [holiday("2027-01-06", "Epiphany")])
        let moved = try #require(placed.first)
        #expect(moved.start == Example.at("2027-01-07T12:30"))
        #expect(moved.end == Example.at("2027-01-07T13:30"))
        #expect(moved.ruleDate == Example.at("2027-01-06T12:30"))
        #expect(moved.movedFrom == Example.at("2027-01-06T12:30"))
        #expect(moved.reason == "moved from Wed 6 Jan 2027: Epiphany (public holiday)")
        #expect(!moved.dropped)
    }

    @Test func aClosedWeekMovesWithinTheMonth() throws {
        let closure = try Blackout(
            from: Example.date("2027-08-09"), to: Example.date("2027-08-13"), reason: "Summer closure", source: .closure
        )
        let placed = try BlackoutMover.place([session("2027-08-11T12:30")], group: group, blackouts: [closure])
        // Fri 6 and Mon 16 are both five days away: the later one wins.
        #expect(placed.first?.start == Example.at("2027-08-16T12:30"))
        #expect(placed.first?.reason == "moved from Wed 11 Aug 2027: Summer closure (office closure)")
    }

    @Test func aNonWorkingDayMovesAndNeverLeavesItsMonth() throws {
        // Sat 31 Jul 2027: the week's Friday 30 July is still July.
        let placed = try BlackoutMover.place([session("2027-07-31T12:30")], group: group, blackouts: [])
        #expect(placed.first?.start == Example.at("2027-07-30T12:30"))
        #expect(placed.first?.reason == "moved from Sat 31 Jul 2027: Sat is not a working day of the group")
        // Sat 1 May 2027: the week's working days are in April, so it moves to Mon 3 May.
        let may = try BlackoutMover.place([session("2027-05-01T12:30")], group: group, blackouts: [])
        #expect(may.first?.start == Example.at("2027-05-03T12:30"))
    }

    @Test func aMoveNeverLandsOnAnotherSessionOfTheSameActivity() throws {
        let sessions = try [session("2027-03-09T12:30"), session("2027-03-10T12:30"), session("2027-03-11T12:30")]
        let placed = try BlackoutMover.place(sessions, group: group, blackouts: [holiday("2027-03-10", "Closure")])
        #expect(
            placed.map(\.start.date) == [
                Example.date("2027-03-09"), Example.date("2027-03-12"), Example.date("2027-03-11"),
            ])
        #expect(placed[0] == sessions[0] && placed[2] == sessions[2])
    }

    @Test func aMonthWithoutAnAllowedDayDropsTheSessionWithItsReason() throws {
        let february = try Blackout(
            from: Example.date("2027-02-01"), to: Example.date("2027-02-28"), reason: "Renovation", source: .closure)
        let placed = try BlackoutMover.place([session("2027-02-10T12:30")], group: group, blackouts: [february])
        let dropped = try #require(placed.first)
        #expect(dropped.dropped)
        #expect(dropped.start == dropped.ruleDate)
        #expect(
            dropped.reason
                == "dropped Wed 10 Feb 2027: Renovation (office closure); no allowed day left in the week or the month")
    }

    @Test func theExampleYearMeetsOnlyOnAllowedDays() throws {
        let catalogue = try Example.catalogue()
        let plan = try Example.plan()
        let placed = try Example.placedSessions(plan, catalogue)
        #expect(placed.count == 11 + 24 + 4)  // meetings Feb–Dec, fortnightly lunches from 10 Feb, one-offs
        for session in placed where !session.dropped {
            #expect(
                BlackoutMover.blockReason(session.start.date, group: plan.group, blackouts: plan.blackouts) == nil,
                "\(session.id)")
            #expect(MonthKey(session.start.date) == MonthKey(session.ruleDate.date))
        }
        #expect(placed.filter { $0.movedFrom != nil }.map(\.id.description) == ["lunch-and-learn@2027-08-11T12:30"])
    }
}
