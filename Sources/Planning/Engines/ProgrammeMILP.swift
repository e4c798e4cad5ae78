import Foundation
import Optimizer

/// The programme of a ``ProgrammeModel`` as a mixed-integer program, solved goal by goal with
/// CBC: each goal's optimum becomes a constraint for the next (as ``StaffingMILP`` does for
/// organisers).
///
/// Columns: y(i, t) ∈ {0, 1}, theme t headlines month i; per theme, f(t) ∈ [0, 1], "the theme's
/// first headline of the period repeats nothing"; per target, its shortfall s(k) ≥ 0; per
/// category, units v(c, u) ∈ [0, 1] costing 2u + 1 (convex: the cheapest fill first, so
/// Σ cost · v is Σ months²); per month after the first, r(i) ∈ [0, 1], "the headline priority
/// repeats the month before".
///
/// Rows: Σₜ y(i, t) = 1; f(t) ≤ Σ y(i, t) over the months the history does not block and
/// f(t) + y(i, t) ≤ 1 for the months it blocks (its last headline less than twelve months
/// before), so a theme headlining u months breaks the twelve-month rule u − f(t) times (every
/// two months of a year are less than twelve apart); s(k) + Σ sessions(i) · y(i, t) over the
/// themes carrying k ≥ the target left after fixed themes; Σ_{t in c} y(i, t) = Σᵤ v(c, u);
/// r(i) ≥ y(i − 1, class g) + y(i, class g) − 1 for every class g of first priority (no priority
/// is a class too).
///
/// Ties at every goal go, month by month in order, to the month's favourite (``ProgrammeModel/
/// rank(at:)``): one small solve per month whose current theme is not already its favourite.
struct ProgrammeMILP {
    /// The programme found and how the solve went.
    struct Outcome {
        /// A theme index per month.
        var choice: [Int]
        /// Whether every goal was proven optimal.
        var proven: Bool
        /// Branch-and-bound nodes over all solves.
        var nodes: Int
    }

    let model: ProgrammeModel
    private var program = LinearModel()
    /// y(i, t) by month, then theme.
    private var headline: [[LinearModel.Variable]] = []
    /// f(t) by theme.
    private var first: [LinearModel.Variable] = []
    /// Each goal's objective, in ``ProgrammeModel/Value/levels`` order.
    private var goals: [[(LinearModel.Variable, Double)]] = []

    init(model: ProgrammeModel) {
        self.model = model
        let months = model.months.indices
        let themes = model.themes.indices
        headline = months.map { _ in themes.map { _ in program.addBinary() } }
        for i in months {
            program.addConstraint(headline[i].map { ($0, 1) }, lower: 1, upper: 1)
        }
        var hard: [(LinearModel.Variable, Double)] = []
        var thin: [(LinearModel.Variable, Double)] = []
        var missedFit: [(LinearModel.Variable, Double)] = []
        var missedInterest: [(LinearModel.Variable, Double)] = []
        for i in months {
            for t in themes {
                let y = headline[i][t]
                hard.append((y, model.missesObservance(t, at: i) ? 3 : 2))
                if model.isThin(t, at: i) { thin.append((y, 1)) }
                missedFit.append((y, Double(model.maxFit[i] - model.fit[i][t])))
                missedInterest.append((y, Double(model.maxInterest[i] - model.interested[i][t].count)))
            }
        }
        // The twelve-month rule: u − f(t) repeats per theme.
        for t in themes {
            let first = program.addVariable(lower: 0, upper: 1)
            self.first.append(first)
            hard.append((first, -2))
            let blocked = months.filter { model.repeatsHistory(t, at: $0) }
            let open = months.filter { !model.repeatsHistory(t, at: $0) }
            program.addConstraint([(first, 1)] + open.map { (headline[$0][t], -1) }, upper: 0)
            for i in blocked { program.addConstraint([(first, 1), (headline[i][t], 1)], upper: 1) }
        }
        // GAP targets.
        var shortfall: [(LinearModel.Variable, Double)] = []
        for target in model.targets where target.wanted - target.fixed > 0 {
            let missing = program.addVariable(lower: 0, upper: .infinity)
            shortfall.append((missing, 1))
            var carriers: [(LinearModel.Variable, Double)] = [(missing, 1)]
            for i in months where model.freeSessions[i] > 0 {
                for t in themes where model.themes[t].gap.contains(target.id) {
                    carriers.append((headline[i][t], Double(model.freeSessions[i])))
                }
            }
            program.addConstraint(carriers, lower: Double(target.wanted - target.fixed))
        }
        // Category balance.
        var balance: [(LinearModel.Variable, Double)] = []
        for category in model.categories {
            let members = themes.filter { model.themes[$0].category == category }
            guard !members.isEmpty else { continue }
            var link = months.flatMap { i in members.map { (headline[i][$0], 1.0) } }
            for unit in months {
                let v = program.addVariable(lower: 0, upper: 1)
                link.append((v, -1))
                balance.append((v, Double(2 * unit + 1)))
            }
            program.addConstraint(link, lower: 0, upper: 0)
        }
        // The headline priority repeated from one month to the next.
        var repeated: [(LinearModel.Variable, Double)] = []
        let classes = Dictionary(grouping: themes) { model.themes[$0].gap.first }.values.sorted { $0[0] < $1[0] }
        for i in months.dropFirst() {
            let repeats = program.addVariable(lower: 0, upper: 1)
            repeated.append((repeats, 1))
            for members in classes {
                program.addConstraint(
                    [(repeats, 1)] + members.flatMap { [(headline[i - 1][$0], -1.0), (headline[i][$0], -1.0)] },
                    lower: -1)
            }
        }
        goals = [hard, shortfall, thin, balance, missedFit, missedInterest, repeated]
    }

    /// Solves the goals one after another, then breaks ties, within `timeLimit` seconds in all
    /// (nil: no limit). A goal stopped by the limit ends the solve with the best programme found.
    func solve(timeLimit: Double?) -> Outcome {
        guard !model.themes.isEmpty, !model.months.isEmpty else { return Outcome(choice: [], proven: true, nodes: 0) }
        var program = program
        let deadline = Deadline(seconds: timeLimit)
        var choice = model.greedyChoice()
        var nodes = 0
        for (level, terms) in goals.enumerated() {
            let current = model.value(of: choice).levels
            var value = current[level]
            // Every goal counts from 0 except balance, whose least is the months spread evenly.
            if value > leastValue(level) {
                if deadline.isSpent { return Outcome(choice: choice, proven: false, nodes: nodes) }
                program.setObjective(terms, sense: .minimize)
                let solution = program.solveLevel(timeLimit: deadline.secondsLeft, nodeLimit: nil)
                nodes += solution.nodes
                // CBC's answer is checked, never trusted (CBC 2.10 was seen to return wrong optima):
                // it must keep the goals already fixed, or the goal is not proven.
                var trusted = true
                if solution.hasSolution {
                    let found = self.choice(solution.values)
                    let levels = model.value(of: found).levels
                    trusted = levels[..<level] == current[..<level]
                    if trusted && levels[level] <= value {
                        choice = found
                        value = levels[level]
                    }
                }
                if !solution.provenOptimal || !trusted { return Outcome(choice: choice, proven: false, nodes: nodes) }
            }
            program.addConstraint(terms, upper: Double(value) + 0.5)
            if level == 0 { addRepeatRows(allowing: value / 2, to: &program) }
        }
        // Ties: each month in turn takes its favourite among the optimal programmes.
        for i in model.months.indices {
            let rank = model.rank(at: i)
            if rank[choice[i]] > 0 {
                program.setObjective(model.themes.indices.map { (headline[i][$0], Double(rank[$0])) }, sense: .minimize)
                let solution = program.solveLevel(timeLimit: deadline.secondsLeft, nodeLimit: nil)
                nodes += solution.nodes
                if solution.hasSolution {
                    let found = self.choice(solution.values)
                    if model.value(of: found) == model.value(of: choice) && rank[found[i]] <= rank[choice[i]] {
                        choice = found
                    }
                }
            }
            program.setBounds(headline[i][choice[i]], lower: 1, upper: 1)
        }
        return Outcome(choice: choice, proven: true, nodes: nodes)
    }

    /// With the breaks' optimum fixed, no theme repeats more than `repeats` times: one row per
    /// theme (valid, and far tighter than the breaks' sum; with `repeats` 0 it is "each theme
    /// once, never where the history blocks it"), so the later goals' relaxations see it.
    private func addRepeatRows(allowing repeats: Int, to program: inout LinearModel) {
        for t in model.themes.indices {
            program.addConstraint(
                [(first[t], -1)] + model.months.indices.map { (headline[$0][t], 1.0) }, upper: Double(repeats))
        }
    }

    /// The least value goal `level` can have, without solving: 0, or for balance the months
    /// spread as evenly as the categories that have themes allow.
    private func leastValue(_ level: Int) -> Int {
        guard level == 3 else { return 0 }
        let used = Set(model.themes.map(\.category)).count
        let (each, extra) = model.months.count.quotientAndRemainder(dividingBy: max(1, used))
        return (used - extra) * each * each + extra * (each + 1) * (each + 1)
    }

    /// The programme of a solution: the theme of each month.
    private func choice(_ values: [Double]) -> [Int] {
        headline.map { month in month.firstIndex { values[$0.index] > 0.5 } ?? 0 }
    }
}
