import Foundation
import HeapModule

/// Fills each session's organiser slots under the hard rules with the best value of
/// ``AssignmentScore`` (filled, kept, fairness, interest, mentoring, in that order).
///
/// Exact: a mixed-integer program solved level by level by COIN-OR CBC (see `StaffingMILP`),
/// starting from a greedy plan with local moves (`StaffingHeuristic`) that proves a level at once
/// when it reaches the cheap bound; when the time limit stops the solver, or the program is above
/// ``AssignmentOptions/solverSizeLimit``, the best plan found comes with a lexicographic bound
/// and the gap.
/// Explanations are computed from the rules (`AssignmentRules`), never read from the solver.
/// Deterministic: the same problem gives the same plan (when the solve ends within its limit).
public enum OrganiserAssigner {
    /// Staffs `problem.sessions`; returns them (input order) with organisers and reasons.
    public static func assign(_ problem: AssignmentProblem, options: AssignmentOptions = AssignmentOptions())
        -> AssignmentResult
    {
        let model = StaffingModel(problem: problem)
        var notes: [String] = []
        if problem.members.isEmpty { notes.append("the group has no members: every slot stays empty") }
        let pinBreaches = pinnedBreaches(problem)
        for breach in pinBreaches { notes.append("a pinned duty breaks a rule (kept as pinned): \(breach)") }
        let seconds = options.timeLimit.map {
            Double($0.components.seconds) + Double($0.components.attoseconds) * 1e-18
        }
        let outcome = StaffingMILP(model: model).solve(
            timeLimit: seconds, nodeLimit: options.nodeLimit, sizeLimit: options.solverSizeLimit)
        let assigned = outcome.assigned
        let score = model.score(assigned)
        let bound = outcome.bound ?? score
        let proven = !(score < bound)
        if !proven { notes.append(gapNote(score: score, bound: bound)) }
        let sessions = staffedSessions(problem: problem, model: model, assigned: assigned)
        let duties = dutiesByMember(sessions + problem.context)
        let unfilled = model.sessions.indices.compactMap { s -> UnfilledSlot? in
            let missing = model.need[s] - assigned[s].count
            guard missing > 0 else { return nil }
            let session = sessions[model.inputIndex[s]]
            return UnfilledSlot(
                session: session.id, missing: missing,
                exclusions: exclusions(for: session, slots: model.slots[s], duties: duties, problem: problem))
        }
        for slot in unfilled where !problem.members.isEmpty {
            let rules = Set(slot.exclusions.compactMap(\.rule?.rawValue)).sorted().joined(separator: ", ")
            notes.append(
                "\(slot.session): \(slot.missing) slot(s) unfilled (\(rules.isEmpty ? "no rule" : rules) excluded every member)"
            )
        }
        return AssignmentResult(
            sessions: sessions, score: score, bound: bound, provenOptimal: proven,
            method: outcome.solverSkipped ? .localSearch : .mixedIntegerProgram,
            gap: proven ? nil : outcome.gap, nodes: outcome.nodes, unfilled: unfilled,
            changes: changes(from: problem.sessions, to: sessions, model: model), notes: notes,
            pinBreaches: pinBreaches)
    }

    /// Why each organiser of `sessionID` was chosen and, for an empty slot, what excluded each
    /// other member, judged against the whole plan `sessions`. Nil for an unknown session.
    public static func explain(
        _ sessionID: Session.ID, sessions: [Session], members: [Member], group: Group, activities: [Activity],
        catalogue: Catalogue
    ) -> SessionExplanation? {
        guard let session = sessions.first(where: { $0.id == sessionID }),
            let kind = PlanChecker.kindLookup(activities: activities, catalogue: catalogue)(session.activity)
        else { return nil }
        let problem = AssignmentProblem(
            group: group, members: members, activities: activities, catalogue: catalogue, sessions: sessions)
        let missing = session.takesPlace ? max(0, kind.organisers.count - session.organisers.count) : 0
        let organisers = session.organisers.map { assignment in
            assignment.reasons.isEmpty
                ? Assignment(
                    memberID: assignment.memberID, role: assignment.role, pinned: assignment.pinned,
                    reasons: ["set by hand" + (assignment.pinned ? " (pinned)" : "")])
                : assignment
        }
        return SessionExplanation(
            session: sessionID, organisers: organisers, missing: missing,
            exclusions: missing > 0
                ? exclusions(for: session, slots: kind.organisers, duties: dutiesByMember(sessions), problem: problem)
                : [])
    }

    /// The hard rules broken by the period's pinned duties (with the duties outside the period),
    /// and not already broken by those outside duties alone.
    static func pinnedBreaches(_ problem: AssignmentProblem) -> [RuleBreach] {
        let pins = problem.sessions.compactMap { session -> Session? in
            let pinned = session.organisers.filter(\.pinned)
            guard !pinned.isEmpty else { return nil }
            return try? session.with(organisers: pinned)
        }
        guard !pins.isEmpty else { return [] }
        func check(_ sessions: [Session]) -> [RuleBreach] {
            PlanChecker.check(
                sessions: sessions, members: problem.members, group: problem.group, catalogue: problem.catalogue,
                activities: problem.activities)
        }
        let before = Set(check(problem.context))
        return check(pins + problem.context).filter { !before.contains($0) }
    }

    // MARK: - Reasons

    /// Each member's staffed duties among `sessions`, in time order.
    static func dutiesByMember(_ sessions: [Session]) -> [Slug: [Session]] {
        var duties: [Slug: [Session]] = [:]
        for session in sessions.sorted(by: { $0.start < $1.start }) where session.takesPlace {
            for assignment in session.organisers { duties[assignment.memberID, default: []].append(session) }
        }
        return duties
    }

    /// For every member not on `session`: the first rule that excludes them given their other
    /// `duties`.
    static func exclusions(
        for session: Session, slots: OrganiserSlots, duties: [Slug: [Session]], problem: AssignmentProblem
    )
        -> [MemberExclusion]
    {
        let gap = problem.group.minimumGapDays
        let month = MonthKey(session.start.date).index
        return problem.members.filter { member in !session.organisers.contains { $0.memberID == member.id } }.map {
            member in
            if let (rule, message) = AssignmentRules.staticBreach(member: member, session: session, slots: slots) {
                return MemberExclusion(member: member.id, rule: rule, message: message)
            }
            if slots.mixesChairsAndOpenSlots && !slots.isChair(member.role) {
                let roles = session.organisers.compactMap { a in problem.members.first { $0.id == a.memberID }?.role }
                if !slots.admits(chairs: roles.filter(slots.isChair).count, of: roles.count + 1) {
                    let chairs = slots.roles.map(\.rawValue).joined(separator: " or ")
                    return MemberExclusion(
                        member: member.id, rule: .role,
                        message:
                            "is \(member.role.rawValue); an open slot needs a \(chairs) beside it, and none is free")
                }
            }
            let duties = duties[member.id, default: []].filter { $0.id != session.id }
            for other in duties {
                if let rule = AssignmentRules.conflict(other, session, gap: gap, zone: problem.group.zone) {
                    return MemberExclusion(
                        member: member.id, rule: rule,
                        message: AssignmentRules.conflictMessage(rule, other: other, gap: gap))
                }
            }
            let inMonth = duties.filter { MonthKey($0.start.date).index == month }.count
            if inMonth >= member.capacityPerMonth {
                return MemberExclusion(
                    member: member.id, rule: .capacity,
                    message: "already has \(inMonth) duty(ies) that month, capacity \(member.capacityPerMonth)")
            }
            return MemberExclusion(member: member.id, rule: nil, message: "no rule excludes them")
        }
    }

    /// The period's sessions with the chosen organisers and their reasons, in input order.
    private static func staffedSessions(problem: AssignmentProblem, model: StaffingModel, assigned: [[Int]])
        -> [Session]
    {
        var result = problem.sessions
        var duties = model.base
        for s in model.sessions.indices { for m in assigned[s] { duties[m] += 1 } }
        let period =
            model.sessions.isEmpty
            ? "" : " in \(model.sessions[0].start.date)…\(model.sessions[model.sessions.count - 1].start.date)"
        for s in model.sessions.indices {
            let session = model.sessions[s]
            let slots = model.slots[s]
            let pinned = session.organisers.filter(\.pinned)
            let others = model.candidates[s].filter { !assigned[s].contains($0) }.map { duties[$0] }
            let chosen = assigned[s].map { m -> Assignment in
                let member = model.members[m]
                var reasons: [String] = []
                if slots.mixesChairsAndOpenSlots {
                    reasons.append(
                        slots.isChair(member.role)
                            ? "\(member.role.rawValue): takes the slot that needs a chair"
                            : "\(member.role.rawValue): takes an open slot beside the chair")
                } else if !slots.roles.isEmpty {
                    reasons.append(
                        "\(member.role.rawValue): may take \(slots.roleName == .organiser ? "an" : "a") \(slots.roleName.rawValue) slot"
                    )
                }
                let window = member.availability.first {
                    $0.covers(session.start.date.weekday, from: session.start.time, to: session.end.time)
                }
                reasons.append(
                    "available \(session.start.date.weekday.shortName) \(session.start.time)–\(session.end.time)"
                        + (window.map { " (window \($0.timeRange))" } ?? "") + ", not away, within capacity and gap")
                if model.previous(m, s) { reasons.append("kept from the previous plan") }
                let othersText =
                    others.isEmpty
                    ? "no other member was free" : "other free members had \(others.min() ?? 0)–\(others.max() ?? 0)"
                reasons.append("fairness: \(duties[m]) duties\(period); \(othersText)")
                if model.interested(m, s), let theme = session.theme { reasons.append("interested in \(theme)") }
                let team = model.pinned[s] + assigned[s]
                if model.pairSession[s] && model.mentoringPairs(team) > 0 && model.experience[m] != .other {
                    let partner = team.first {
                        model.experience[$0] != model.experience[m] && model.experience[$0] != .other
                    }
                    reasons.append(
                        model.experience[m] == .experienced
                            ? "mentoring: experienced, beside newcomer \(partner.map { model.members[$0].id.rawValue } ?? "")"
                            : "mentoring: newcomer, beside experienced \(partner.map { model.members[$0].id.rawValue } ?? "")"
                    )
                }
                return Assignment(memberID: member.id, role: slots.roleName, pinned: false, reasons: reasons)
            }
            let pinnedWithReasons = pinned.map { assignment in
                Assignment(
                    memberID: assignment.memberID, role: assignment.role, pinned: true,
                    reasons: assignment.reasons.isEmpty ? ["pinned (published): kept as it is"] : assignment.reasons)
            }
            // Sessions are valid already; only organisers change, so this cannot throw.
            if let updated = try? session.with(organisers: pinnedWithReasons + chosen) {
                result[model.inputIndex[s]] = updated
            }
        }
        return result
    }

    /// The unpinned organisers removed and added per session, with why a member was removed.
    private static func changes(from old: [Session], to new: [Session], model: StaffingModel) -> [AssignmentChange] {
        let memberIndex = Dictionary(
            model.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let modelIndex = Dictionary(
            model.inputIndex.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var result: [AssignmentChange] = []
        for (index, (before, after)) in zip(old, new).enumerated() {
            let was = before.organisers.filter { !$0.pinned }.map(\.memberID)
            let now = after.organisers.filter { !$0.pinned }.map(\.memberID)
            let removed = was.filter { !now.contains($0) }
            let added = now.filter { !was.contains($0) }
            guard !removed.isEmpty || !added.isEmpty else { continue }
            let reasons = removed.map { id -> String in
                guard let m = memberIndex[id] else { return "\(id): no longer a member" }
                guard let s = modelIndex[index] else { return "\(id): the session no longer takes organisers" }
                if !model.candidates[s].contains(m) { return "\(id): breaks a rule now (see explain)" }
                return "\(id): moved so that more slots are filled"
            }
            result.append(AssignmentChange(session: after.id, removed: removed, added: added, reasons: reasons))
        }
        return result
    }

    // MARK: - Bounds

    /// A lexicographic bound without search: every slot with a candidate filled; all still valid
    /// previous duties kept; Σd² by water-filling those duties over members (each up to what
    /// they could take); every slot with an interested candidate matched; every possible pair.
    static func cheapBound(_ model: StaffingModel) -> AssignmentScore {
        var fill = 0
        var interest = 0
        var kept = 0
        var pairs = 0
        var reach = Array(repeating: 0, count: model.members.count)
        var pinnedInterest = 0
        for s in model.sessions.indices {
            fill += min(model.need[s], model.candidates[s].count)
            interest += min(model.need[s], model.candidates[s].filter { model.interested($0, s) }.count)
            kept += model.candidates[s].filter { model.previous($0, s) }.count
            for m in model.candidates[s] { reach[m] += 1 }
            pinnedInterest += model.pinned[s].filter { model.interested($0, s) }.count
            if model.pairSession[s] {
                let team = model.pinned[s]
                let canE = model.candidates[s].contains { model.experience[$0] == .experienced }
                let canN = model.candidates[s].contains { model.experience[$0] == .newcomer }
                let hasE = team.contains { model.experience[$0] == .experienced }
                let hasN = team.contains { model.experience[$0] == .newcomer }
                if (hasE || canE) && (hasN || canN) { pairs += 1 }
            }
        }
        for m in model.members.indices {
            reach[m] = min(reach[m], model.capacity[m].reduce(0) { $0 + max(0, $1) })
        }
        let squares = waterFill(base: model.base, limits: reach, units: fill)
        let pinnedCount = model.pinned.reduce(0) { $0 + $1.count }
        return AssignmentScore(
            filled: fill + pinnedCount, kept: kept, sumOfSquares: squares, interestMatches: interest + pinnedInterest,
            mentoringPairs: pairs)
    }

    /// The least Σ(base + x)² with Σx = units, 0 ≤ x ≤ limit: units go one by one to the member
    /// with the fewest duties (convex costs: greedy is optimal).
    static func waterFill(base: [Int], limits: [Int], units: Int) -> Int {
        /// A member's duties so far, fewest first (ties: the earlier member).
        struct Load: Comparable {
            var duties: Int
            var member: Int
            static func < (a: Load, b: Load) -> Bool { (a.duties, a.member) < (b.duties, b.member) }
        }
        var heap = Heap<Load>()
        var duties = base
        var left = limits
        for m in base.indices where left[m] > 0 { heap.insert(Load(duties: duties[m], member: m)) }
        var remaining = units
        while remaining > 0, let m = heap.popMin()?.member {
            duties[m] += 1
            left[m] -= 1
            remaining -= 1
            if left[m] > 0 { heap.insert(Load(duties: duties[m], member: m)) }
        }
        return duties.reduce(0) { $0 + $1 * $1 }
    }

    /// The gap between a plan and its bound, level by level.
    static func gapNote(score: AssignmentScore, bound: AssignmentScore) -> String {
        var parts: [String] = []
        if score.filled < bound.filled { parts.append("≤ \(bound.filled - score.filled) more slot(s) might be filled") }
        if score.filled == bound.filled {
            if score.kept < bound.kept {
                parts.append("≤ \(bound.kept - score.kept) more previous duties might be kept")
            }
            if score.kept == bound.kept && score.sumOfSquares > bound.sumOfSquares {
                parts.append("Σd² \(score.sumOfSquares) vs lower bound \(bound.sumOfSquares)")
            }
            if score.kept == bound.kept && score.sumOfSquares == bound.sumOfSquares {
                if score.interestMatches < bound.interestMatches {
                    parts.append("interest \(score.interestMatches) vs upper bound \(bound.interestMatches)")
                } else if score.mentoringPairs < bound.mentoringPairs {
                    parts.append("mentoring \(score.mentoringPairs) vs upper bound \(bound.mentoringPairs)")
                }
            }
        }
        return "not proven optimal: " + (parts.isEmpty ? "bound \(bound)" : parts.joined(separator: "; "))
    }
}
