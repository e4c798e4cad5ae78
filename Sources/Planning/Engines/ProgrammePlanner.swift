import Foundation

/// Chooses each month's headline theme for a period and gives every session a theme under it.
///
/// Hard: no theme twice within twelve months (the history counts); a month holding an
/// observance that catalogue themes suit takes one of them, unless the group opts out. Where
/// no theme can keep both, the month gives up the observance (a repeat only when every theme
/// was used in the last twelve months) and the programme says so.
///
/// Then, in this order (lexicographic, exact by depth-first branch-and-bound over months): (1)
/// the GAP targets' total shortfall; (2) months whose theme has fewer than two interested and
/// available members; (3) category balance, Σ over categories of (months)²; (4) most of the
/// month's observances suited; (5) most interested members; (6) fewest months whose headline
/// GAP priority (a theme's first) repeats the previous month's; ties go to catalogue order.
/// Levels (2)–(5) are bounded by a min-cost assignment of themes to the open months (distinct
/// within twelve months, convex category costs), whose solution also serves as an incumbent.
///
/// Sessions of an activity with a fixed theme keep it; every other session takes its month's
/// headline. A target counts sessions of the period whose theme carries the priority; a period
/// shorter than a year wants the target scaled to its length (rounded up).
public enum ProgrammePlanner {
    /// What the planner needs.
    public struct Request: Sendable {
        /// The group (country, targets, opt-out).
        public var group: Group
        /// The catalogue.
        public var catalogue: Catalogue
        /// Members (interests and availability).
        public var members: [Member]
        /// Activities (fixed themes).
        public var activities: [Activity]
        /// The period's sessions (after blackout moves).
        public var sessions: [Session]
        /// The months to plan, in order, no gaps.
        public var months: [MonthKey]
        /// Earlier headlines (for the twelve-month rule).
        public var history: [MonthKey: Slug]

        /// Creates a request.
        public init(
            group: Group, catalogue: Catalogue, members: [Member], activities: [Activity], sessions: [Session],
            months: [MonthKey], history: [MonthKey: Slug] = [:]
        ) {
            self.group = group
            self.catalogue = catalogue
            self.members = members
            self.activities = activities
            self.sessions = sessions
            self.months = months
            self.history = history
        }
    }

    /// The programme for `request`; `nodeLimit` bounds each search (deterministically).
    ///
    /// A period longer than twelve months is planned a year at a time (GAP targets are
    /// yearly), each year exactly, given the years before it as history.
    public static func plan(_ request: Request, nodeLimit: Int = 200_000) -> Programme {
        guard request.months.count > 12 else {
            var search = ProgrammeSearch(request: request)
            search.run(nodeLimit: nodeLimit)
            return search.programme()
        }
        var months: [ProgrammeMonth] = []
        var targets: [TargetStatus] = []
        var notes = ["planned a year at a time: each twelve months exactly, given the months before them"]
        var proven = true
        var nodes = 0
        var current = request
        for start in stride(from: 0, to: request.months.count, by: 12) {
            current.months = Array(request.months[start..<min(start + 12, request.months.count)])
            var search = ProgrammeSearch(request: current)
            search.run(nodeLimit: nodeLimit)
            let part = search.programme()
            months += part.months
            targets += part.targets
            notes += part.notes
            proven = proven && part.provenOptimal
            nodes += part.nodes
            current.sessions = part.sessions
            for month in part.months { current.history[month.month] = month.theme }
        }
        return Programme(
            months: months, sessions: current.sessions, targets: targets, notes: notes, provenOptimal: proven,
            nodes: nodes)
    }

    /// Each earlier month's headline as the most frequent theme among `sessions` of that month
    /// (ties: the smaller slug), for months before `month`.
    public static func history(from sessions: [Session], before month: MonthKey) -> [MonthKey: Slug] {
        var counts: [MonthKey: [Slug: Int]] = [:]
        for session in sessions where session.takesPlace {
            let key = MonthKey(session.start.date)
            guard key < month, let theme = session.theme else { continue }
            counts[key, default: [:]][theme, default: 0] += 1
        }
        return counts.compactMapValues { themes in
            themes.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.first?.key
        }
    }
}

/// The search behind ``ProgrammePlanner``.
struct ProgrammeSearch {
    /// Lexicographic penalties, smaller is better.
    struct Value: Comparable {
        var hard = 0
        var shortfall = 0
        var thinInterest = 0
        var repeatedPriority = 0
        var balance = 0
        var missedFit = 0
        var missedInterest = 0

        static func < (a: Value, b: Value) -> Bool {
            a.levels.lexicographicallyPrecedes(b.levels)
        }

        var levels: [Int] { [hard, shortfall, thinInterest, balance, missedFit, missedInterest, repeatedPriority] }
    }

    let request: Request
    typealias Request = ProgrammePlanner.Request
    let themes: [Theme]
    let months: [MonthKey]
    /// Activities whose sessions keep their own theme, with it.
    let fixedTheme: [Slug: Slug]
    /// Observances per month that at least one theme suits.
    let observances: [[Observance]]
    /// Sessions per month that take the headline.
    let freeSessions: [Int]
    /// Interested and available members per month and theme.
    let interested: [[[Slug]]]
    /// How many of the month's observances each theme suits.
    let fit: [[Int]]
    /// Targets (scaled) by priority, and sessions with fixed themes counting for each.
    let targets: [(id: GAPPriorityID, wanted: Int, fixed: Int)]
    let categories: [Theme.Category] = Theme.Category.allCases
    let maxFit: [Int]
    let maxInterest: [Int]

    private(set) var best: [Int]?
    private(set) var bestValue: Value?
    private(set) var nodes = 0
    private(set) var complete = true

    init(request: Request) {
        self.request = request
        themes = request.catalogue.themes
        months = request.months
        let country = request.group.country
        let fixedTheme = Dictionary(
            request.activities.compactMap { activity in activity.theme.map { (activity.slug, $0) } },
            uniquingKeysWith: { first, _ in first })
        self.fixedTheme = fixedTheme
        var observances: [[Observance]] = []
        var free: [Int] = []
        var interested: [[[Slug]]] = []
        var fit: [[Int]] = []
        var fixedCounts: [GAPPriorityID: Int] = [:]
        let sessions = request.sessions.filter(\.takesPlace)
        for session in sessions {
            if let slug = fixedTheme[session.activity], let theme = request.catalogue.theme(slug) {
                for id in theme.gap { fixedCounts[id, default: 0] += 1 }
            }
        }
        for month in months {
            let range = month.dates
            let held = request.catalogue.observances.filter { observance in
                [month.year - 1, month.year].contains { year in
                    guard let dates = observance.dates(in: year, country: country) else { return false }
                    return dates.lowerBound <= range.upperBound && range.lowerBound <= dates.upperBound
                }
            }.filter { observance in request.catalogue.themes.contains { $0.observances.contains(observance.slug) } }
            observances.append(held)
            let monthSessions = sessions.filter { range.contains($0.start.date) && fixedTheme[$0.activity] == nil }
            free.append(monthSessions.count)
            let available = request.members.filter { member in
                monthSessions.contains { AssignmentRules.attendance(member, $0) == nil }
            }
            interested.append(
                request.catalogue.themes.map { theme in
                    available.filter { $0.isInterested(in: theme.slug, area: theme.area) }.map(\.id)
                })
            fit.append(
                request.catalogue.themes.map { theme in held.filter { theme.observances.contains($0.slug) }.count })
        }
        self.observances = observances
        freeSessions = free
        self.interested = interested
        self.fit = fit
        let monthCount = request.months.count
        targets = request.group.gapTargets.sorted { $0.key < $1.key }.map { id, target in
            (id, GAPTargets.scaled(target, months: monthCount), fixedCounts[id] ?? 0)
        }
        maxFit = fit.map { $0.max() ?? 0 }
        maxInterest = interested.map { $0.map(\.count).max() ?? 0 }
    }

    /// How badly theme `t` in month `i` breaks the hard rules given the months chosen before it
    /// (`lastUse`: the month index each theme last headlined, history included): a repeat
    /// within twelve months weighs 2, a missed observance 1, so that when no theme keeps both
    /// the month gives up the observance, never the no-repeat rule.
    func hardBreaks(_ t: Int, at i: Int, lastUse: [Int?]) -> Int {
        var breaks = 0
        if let last = lastUse[t], months[i].index - last < 12 { breaks += 2 }
        if !request.group.settings.observanceOptOut && !observances[i].isEmpty && fit[i][t] == 0 { breaks += 1 }
        return breaks
    }

    /// Whether month `i` counts for the "two interested members" goal (it has sessions to staff).
    func wantsInterest(_ i: Int) -> Bool { freeSessions[i] > 0 }

    /// The search state: choices so far and their running counters.
    struct State {
        var chosen: [Int] = []
        var lastUse: [Int?]
        var categoryCounts: [Int]
        var carried: [Int]
        var value = Value()
    }

    mutating func run(nodeLimit: Int) {
        var lastUse: [Int?] = Array(repeating: nil, count: themes.count)
        for (key, slug) in request.history {
            guard let t = themes.firstIndex(where: { $0.slug == slug }), key < (months.first ?? key) || months.isEmpty
            else { continue }
            lastUse[t] = max(lastUse[t] ?? Int.min, key.index)
        }
        staticOrder = months.indices.map { i in
            themes.indices.sorted { a, b in
                let ka = (
                    wantsInterest(i) && interested[i][a].count < 2 ? 1 : 0, -fit[i][a], -interested[i][a].count, a
                )
                let kb = (
                    wantsInterest(i) && interested[i][b].count < 2 ? 1 : 0, -fit[i][b], -interested[i][b].count, b
                )
                return ka < kb
            }
        }
        var state = State(
            lastUse: lastUse, categoryCounts: Array(repeating: 0, count: categories.count),
            carried: Array(repeating: 0, count: targets.count))
        search(&state, nodeLimit: nodeLimit)
    }

    var staticOrder: [[Int]] = []

    /// A lower bound on the final value below `state`: each level on its own, each open month
    /// choosing among the themes still allowed to it as if the others did not compete.
    func lowerBound(_ state: State) -> Value {
        var value = state.value
        let open = state.chosen.count..<months.count
        var optimistic = Array(repeating: 0, count: targets.count)
        for j in open {
            var leastBreaks = Int.max
            var thin = 1
            var bestFit = 0
            var bestInterest = 0
            var carries = Array(repeating: false, count: targets.count)
            for t in themes.indices {
                let breaks = hardBreaks(t, at: j, lastUse: state.lastUse)
                leastBreaks = min(leastBreaks, breaks)
                if !wantsInterest(j) || interested[j][t].count >= 2 { thin = 0 }
                bestFit = max(bestFit, fit[j][t])
                bestInterest = max(bestInterest, interested[j][t].count)
                for (k, target) in targets.enumerated() where themes[t].gap.contains(target.id) { carries[k] = true }
            }
            if leastBreaks != Int.max { value.hard += leastBreaks }
            value.thinInterest += thin
            value.missedFit += maxFit[j] - bestFit
            value.missedInterest += maxInterest[j] - bestInterest
            for k in targets.indices where carries[k] { optimistic[k] += freeSessions[j] }
        }
        // Within a block of twelve months a theme headlines once (with twelve themes or more a
        // free one always exists, and a repeat would cost more breaks than this bound counts), so
        // a priority gains at most the largest months of as many unused themes as carry it.
        if themes.count >= 12 {
            for (k, target) in targets.enumerated() {
                let unused = themes.indices.filter { t in themes[t].gap.contains(target.id) && !state.chosen.contains(t)
                }.count
                let largest = open.map { freeSessions[$0] }.sorted(by: >).prefix(unused)
                optimistic[k] = min(optimistic[k], largest.reduce(0, +))
            }
        }
        value.shortfall = 0
        for (k, target) in targets.enumerated() {
            value.shortfall += max(0, target.wanted - target.fixed - state.carried[k] - optimistic[k])
        }
        var counts = state.categoryCounts
        for _ in open {
            if let least = counts.indices.min(by: { counts[$0] < counts[$1] }) { counts[least] += 1 }
        }
        value.balance = counts.reduce(0) { $0 + $1 * $1 }
        return value
    }

    /// Tightens the bound on the months short of two interested members, category balance,
    /// observance fit and interest, for plans that tie the bound on breaks: open months less
    /// than twelve months apart need distinct themes, each among those that keep the month's
    /// least breaks. A min-cost flow (months → themes → categories, convex 1, 3, 5, … per
    /// category, the four levels weighted lexicographically) gives their least values over that
    /// relaxation; when no assignment exists no plan keeps the least breaks, and the bound rises
    /// above all.
    func refineLowestLevels(_ bound: inout Value, state: State) -> [Int]? {
        let open = Array(state.chosen.count..<months.count)
        guard let first = open.first else { return nil }
        // Open months fall into blocks of twelve from the first one: inside a block every two
        // months are less than twelve apart, so they need distinct themes (across blocks the
        // rule is dropped: a relaxation).
        let block = { (j: Int) in (self.months[j].index - self.months[first].index) / 12 }
        let blocks = open.map(block).max().map { $0 + 1 } ?? 1
        let fitWeight = (maxInterest.max() ?? 0) * months.count + 1
        let balanceWeight = fitWeight * ((maxFit.max() ?? 0) * months.count + 1)
        let thinWeight = balanceWeight * (4 * months.count * months.count + 1)
        let big = thinWeight * (months.count + 1) * 8
        let monthNode = { (position: Int) in 2 + position }
        let themeNode = { (b: Int, t: Int) in 2 + open.count + b * self.themes.count + t }
        let categoryNode = { (c: Int) in 2 + open.count + blocks * self.themes.count + c }
        var flow = MinCostFlow(nodes: 2 + open.count + blocks * themes.count + categories.count)
        var choiceArcs: [(arc: Int, month: Int, theme: Int)] = []
        for (position, j) in open.enumerated() {
            flow.addArc(from: 0, to: monthNode(position), capacity: 1, cost: 0)
            let breaks = themes.indices.map { hardBreaks($0, at: j, lastUse: state.lastUse) }
            let least = breaks.min() ?? 0
            for t in themes.indices where breaks[t] == least {
                let thin = wantsInterest(j) && interested[j][t].count < 2 ? 1 : 0
                let miss =
                    thin * thinWeight + (maxFit[j] - fit[j][t]) * fitWeight + (maxInterest[j] - interested[j][t].count)
                choiceArcs.append(
                    (
                        flow.addArc(
                            from: monthNode(position), to: themeNode(block(j), t), capacity: 1, cost: miss - big), j, t
                    ))
            }
        }
        for b in 0..<blocks {
            for t in themes.indices {
                flow.addArc(
                    from: themeNode(b, t), to: categoryNode(categories.firstIndex(of: themes[t].category) ?? 0),
                    capacity: 1, cost: 0)
            }
        }
        for c in categories.indices {
            for unit in 0..<open.count {
                flow.addArc(
                    from: categoryNode(c), to: 1, capacity: 1,
                    cost: balanceWeight * (2 * (state.categoryCounts[c] + unit) + 1))
            }
        }
        let total = flow.solve(source: 0, sink: 1) + big * open.count
        guard total >= 0 && total < big else {
            bound.hard += 1  // no completion keeps the least breaks: all are worse
            return nil
        }
        let current = state.categoryCounts.reduce(0) { $0 + $1 * $1 }
        let thin = state.value.thinInterest + total / thinWeight
        let balance = current + (total % thinWeight) / balanceWeight
        if thin >= bound.thinInterest {
            bound.thinInterest = thin
            if balance >= bound.balance {
                bound.balance = balance
                bound.missedFit = state.value.missedFit + (total % balanceWeight) / fitWeight
                bound.missedInterest = state.value.missedInterest + total % fitWeight
            }
        }
        var choice = state.chosen
        for arc in choiceArcs.sorted(by: { $0.month < $1.month }) where flow.flow(arc.arc) > 0 {
            choice.append(arc.theme)
        }
        return choice.count == months.count ? choice : nil
    }

    /// Applies theme `t` as month `i`'s headline to `state`.
    func apply(_ t: Int, at i: Int, to state: inout State) {
        let theme = themes[t]
        state.value.hard += hardBreaks(t, at: i, lastUse: state.lastUse)
        state.chosen.append(t)
        state.lastUse[t] = months[i].index
        if wantsInterest(i) && interested[i][t].count < 2 { state.value.thinInterest += 1 }
        if i > 0, themes[state.chosen[i - 1]].gap.first == theme.gap.first { state.value.repeatedPriority += 1 }
        state.categoryCounts[categories.firstIndex(of: theme.category) ?? 0] += 1
        state.value.missedFit += maxFit[i] - fit[i][t]
        state.value.missedInterest += maxInterest[i] - interested[i][t].count
        for (k, target) in targets.enumerated() where theme.gap.contains(target.id) {
            state.carried[k] += freeSessions[i]
        }
    }

    /// The value of a complete state.
    func finalValue(_ state: State) -> Value {
        var value = state.value
        value.balance = state.categoryCounts.reduce(0) { $0 + $1 * $1 }
        value.shortfall = targets.indices.reduce(0) { total, k in
            total + max(0, targets[k].wanted - targets[k].fixed - state.carried[k])
        }
        return value
    }

    /// Offers the completion `choice` of `state` as the best programme.
    mutating func offer(_ choice: [Int], from state: State) {
        var complete = state
        for i in state.chosen.count..<choice.count { apply(choice[i], at: i, to: &complete) }
        let value = finalValue(complete)
        if bestValue.map({ value < $0 }) ?? true {
            best = complete.chosen
            bestValue = value
        }
    }

    mutating func search(_ state: inout State, nodeLimit: Int) {
        if nodes >= nodeLimit {
            complete = false
            return
        }
        nodes += 1
        let i = state.chosen.count
        if i == months.count {
            let value = finalValue(state)
            if bestValue.map({ value < $0 }) ?? true {
                best = state.chosen
                bestValue = value
            }
            return
        }
        var bound = lowerBound(state)
        if let bestValue, !(bound < bestValue) { return }
        if bestValue.map({ Array(bound.levels.prefix(2)) == Array($0.levels.prefix(2)) }) ?? true {
            if let choice = refineLowestLevels(&bound, state: state) { offer(choice, from: state) }
            if let bestValue, !(bound < bestValue) { return }
        }
        let breaks = staticOrder[i].map { hardBreaks($0, at: i, lastUse: state.lastUse) }
        let leastBreaks = breaks.min() ?? 0
        // Among equals of the static order, try first the themes that change the headline priority.
        let previous = i > 0 ? themes[state.chosen[i - 1]].gap.first : nil
        let order = staticOrder[i].enumerated().filter { breaks[$0.offset] == leastBreaks }.map(\.element)
        let keys = order.enumerated().map { position, t in
            (
                wantsInterest(i) && interested[i][t].count < 2 ? 1 : 0, -fit[i][t], -interested[i][t].count,
                themes[t].gap.first == previous ? 1 : 0, position
            )
        }
        let ordered = order.indices.sorted { keys[$0] < keys[$1] }.map { order[$0] }
        for t in ordered {
            // A break is only allowed when no theme avoids it.
            let saved = state
            apply(t, at: i, to: &state)
            search(&state, nodeLimit: nodeLimit)
            state = saved
            if !complete && best != nil { return }
        }
    }
}
