import Foundation
import Testing

@testable import Planning

@Test func sessionsMoveToTheNextAllowedDayOrAreDropped() throws {
    let group = try F.group()
    let blackouts = try [
        Blackout(date: F.date("2026-01-06"), reason: "Epiphany", source: .holiday),
        Blackout(from: F.date("2026-12-24"), to: F.date("2026-12-31"), reason: "Winter closure", source: .closure),
    ]
    let weekly = try F.activity(slug: "weekly", schedule: .series(F.series("FREQ=WEEKLY;BYDAY=TU", "2026-01-06T15:00")))
    let catalogue = try F.catalogue()
    let kind = try #require(catalogue.kind(F.slug("monthly-meeting")))
    let plain =
        try SessionExpansion.sessions(
            for: weekly, kind: kind, group: group, window: F.date("2026-01-01")...F.date("2026-01-31"))
        + SessionExpansion.sessions(
            for: weekly, kind: kind, group: group, window: F.date("2026-12-20")...F.date("2026-12-31"))
    let moved = try BlackoutMover.apply(to: plain, group: group, blackouts: blackouts)

    #expect(moved.map(\.ruleDate) == plain.map(\.ruleDate), "the rule date stays the identity")
    // January 2026 has Tuesdays 6, 13, 20, 27; December's window 22 and 29.
    try #require(moved.count == 6)
    // 6 Jan (Epiphany) moves to Wednesday 7 Jan at the same time; later January Tuesdays stay.
    #expect(moved[0].start.description == "2026-01-07T15:00")
    #expect(moved[0].end.description == "2026-01-07T16:30")
    #expect(moved[0].movedFrom?.description == "2026-01-06T15:00")
    #expect(moved[0].reason == "moved from Tue 6 Jan: Epiphany (public holiday)")
    #expect(moved[1...3].allSatisfy { $0.movedFrom == nil && $0.start == $0.ruleDate })
    // 22 Dec is free; 29 Dec has no free working day left in December.
    #expect(moved[4].start.description == "2026-12-22T15:00" && !moved[4].dropped)
    #expect(moved[5].dropped && moved[5].start == moved[5].ruleDate)
    #expect(moved[5].reason == "dropped Tue 29 Dec: Winter closure (office closure); no allowed day left in the month")
}

@Test func weekendSessionsMoveToAWorkingDay() throws {
    let group = try F.group()
    let start = try F.at("2026-02-28T10:00")  // a Saturday, the month's last day
    let saturday = try Session(activity: F.slug("a"), ruleDate: start, start: start, end: start.adding(minutes: 60))
    let friday = try F.at("2026-02-13T10:00")
    let free = try Session(activity: F.slug("a"), ruleDate: friday, start: friday, end: friday.adding(minutes: 60))
    let result = try BlackoutMover.apply(to: [saturday, free], group: group, blackouts: [])
    #expect(result[0].dropped && result[0].reason?.contains("not a working day") == true)
    #expect(result[1] == free)
    #expect(BlackoutMover.obstacle(on: try F.date("2026-03-01"), group: group, blackouts: []) == "not a working day")
}

@Test func sessionCopiesKeepIdentityAndRules() throws {
    let start = try F.at("2026-01-06T15:00")
    let session = try Session(activity: F.slug("a"), ruleDate: start, start: start, end: start.adding(minutes: 90))
    let themed = try session.with(theme: F.slug("fatherhood")).with(status: .confirmed)
    #expect(themed.id == session.id && themed.theme?.rawValue == "fatherhood" && themed.status == .confirmed)
    let twice = [
        Assignment(memberID: try F.slug("m"), role: .chair), Assignment(memberID: try F.slug("m"), role: .organiser),
    ]
    #expect(throws: PlanningError.self) { try session.with(organisers: twice) }
}
