import Optimizer
import Testing

/// A small random pure-binary program and its optimum by enumerating every 0/1 vector.
struct RandomBinaryProgram {
    var model = LinearModel()
    var weights: [[Double]] = []
    var capacities: [Double] = []
    var profits: [Double] = []

    init(seed: UInt64, columns: Int = 10, rows: Int = 3, sense: LinearModel.Sense = .maximize) {
        var state = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        func next(_ range: ClosedRange<Int>) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return range.lowerBound + Int((state >> 33) % UInt64(range.count))
        }
        profits = (0..<columns).map { _ in Double(next(-3...12)) }
        let variables = profits.map { model.addBinary(objective: $0) }
        for _ in 0..<rows {
            let row = (0..<columns).map { _ in Double(next(0...9)) }
            let capacity = Double(next(5...25))
            weights.append(row)
            capacities.append(capacity)
            model.addConstraint(Array(zip(variables, row)), upper: capacity)
        }
        model.sense = sense
    }

    /// The best objective over every feasible 0/1 vector (nil when none is feasible).
    func enumerate() -> Double? {
        var best: Double?
        for mask in 0..<(1 << profits.count) {
            let x = profits.indices.map { Double((mask >> $0) & 1) }
            let fits = zip(weights, capacities).allSatisfy { row, capacity in
                zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } <= capacity + 1e-9
            }
            guard fits else { continue }
            let value = zip(profits, x).reduce(0) { $0 + $1.0 * $1.1 }
            if model.sense == .maximize ? value > (best ?? -.infinity) : value < (best ?? .infinity) { best = value }
        }
        return best
    }
}

@Suite struct LinearModelTests {
    @Test(arguments: 0..<40) func optimumEqualsEnumeration(seed: Int) throws {
        let sense: LinearModel.Sense = seed.isMultiple(of: 2) ? .maximize : .minimize
        let program = RandomBinaryProgram(seed: UInt64(seed), sense: sense)
        let solution = program.model.solve()
        #expect(solution.provenOptimal)
        let objective = try #require(solution.objective)
        let expected = try #require(program.enumerate())
        #expect(abs(objective - expected) < 1e-6, "seed \(seed)")
        #expect(abs((solution.bound ?? .nan) - objective) < 1e-6)
        #expect(solution.gap == 0)
        // The returned values are a 0/1 vector that keeps every row.
        #expect(solution.values.allSatisfy { abs($0) < 1e-9 || abs($0 - 1) < 1e-9 })
        for (row, capacity) in zip(program.weights, program.capacities) {
            #expect(zip(row, solution.values).reduce(0) { $0 + $1.0 * $1.1 } <= capacity + 1e-6)
        }
    }

    @Test func anInfeasibleModelSaysSo() {
        var model = LinearModel()
        let x = model.addVariable(lower: 0, upper: 10, integer: true)
        let y = model.addVariable(lower: 0, upper: 10, integer: true)
        model.addConstraint([(x, 1), (y, 1)], lower: 7)
        model.addConstraint([(x, 2), (y, 2)], upper: 13)
        model.setObjective([(x, 1)], sense: .maximize)
        let solution = model.solve()
        #expect(solution.status == .infeasible)
        #expect(solution.objective == nil && solution.values.isEmpty)
    }

    @Test func integralityCountsAndRepeatedTermsAdd() throws {
        // max x + y with 2x + 2y ≤ 5: 2 as integers (2.5 as continuous).
        var model = LinearModel()
        let x = model.addVariable(lower: 0, upper: 10, integer: true)
        let y = model.addVariable(lower: 0, upper: 10, integer: true)
        model.addConstraint([(x, 1), (y, 2), (x, 1)], upper: 5)
        model.setObjective([(x, 1), (y, 1)], sense: .maximize)
        let solution = model.solve()
        #expect(solution.provenOptimal)
        #expect(solution.objective == 2)
        #expect(2 * solution[x] + 2 * solution[y] <= 5 + 1e-9)
        var relaxed = LinearModel()
        let a = relaxed.addVariable(lower: 0, upper: 10)
        let b = relaxed.addVariable(lower: 0, upper: 10)
        relaxed.addConstraint([(a, 2), (b, 2)], upper: 5)
        relaxed.setObjective([(a, 1), (b, 1)], sense: .maximize)
        #expect(abs((relaxed.solve().objective ?? 0) - 2.5) < 1e-9)
    }

    @Test func aModelWithoutColumnsIsDecidedWithoutCBC() {
        var model = LinearModel()
        #expect(model.solve().status == .optimal)
        model.addConstraint([], lower: 1)
        #expect(model.solve().status == .infeasible)
    }

    @Test func aNodeLimitGivesAnHonestBound() throws {
        // A harder knapsack: with one node CBC may or may not prove it; either way the bound is
        // never below the solution, and the solution keeps the rows.
        let program = RandomBinaryProgram(seed: 99, columns: 14, rows: 4)
        let limited = program.model.solve(SolveOptions(nodeLimit: 1))
        #expect([.optimal, .feasible].contains(limited.status))
        let objective = try #require(limited.objective)
        let bound = try #require(limited.bound)
        let best = try #require(program.enumerate())
        #expect(objective <= best + 1e-6 && best <= bound + 1e-6)
        for (row, capacity) in zip(program.weights, program.capacities) {
            #expect(zip(row, limited.values).reduce(0) { $0 + $1.0 * $1.1 } <= capacity + 1e-6)
        }
    }

    @Test func concurrentSolvesOfSeparateModelsGiveTheSameAnswersAsAlone() async {
        let programs = (0..<16).map { RandomBinaryProgram(seed: UInt64(1000 + $0), columns: 12, rows: 4) }
        let alone = programs.map { $0.model.solve() }
        let together = await withTaskGroup(of: (Int, LinearSolution).self) { group in
            for (index, program) in programs.enumerated() {
                group.addTask { (index, program.model.solve()) }
            }
            var results: [(Int, LinearSolution)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map(\.1)
        }
        for (one, other) in zip(alone, together) {
            #expect(one.status == other.status)
            #expect(one.objective == other.objective)
            #expect(one.values == other.values)
        }
        #expect(zip(programs, alone).allSatisfy { abs(($1.objective ?? .nan) - ($0.enumerate() ?? .nan)) < 1e-6 })
    }
}
