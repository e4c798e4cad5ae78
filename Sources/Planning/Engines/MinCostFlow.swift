/// Minimum-cost flow by successive shortest paths (Dijkstra with potentials), stopping when no
/// path of negative cost is left: the flow of least total cost, whatever its value.
///
/// Exact for integer capacities and costs; with convex per-unit costs (unit arcs of rising cost)
/// it minimises a separable convex objective. The first potentials come from Bellman–Ford, so
/// negative arc costs are allowed as long as the graph starts without negative cycles.
struct MinCostFlow {
    private(set) var heads: [Int] = []
    private(set) var caps: [Int] = []
    private(set) var costs: [Int] = []
    private var next: [Int] = []
    private var first: [Int]

    /// A graph with `nodes` nodes and no arcs.
    init(nodes: Int) { first = Array(repeating: -1, count: nodes) }

    /// Adds an arc and its residual twin; returns the arc's index (flow is `capacity − residual`).
    @discardableResult
    mutating func addArc(from: Int, to: Int, capacity: Int, cost: Int) -> Int {
        let index = heads.count
        heads.append(to)
        caps.append(capacity)
        costs.append(cost)
        next.append(first[from])
        first[from] = index
        heads.append(from)
        caps.append(0)
        costs.append(-cost)
        next.append(first[to])
        first[to] = index + 1
        return index
    }

    /// The flow on arc `index` (as returned by ``addArc``).
    func flow(_ index: Int) -> Int { caps[index ^ 1] }

    /// Sends flow from `source` to `sink` while a negative-cost path exists; returns the total cost.
    mutating func solve(source: Int, sink: Int) -> Int {
        let count = first.count
        var potential = Array(repeating: Int.max / 4, count: count)
        potential[source] = 0
        // Bellman–Ford for the first potentials (the graphs here are small DAGs at the start).
        var changed = true
        var rounds = 0
        while changed && rounds < count {
            changed = false
            rounds += 1
            for node in 0..<count where potential[node] < Int.max / 4 {
                var arc = first[node]
                while arc >= 0 {
                    if caps[arc] > 0 && potential[node] + costs[arc] < potential[heads[arc]] {
                        potential[heads[arc]] = potential[node] + costs[arc]
                        changed = true
                    }
                    arc = next[arc]
                }
            }
        }
        var total = 0
        var distance = Array(repeating: Int.max, count: count)
        var parentArc = Array(repeating: -1, count: count)
        var heap = MinHeap()
        while true {
            for node in 0..<count {
                distance[node] = Int.max
                parentArc[node] = -1
            }
            distance[source] = 0
            heap.push(0, source)
            while let (d, node) = heap.pop() {
                if d > distance[node] { continue }
                var arc = first[node]
                while arc >= 0 {
                    if caps[arc] > 0 {
                        let target = heads[arc]
                        let reduced = costs[arc] + potential[node] - potential[target]
                        let candidate = d + reduced
                        if candidate < distance[target] {
                            distance[target] = candidate
                            parentArc[target] = arc
                            heap.push(candidate, target)
                        }
                    }
                    arc = next[arc]
                }
            }
            if distance[sink] == Int.max { break }
            for node in 0..<count where distance[node] < Int.max { potential[node] += distance[node] }
            // The real cost of the path is the sink's potential (source potential stays 0).
            let pathCost = potential[sink] - potential[source]
            if pathCost >= 0 { break }
            var amount = Int.max
            var node = sink
            while node != source {
                let arc = parentArc[node]
                amount = min(amount, caps[arc])
                node = heads[arc ^ 1]
            }
            node = sink
            while node != source {
                let arc = parentArc[node]
                caps[arc] -= amount
                caps[arc ^ 1] += amount
                node = heads[arc ^ 1]
            }
            total += amount * pathCost
        }
        return total
    }
}

/// A binary min-heap of (key, value) pairs, smallest key first (ties: smaller value).
struct MinHeap {
    private var items: [(Int, Int)] = []

    mutating func push(_ key: Int, _ value: Int) {
        items.append((key, value))
        var child = items.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            if items[child] < items[parent] {
                items.swapAt(child, parent)
                child = parent
            } else {
                break
            }
        }
    }

    mutating func pop() -> (Int, Int)? {
        guard let top = items.first else { return nil }
        let last = items.removeLast()
        if !items.isEmpty {
            items[0] = last
            var parent = 0
            while true {
                let left = 2 * parent + 1
                let right = left + 1
                var smallest = parent
                if left < items.count && items[left] < items[smallest] { smallest = left }
                if right < items.count && items[right] < items[smallest] { smallest = right }
                if smallest == parent { break }
                items.swapAt(parent, smallest)
                parent = smallest
            }
        }
        return top
    }
}
