import Foundation
import PropertyBased
import Testing

@testable import Planning

@Suite struct OrganiserAssignerTests {
    func breaches(_ problem: AssignmentProblem, _ sessions: [Session]) -> [RuleBreach] {
        PlanChecker.check(
            sessions: sessions + problem.context, members: problem.members, group: problem.group,
            catalogue: problem.catalogue, activities: problem.activities)
    }

    @Test func matchesExhaustiveSearchOnSmallRandomInstances() async {
        await propertyCheck(count: 60, input: Gen.int(in: 0...1_000_000_000)) { seed in
            do {
                let problem = try RandomInstance.problem(seed: UInt64(seed), members: 4, sessions: 5)
                let result = OrganiserAssigner.assign(problem)
                let best = try BruteForce.best(problem)
                #expect(result.score == best, "seed \(seed)")
                #expect(result.provenOptimal, "seed \(seed)")
                #expect(breaches(problem, result.sessions).isEmpty, "seed \(seed)")
                #expect(IndependentRules.violations(result.sessions, problem: problem) == [], "seed \(seed)")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test func noOutputBreaksAHardRuleAndPinnedDutiesStay() async {
        await propertyCheck(count: 40, input: Gen.int(in: 0...1_000_000_000), Gen.int(in: 2...9), Gen.int(in: 4...14)) {
            seed, members, sessions in
            do {
                let problem = try RandomInstance.problem(seed: UInt64(seed), members: members, sessions: sessions)
                let result = OrganiserAssigner.assign(problem)
                #expect(breaches(problem, result.sessions).isEmpty, "seed \(seed)")
                #expect(IndependentRules.violations(result.sessions, problem: problem) == [], "seed \(seed)")
                for (before, after) in zip(problem.sessions, result.sessions) {
                    for pinned in before.organisers where pinned.pinned {
                        #expect(
                            after.organisers.contains { $0.memberID == pinned.memberID && $0.pinned }, "seed \(seed)")
                    }
                    #expect(after.id == before.id && after.start == before.start)
                }
                #expect(!(result.bound < result.score), "the bound is never below the plan")
                let again = OrganiserAssigner.assign(problem)
                #expect(again.sessions == result.sessions, "same input, same output (seed \(seed))")
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test func aLimitedSolveKeepsTheRulesAndReportsItsGapHonestly() async {
        await propertyCheck(count: 25, input: Gen.int(in: 0...1_000_000_000)) { seed in
            do {
                let problem = try RandomInstance.problem(seed: UInt64(seed), members: 8, sessions: 14)
                // One node per level, and no time at all: the solver may stop before proving.
                let limited = OrganiserAssigner.assign(problem, options: AssignmentOptions(nodeLimit: 1))
                let none = OrganiserAssigner.assign(problem, options: AssignmentOptions(timeLimit: .zero))
                // No solver at all: the greedy plan, proven only where the cheap bound proves it.
                let greedy = OrganiserAssigner.assign(problem, options: AssignmentOptions(solverSizeLimit: 0))
                #expect(greedy.method == .localSearch || greedy.provenOptimal, "seed \(seed)")
                let exact = OrganiserAssigner.assign(problem)
                #expect(exact.provenOptimal && exact.method.isExact && exact.gap == nil)
                for result in [limited, none, greedy] {
                    #expect(breaches(problem, result.sessions).isEmpty, "seed \(seed)")
                    #expect(!(result.bound < result.score))
                    // The bound is a true bound: never below the proven optimum.
                    #expect(!(result.bound < exact.score), "seed \(seed): \(result.bound) < \(exact.score)")
                    #expect(!(exact.score < result.score))
                    if result.provenOptimal {
                        #expect(result.score == exact.score)
                    } else {
                        #expect(result.notes.contains { $0.hasPrefix("not proven optimal") })
                    }
                }
            } catch {
                Issue.record("seed \(seed): \(error)")
            }
        }
    }

    @Test func aGroupWithNoMembersGetsAPlanWithReasons() throws {
        let catalogue = try Example.catalogue()
        let plan = try GroupPlan(group: Example.group(), activities: Example.activities())
        let sessions = try Example.placedSessions(plan, catalogue)
        let result = OrganiserAssigner.assign(
            AssignmentProblem(
                group: plan.group, members: [], activities: plan.activities, catalogue: catalogue, sessions: sessions))
        #expect(result.score.filled == 0)
        #expect(result.unfilled.count == sessions.count)
        #expect(result.notes.contains("the group has no members: every slot stays empty"))
        #expect(result.provenOptimal)
    }

    @Test func nobodyAvailableOnAWeekdayIsExplainedMemberByMember() throws {
        let catalogue = try Example.catalogue()
        let plan = try Example.plan()
        let friday = try Activity(
            slug: Example.slug("friday-evening"), kind: Example.slug("lunch-and-learn"), title: "Friday evening",
            schedule: .oneOff(Example.at("2027-03-12T18:00")))
        let session = try Session(
            activity: friday.slug, ruleDate: Example.at("2027-03-12T18:00"), start: Example.at("2027-03-12T18:00"),
            end: Example.at("2027-03-12T19:00"))
        let result = OrganiserAssigner.assign(
            AssignmentProblem(
                group: plan.group, members: plan.members, activities: [friday], catalogue: catalogue,
                sessions: [session]))
        let slot = try #require(result.unfilled.first)
        #expect(slot.missing == 1)
        #expect(slot.exclusions.count == plan.members.count)
        #expect(slot.exclusions.allSatisfy { $0.rule == .availability })
        #expect(result.notes.contains { $0.contains("availability excluded every member") })
        let explanation = try #require(
            OrganiserAssigner.explain(
                session.id, sessions: result.sessions, members: plan.members, group: plan.group, activities: [friday],
                catalogue: catalogue))
        #expect(explanation.missing == 1 && explanation.exclusions == slot.exclusions)
    }

    /// The example year staffed from scratch.
    func exampleAssignment() throws -> (Catalogue, GroupPlan, AssignmentResult) {
        let catalogue = try Example.catalogue()
        let plan = try Example.plan()
        let sessions = try Example.placedSessions(plan, catalogue)
        let result = OrganiserAssigner.assign(
            AssignmentProblem(
                group: plan.group, members: plan.members, activities: plan.activities, catalogue: catalogue,
                sessions: sessions))
        return (catalogue, plan, result)
    }

    @Test func everyAssignmentSaysWhy() throws {
        let (_, plan, result) = try exampleAssignment()
        let meeting = try #require(result.sessions.first { $0.activity.rawValue == "monthly-meeting" })
        let chair = try #require(meeting.organisers.first)
        #expect(chair.role == .chair)
        #expect(chair.reasons.contains { $0.contains("may take a chair slot") })
        #expect(chair.reasons.contains { $0.hasPrefix("fairness:") })
        #expect(chair.reasons.contains { $0.hasPrefix("available Tue 15:00–16:30") })
        let member = try #require(plan.member(chair.memberID))
        #expect([MemberRole.coChair, .focalPoint].contains(member.role))
    }

    @Test func replanningKeepsStillValidDutiesAndSaysWhatChanged() throws {
        let (catalogue, plan, first) = try exampleAssignment()
        // Pick a lunch-and-learn duty and send its organiser on mission that day.
        let target = try #require(
            first.sessions.first {
                $0.activity.rawValue == "lunch-and-learn" && !$0.organisers.isEmpty && $0.start.month == 6
            })
        let away = try #require(target.organisers.first?.memberID)
        let members = try plan.members.map { member in
            member.id != away
                ? member
                : try Member(
                    id: member.id, name: member.name, email: member.email, role: member.role,
                    staffCategory: member.staffCategory,
                    joined: member.joined, interests: member.interests, availability: member.availability,
                    absences: member.absences + [
                        Absence(from: target.start.date, to: target.start.date, reason: "mission")
                    ],
                    capacityPerMonth: member.capacityPerMonth)
        }
        let second = OrganiserAssigner.assign(
            AssignmentProblem(
                group: plan.group, members: members, activities: plan.activities, catalogue: catalogue,
                sessions: first.sessions))
        #expect(second.score.filled >= first.score.filled - 1)
        let broken = try #require(second.changes.first { $0.session == target.id })
        #expect(broken.removed == [away])
        #expect(broken.reasons.contains { $0.contains("breaks a rule now") })
        // Everything that was still valid stays, unless moving it fills more slots.
        let stillValid = first.score.filled - 1
        #expect(second.score.filled > stillValid || second.score.kept == stillValid)
        for change in second.changes where change.session != target.id {
            #expect(change.reasons.allSatisfy { $0.contains("more slots") })
        }
        #expect(second.changes.flatMap(\.removed).count == first.score.filled - second.score.kept)
        #expect(
            breaches(
                AssignmentProblem(
                    group: plan.group, members: members, activities: plan.activities, catalogue: catalogue, sessions: []
                ), second.sessions
            ).isEmpty)
    }

    @Test func aPinThatBreaksARuleIsReportedByNameAndKept() throws {
        let catalogue = try Example.catalogue()
        let plan = try Example.plan()
        var sessions = try Example.placedSessions(plan, catalogue)
        // Matteo is on mission to Bishkek on 2 March: a pin there breaks the absence rule.
        let index = try #require(
            sessions.firstIndex {
                $0.activity.rawValue == "monthly-meeting" && $0.start.date == Example.date("2027-03-02")
            })
        sessions[index] = try sessions[index].with(organisers: [
            Assignment(memberID: Example.slug("matteo-conti"), role: .chair, pinned: true)
        ])
        let problem = AssignmentProblem(
            group: plan.group, members: plan.members, activities: plan.activities, catalogue: catalogue,
            sessions: sessions)
        let result = OrganiserAssigner.assign(problem)
        #expect(result.pinBreaches.map(\.rule) == [.absence])
        #expect(result.pinBreaches.first?.member?.rawValue == "matteo-conti")
        #expect(result.notes.contains { $0.contains("matteo-conti") && $0.contains("[absence]") })
        #expect(result.sessions[index].organisers.map(\.memberID.rawValue) == ["matteo-conti"])
        // Every other duty keeps the rules.
        let others = result.sessions.enumerated().map { offset, session in
            offset == index ? (try? session.with(organisers: [])) ?? session : session
        }
        #expect(breaches(problem, others).isEmpty)
    }

    @Test func checkerFindsEveryHandEditBreach() throws {
        let catalogue = try Example.catalogue()
        let plan = try Example.plan()
        let sessions = try Example.placedSessions(plan, catalogue)
        func edit(_ session: Session, _ ids: [String]) throws -> Session {
            try Session(
                activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                theme: session.theme, organisers: ids.map { Assignment(memberID: Example.slug($0), role: .organiser) })
        }
        var edited = sessions
        func put(_ activity: String, _ date: String, _ ids: [String]) throws {
            let index = try #require(
                edited.firstIndex { $0.activity.rawValue == activity && $0.start.date == Example.date(date) })
            edited[index] = try edit(edited[index], ids)
        }
        try put("monthly-meeting", "2027-03-02", ["matteo-conti"])  // on mission to Bishkek
        try put("lunch-and-learn", "2027-03-10", ["giorgi-beridze"])  // Thursdays only
        try put("monthly-meeting", "2027-04-06", ["daniel-murphy"])  // a member cannot chair
        try put("lunch-and-learn", "2027-04-07", ["daniel-murphy"])  // the day after: gap
        try put("lunch-and-learn", "2027-05-05", ["tomasz-wojcik"])
        try put("lunch-and-learn", "2027-05-19", ["tomasz-wojcik"])  // capacity one a month
        try put("lunch-and-learn", "2027-06-02", ["jonas-lindqvist", "anton-berger"])  // one slot only
        let found = PlanChecker.check(
            sessions: edited, members: plan.members, group: plan.group, catalogue: catalogue,
            activities: plan.activities)
        let summary = Set(found.map { "\($0.rule.rawValue) \($0.member?.rawValue ?? "-")" })
        #expect(
            summary == [
                "absence matteo-conti", "availability giorgi-beridze", "role daniel-murphy",
                "minimum-gap daniel-murphy",
                "capacity tomasz-wojcik", "slot-count -",
            ])
        #expect(found.count == 6)
        #expect(
            PlanChecker.check(
                sessions: sessions, members: plan.members, group: plan.group, catalogue: catalogue,
                activities: plan.activities
            ).isEmpty)
    }
}
