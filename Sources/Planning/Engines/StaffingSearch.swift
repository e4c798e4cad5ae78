import Foundation

/// Exact search for the best staffing of a ``StaffingModel``: branch-and-bound whose bound at
/// every node is a min-cost flow.
///
/// The flow drops only the pairwise rules (overlap and minimum gap) and the mentoring pairs; it
/// keeps slots, monthly capacity, one slot per member and session, and prices the other levels
/// with dominating weights: a filled slot outweighs every kept assignment, which outweighs any
/// change of Σd² (convex unit costs 1, 3, 5, … per member), which outweighs every interest
/// match, which outweighs every linear mentoring gain. Its optimum is therefore the
/// lexicographic optimum of a relaxation, a valid bound for every plan below the node.
///
/// Branching: on a member holding two conflicting sessions in the flow's plan (force the
/// earlier one, which forbids its conflicts; or forbid it), then on an empty two-organiser
/// session that could hold a mentoring pair but does not in the flow's plan: one branch per
/// experienced candidate forced onto it (the newcomer beside them is then a linear gain the
/// flow prices exactly), and one with no experienced member. A node whose flow plan has no
/// conflict and no such session is optimal below it. Every plan lies under some branch, so when
/// the search ends within the node limit its best plan is optimal.
struct StaffingSearch {
    struct Node {
        var forced: [(member: Int, session: Int)] = []
        var forbidden: Set<Int> = []
        /// Sessions where no experienced member may organise.
        var noExperienced: Set<Int> = []
    }

    struct Relaxation {
        var assigned: [[Int]]
        var bound: AssignmentScore
    }

    let model: StaffingModel
    let nodeLimit: Int
    private(set) var nodes = 0
    private(set) var complete = true
    private(set) var best: [[Int]]?
    private(set) var bestScore: AssignmentScore?
    private(set) var rootBound: AssignmentScore?
    private let weights: (fill: Int, keep: Int, fair: Int, interest: Int)

    /// Nil when the weights would overflow (the instance is too large for the exact search).
    init?(model: StaffingModel, nodeLimit: Int) {
        self.model = model
        self.nodeLimit = nodeLimit
        let slots = model.totalNeed + 1
        let pairs = model.pairSession.filter { $0 }.count + 1
        var maxSquares = 0
        for m in model.members.indices {
            let reach = model.base[m] + min(model.capacity[m].reduce(0) { $0 + max(0, $1) }, model.sessions.count)
            maxSquares += reach * reach
        }
        let interest = pairs
        let (fair, o1) = interest.multipliedReportingOverflow(by: slots + 1)
        let (keep, o2) = fair.multipliedReportingOverflow(by: maxSquares + 1)
        let (fill, o3) = keep.multipliedReportingOverflow(by: slots + 1)
        let (total, o4) = fill.multipliedReportingOverflow(by: slots * 4)
        guard !(o1 || o2 || o3 || o4), total < Int.max / 8 else { return nil }
        weights = (fill, keep, fair, interest)
    }

    mutating func run(incumbent: [[Int]]?) {
        if let incumbent, model.isFeasible(incumbent) {
            best = incumbent
            bestScore = model.score(incumbent)
        }
        search(Node(), depth: 0)
    }

    private mutating func search(_ node: Node, depth: Int) {
        guard nodes < nodeLimit else {
            complete = false
            return
        }
        nodes += 1
        let relaxation = relax(node)
        if depth == 0 { rootBound = relaxation.bound }
        if let bestScore, !(bestScore < relaxation.bound) { return }
        let assigned = relaxation.assigned
        if let (member, session) = firstConflict(assigned) {
            offer(repair(assigned))
            var force = node
            force.forced.append((member, session))
            for other in model.conflicts[session] { force.forbidden.insert(model.key(member, other)) }
            search(force, depth: depth + 1)
            var forbid = node
            forbid.forbidden.insert(model.key(member, session))
            search(forbid, depth: depth + 1)
            return
        }
        offer(assigned)
        let score = model.score(assigned)
        guard score.mentoringPairs < relaxation.bound.mentoringPairs,
            let session = model.sessions.indices.first(where: { s in
                openPair(s, node: node) && model.mentoringPairs(assigned[s]) == 0
            })
        else { return }
        let experienced = model.candidates[session].filter { m in
            model.experience[m] == .experienced && !node.forbidden.contains(model.key(m, session))
                && capacityLeft(m, session, node: node)
        }
        for member in experienced {
            var child = node
            child.forced.append((member, session))
            for other in model.conflicts[session] { child.forbidden.insert(model.key(member, other)) }
            search(child, depth: depth + 1)
        }
        var child = node
        child.noExperienced.insert(session)
        search(child, depth: depth + 1)
    }

    /// Whether `m` has capacity left in the month of `s` after the node's forced duties.
    private func capacityLeft(_ m: Int, _ s: Int, node: Node) -> Bool {
        let used = node.forced.filter { $0.member == m && model.month[$0.session] == model.month[s] }.count
        return model.capacity[m][model.month[s]] - used > 0
    }

    private mutating func offer(_ assigned: [[Int]]) {
        let score = model.score(assigned)
        if bestScore.map({ $0 < score }) ?? true {
            best = assigned
            bestScore = score
        }
    }

    /// The first (member, earlier session) with a conflicting later session in `assigned`.
    private func firstConflict(_ assigned: [[Int]]) -> (Int, Int)? {
        var byMember: [Int: [Int]] = [:]
        for s in model.sessions.indices {
            for m in assigned[s] {
                if let earlier = byMember[m, default: []].first(where: { model.conflict(s, $0) }) {
                    return (m, earlier)
                }
                byMember[m, default: []].append(s)
            }
        }
        return nil
    }

    /// An empty two-organiser session (no pinned or forced member) that may still get an
    /// experienced member beside a newcomer.
    private func openPair(_ s: Int, node: Node) -> Bool {
        guard model.pairSession[s], model.need[s] >= 2, !node.noExperienced.contains(s),
            !node.forced.contains(where: { $0.session == s })
        else { return false }
        let allowed = model.candidates[s].filter {
            !node.forbidden.contains(model.key($0, s)) && capacityLeft($0, s, node: node)
        }
        return allowed.contains { model.experience[$0] == .experienced }
            && allowed.contains { model.experience[$0] == .newcomer }
    }

    /// Drops conflicting duties (the later one) and fills what is left greedily: a feasible plan.
    func repair(_ assigned: [[Int]]) -> [[Int]] {
        var kept: [[Int]] = Array(repeating: [], count: model.sessions.count)
        var byMember: [[Int]] = Array(repeating: [], count: model.members.count)
        for s in model.sessions.indices {
            for m in assigned[s] where !byMember[m].contains(where: { model.conflict(s, $0) }) {
                kept[s].append(m)
                byMember[m].append(s)
            }
        }
        return StaffingHeuristic(model: model).fill(kept)
    }

    /// The min-cost flow relaxation of `node`: its plan (forced members included) and bound.
    private func relax(_ node: Node) -> Relaxation {
        var need = model.need
        var capacity = model.capacity
        var duties = model.base
        var assigned: [[Int]] = Array(repeating: [], count: model.sessions.count)
        for (m, s) in node.forced {
            need[s] -= 1
            capacity[m][model.month[s]] -= 1
            duties[m] += 1
            assigned[s].append(m)
        }
        // Nodes: 0 source, 1 sink, members, (member, month) on demand, sessions.
        let memberNode = { (m: Int) in 2 + m }
        var next = 2 + model.members.count
        var monthNode: [Int: Int] = [:]
        var sessionNode: [Int] = []
        for _ in model.sessions.indices {
            sessionNode.append(next)
            next += 1
        }
        var arcs: [(from: Int, to: Int, cap: Int, cost: Int)] = []
        var pairArcs: [(arcIndex: Int, member: Int, session: Int)] = []
        var mentoringBound = 0
        var wantedUnits = Array(repeating: 0, count: model.members.count)
        for s in model.sessions.indices {
            let team = model.pinned[s] + assigned[s]
            let hasExperienced = team.contains { model.experience[$0] == .experienced }
            let hasNewcomer = team.contains { model.experience[$0] == .newcomer }
            let allowed =
                need[s] > 0
                ? model.candidates[s].filter { m in
                    !node.forbidden.contains(model.key(m, s)) && !assigned[s].contains(m)
                        && capacity[m][model.month[s]] > 0
                } : []
            let canExperienced = allowed.contains { model.experience[$0] == .experienced }
            let canNewcomer = allowed.contains { model.experience[$0] == .newcomer }
            if model.pairSession[s] {
                if hasExperienced && hasNewcomer {
                    mentoringBound += model.mentoringPairs(team)
                } else if (hasExperienced && canNewcomer) || (hasNewcomer && canExperienced) {
                    mentoringBound += 1
                } else if !hasExperienced && !hasNewcomer && need[s] >= 2 && canExperienced && canNewcomer
                    && !node.noExperienced.contains(s)
                {
                    mentoringBound += 1
                }
            }
            for m in allowed {
                let experience = model.experience[m]
                if experience == .experienced && node.noExperienced.contains(s) { continue }
                let target = sessionNode[s]
                var gain = 0
                if model.interested(m, s) { gain += weights.interest }
                if model.previous(m, s) { gain += weights.keep }
                if model.pairSession[s] && need[s] == 1
                    && ((hasExperienced && !hasNewcomer && experience == .newcomer)
                        || (hasNewcomer && !hasExperienced && experience == .experienced))
                {
                    gain += 1
                }
                let key = m * model.monthCount + model.month[s]
                let from: Int
                if let existing = monthNode[key] {
                    from = existing
                } else {
                    from = next
                    monthNode[key] = next
                    next += 1
                    arcs.append((memberNode(m), from, capacity[m][model.month[s]], 0))
                }
                wantedUnits[m] += 1
                pairArcs.append((arcs.count, m, s))
                arcs.append((from, target, 1, -gain))
            }
            if need[s] > 0 {
                arcs.append((sessionNode[s], 1, need[s], -weights.fill))
            }
        }
        for m in model.members.indices {
            let units = min(wantedUnits[m], capacity[m].reduce(0) { $0 + max(0, $1) })
            for unit in 0..<units {
                arcs.append((0, memberNode(m), 1, weights.fair * (2 * (duties[m] + unit) + 1)))
            }
        }
        var flow = MinCostFlow(nodes: next)
        var index: [Int] = []
        index.reserveCapacity(arcs.count)
        for arc in arcs { index.append(flow.addArc(from: arc.from, to: arc.to, capacity: arc.cap, cost: arc.cost)) }
        _ = flow.solve(source: 0, sink: 1)
        for (arcIndex, m, s) in pairArcs where flow.flow(index[arcIndex]) > 0 { assigned[s].append(m) }
        for s in assigned.indices { assigned[s].sort() }
        var bound = model.score(assigned)
        bound.mentoringPairs = mentoringBound
        return Relaxation(assigned: assigned, bound: bound)
    }
}

/// A feasible plan without search: the most constrained slots first, each to the eligible
/// member with the fewest duties (then kept, interested, earliest in the list), then moves that
/// improve the score level by level until none does.
struct StaffingHeuristic {
    let model: StaffingModel

    /// `start` (feasible) with empty slots filled greedily.
    func fill(_ start: [[Int]]) -> [[Int]] {
        var state = State(model: model, assigned: start)
        let order = model.sessions.indices.sorted {
            (model.candidates[$0].count, $0) < (model.candidates[$1].count, $1)
        }
        for s in order {
            while state.assigned[s].count < model.need[s] {
                var choice: (key: (Int, Int, Int, Int), member: Int)?
                for m in model.candidates[s] where state.canTake(m, s) {
                    let key = (
                        state.duties[m], model.previous(m, s) ? 0 : 1, model.interested(m, s) ? 0 : 1, m
                    )
                    if choice.map({ key < $0.key }) ?? true { choice = (key, m) }
                }
                guard let member = choice?.member else { break }
                state.add(member, s)
            }
        }
        return state.assigned.map { $0.sorted() }
    }

    /// Greedy fill from `start`, then improving single moves (hand a duty to another member) and
    /// fills of empty slots by moving one blocking duty, until no move improves the score; with
    /// `chains`, also hand-over chains that lower Σd² when no single move helps.
    func improve(_ start: [[Int]], chains: Bool = false) -> [[Int]] {
        var state = State(model: model, assigned: fill(start))
        var improved = true
        var rounds = 0
        var chainsLeft = chains ? 25 : 0
        while improved && rounds < 50 {
            improved = false
            rounds += 1
            for s in model.sessions.indices {
                for m in state.assigned[s] {
                    let current = state.localValue(m, s)
                    var bestMove: (value: (Int, Int, Int), member: Int)?
                    state.remove(m, s)
                    for other in model.candidates[s] where other != m {
                        let value = state.localValue(other, s)
                        if value > current && (bestMove.map { value > $0.value } ?? true) && state.canTake(other, s) {
                            bestMove = (value, other)
                        }
                    }
                    state.add(bestMove?.member ?? m, s)
                    if bestMove != nil { improved = true }
                }
            }
            for s in model.sessions.indices where state.assigned[s].count < model.need[s] {
                if state.fillByEjection(s) { improved = true }
            }
            if !improved && chainsLeft > 0 && state.balanceByChain() {
                improved = true
                chainsLeft -= 1
            }
        }
        return state.assigned.map { $0.sorted() }
    }

    /// A plan under construction with its counters.
    struct State {
        let model: StaffingModel
        var assigned: [[Int]]
        var duties: [Int]
        var used: [[Int]]
        var byMember: [[Int]]

        init(model: StaffingModel, assigned: [[Int]]) {
            self.model = model
            self.assigned = Array(repeating: [], count: model.sessions.count)
            duties = model.base
            used = model.capacity.map { $0.map { _ in 0 } }
            byMember = Array(repeating: [], count: model.members.count)
            for s in assigned.indices { for m in assigned[s] { add(m, s) } }
        }

        func canTake(_ m: Int, _ s: Int) -> Bool {
            !assigned[s].contains(m) && used[m][model.month[s]] < model.capacity[m][model.month[s]]
                && !byMember[m].contains { model.conflict(s, $0) }
        }

        mutating func add(_ m: Int, _ s: Int) {
            assigned[s].append(m)
            duties[m] += 1
            used[m][model.month[s]] += 1
            byMember[m].append(s)
        }

        mutating func remove(_ m: Int, _ s: Int) {
            assigned[s].removeAll { $0 == m }
            duties[m] -= 1
            used[m][model.month[s]] -= 1
            byMember[m].removeAll { $0 == s }
        }

        /// What putting `m` on `s` is worth at the levels below filling, as a comparable triple
        /// (kept, fairness as −(2d+1), interest): larger is better. Mentoring is left to the
        /// exact search.
        func localValue(_ m: Int, _ s: Int) -> (Int, Int, Int) {
            (model.previous(m, s) ? 1 : 0, -(2 * duties[m] + 1), model.interested(m, s) ? 1 : 0)
        }

        /// Lowers Σd² by one chain of hand-overs m₁ → m₂ → … → mₖ (each takes the previous one's
        /// session, then gives one of its own on), from members with the most duties to one with
        /// at least two fewer: a breadth-first search from all of them at once, highest load
        /// first. Previous-plan duties are not handed over (keeping them ranks above fairness).
        mutating func balanceByChain() -> Bool {
            guard let most = duties.max(), let least = duties.min(), most - least >= 2 else { return false }
            for load in stride(from: most, through: least + 2, by: -1) {
                var parent: [(giver: Int, session: Int)?] = Array(repeating: nil, count: model.members.count)
                var queue = model.members.indices.filter { duties[$0] == load && !byMember[$0].isEmpty }
                var visited = Array(repeating: false, count: model.members.count)
                for member in queue { visited[member] = true }
                var head = 0
                while head < queue.count {
                    let giver = queue[head]
                    head += 1
                    for s in byMember[giver] where !model.previous(giver, s) {
                        for taker in model.candidates[s] where !visited[taker] && canTake(taker, s) {
                            visited[taker] = true
                            parent[taker] = (giver, s)
                            if duties[taker] <= load - 2 {
                                var node = taker
                                while let step = parent[node] ?? nil {
                                    remove(step.giver, step.session)
                                    add(node, step.session)
                                    node = step.giver
                                }
                                return true
                            }
                            queue.append(taker)
                        }
                    }
                }
            }
            return false
        }

        /// Fills one empty slot of `s` by giving one blocking duty of a candidate to someone free.
        mutating func fillByEjection(_ s: Int) -> Bool {
            for m in model.candidates[s] where !assigned[s].contains(m) {
                let blockers = byMember[m].filter { model.conflict(s, $0) }
                let monthFull = used[m][model.month[s]] >= model.capacity[m][model.month[s]]
                guard blockers.count == 1, !monthFull, let blocker = blockers.first else { continue }
                remove(m, blocker)
                if canTake(m, s),
                    let substitute = model.candidates[blocker].first(where: { $0 != m && canTake($0, blocker) })
                {
                    add(substitute, blocker)
                    if canTake(m, s) {
                        add(m, s)
                        return true
                    }
                    remove(substitute, blocker)
                }
                add(m, blocker)
            }
            return false
        }
    }
}
