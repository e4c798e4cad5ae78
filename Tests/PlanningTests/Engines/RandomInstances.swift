import Foundation
import PropertyBased

@testable import Planning

/// Random small groups for property and brute-force tests.
enum RandomInstance {
    /// A random assignment problem: `members` members, `sessions` sessions in February–March
    /// 2027 of four kinds (one slot any role; one slot co-chair only; two slots; two slots of
    /// which one needs a chair), random
    /// windows, absences, capacities, interests, gap, past duties and at most one pinned duty.
    static func problem(seed: UInt64, members memberCount: Int, sessions sessionCount: Int) throws -> AssignmentProblem
    {
        var random = Xoshiro(seed: (seed, seed ^ 0x9E37_79B9_7F4A_7C15, ~seed, seed &* 31 &+ 7))
        let catalogue = try Example.catalogue()
        let themes = catalogue.themes.map(\.slug)
        let kinds = ["lunch-and-learn", "monthly-meeting", "fundraiser", "kick-off"]
        let activities = try kinds.map { kind in
            try Activity(
                slug: Example.slug("a-\(kind)"), kind: Example.slug(kind), title: kind,
                schedule: .oneOff(Example.at("2027-02-01T12:00")))
        }
        let roles: [MemberRole] = [.coChair, .focalPoint, .member]
        var members: [Member] = []
        var past: [Slug: Int] = [:]
        for index in 0..<memberCount {
            let days = Weekday.allCases.prefix(5).filter { _ in Bool.random(using: &random) }
            let windows =
                days.isEmpty
                ? []
                : [
                    try AvailabilityWindow(
                        days: Array(days),
                        from: Example.time(["08:00", "12:00"].randomElement(using: &random) ?? "08:00"),
                        to: Example.time(["14:00", "18:00"].randomElement(using: &random) ?? "18:00"))
                ]
            let absences =
                Bool.random(using: &random)
                ? [
                    try Absence(
                        from: Example.date("2027-02-0\(Int.random(in: 1...9, using: &random))"),
                        to: Example.date("2027-02-1\(Int.random(in: 0...9, using: &random))"), reason: "leave")
                ]
                : []
            let id = Example.slug("m\(index)")
            members.append(
                try Member(
                    id: id, name: "Member \(index)", email: "m\(index)@example.org",
                    role: roles.randomElement(using: &random) ?? .member, staffCategory: .national,
                    joined: Example.date("2026-01-01"),
                    interests: Array(themes.shuffled(using: &random).prefix(Int.random(in: 0...3, using: &random))),
                    availability: windows, absences: absences, capacityPerMonth: Int.random(in: 0...2, using: &random)))
            past[id] = [0, 0, 1, 3, 5].randomElement(using: &random) ?? 0
        }
        var sessions: [Session] = []
        var used: Set<String> = []
        while sessions.count < sessionCount {
            let activity = activities.randomElement(using: &random) ?? activities[0]
            let day = Int.random(in: 1...56, using: &random)
            let date = Example.date("2027-02-01").adding(days: day)
            let start = LocalDateTime(
                date: date,
                time: Example.time(["09:00", "12:30", "13:00", "15:00"].randomElement(using: &random) ?? "12:30"))
            guard used.insert("\(activity.slug)\(start)").inserted else { continue }
            sessions.append(
                try Session(
                    activity: activity.slug, ruleDate: start, start: start,
                    end: start.adding(minutes: [60, 90].randomElement(using: &random) ?? 60),
                    theme: themes.randomElement(using: &random)))
        }
        let group = try Example.group(minimumGap: [0, 3, 7].randomElement(using: &random) ?? 7)
        var problem = AssignmentProblem(
            group: group, members: members, activities: activities, catalogue: catalogue, sessions: sessions,
            pastDuties: past)
        // At most one pinned duty, and a valid one.
        if Bool.random(using: &random), let index = sessions.indices.randomElement(using: &random) {
            let session = sessions[index]
            let slots = try requireKindHelper(catalogue, activities, session)
            if let member = members.first(where: {
                AssignmentRules.staticBreach(member: $0, session: session, slots: slots) == nil
                    && $0.capacityPerMonth > 0 && IndependentRules.teamFits([$0], slots: slots)
            }) {
                problem.sessions[index] = try Session(
                    activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                    theme: session.theme, organisers: [Assignment(memberID: member.id, role: .organiser, pinned: true)])
            }
        }
        return problem
    }

    static func requireKindHelper(_ catalogue: Catalogue, _ activities: [Activity], _ session: Session) throws
        -> OrganiserSlots
    {
        guard let kind = PlanChecker.kindLookup(activities: activities, catalogue: catalogue)(session.activity) else {
            throw PlanningError(.unknownReference, "no kind for \(session.activity)")
        }
        return kind.organisers
    }
}

/// The best score by exhaustive search: every subset of allowed members per session, checked
/// rule by rule as it grows. The independent reference for the assigner on small instances: its
/// rules are ``IndependentRules``, not the engine's.
enum BruteForce {
    static func best(_ problem: AssignmentProblem) throws -> AssignmentScore? {
        let kindOf = PlanChecker.kindLookup(activities: problem.activities, catalogue: problem.catalogue)
        let sessions = problem.sessions
        let gap = problem.group.minimumGapDays
        var options: [[[Member]]] = []
        for session in sessions {
            guard let slots = kindOf(session.activity)?.organisers else {
                throw PlanningError(.unknownReference, "kind")
            }
            let pinned = Set(session.organisers.map(\.memberID))
            let free = problem.members.filter {
                !pinned.contains($0.id) && IndependentRules.mayTake($0, session, slots: slots)
            }
            let room = max(0, slots.count - session.organisers.count)
            var subsets: [[Member]] = [[]]
            if room >= 1 { subsets += free.map { [$0] } }
            if room >= 2 {
                for i in free.indices { for j in free.indices where j > i { subsets.append([free[i], free[j]]) } }
            }
            let pinnedTeam = session.organisers.compactMap { a in problem.members.first { $0.id == a.memberID } }
            options.append(subsets.filter { IndependentRules.teamFits(pinnedTeam + $0, slots: slots) })
        }
        var chosen: [[Member]] = []
        var best: AssignmentScore?
        func duties(of member: Slug) -> [Session] {
            var list: [Session] = []
            for (index, team) in chosen.enumerated() where team.contains(where: { $0.id == member }) {
                list.append(sessions[index])
            }
            for session in sessions where session.organisers.contains(where: { $0.memberID == member }) {
                list.append(session)
            }
            return list
        }
        func fits(_ member: Member, _ session: Session) -> Bool {
            let others = duties(of: member.id)
            guard others.allSatisfy({ IndependentRules.compatible($0, session, gap: gap, zone: problem.group.zone) })
            else { return false }
            // Only the session's month: pins may already overfill another month.
            let sameMonth = others.filter {
                $0.start.date.description.prefix(7) == session.start.date.description.prefix(7)
            }
            return IndependentRules.withinCapacity(sameMonth + [session], capacity: member.capacityPerMonth)
        }
        func score() -> AssignmentScore {
            var count: [Slug: Int] = [:]
            var result = AssignmentScore(filled: 0, kept: 0, sumOfSquares: 0, interestMatches: 0, mentoringPairs: 0)
            for (index, session) in sessions.enumerated() {
                let team =
                    session.organisers.compactMap { a in problem.members.first { $0.id == a.memberID } } + chosen[index]
                result.filled += team.count
                let area = session.theme.flatMap { problem.catalogue.theme($0)?.area }
                for member in team {
                    count[member.id, default: 0] += 1
                    if let theme = session.theme,
                        member.interests.contains(theme) || area.map(member.interests.contains) == true
                    {
                        result.interestMatches += 1
                    }
                }
                if (kindOf(session.activity)?.organisers.count ?? 1) >= 2 {
                    let experienced = team.filter { (problem.pastDuties[$0.id] ?? 0) >= 3 }.count
                    let newcomers = team.filter { (problem.pastDuties[$0.id] ?? 0) == 0 }.count
                    result.mentoringPairs += min(experienced, newcomers)
                }
            }
            result.sumOfSquares = count.values.reduce(0) { $0 + $1 * $1 }
            return result
        }
        func search(_ index: Int) {
            if index == sessions.count {
                let value = score()
                if best.map({ $0 < value }) ?? true { best = value }
                return
            }
            for team in options[index] {
                var ok = true
                var placed: [Member] = []
                chosen.append([])
                for member in team {
                    if !fits(member, sessions[index]) {
                        ok = false
                        break
                    }
                    placed.append(member)
                    chosen[index] = placed
                }
                if ok { search(index + 1) }
                chosen.removeLast()
            }
        }
        search(0)
        return best
    }
}
