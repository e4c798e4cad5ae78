import Foundation

/// Chooses each month's headline theme for a period and gives every session a theme under it.
///
/// Hard: no theme twice within twelve months (the history counts); a month holding an
/// observance that catalogue themes suit takes one of them, unless the group opts out. Where
/// no theme can keep both, the month gives up the observance (a repeat only when every theme
/// was used in the last twelve months) and the programme says so.
///
/// Then, in this order (lexicographic, exact: a mixed-integer program solved goal by goal with
/// CBC, ``ProgrammeMILP``): (1) the GAP targets' total shortfall; (2) months whose theme has
/// fewer than two interested and available members; (3) category balance, Σ over categories of
/// (months)²; (4) most of the month's observances suited; (5) most interested members; (6)
/// fewest months whose headline GAP priority (a theme's first) repeats the previous month's.
/// Ties go, month by month, to the theme with the most interest and fit, then catalogue order.
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

    /// The programme for `request`, within `timeLimit` seconds in all (nil: no limit); when the
    /// limit stops the solver, the best programme found, not proven optimal, and a note say so.
    ///
    /// A period longer than twelve months is planned a year at a time (GAP targets are
    /// yearly), each year exactly, given the years before it as history.
    public static func plan(_ request: Request, timeLimit: Double? = 30) -> Programme {
        guard request.months.count > 12 else { return planYear(request, timeLimit: timeLimit) }
        var months: [ProgrammeMonth] = []
        var targets: [TargetStatus] = []
        var notes = ["planned a year at a time: each twelve months exactly, given the months before them"]
        var proven = true
        var nodes = 0
        var current = request
        let deadline = Deadline(seconds: timeLimit)
        for start in stride(from: 0, to: request.months.count, by: 12) {
            current.months = Array(request.months[start..<min(start + 12, request.months.count)])
            let part = planYear(current, timeLimit: deadline.secondsLeft.map { max(0, $0) })
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

    /// The programme of at most twelve months.
    private static func planYear(_ request: Request, timeLimit: Double?) -> Programme {
        let model = ProgrammeModel(request: request)
        return model.programme(ProgrammeMILP(model: model).solve(timeLimit: timeLimit))
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
