import Foundation

/// The words of a programme: each month's reasons, the notes on broken rules and impossible
/// wishes, and the targets' status, from the solver's choice. ``ProgrammeMILP`` decides; this
/// file only says why, from the rules (never from the solver's numbers).
extension ProgrammeModel {
    /// The programme of `outcome`'s choice, with reasons.
    func programme(_ outcome: ProgrammeMILP.Outcome) -> Programme {
        let choice = outcome.choice
        var notes: [String] = []
        if themes.isEmpty { notes.append("the catalogue has no themes: no programme") }
        var themeOf: [MonthKey: Theme] = [:]
        for (i, t) in choice.enumerated() { themeOf[months[i]] = themes[t] }
        let sessions = request.sessions.map { session -> Session in
            guard fixedTheme[session.activity] == nil, let theme = themeOf[MonthKey(session.start.date)],
                let themed = try? session.with(theme: theme.slug)
            else { return session }
            return themed
        }
        // Running tallies for the reasons.
        var tally: [GAPPriorityID: Int] = [:]
        for target in targets { tally[target.id] = target.fixed }
        var categoryCounts: [Theme.Category: Int] = [:]
        for t in choice { categoryCounts[themes[t].category, default: 0] += 1 }
        var chosenMonths: [ProgrammeMonth] = []
        var used: [(MonthKey, Slug)] = request.history.map { ($0.key, $0.value) }
        for (i, t) in choice.enumerated() {
            let theme = themes[t]
            let month = months[i]
            var reasons: [String] = []
            let suited = observances[i].filter { theme.observances.contains($0.slug) }
            if !suited.isEmpty {
                reasons.append(suited.map(\.title).joined(separator: ", "))
            } else if !observances[i].isEmpty {
                reasons.append(
                    request.group.settings.observanceOptOut
                        ? "the group opts out of observance themes"
                        : "breaks the observance rule: no theme suiting \(observances[i].map(\.title).joined(separator: ", ")) was free"
                )
                if !request.group.settings.observanceOptOut {
                    notes.append(
                        "\(month.readable): no free theme suits \(observances[i].map(\.title).joined(separator: ", "))")
                }
            }
            for target in targets where theme.gap.contains(target.id) {
                tally[target.id, default: 0] += freeSessions[i]
                reasons.append(
                    "covers \(target.id) target: \(freeSessions[i]) session(s), \(tally[target.id] ?? 0)/\(target.wanted) so far"
                )
            }
            reasons.append(Visibility.interestCount(interested[i][t].count))
            reasons.append(
                "category \(theme.category.rawValue) (\(categoryCounts[theme.category] ?? 0) of \(choice.count) months)"
            )
            if let last = used.filter({ $0.1 == theme.slug && $0.0 < month }).map(\.0).max() {
                let gap = month.index - last.index
                reasons.append("last headline \(last.readable)" + (gap < 12 ? " — repeats within twelve months" : ""))
                if gap < 12 {
                    notes.append(
                        "\(month.readable): \(theme.slug) repeats \(last.readable) (no other theme was allowed)")
                }
            }
            used.append((month, theme.slug))
            chosenMonths.append(
                ProgrammeMonth(
                    month: month, theme: theme.slug, observances: suited.map(\.slug), sessions: freeSessions[i],
                    reasons: reasons, interested: interested[i][t]))
        }
        let statuses = targets.map { target -> TargetStatus in
            let achieved = sessions.filter(\.takesPlace).filter { session in
                months.contains(MonthKey(session.start.date))
                    && session.theme.flatMap { request.catalogue.theme($0) }?.gap.contains(target.id) == true
            }.count
            var reason: String?
            if achieved < target.wanted {
                let carriers = themes.filter { $0.gap.contains(target.id) }
                let capacity = freeSessions.reduce(0, +) + target.fixed
                if carriers.isEmpty {
                    reason = "no theme in the catalogue carries \(target.id)"
                } else if capacity < target.wanted {
                    reason = "the period has only \(capacity) session(s) that could carry it"
                } else {
                    reason =
                        "the period's \(months.count) month(s) went to other targets and the observance and no-repeat rules"
                        + " (themes carrying it: \(carriers.map(\.slug.rawValue).joined(separator: ", ")))"
                }
                notes.append("target \(target.id) failed: \(achieved)/\(target.wanted): \(reason ?? "")")
            }
            return TargetStatus(
                priority: target.id, from: months.first ?? MonthKey(LocalDate(dayNumber: 0)),
                to: months.last ?? MonthKey(LocalDate(dayNumber: 0)), target: target.wanted, achieved: achieved,
                reason: reason)
        }
        if !outcome.proven {
            notes.append("the solver reached its time limit: the best programme found is shown, not proven optimal")
        }
        return Programme(
            months: chosenMonths, sessions: sessions, targets: statuses, notes: notes, provenOptimal: outcome.proven,
            nodes: outcome.nodes)
    }
}
