import Foundation
import Testing

@testable import Planning

/// The example group's 2027: blackout moves, the programme and the organisers, end to end
/// through the engines.
@Suite struct ExampleYearTests {
    let catalogue: Catalogue
    let plan: GroupPlan
    let sessions: [Session]

    init() throws {
        catalogue = try Example.catalogue()
        plan = try Example.plan()
        sessions = try Example.placedSessions(plan, catalogue)
    }

    func programme() -> Programme {
        ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                group: plan.group, catalogue: catalogue, members: plan.members, activities: plan.activities,
                sessions: sessions,
                months: MonthKey.range(MonthKey(Example.date("2027-01-01")), MonthKey(Example.date("2027-12-01")))))
    }

    @Test func summerClosureMovesTheLunchAndLearnWithItsReason() throws {
        let moved = try #require(sessions.first { $0.ruleDate == Example.at("2027-08-11T12:30") })
        #expect(moved.movedFrom == Example.at("2027-08-11T12:30"))
        #expect(moved.start.date.month == 8)
        #expect(BlackoutMover.blockReason(moved.start.date, group: plan.group, blackouts: plan.blackouts) == nil)
        #expect(
            moved.reason == "moved from Wed 11 Aug 2027: Summer closure of the Secretariat building (office closure)")
        #expect(moved.start.time == moved.ruleDate.time)
    }

    @Test func programmeKeepsTheHardRulesAndMeetsTheTargets() {
        let result = programme()
        print(
            result.months.map { "\($0.month) \($0.theme): \($0.reasons.joined(separator: "; "))" }.joined(
                separator: "\n"))
        print(result.targets, result.notes, result.nodes, result.provenOptimal)
        #expect(result.months.count == 12)
        #expect(Set(result.months.map(\.theme)).count == 12, "no theme twice within twelve months")
        let november = result.months.first { $0.month.month == 11 }
        #expect(november?.observances.isEmpty == false)
        for month in result.months {
            let suitable = catalogue.themes.contains { theme in
                theme.observances.contains { slug in
                    catalogue.observance(slug)?.dates(in: 2027, country: plan.group.country).map {
                        $0.lowerBound <= month.month.dates.upperBound && month.month.dates.lowerBound <= $0.upperBound
                    } == true
                }
            }
            if suitable { #expect(!month.observances.isEmpty, "\(month.month) holds an observance") }
        }
        #expect(result.targets.filter { !$0.met }.isEmpty)
        #expect(result.provenOptimal)
        #expect(result.sessions.filter { $0.takesPlace && $0.theme == nil }.isEmpty)
    }

    @Test func assignmentIsProvenOptimalAndBreaksNoRule() {
        let themed = programme().sessions
        let result = OrganiserAssigner.assign(
            AssignmentProblem(
                group: plan.group, members: plan.members, activities: plan.activities, catalogue: catalogue,
                sessions: themed))
        for session in result.sessions {
            print(
                session.start, session.activity, session.theme?.rawValue ?? "-",
                session.organisers.map(\.memberID.rawValue))
        }
        print(result.score, result.bound, result.nodes, result.method, result.notes)
        #expect(result.provenOptimal)
        #expect(
            PlanChecker.check(
                sessions: result.sessions, members: plan.members, group: plan.group, catalogue: catalogue,
                activities: plan.activities
            ).isEmpty)
    }
}
