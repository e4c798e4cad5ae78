import Foundation

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

    /// `plan` with members taken off the sessions whose team breaks the chair rule (open-slot
    /// members without a chair beside them): the moves below check the rule member by member,
    /// and a hand-over can leave a member alone where his chair was.
    func keepingChairRule(_ plan: [[Int]]) -> [[Int]] {
        var plan = plan
        for s in plan.indices where !model.teamAdmitted(s, plan[s]) {
            while !plan[s].isEmpty && !model.teamAdmitted(s, plan[s]) {
                guard let open = plan[s].lastIndex(where: { !model.isChair($0, s) }) else { break }
                plan[s].remove(at: open)
            }
        }
        return plan
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
        return keepingChairRule(state.assigned).map { $0.sorted() }
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
                && !byMember[m].contains { model.conflict(s, $0) } && model.teamAdmitted(s, assigned[s] + [m])
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
