import Foundation

/// What the programme planner decides over, read once from a request: the themes, the months,
/// and per month and theme the numbers each goal counts (observances suited, interested members,
/// sessions that take the headline), with the GAP targets left to reach. ``ProgrammeMILP``
/// chooses from it; ``programme(_:)`` (ProgrammeModel+Reasons.swift) says why.
///
/// The goals, smallest first, in this order (lexicographic): (0) the hard rules' breaks — a
/// theme repeated within twelve months weighs 2, a missed observance 1, so that when no theme
/// keeps both the month gives up the observance, never the no-repeat rule; (1) the GAP targets'
/// total shortfall; (2) months with sessions to staff whose theme has fewer than two interested
/// and available members; (3) category balance, Σ over categories of (months)²; (4) the month's
/// observances the theme does not suit, against the best theme of that month; (5) interested
/// members missed, likewise; (6) months whose headline GAP priority (a theme's first, or none)
/// repeats the previous month's.
struct ProgrammeModel {
    /// A programme's value at every goal, smaller is better.
    struct Value: Comparable, CustomStringConvertible {
        var hard = 0
        var shortfall = 0
        var thinInterest = 0
        var balance = 0
        var missedFit = 0
        var missedInterest = 0
        var repeatedPriority = 0

        /// The goals in their order.
        var levels: [Int] { [hard, shortfall, thinInterest, balance, missedFit, missedInterest, repeatedPriority] }

        static func < (a: Value, b: Value) -> Bool { a.levels.lexicographicallyPrecedes(b.levels) }

        var description: String { levels.map(String.init).joined(separator: "/") }
    }

    typealias Request = ProgrammePlanner.Request

    let request: Request
    let themes: [Theme]
    /// The months to plan: at most twelve, consecutive (``ProgrammePlanner/plan(_:timeLimit:)``
    /// plans longer periods a year at a time), so every two of them are less than twelve apart.
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
    /// Per theme, the month index (``MonthKey/index``) it last headlined before the period.
    let lastHeadline: [Int?]

    init(request: Request) {
        precondition(request.months.count <= 12, "the programme is planned a year at a time")
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
        // Only the period's sessions count: a longer plan passes every year's sessions to each
        // year in turn, and a fixed theme of last year meets no target of this one.
        let period = Set(months)
        let sessions = request.sessions.filter { $0.takesPlace && period.contains(MonthKey($0.start.date)) }
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
        var lastHeadline: [Int?] = Array(repeating: nil, count: themes.count)
        if let first = months.first {
            for (key, slug) in request.history where key < first {
                guard let t = themes.firstIndex(where: { $0.slug == slug }) else { continue }
                lastHeadline[t] = max(lastHeadline[t] ?? Int.min, key.index)
            }
        }
        self.lastHeadline = lastHeadline
    }

    /// Whether headlining theme `t` in month `i` repeats its headline before the period within
    /// twelve months.
    func repeatsHistory(_ t: Int, at i: Int) -> Bool { repeats(since: lastHeadline[t], at: i) }

    /// Whether a headline in month index `last` (``MonthKey/index``) is less than twelve months
    /// before month `i`.
    func repeats(since last: Int?, at i: Int) -> Bool { last.map { months[i].index - $0 < 12 } ?? false }

    /// How badly theme `t` in month `i` breaks the hard rules, given the month index each theme
    /// last headlined (`lastUse`): a repeat within twelve months weighs 2, a missed observance 1.
    func breaks(_ t: Int, at i: Int, lastUse: [Int?]) -> Int {
        (repeats(since: lastUse[t], at: i) ? 2 : 0) + (missesObservance(t, at: i) ? 1 : 0)
    }

    /// Whether theme `t` in month `i` misses the month's observances (the group keeps them).
    func missesObservance(_ t: Int, at i: Int) -> Bool {
        !request.group.settings.observanceOptOut && !observances[i].isEmpty && fit[i][t] == 0
    }

    /// Whether month `i` counts for the "two interested members" goal (it has sessions to staff).
    func wantsInterest(_ i: Int) -> Bool { freeSessions[i] > 0 }

    /// Whether theme `t` leaves month `i` with fewer than two interested and available members.
    func isThin(_ t: Int, at i: Int) -> Bool { wantsInterest(i) && interested[i][t].count < 2 }

    /// How a month ranks its themes when programmes tie at every goal: fewer months short of
    /// interest, more observances suited, more interested members, then catalogue order. 0 is
    /// the month's favourite.
    func rank(at i: Int) -> [Int] {
        let order = themes.indices.sorted { a, b in
            (isThin(a, at: i) ? 1 : 0, -fit[i][a], -interested[i][a].count, a)
                < (isThin(b, at: i) ? 1 : 0, -fit[i][b], -interested[i][b].count, b)
        }
        var rank = Array(repeating: 0, count: themes.count)
        for (position, t) in order.enumerated() { rank[t] = position }
        return rank
    }

    /// The value of `choice` (a theme index per month), counted from the goals' definitions.
    func value(of choice: [Int]) -> Value {
        var value = Value()
        var lastUse = lastHeadline
        var categoryCounts = Array(repeating: 0, count: categories.count)
        var carried = Array(repeating: 0, count: targets.count)
        for (i, t) in choice.enumerated() {
            let theme = themes[t]
            value.hard += breaks(t, at: i, lastUse: lastUse)
            lastUse[t] = months[i].index
            if isThin(t, at: i) { value.thinInterest += 1 }
            if i > 0, themes[choice[i - 1]].gap.first == theme.gap.first { value.repeatedPriority += 1 }
            categoryCounts[categories.firstIndex(of: theme.category) ?? 0] += 1
            value.missedFit += maxFit[i] - fit[i][t]
            value.missedInterest += maxInterest[i] - interested[i][t].count
            for (k, target) in targets.enumerated() where theme.gap.contains(target.id) {
                carried[k] += freeSessions[i]
            }
        }
        value.balance = categoryCounts.reduce(0) { $0 + $1 * $1 }
        value.shortfall = targets.indices.reduce(0) { total, k in
            total + max(0, targets[k].wanted - targets[k].fixed - carried[k])
        }
        return value
    }

    /// A programme without the solver: month by month the favourite among the themes that break
    /// the fewest rules given the months before. Feasible (every month gets a theme); the answer
    /// only when the solver finds nothing in its time.
    func greedyChoice() -> [Int] {
        guard !themes.isEmpty else { return [] }
        var choice: [Int] = []
        var lastUse = lastHeadline
        for i in months.indices {
            let rank = rank(at: i)
            let broken = themes.indices.map { breaks($0, at: i, lastUse: lastUse) }
            let t = themes.indices.min { (broken[$0], rank[$0]) < (broken[$1], rank[$1]) } ?? 0
            choice.append(t)
            lastUse[t] = months[i].index
        }
        return choice
    }
}
