import Foundation
import Optimizer

/// The staffing of a ``StaffingModel`` as a mixed-integer program, solved level by level with
/// CBC: each level's optimum becomes a constraint for the next.
///
/// Columns: x(m, s) ∈ {0, 1} for every pair the static rules allow (the model's candidates); per
/// member, fairness units u(m, k) ∈ [0, 1] for k = 1…reach, the k-th costing (base + k)² −
/// (base + k − 1)² = 2(base + k) − 1, with Σₖ u(m, k) = Σₛ x(m, s) (convex costs: the cheapest
/// units fill first, so Σ cost · u is Σ duties² − Σ base²); per two-organiser session, p(s) ∈
/// {0, 1} with p(s) ≤ experienced members on it and p(s) ≤ newcomers on it.
///
/// Rows: Σₘ x(m, s) ≤ empty slots of s; Σ x(m, ·) over a month ≤ the capacity left that month;
/// per member, a clique row over the sessions they may take inside each window of
/// `minimum-gap-days` days (every pair in it conflicts), and with a gap of 0 over the sessions
/// holding each start instant (interval cliques: pairwise overlapping). Pinned duties are
/// constants: they use capacity, and the pairs they conflict with are never columns.
///
/// Levels, in the order of ``AssignmentScore``: (1) most slots filled, then most previous duties
/// kept, as one objective `filled · (previous pairs + 1) + kept` (exact: kept can never outweigh
/// one more filled slot; one CBC solve instead of two); (2) least Σ duties²; (3) most interest
/// matches; (4) most mentoring pairs. Interest and mentoring were measured as one weighted level
/// too: twice as fast on 20 × 40 years, but it did not close in 30 s on 60 × 150 years that the
/// separate levels prove in 4–10 s.
struct StaffingMILP {
    /// A level's objective in the program's columns and how it maps onto the score.
    private struct Level {
        var terms: [(LinearModel.Variable, Double)]
        var sense: LinearModel.Sense
        /// For a two-part level: the weight of the first part (the second part's maximum + 1).
        var weight: Int = 1
    }

    /// The plan found, its lexicographic bound, and how the solve went.
    struct Outcome {
        /// Unpinned members (indices, ascending) per model session.
        var assigned: [[Int]]
        /// Nil when every level was proven optimal, else the best value any plan could reach.
        /// (A bound equal to the plan's value in integers counts as proven.)
        var bound: AssignmentScore?
        /// Relative gap of the first level's objective not proven optimal, |bound − value| /
        /// max(1, |value|), against CBC's bound or, without one, the cheap bound; nil when all
        /// levels were proven.
        var gap: Double?
        /// Branch-and-bound nodes over all levels.
        var nodes: Int
        /// Whether a level needed the solver but the program was above the size limit.
        var solverSkipped: Bool
    }

    let model: StaffingModel
    private var program = LinearModel()
    /// (member, session, column) for every candidate pair, in session then member order.
    private var pairs: [(member: Int, session: Int, variable: LinearModel.Variable)] = []
    private var levels: [Level] = []

    init(model: StaffingModel) {
        self.model = model
        var byMember: [[(session: Int, variable: LinearModel.Variable)]] = Array(
            repeating: [], count: model.members.count)
        var bySessionMonth: [[Int: [LinearModel.Variable]]] = Array(repeating: [:], count: model.members.count)
        var pairsOfSession: [[(member: Int, variable: LinearModel.Variable)]] = Array(
            repeating: [], count: model.sessions.count)
        for s in model.sessions.indices {
            var slotTerms: [(LinearModel.Variable, Double)] = []
            for m in model.candidates[s] {
                let variable = program.addBinary()
                pairs.append((m, s, variable))
                pairsOfSession[s].append((m, variable))
                byMember[m].append((s, variable))
                bySessionMonth[m][model.month[s], default: []].append(variable)
                slotTerms.append((variable, 1))
            }
            if slotTerms.count > model.need[s] {
                program.addConstraint(slotTerms, upper: Double(model.need[s]))
            }
        }
        // Monthly capacity left after fixed duties.
        for m in model.members.indices {
            for (month, variables) in bySessionMonth[m].sorted(by: { $0.key < $1.key })
            where variables.count > model.capacity[m][month] {
                program.addConstraint(variables.map { ($0, 1) }, upper: Double(max(0, model.capacity[m][month])))
            }
        }
        // Conflicts: clique rows per member.
        for m in model.members.indices {
            for clique in Self.cliques(byMember[m].map(\.session), model: model) {
                let variables = clique.map { index in byMember[m][index].variable }
                program.addConstraint(variables.map { ($0, 1) }, upper: 1)
            }
        }
        // The chair rule where some slots are open: each open-slot member needs a chair beside
        // him (x(m, s) ≤ Σ chairs on s), and the open members fit the open slots.
        for s in model.sessions.indices where model.slots[s].mixesChairsAndOpenSlots {
            let pinnedChairs = model.pinned[s].filter { model.isChair($0, s) }.count
            let pinnedOpen = model.pinned[s].count - pinnedChairs
            let chairs = pairsOfSession[s].filter { model.isChair($0.member, s) }
            let open = pairsOfSession[s].filter { !model.isChair($0.member, s) }
            if pinnedChairs < model.slots[s].chairs {
                for member in open {
                    program.addConstraint(
                        [(member.variable, 1)] + chairs.map { ($0.variable, -1) }, upper: Double(pinnedChairs))
                }
            }
            let openSlots = model.slots[s].count - model.slots[s].chairs - pinnedOpen
            if open.count > openSlots {
                program.addConstraint(open.map { ($0.variable, 1) }, upper: Double(max(0, openSlots)))
            }
        }
        // Fairness units.
        var fairness: [(LinearModel.Variable, Double)] = []
        for m in model.members.indices where !byMember[m].isEmpty {
            let reach = min(byMember[m].count, model.capacity[m].reduce(0) { $0 + max(0, $1) })
            var link = byMember[m].map { ($0.variable, 1.0) }
            for k in 0..<reach {
                let unit = program.addVariable(lower: 0, upper: 1)
                link.append((unit, -1))
                fairness.append((unit, Double(2 * (model.base[m] + k) + 1)))
            }
            program.addConstraint(link, lower: 0, upper: 0)
        }
        // Mentoring pairs.
        var mentoring: [(LinearModel.Variable, Double)] = []
        for s in model.sessions.indices where model.pairSession[s] {
            let pinnedExperienced = model.pinned[s].filter { model.experience[$0] == .experienced }.count
            let pinnedNewcomers = model.pinned[s].filter { model.experience[$0] == .newcomer }.count
            let experienced = pairsOfSession[s].filter { model.experience[$0.member] == .experienced }
            let newcomers = pairsOfSession[s].filter { model.experience[$0.member] == .newcomer }
            guard pinnedExperienced + experienced.count > 0, pinnedNewcomers + newcomers.count > 0 else { continue }
            let most = Double((model.pinned[s].count + model.need[s]) / 2)
            let pair = program.addVariable(lower: 0, upper: most, integer: true)
            program.addConstraint([(pair, 1)] + experienced.map { ($0.variable, -1) }, upper: Double(pinnedExperienced))
            program.addConstraint([(pair, 1)] + newcomers.map { ($0.variable, -1) }, upper: Double(pinnedNewcomers))
            mentoring.append((pair, 1))
        }
        let keptWeight = pairs.filter { model.previous($0.member, $0.session) }.count + 1
        let filledAndKept = pairs.map { pair in
            (pair.variable, Double(keptWeight) + (model.previous(pair.member, pair.session) ? 1 : 0))
        }
        let interest = pairs.filter { model.interested($0.member, $0.session) }.map {
            ($0.variable, 1.0)
        }
        levels = [
            Level(terms: filledAndKept, sense: .maximize, weight: keptWeight),
            Level(terms: fairness, sense: .minimize),
            Level(terms: interest, sense: .maximize), Level(terms: mentoring, sense: .maximize),
        ]
    }

    /// Clique rows of one member: positions in `sessions` (model sessions, ascending) such that
    /// every conflicting pair lies in some clique and no clique is inside the one before it.
    static func cliques(_ sessions: [Int], model: StaffingModel) -> [[Int]] {
        var result: [[Int]] = []
        let gap = model.group.minimumGapDays
        if gap > 0 {
            // A window of `gap` days from each session: pairwise fewer than `gap` days apart.
            // Overlapping sessions share a day (a session someone may take lies within one day).
            var end = 0
            var previousEnd = 0
            for start in sessions.indices {
                end = max(end, start + 1)
                while end < sessions.count && model.day[sessions[end]] - model.day[sessions[start]] < gap { end += 1 }
                if end - start >= 2 && end > previousEnd { result.append(Array(start..<end)) }
                previousEnd = end
            }
        } else {
            // Sessions holding the start instant of each session: pairwise overlapping.
            var previous: [Int] = []
            for index in sessions.indices {
                let instant = model.spans[sessions[index]].start
                let holding = sessions.indices.filter { other in
                    let span = model.spans[sessions[other]]
                    return span.start <= instant && instant < span.end
                }
                if holding.count >= 2 && !Set(holding).isSubset(of: Set(previous)) { result.append(holding) }
                previous = holding
            }
        }
        return result
    }

    /// Solves the levels one after another within `timeLimit` seconds in all (nil: no limit),
    /// A level whose value the current plan already reaches by the cheap bound is not solved. A
    /// level stopped by the limit ends the solve: the best plan found (the solver's or the
    /// greedy one, whichever is better at that level) is returned with the bound.
    func solve(timeLimit: Double?, nodeLimit: Int?, sizeLimit: Int) -> Outcome {
        var program = program
        let deadline = Deadline(seconds: timeLimit)
        // The greedy plan with local moves: feasible for every row, the answer when the solver
        // finds nothing better in time, and often proven by the cheap bound at once.
        var plan = StaffingHeuristic(model: model).improve(
            Array(repeating: [], count: model.sessions.count), chains: true)
        let cheap = OrganiserAssigner.cheapBound(model)
        var nodes = 0
        var skipped = false
        var stopped: (level: Int, bound: Int?, gap: Double?)?
        for (index, level) in levels.enumerated() {
            if level.terms.isEmpty { continue }
            var value = levelValues(plan)[index]
            let floor = cheapLevelBound(index, plan: plan, cheap: cheap)
            // Without the solver's bound, the cheap one stands (valid: the levels before are fixed).
            let cheapStop = (level: index, bound: Optional(floor), gap: Optional(relativeGap(floor, value)))
            if value != floor {
                program.setObjective(level.terms, sense: level.sense)
                let left = deadline.secondsLeft
                if let left, left <= 0 {
                    stopped = cheapStop
                    break
                }
                if program.variableCount > sizeLimit {
                    stopped = cheapStop
                    skipped = true
                    break
                }
                let solution = program.solveLevel(timeLimit: left, nodeLimit: nodeLimit)
                nodes += solution.nodes
                // CBC's answer is checked, never trusted (CBC 2.10 was seen to return wrong optima):
                // it must keep the rules and the levels already fixed, or the level is not proven.
                let found = solution.hasSolution ? assignment(solution.values) : nil
                let foundValues = found.map(levelValues)
                let trusted =
                    found.map { found in
                        model.isFeasible(found) && foundValues?[..<index] == levelValues(plan)[..<index]
                    } ?? true
                if let found, let foundValue = foundValues?[index], trusted {
                    if level.sense == .maximize ? foundValue >= value : foundValue <= value {
                        plan = found
                        value = foundValue
                    }
                }
                if !solution.provenOptimal || !trusted {
                    // CBC's bound when it has one (and its answer held), tightened by the cheap one.
                    var bound = floor
                    if trusted, let raw = solution.bound, abs(raw) < 1e15 {
                        bound =
                            level.sense == .maximize
                            ? min(floor, Int((raw + 1e-6).rounded(.down))) : max(floor, Int((raw - 1e-6).rounded(.up)))
                    }
                    if bound != value {
                        stopped = (index, bound, relativeGap(bound, value))
                        break
                    }
                }
            }
            program.addConstraint(
                level.terms, lower: level.sense == .maximize ? Double(value) - 0.5 : -.infinity,
                upper: level.sense == .minimize ? Double(value) + 0.5 : .infinity)
        }
        guard let stopped else {
            return Outcome(assigned: plan, bound: nil, gap: nil, nodes: nodes, solverSkipped: false)
        }
        return Outcome(
            assigned: plan, bound: bound(plan, stopped: stopped.level, levelBound: stopped.bound), gap: stopped.gap,
            nodes: nodes, solverSkipped: skipped)
    }

    private func relativeGap(_ bound: Int, _ value: Int) -> Double {
        abs(Double(bound - value)) / max(1, abs(Double(value)))
    }

    /// The plan of a solution: unpinned members (ascending) per session.
    private func assignment(_ values: [Double]) -> [[Int]] {
        var assigned: [[Int]] = Array(repeating: [], count: model.sessions.count)
        for pair in pairs where values[pair.variable.index] > 0.5 { assigned[pair.session].append(pair.member) }
        return assigned.map { $0.sorted() }
    }

    /// A plan's value at every level, in the levels' program units (pinned duties left out).
    private func levelValues(_ plan: [[Int]]) -> [Int] {
        let score = model.score(plan)
        return [
            (score.filled - pinnedCount) * levels[0].weight + score.kept, score.sumOfSquares - baseSquares,
            score.interestMatches - pinnedInterest, score.mentoringPairs,
        ]
    }

    /// The best value of a level that no plan can beat, without solving (see
    /// `OrganiserAssigner.cheapBound`); for fairness, the water-filling floor of the number of
    /// duties `plan` has (fixed by the level before).
    private func cheapLevelBound(_ level: Int, plan: [[Int]], cheap: AssignmentScore) -> Int {
        switch level {
        case 0: return (cheap.filled - pinnedCount) * levels[0].weight + cheap.kept
        case 1:
            var reach = Array(repeating: 0, count: model.members.count)
            for s in model.sessions.indices { for m in model.candidates[s] { reach[m] += 1 } }
            for m in model.members.indices { reach[m] = min(reach[m], model.capacity[m].reduce(0) { $0 + max(0, $1) }) }
            let units = plan.reduce(0) { $0 + $1.count }
            return OrganiserAssigner.waterFill(base: model.base, limits: reach, units: units) - baseSquares
        case 2: return cheap.interestMatches - pinnedInterest
        default: return cheap.mentoringPairs
        }
    }

    private var pinnedCount: Int { model.pinned.reduce(0) { $0 + $1.count } }
    private var baseSquares: Int { model.base.reduce(0) { $0 + $1 * $1 } }
    private var pinnedInterest: Int {
        model.sessions.indices.reduce(0) { total, s in total + model.pinned[s].filter { model.interested($0, s) }.count
        }
    }

    /// The lexicographic bound when level `stopped` (0-based) was not proven: the levels before it
    /// as the plan has them (proven), that level from CBC's bound in program units (nil: none
    /// known, the cheap bound stands), the levels after it from the cheap bound (they rank below).
    private func bound(_ assigned: [[Int]], stopped: Int, levelBound: Int?) -> AssignmentScore {
        let score = model.score(assigned)
        let cheap = OrganiserAssigner.cheapBound(model)
        // The cheap Σd² assumes its own (largest) count of filled slots: only Σ base² is safe.
        var bound = cheap
        bound.sumOfSquares = baseSquares
        if stopped > 0 {
            bound.filled = score.filled
            bound.kept = score.kept
        }
        if stopped > 1 { bound.sumOfSquares = score.sumOfSquares }
        if stopped > 2 { bound.interestMatches = score.interestMatches }
        guard let levelBound else { return bound }
        // A two-part level's bound B allows at most B / weight of the first part and, with
        // exactly that much, B mod weight of the second (each part also stays within the cheap
        // bound).
        let weight = levels[stopped].weight
        let (first, second) = (levelBound / weight, levelBound % weight)
        switch stopped {
        case 0:
            let filled = first + pinnedCount
            if filled <= bound.filled {
                bound.filled = filled
                bound.kept = min(bound.kept, second)
            }
        case 1:
            bound.sumOfSquares = max(bound.sumOfSquares, levelBound + baseSquares)
        case 2:
            bound.interestMatches = min(bound.interestMatches, levelBound + pinnedInterest)
        default:
            bound.mentoringPairs = min(bound.mentoringPairs, levelBound)
        }
        return bound
    }
}
