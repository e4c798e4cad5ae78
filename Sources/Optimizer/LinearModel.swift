internal import CCbc
import Synchronization

/// A mixed-integer linear program: columns (variables) with bounds, integrality and an objective
/// coefficient, and sparse rows (constraints) with a lower and an upper bound. Solved by COIN-OR
/// CBC. Knows nothing of what the numbers mean.
///
/// Memory ownership: the model is a plain Swift value (arrays of numbers). ``solve(_:)`` copies it
/// into a CBC model of its own, solves, copies the answer out into a ``LinearSolution`` and frees
/// the CBC model before it returns; no C pointer outlives the call or escapes this module.
///
/// Thread safety: a `LinearModel` is a `Sendable` value; copies are independent. ``solve(_:)`` may
/// be called from any thread or task, on the same or on different models. CBC's solver driver
/// keeps process-wide state (its parameter parser and message handlers), so the solves of one
/// process are serialised by one lock here: concurrent callers wait their turn, and each gets the
/// same answer as it would alone.
public struct LinearModel: Sendable {
    /// A column of the model, by position.
    public struct Variable: Hashable, Sendable, Comparable {
        /// The column's position, from 0 in the order the columns were added.
        public let index: Int

        public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
    }

    /// Whether the objective is minimised or maximised.
    public enum Sense: Sendable {
        /// The smallest objective value.
        case minimize
        /// The largest objective value.
        case maximize
    }

    private var lower: [Double] = []
    private var upper: [Double] = []
    private var objective: [Double] = []
    private var integer: [Bool] = []
    private var rowStarts: [Int] = [0]
    private var rowColumns: [Int32] = []
    private var rowValues: [Double] = []
    private var rowLower: [Double] = []
    private var rowUpper: [Double] = []
    /// Whether the objective is minimised (the default) or maximised.
    public var sense: Sense = .minimize

    /// An empty model: no columns, no rows, minimising.
    public init() {}

    /// How many columns the model has.
    public var variableCount: Int { lower.count }

    /// How many rows the model has.
    public var constraintCount: Int { rowLower.count }

    /// Adds a column with bounds `lower`…`upper` (either may be infinite), an objective
    /// coefficient, and integrality. Returns it.
    @discardableResult
    public mutating func addVariable(
        lower: Double = 0, upper: Double = .infinity, objective: Double = 0, integer: Bool = false
    ) -> Variable {
        self.lower.append(lower)
        self.upper.append(upper)
        self.objective.append(objective)
        self.integer.append(integer)
        return Variable(index: self.lower.count - 1)
    }

    /// Adds a binary column (integer, 0…1) with an objective coefficient.
    @discardableResult
    public mutating func addBinary(objective: Double = 0) -> Variable {
        addVariable(lower: 0, upper: 1, objective: objective, integer: true)
    }

    /// Adds the row `lower ≤ Σ coefficient · variable ≤ upper` (either bound may be infinite). A
    /// variable named twice counts with the sum of its coefficients. Returns the row's position.
    @discardableResult
    public mutating func addConstraint(
        _ terms: [(Variable, Double)], lower: Double = -.infinity, upper: Double = .infinity
    ) -> Int {
        precondition(terms.allSatisfy { $0.0.index < variableCount }, "a variable of another model")
        var merged: [(Int, Double)] = []
        for (variable, coefficient) in terms.sorted(by: { $0.0.index < $1.0.index }) {
            if let last = merged.last, last.0 == variable.index {
                merged[merged.count - 1].1 += coefficient
            } else {
                merged.append((variable.index, coefficient))
            }
        }
        for (column, coefficient) in merged where coefficient != 0 {
            rowColumns.append(Int32(column))
            rowValues.append(coefficient)
        }
        rowStarts.append(rowColumns.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        return rowLower.count - 1
    }

    /// Replaces the objective: every column's coefficient becomes 0 except those in `terms`.
    public mutating func setObjective(_ terms: [(Variable, Double)], sense: Sense) {
        objective = Array(repeating: 0, count: variableCount)
        for (variable, coefficient) in terms { objective[variable.index] += coefficient }
        self.sense = sense
    }

    /// Changes the bounds of one column.
    public mutating func setBounds(_ variable: Variable, lower: Double, upper: Double) {
        self.lower[variable.index] = lower
        self.upper[variable.index] = upper
    }

    /// The objective's value at `values` (one per column).
    public func objectiveValue(_ values: [Double]) -> Double {
        zip(objective, values).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// Solves the model with CBC (one thread, a fixed seed, no log output): the same model and
    /// options give the same answer on every run, unless a wall-clock ``SolveOptions/timeLimit``
    /// stops the search (where it stops depends on the machine's speed).
    public func solve(_ options: SolveOptions = SolveOptions()) -> LinearSolution {
        if variableCount == 0 {
            let feasible = zip(rowLower, rowUpper).allSatisfy { $0 <= 0 && 0 <= $1 }
            return LinearSolution(
                status: feasible ? .optimal : .infeasible, objective: feasible ? 0 : nil, values: [],
                bound: feasible ? 0 : nil, nodes: 0)
        }
        return solverLock.withLock { _ in solveWithCBC(options) }
    }

    /// The column-major (compressed sparse column) form of the rows, as CBC loads it.
    private func columnMajor() -> (starts: [Int32], rows: [Int32], values: [Double]) {
        var counts = Array(repeating: 0, count: variableCount + 1)
        for column in rowColumns { counts[Int(column) + 1] += 1 }
        for index in 1..<counts.count { counts[index] += counts[index - 1] }
        var next = counts
        var rows = Array(repeating: Int32(0), count: rowColumns.count)
        var values = Array(repeating: 0.0, count: rowColumns.count)
        for row in 0..<constraintCount {
            for entry in rowStarts[row]..<rowStarts[row + 1] {
                let column = Int(rowColumns[entry])
                rows[next[column]] = Int32(row)
                values[next[column]] = rowValues[entry]
                next[column] += 1
            }
        }
        return (counts.map { Int32($0) }, rows, values)
    }

    private func solveWithCBC(_ options: SolveOptions) -> LinearSolution {
        guard let model = Cbc_newModel() else {
            return LinearSolution(status: .failed, objective: nil, values: [], bound: nil, nodes: 0)
        }
        defer { Cbc_deleteModel(model) }
        let (starts, rows, values) = columnMajor()
        let finite = { (value: Double) in
            value.isInfinite ? (value > 0 ? Double.greatestFiniteMagnitude : -Double.greatestFiniteMagnitude) : value
        }
        let columnLower = lower.map(finite)
        let columnUpper = upper.map(finite)
        let lowerRows = rowLower.map(finite)
        let upperRows = rowUpper.map(finite)
        Cbc_loadProblem(
            model, Int32(variableCount), Int32(constraintCount), starts, rows, values, columnLower, columnUpper,
            objective, lowerRows, upperRows)
        for (index, isInteger) in integer.enumerated() where isInteger { Cbc_setInteger(model, Int32(index)) }
        Cbc_setObjSense(model, sense == .maximize ? -1 : 1)
        Cbc_setLogLevel(model, 0)
        Cbc_setParameter(model, "slogLevel", "0")
        Cbc_setParameter(model, "threads", "0")
        Cbc_setParameter(model, "randomCbcSeed", "\(options.seed)")
        Cbc_setParameter(model, "randomSeed", "\(options.seed)")
        if let seconds = options.timeLimit {
            Cbc_setParameter(model, "timeMode", "elapsed")
            Cbc_setMaximumSeconds(model, max(0.01, seconds))
        }
        if !options.preprocess { Cbc_setParameter(model, "preprocess", "off") }
        if options.heuristics == .off { Cbc_setParameter(model, "heuristicsOnOff", "off") }
        if let passes = options.rootCutPasses { Cbc_setParameter(model, "passCuts", "\(passes)") }
        if let nodes = options.nodeLimit { Cbc_setMaximumNodes(model, Int32(clamping: nodes)) }
        Cbc_setAllowableGap(model, options.absoluteGap)
        Cbc_setAllowableFractionGap(model, options.relativeGap)
        Cbc_solve(model)
        let nodes = Int(Cbc_getNodeCount(model))
        var solution: [Double] = []
        if let best = Cbc_bestSolution(model) {
            solution = Array(UnsafeBufferPointer(start: best, count: variableCount))
        } else if Cbc_isProvenOptimal(model) != 0, let columns = Cbc_getColSolution(model) {
            // A model without integer columns is an LP: CBC keeps its solution as the column solution.
            solution = Array(UnsafeBufferPointer(start: columns, count: variableCount))
        }
        let bound = Cbc_getBestPossibleObjValue(model)
        let boundValue = bound.isFinite && abs(bound) < 1e30 ? bound : nil
        let status: LinearSolution.Status
        if Cbc_isProvenOptimal(model) != 0 && !solution.isEmpty {
            status = .optimal
        } else if Cbc_isProvenInfeasible(model) != 0 {
            status = .infeasible
        } else if Cbc_isContinuousUnbounded(model) != 0 {
            status = .unbounded
        } else if Cbc_isAbandoned(model) != 0 {
            status = .failed
        } else {
            status = solution.isEmpty ? .noSolutionFound : .feasible
        }
        let objectiveValue = solution.isEmpty ? nil : objectiveValue(solution)
        return LinearSolution(
            status: status, objective: objectiveValue, values: solution,
            bound: status == .optimal ? objectiveValue : boundValue, nodes: nodes)
    }
}

/// One lock for every CBC solve of the process (see ``LinearModel``).
private let solverLock = Mutex(())

/// How a ``LinearModel`` is solved.
public struct SolveOptions: Sendable {
    /// Wall-clock seconds before CBC stops with the best solution found so far; nil: no limit.
    public var timeLimit: Double?
    /// Branch-and-bound nodes before CBC stops (deterministic, unlike the time limit); nil: no limit.
    public var nodeLimit: Int?
    /// CBC stops when the best solution is within this fraction of the bound (0: prove optimal).
    public var relativeGap: Double
    /// CBC stops when the best solution is within this absolute distance of the bound.
    public var absoluteGap: Double
    /// CBC's random seeds (fixed, so that runs repeat).
    public var seed: Int
    /// Whether CBC preprocesses the model before branch-and-bound (its default). Worth turning off
    /// for models whose root relaxation is nearly integral already: preprocessing then costs more
    /// than it saves.
    public var preprocess: Bool
    /// Which primal heuristics CBC runs to find solutions early.
    public var heuristics: Heuristics
    /// How many rounds of cuts CBC adds at the root; nil: CBC's default (up to 20 or more).
    public var rootCutPasses: Int?

    /// The primal heuristics CBC runs.
    public enum Heuristics: Sendable, Hashable {
        /// CBC's default set (feasibility pump, RINS, rounding, several divings, …).
        case all
        /// None: solutions come from branch-and-bound alone. Enough where the root relaxation is
        /// nearly integral, and far cheaper: on small models CBC's default set costs most of the
        /// solve while branching never starts. CBC 2.10 was seen to call feasible models
        /// infeasible under it (and, with coefficient diving as the only heuristic, to call a
        /// wrong optimum proven: that option is no longer offered): check what it answers.
        case off
    }

    /// Creates options; the defaults prove optimality with no limit and leave CBC's own choices.
    /// (There is no warm start: CBC 2.10's C interface crashes in Clp on some MIP starts after
    /// presolve.)
    public init(
        timeLimit: Double? = nil, nodeLimit: Int? = nil, relativeGap: Double = 0, absoluteGap: Double = 1e-9,
        seed: Int = 1, preprocess: Bool = true, heuristics: Heuristics = .all, rootCutPasses: Int? = nil
    ) {
        self.timeLimit = timeLimit
        self.nodeLimit = nodeLimit
        self.relativeGap = relativeGap
        self.absoluteGap = absoluteGap
        self.seed = seed
        self.preprocess = preprocess
        self.heuristics = heuristics
        self.rootCutPasses = rootCutPasses
    }
}

/// What CBC found for a ``LinearModel``.
public struct LinearSolution: Sendable {
    /// How the solve ended.
    public enum Status: String, Sendable, Hashable {
        /// A solution proven optimal (within the requested gap).
        case optimal
        /// A solution, not proven optimal: a limit stopped the search.
        case feasible
        /// No solution exists.
        case infeasible
        /// The objective can improve without end.
        case unbounded
        /// A limit stopped the search before any solution was found.
        case noSolutionFound = "no-solution-found"
        /// CBC gave up (numerical trouble).
        case failed
    }

    /// How the solve ended.
    public let status: Status
    /// The objective value of ``values``; nil without a solution.
    public let objective: Double?
    /// One value per column; empty without a solution.
    public let values: [Double]
    /// The best objective any solution could reach (a lower bound when minimising, an upper one
    /// when maximising); equals ``objective`` when proven optimal; nil when unknown.
    public let bound: Double?
    /// Branch-and-bound nodes CBC visited.
    public let nodes: Int

    /// Whether a solution was found and proven optimal.
    public var provenOptimal: Bool { status == .optimal }

    /// Whether ``values`` holds a solution (optimal or not).
    public var hasSolution: Bool { !values.isEmpty || (status == .optimal && objective != nil) }

    /// The relative distance between the objective and the bound, |objective − bound| / max(1,
    /// |objective|); 0 when proven optimal, nil when either is unknown.
    public var gap: Double? {
        guard let objective, let bound else { return nil }
        return abs(objective - bound) / max(1, abs(objective))
    }

    /// The value of `variable` in the solution (0 without one).
    public subscript(_ variable: LinearModel.Variable) -> Double {
        variable.index < values.count ? values[variable.index] : 0
    }
}
