import Optimizer

/// How the planners' programs are solved, level by level.
extension LinearModel {
    /// Solves one level of a lexicographic program (``StaffingMILP``, ``ProgrammeMILP``) whose
    /// rows a known plan satisfies (the planners keep one: the greedy plan, then each level's
    /// optimum).
    ///
    /// The rows are tight (cliques, one theme a month) and the root relaxation (nearly)
    /// integral, so CBC's general machinery costs more than it saves: no preprocessing, one
    /// round of root cuts, no primal heuristics (on realistic years the heuristics took 80–90% of
    /// a level's time: a 20 × 40 year is assigned in ~60 ms, not ~760 ms; 60 × 150 in ~1.3 s, not
    /// ~3.9 s; Benchmarks/README.md). CBC 2.10 is not always right under these settings: with
    /// heuristics off it was seen to call feasible levels infeasible (tiny programmes, caught by
    /// the exhaustive tests), and coefficient diving, tried first, also called a wrong optimum
    /// proven. As a feasible plan is known, "infeasible" is never believed: the level is solved
    /// again with the heuristics on (the settings the exhaustive tests found always right). The
    /// callers check every answer against the rules and the levels already fixed.
    func solveLevel(timeLimit: Double?, nodeLimit: Int?) -> LinearSolution {
        let fast = solve(
            SolveOptions(
                timeLimit: timeLimit, nodeLimit: nodeLimit, preprocess: false, heuristics: .off, rootCutPasses: 1))
        guard fast.status == .infeasible else { return fast }
        return solve(
            SolveOptions(
                timeLimit: timeLimit, nodeLimit: nodeLimit, preprocess: false, heuristics: .all, rootCutPasses: 1))
    }
}

/// A wall-clock budget shared by the solves of one plan: started when created, it says how
/// many seconds are left.
struct Deadline {
    private let clock = ContinuousClock()
    private let started: ContinuousClock.Instant
    private let limit: Double?

    /// A budget of `seconds` from now; nil: no limit.
    init(seconds: Double?) {
        started = clock.now
        limit = seconds
    }

    /// Seconds left (≤ 0 once spent); nil without a limit.
    var secondsLeft: Double? {
        guard let limit else { return nil }
        let spent = clock.now - started
        return limit - Double(spent.components.seconds) - Double(spent.components.attoseconds) * 1e-18
    }

    /// Whether a limit was given and is spent.
    var isSpent: Bool { secondsLeft.map { $0 <= 0 } ?? false }
}
