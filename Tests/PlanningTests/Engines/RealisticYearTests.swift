import Foundation
import PlanningFixtures
import Testing

@testable import Planning

/// The benchmarks' realistic years (``RealisticGroups``: the toolkit's group sizes, national and
/// international staff, leave, missions, narrow windows, pins on the early sessions), planned
/// whole and checked against the rules written again in ``IndependentRules``, not against stored
/// answers.
@Suite struct RealisticYearTests {
    /// Small years of 8 and 20 members and a 60-member, 150-session one: every plan keeps every
    /// rule, fills what it says it fills, and is proven optimal.
    @Test(arguments: [(1, 20, 40), (2, 20, 40), (4, 20, 40), (7, 8, 40), (12, 60, 150)])
    func everyPlanKeepsTheIndependentRules(seed: Int, members: Int, sessions: Int) throws {
        let problem = try RealisticGroups.problem(seed: UInt64(seed), members: members, sessions: sessions)
        #expect(IndependentRules.violations(problem.sessions, problem: problem) == [], "the pins keep the rules")
        let result = OrganiserAssigner.assign(problem, options: AssignmentOptions(timeLimit: nil))
        #expect(IndependentRules.violations(result.sessions, problem: problem) == [])
        #expect(result.provenOptimal && result.gap == nil)
        let filled = result.sessions.reduce(0) { $0 + $1.organisers.count }
        #expect(filled == result.score.filled)
        // Every pin stays where it was put.
        for (before, after) in zip(problem.sessions, result.sessions) {
            let kept = Set(after.organisers.filter(\.pinned).map(\.memberID))
            #expect(Set(before.organisers.filter(\.pinned).map(\.memberID)).isSubset(of: kept), "\(before.id)")
        }
        // Every slot left empty says, for every member, which rule kept him out.
        #expect(result.unfilled.allSatisfy { $0.exclusions.count == problem.members.count })
    }

    /// The same years' programmes: proven, no theme twice in the year, every session of a month
    /// without a fixed theme under the month's headline.
    @Test(arguments: [(1, 20, 40), (12, 60, 150)])
    func everyProgrammeKeepsItsRules(seed: Int, members: Int, sessions: Int) throws {
        let problem = try RealisticGroups.problem(seed: UInt64(seed), members: members, sessions: sessions)
        let months = MonthKey.range(try MonthKey(year: 2027, month: 1), try MonthKey(year: 2027, month: 12))
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                group: problem.group, catalogue: problem.catalogue, members: problem.members,
                activities: problem.activities, sessions: problem.sessions, months: months),
            timeLimit: nil)
        #expect(programme.provenOptimal)
        #expect(programme.months.map(\.month) == months)
        #expect(Set(programme.months.map(\.theme)).count == 12)
        let fixed = Set(problem.activities.filter { $0.theme != nil }.map(\.slug))
        for session in programme.sessions where !fixed.contains(session.activity) {
            let headline = programme.months.first { $0.month == MonthKey(session.start.date) }?.theme
            #expect(session.theme == headline, "\(session.id)")
        }
    }
}
