import Foundation
import Testing

@testable import Planning

@Suite struct ProgrammePlannerTests {
    let catalogue: Catalogue

    init() throws { catalogue = try Example.catalogue() }

    func request(group: Group, months: [MonthKey], history: [MonthKey: Slug] = [:]) throws -> ProgrammePlanner.Request {
        let plan = try Example.plan(group: group)
        let window = months[0].dates.lowerBound...months[months.count - 1].dates.upperBound
        let sessions = try BlackoutMover.place(
            SessionExpansion.sessions(for: plan, catalogue: catalogue, window: window), group: group,
            blackouts: plan.blackouts)
        return ProgrammePlanner.Request(
            group: group, catalogue: catalogue, members: plan.members, activities: plan.activities, sessions: sessions,
            months: months, history: history)
    }

    func months(_ from: String, _ to: String) throws -> [MonthKey] {
        MonthKey.range(try MonthKey(parsing: from), try MonthKey(parsing: to))
    }

    @Test func aTargetNoThemeCarriesIsReportedWithWhy() throws {
        let group = try Example.group(targets: ["PS-VAW": 2, "PS-MECHANISMS": 1, "INT-FOCALPOINTS": 100])
        let programme = ProgrammePlanner.plan(try request(group: group, months: months("2027-01", "2027-12")))
        let focal = try #require(programme.targets.first { $0.priority.rawValue == "INT-FOCALPOINTS" })
        #expect(!focal.met)
        // 11 monthly meetings and 24 lunch-and-learn sessions take the headline; no fixed theme carries it.
        #expect(focal.reason == "the period has only 35 session(s) that could carry it")
        #expect(focal.achieved > 0 && focal.achieved < 100)
        #expect(programme.targets.first { $0.priority.rawValue == "PS-VAW" }?.met == true)
        #expect(programme.targets.first { $0.priority.rawValue == "PS-MECHANISMS" }?.met == true)
        #expect(programme.notes.contains { $0.hasPrefix("target INT-FOCALPOINTS failed") })
        #expect(programme.provenOptimal)

        let none = try Example.group(targets: ["PS-POLITICAL": 1])
        let withoutTheme = try catalogueWithout("PS-POLITICAL")
        var unmet = try request(group: none, months: months("2027-01", "2027-12"))
        unmet.catalogue = withoutTheme
        let result = ProgrammePlanner.plan(unmet)
        #expect(result.targets.first?.reason == "no theme in the catalogue carries PS-POLITICAL")
        #expect(result.months.count == 12)
    }

    /// The catalogue without the themes carrying `id`.
    func catalogueWithout(_ id: String) throws -> Catalogue {
        try Catalogue(
            gapPriorities: catalogue.gapPriorities,
            themes: catalogue.themes.filter { !$0.gap.contains(Example.gap(id)) },
            activityKinds: catalogue.activityKinds, observances: catalogue.observances)
    }

    @Test func historyCountsForTheTwelveMonthRule() throws {
        let group = try Example.group()
        let history: [MonthKey: Slug] = [
            try MonthKey(parsing: "2026-11"): Example.slug("combatting-violence-against-women"),
            try MonthKey(parsing: "2026-12"): Example.slug("intersectionality"),
        ]
        let programme = ProgrammePlanner.plan(
            try request(group: group, months: months("2027-01", "2027-06"), history: history))
        let themes = programme.months.map(\.theme.rawValue)
        #expect(!themes.contains("combatting-violence-against-women"))
        #expect(!themes.contains("intersectionality"))
        #expect(Set(themes).count == themes.count)
        #expect(programme.provenOptimal)
    }

    @Test func twoYearsRepeatNoThemeWithinTwelveMonths() throws {
        let programme = ProgrammePlanner.plan(try request(group: Example.group(), months: months("2027-01", "2028-12")))
        #expect(programme.months.count == 24)
        for (i, month) in programme.months.enumerated() {
            for other in programme.months[(i + 1)...] where other.month.index - month.month.index < 12 {
                #expect(other.theme != month.theme, "\(month.month) and \(other.month)")
            }
        }
        #expect(programme.notes.filter { $0.contains("repeats") }.isEmpty)
        #expect(
            programme.notes.first
                == "planned a year at a time: each twelve months exactly, given the months before them")
        #expect(programme.targets.count == 2 * 4)
        #expect(programme.provenOptimal)
        // The example's series end with 2027: no session of 2028 can carry a target, and the
        // fixed themes of 2027's one-offs (the kick-off carries INT-CAPACITY) count for 2027 only.
        let later = programme.targets.filter { $0.from.year == 2028 }
        #expect(later.count == 4)
        #expect(
            later.allSatisfy { $0.achieved == 0 && $0.reason == "the period has only 0 session(s) that could carry it" }
        )
    }

    @Test func aBlockedObservanceMonthIsReportedAndOptingOutFreesIt() throws {
        // Every theme that suits International Women's Day headlined a month of 2026.
        let history: [MonthKey: Slug] = try [
            MonthKey(parsing: "2026-04"): Example.slug("reflecting-on-patriarchy"),
            MonthKey(parsing: "2026-05"): Example.slug("what-women-want"),
            MonthKey(parsing: "2026-06"): Example.slug("economic-development"),
            MonthKey(parsing: "2026-07"): Example.slug("money-matters"),
        ]
        let blocked = ProgrammePlanner.plan(
            try request(group: Example.group(targets: [:]), months: months("2027-03", "2027-03"), history: history))
        let march = try #require(blocked.months.first)
        #expect(!history.values.contains(march.theme), "the twelve-month rule wins over the observance")
        #expect(march.observances.isEmpty)
        #expect(
            march.reasons.first == "breaks the observance rule: no theme suiting International Women's Day was free")
        #expect(blocked.notes.contains("March 2027: no free theme suits International Women's Day"))

        let optedOut = ProgrammePlanner.plan(
            try request(
                group: Example.group(optOut: true, targets: [:]), months: months("2027-03", "2027-03"), history: history
            ))
        #expect(optedOut.months.first?.reasons.first == "the group opts out of observance themes")
        #expect(optedOut.notes.isEmpty)
    }

    @Test func aGroupWithNoMembersStillGetsAProgrammeThatSaysSo() throws {
        var empty = try request(group: Example.group(), months: months("2027-01", "2027-12"))
        empty.members = []
        let programme = ProgrammePlanner.plan(empty)
        #expect(programme.months.count == 12)
        #expect(Set(programme.months.map(\.theme)).count == 12)
        #expect(programme.months.allSatisfy { $0.reasons.contains("no member interested and available") })
        #expect(programme.targets.filter { !$0.met }.isEmpty)
    }

    @Test func sameInputSameProgramme() throws {
        let input = try request(group: Example.group(), months: months("2027-01", "2027-12"))
        let first = ProgrammePlanner.plan(input)
        let second = ProgrammePlanner.plan(input)
        #expect(first.months == second.months)
        #expect(first.sessions == second.sessions)
    }

    @Test func aSpentTimeLimitGivesAProgrammeThatSaysItIsNotProven() throws {
        let input = try request(group: Example.group(), months: months("2027-01", "2027-12"))
        let rushed = ProgrammePlanner.plan(input, timeLimit: 0)
        #expect(!rushed.provenOptimal)
        #expect(
            rushed.notes.last
                == "the solver reached its time limit: the best programme found is shown, not proven optimal")
        // Still a whole programme under the hard rules: twelve months, no theme twice.
        #expect(rushed.months.count == 12)
        #expect(Set(rushed.months.map(\.theme)).count == 12)
        #expect(ProgrammePlanner.plan(input).provenOptimal)
    }

    @Test func everyChoiceCarriesItsReasons() throws {
        let programme = ProgrammePlanner.plan(try request(group: Example.group(), months: months("2027-03", "2027-03")))
        let march = try #require(programme.months.first)
        #expect(march.observances.contains(Example.slug("international-womens-day")))
        #expect(march.reasons.first == "International Women's Day")
        #expect(march.reasons.contains { $0.contains("member(s) interested and available") })
        #expect(march.reasons.contains { $0.hasPrefix("category ") })
        // Every session of March carries the headline (no activity of March has a fixed theme).
        #expect(programme.sessions.allSatisfy { MonthKey($0.start.date) != march.month || $0.theme == march.theme })
    }
}
