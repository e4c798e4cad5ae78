import Foundation
import PropertyBased
import Testing

@testable import Planning

/// Seeded tiny programme requests: 2–4 themes (and their areas' themes) of the example catalogue, 1–4 months starting
/// anywhere in 2027 (observance months and the turn of the year included), a random part of the
/// example's members and sessions (the month before the period's too), 0–3 GAP targets, earlier headlines in the twelve months
/// before, and the observance opt-out now and then.
enum TinyProgramme {
    static func request(seed: UInt64) throws -> ProgrammePlanner.Request {
        var random = Xoshiro(seed: (seed &+ 7, seed ^ 0x5851_F42D_4C95_7F2D, ~seed &+ 3, seed &* 0x2545_F491 &+ 5))
        let full = try Example.catalogue()
        var chosen = Set(full.themes.shuffled(using: &random).prefix(Int.random(in: 2...4, using: &random)).map(\.slug))
        // A theme's area is a theme of the catalogue too.
        while let missing = full.themes.first(where: {
            chosen.contains($0.slug) && $0.area.map(chosen.contains) == false
        }
        )?.area {
            chosen.insert(missing)
        }
        let themes = full.themes.filter { chosen.contains($0.slug) }
        let catalogue = try Catalogue(
            gapPriorities: full.gapPriorities, themes: themes, activityKinds: full.activityKinds,
            observances: full.observances)
        let first = try MonthKey(year: 2027, month: Int.random(in: 1...12, using: &random))
        let months = MonthKey.range(first, first.adding(months: Int.random(in: 0...3, using: &random)))
        let carried = Array(Set(themes.flatMap(\.gap)).sorted())
        var targets: [String: Int] = [:]
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            guard let id = (carried + full.gapPriorities.map(\.id)).randomElement(using: &random) else { continue }
            targets[id.rawValue] = Int.random(in: 1...6, using: &random)
        }
        let group = try Example.group(optOut: Int.random(in: 0..<5, using: &random) == 0, targets: targets)
        let plan = try Example.plan(group: group)
        // Sessions of the month before too, as a longer plan passes them: they count for nothing.
        let window = months[0].adding(months: -1).dates.lowerBound...months[months.count - 1].dates.upperBound
        let sessions = try BlackoutMover.place(
            SessionExpansion.sessions(for: plan, catalogue: full, window: window), group: group,
            blackouts: plan.blackouts
        ).filter { _ in Int.random(in: 0..<3, using: &random) > 0 }
        let members = plan.members.filter { _ in Int.random(in: 0..<2, using: &random) == 0 }
        var history: [MonthKey: Slug] = [:]
        for back in 1...12 where Int.random(in: 0..<3, using: &random) == 0 {
            history[first.adding(months: -back)] = themes.randomElement(using: &random)?.slug
        }
        return ProgrammePlanner.Request(
            group: group, catalogue: catalogue, members: members, activities: plan.activities, sessions: sessions,
            months: months, history: history)
    }
}

/// The programme's goals counted again from their definitions in ``ProgrammePlanner``'s
/// documentation, without ``ProgrammeModel``: which observances a month holds, which sessions
/// take the headline, who is interested and available (``IndependentRules``), and the seven
/// goals in their order.
struct ProgrammeGoals {
    let request: ProgrammePlanner.Request
    /// Per month: observances some theme suits, sessions taking the headline, and per theme the
    /// members interested and available.
    private var held: [[Slug]] = []
    private var free: [Int] = []
    private var keen: [[Int]] = []
    private var fixedCarry: [GAPPriorityID: Int] = [:]

    init(_ request: ProgrammePlanner.Request) {
        self.request = request
        let catalogue = request.catalogue
        let suited = Set(catalogue.themes.flatMap(\.observances))
        let fixed = Set(request.activities.filter { $0.theme != nil }.map(\.slug))
        let anyone = try? OrganiserSlots(count: 1)
        let months = Set(request.months)
        for session in request.sessions
        where session.takesPlace && fixed.contains(session.activity) && months.contains(MonthKey(session.start.date)) {
            let theme = request.activities.first { $0.slug == session.activity }?.theme
            for id in catalogue.themes.first(where: { $0.slug == theme })?.gap ?? [] { fixedCarry[id, default: 0] += 1 }
        }
        for month in request.months {
            let days = month.dates
            held.append(
                catalogue.observances.filter { observance in
                    suited.contains(observance.slug)
                        && [month.year - 1, month.year].contains { year in
                            observance.dates(in: year, country: request.group.country).map {
                                $0.overlaps(days)
                            } ?? false
                        }
                }.map(\.slug))
            let sessions = request.sessions.filter {
                $0.takesPlace && days.contains($0.start.date) && !fixed.contains($0.activity)
            }
            free.append(sessions.count)
            keen.append(
                catalogue.themes.map { theme in
                    request.members.filter { member in
                        member.isInterested(in: theme.slug, area: theme.area)
                            && sessions.contains { session in
                                anyone.map { IndependentRules.mayTake(member, session, slots: $0) } ?? false
                            }
                    }.count
                })
        }
    }

    /// The seven goals of `themes` (one theme index per month), smallest best.
    func value(_ themes: [Int]) -> [Int] {
        let catalogue = request.catalogue.themes
        var hard = 0
        var thin = 0
        var balance: [Theme.Category: Int] = [:]
        var missedFit = 0
        var missedInterest = 0
        var repeated = 0
        var carried = fixedCarry
        for (i, t) in themes.enumerated() {
            let month = request.months[i]
            let theme = catalogue[t]
            let before =
                request.history.filter { $0.key < request.months[0] && $0.value == theme.slug }.map(\.key)
                + (0..<i).filter { themes[$0] == t }.map { request.months[$0] }
            if before.contains(where: { month.index - $0.index < 12 }) { hard += 2 }
            let fits = catalogue.map { candidate in held[i].filter { candidate.observances.contains($0) }.count }
            if !request.group.settings.observanceOptOut && !held[i].isEmpty && fits[t] == 0 { hard += 1 }
            if free[i] > 0 && keen[i][t] < 2 { thin += 1 }
            balance[theme.category, default: 0] += 1
            missedFit += (fits.max() ?? 0) - fits[t]
            missedInterest += (keen[i].max() ?? 0) - keen[i][t]
            if i > 0 && catalogue[themes[i - 1]].gap.first == theme.gap.first { repeated += 1 }
            for id in Set(theme.gap) { carried[id, default: 0] += free[i] }
        }
        let scale = request.months.count
        let shortfall = request.group.gapTargets.reduce(0) { total, target in
            let wanted = (target.value * scale + 11) / 12
            return total + max(0, wanted - (carried[target.key] ?? 0))
        }
        return [
            hard, shortfall, thin, balance.values.reduce(0) { $0 + $1 * $1 }, missedFit, missedInterest, repeated,
        ]
    }

    /// The least value over every programme, by enumeration.
    func best() -> [Int] {
        let count = request.catalogue.themes.count
        var best: [Int]?
        var choice = Array(repeating: 0, count: request.months.count)
        while true {
            let value = value(choice)
            if best.map({ value.lexicographicallyPrecedes($0) }) ?? true { best = value }
            guard let position = choice.indices.last(where: { choice[$0] < count - 1 }) else { break }
            choice[position] += 1
            for later in (position + 1)..<choice.count { choice[later] = 0 }
        }
        return best ?? []
    }
}

@Suite struct ProgrammeExhaustiveTests {
    /// The solver's programme against every programme of 500 seeded tiny requests: its value at
    /// the seven goals, counted by ``ProgrammeGoals``, is the least there is, proven optimal.
    @Test func milpProgrammeEqualsExhaustiveEnumeration() throws {
        var repeatsForced = 0
        for seed in UInt64(1)...500 {
            let request = try TinyProgramme.request(seed: seed)
            // No time limit: the process's solves share one lock, and under the whole suite's load a
            // wall-clock limit would be spent waiting for it.
            let programme = ProgrammePlanner.plan(request, timeLimit: nil)
            let goals = ProgrammeGoals(request)
            let themes = programme.months.map { month in
                request.catalogue.themes.firstIndex { $0.slug == month.theme } ?? -1
            }
            try #require(themes.count == request.months.count && !themes.contains(-1), "seed \(seed)")
            let best = goals.best()
            #expect(goals.value(themes) == best, "seed \(seed)")
            #expect(programme.provenOptimal, "seed \(seed)")
            // The targets' statuses tell the shortfall the programme was chosen for.
            let statusShortfall = programme.targets.reduce(0) { $0 + max(0, $1.target - $1.achieved) }
            #expect(statusShortfall == goals.value(themes)[1], "seed \(seed)")
            if best[0] >= 2 { repeatsForced += 1 }
        }
        // The generator reaches the hard corner too: months where every theme breaks a rule.
        #expect(repeatsForced > 10)
    }
}
