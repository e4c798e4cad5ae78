import Foundation

/// What a group achieved over a period, as one reader may see it: the Gender Action Plan
/// targets against planned and held sessions, the reach, each month, the anonymous feedback,
/// and (for the coordinator) the organisers' duties.
///
/// Computed once by ``ImpactReport/init(snapshot:catalogue:feedback:period:visibility:minimumAnswers:)``
/// and rendered as Markdown, CSV, JSON or HTML elsewhere; every renderer shows the same numbers.
/// What the reader may see is asked of ``Visibility``: averages and free text only where a
/// session (or theme) has at least ``minimumAnswers`` answers; confidential sessions counted but
/// never titled for an anonymous reader; no person named except in ``duties`` (coordinator only).
public struct ImpactReport: Hashable, Sendable, Codable {
    /// The group's slug.
    public let group: Slug
    /// The group's name.
    public let groupName: String
    /// First day of the period.
    public let from: LocalDate
    /// Last day of the period.
    public let to: LocalDate
    /// Who the report was made for (`anonymous`, `coordinator`, …).
    public let audience: String
    /// The fewest answers a session or theme needs before its averages and free text show.
    public let minimumAnswers: Int
    /// How many sessions of the period were planned, cancelled, held.
    public let sessions: SessionCounts
    /// Per GAP priority with a target or a session: target, planned, held.
    public let gap: [GAPLine]
    /// How many people the held sessions reached.
    public let reach: Reach
    /// Each month of the period: its theme, sessions, attendance.
    public let months: [MonthLine]
    /// Feedback of each session that had answers.
    public let feedback: [SessionFeedback]
    /// Feedback summed per theme.
    public let themes: [ThemeFeedback]
    /// Each organiser's duties in the period: for the coordinator only, nil otherwise.
    public let duties: [Duty]?

    /// Planned, cancelled, held.
    public struct SessionCounts: Hashable, Sendable, Codable {
        /// Sessions of the period that take place (not cancelled).
        public let planned: Int
        /// Sessions of the period that were cancelled.
        public let cancelled: Int
        /// Sessions recorded as held.
        public let held: Int
        /// Of the held, confidential (safe-space) ones: counted, never titled to the public.
        public let confidentialHeld: Int
    }

    /// One GAP priority: the period's target, sessions planned with a theme carrying it, held.
    public struct GAPLine: Hashable, Sendable, Codable {
        /// `PS-VAW`.
        public let priority: GAPPriorityID
        /// The priority's title.
        public let title: String
        /// Sessions wanted in the period (the yearly target scaled to the period); nil without one.
        public let target: Int?
        /// Sessions of the period that take place with a theme carrying the priority.
        public let planned: Int
        /// Of them, held.
        public let held: Int
        /// Whether held reaches the target (nil without a target).
        public var met: Bool? { target.map { held >= $0 } }
    }

    /// Summed headcounts of the held sessions.
    public struct Reach: Hashable, Sendable, Codable {
        /// Everyone who came, summed over held sessions with a headcount.
        public let attendance: Int
        /// Held sessions that recorded a headcount.
        public let sessionsCounted: Int
        /// Women, summed over the sessions that recorded a split by gender.
        public let women: Int
        /// Men, likewise.
        public let men: Int
        /// Did not say, likewise.
        public let undisclosed: Int
        /// The attendance of the sessions that recorded a split by gender.
        public let attendanceWithGender: Int
        /// Of the attendance of the sessions that recorded a split, the share of women (0–1,
        /// three decimals); nil when no session recorded one.
        public let womenShare: Double?
    }

    /// One month of the period.
    public struct MonthLine: Hashable, Sendable, Codable {
        /// `2027-03`.
        public let month: MonthKey
        /// The programme's theme, if one was planned.
        public let theme: Slug?
        /// Its title.
        public let themeTitle: String?
        /// Sessions of the month that take place.
        public let planned: Int
        /// Of them, held.
        public let held: Int
        /// Summed attendance of the held ones.
        public let attendance: Int
    }

    /// Usefulness and "would come again" of some answers.
    public struct FeedbackSummary: Hashable, Sendable, Codable {
        /// How many answers.
        public let answers: Int
        /// Mean usefulness 1–5 (two decimals); nil below the minimum of answers.
        public let usefulness: Double?
        /// Answers saying yes, maybe, no to coming again; nil below the minimum.
        public let again: Again?
        /// Answers from women, men, other, unsaid; nil below the minimum.
        public let genders: Genders?
        /// True when the averages are withheld because too few answered.
        public var suppressed: Bool { usefulness == nil }
    }

    /// Would-come-again counts.
    public struct Again: Hashable, Sendable, Codable {
        /// Answers that would come again.
        public let yes: Int
        /// Answers that might.
        public let maybe: Int
        /// Answers that would not.
        public let no: Int
    }

    /// Who answered, as they chose to say.
    public struct Genders: Hashable, Sendable, Codable {
        /// Answers from women.
        public let women: Int
        /// Answers from men.
        public let men: Int
        /// Answers from people who describe themselves another way.
        public let other: Int
        /// Answers that did not say.
        public let unsaid: Int
    }

    /// The feedback of one session.
    public struct SessionFeedback: Hashable, Sendable, Codable {
        /// `monthly-meeting@2027-03-02T15:00`; nil for a confidential session shown to the public.
        public let session: String?
        /// The activity's title, or ``ImpactReport/confidentialTitle``.
        public let title: String
        /// The day it took place.
        public let date: LocalDate
        /// Its theme (nil for a confidential session shown to the public).
        public let theme: Slug?
        /// The numbers.
        public let summary: FeedbackSummary
        /// "One thing I will do differently": only for the group's tokens, and only at or
        /// above the minimum of answers; nil otherwise.
        public let changes: [String]?
    }

    /// The feedback of every session of one theme, summed.
    public struct ThemeFeedback: Hashable, Sendable, Codable {
        /// The theme.
        public let theme: Slug
        /// Its title.
        public let title: String
        /// Sessions of the theme that had answers.
        public let sessions: Int
        /// The numbers.
        public let summary: FeedbackSummary
    }

    /// One organiser's duties in the period (the coordinator's view only).
    public struct Duty: Hashable, Sendable, Codable {
        /// The member's id.
        public let member: Slug
        /// The member's name.
        public let name: String
        /// Sessions of the period that take place with the member among the organisers.
        public let sessions: Int
        /// Of them, held.
        public let held: Int
    }

    /// What a confidential session is called where the reader may not see its title.
    public static let confidentialTitle = "Confidential session"

    /// The default of ``minimumAnswers``.
    public static let defaultMinimumAnswers = 5

    /// The report of `snapshot`'s group over `period`, for `visibility`'s viewer.
    ///
    /// - Parameters:
    ///   - feedback: every anonymous answer of the group's sessions, by session.
    ///   - minimumAnswers: the fewest answers that show averages and free text (at least 1).
    public init(
        snapshot: GroupSnapshot, catalogue: Catalogue, feedback: [Session.ID: [FeedbackAnswer]],
        period: ClosedRange<LocalDate>, visibility: Visibility, minimumAnswers: Int = defaultMinimumAnswers
    ) {
        let plan = snapshot.plan
        let activities = Dictionary(plan.activities.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let themes = Dictionary(catalogue.themes.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
        let inPeriod = plan.sessions.filter { !$0.dropped && period.contains($0.start.date) }
        let taking = inPeriod.filter { $0.status != .cancelled }
        let held = taking.filter { snapshot.outcomes[$0.id]?.held == true }
        let minimum = max(1, minimumAnswers)
        let months = Self.months(in: period)

        group = plan.group.slug
        groupName = plan.group.name
        from = period.lowerBound
        to = period.upperBound
        audience = visibility.viewer.description
        self.minimumAnswers = minimum
        sessions = SessionCounts(
            planned: taking.count, cancelled: inPeriod.count - taking.count, held: held.count,
            confidentialHeld: held.filter { activities[$0.activity].map(visibility.isConfidential) ?? false }.count)

        // GAP: the group's targets and every priority a planned session's theme carries.
        let priorities = catalogue.gapPriorities + plan.group.missionPriorities
        func carries(_ session: Session, _ id: GAPPriorityID) -> Bool {
            session.theme.flatMap { themes[$0] }?.gap.contains(id) == true
        }
        gap = priorities.compactMap { priority in
            let target = plan.group.gapTargets[priority.id].map { GAPTargets.scaled($0, months: months.count) }
            let planned = taking.filter { carries($0, priority.id) }.count
            guard target != nil || planned > 0 else { return nil }
            return GAPLine(
                priority: priority.id, title: priority.title, target: target, planned: planned,
                held: held.filter { carries($0, priority.id) }.count)
        }

        let outcomes = held.compactMap { snapshot.outcomes[$0.id] }
        let counted = outcomes.filter { $0.attendance != nil }
        let split = counted.filter { $0.women != nil || $0.men != nil || $0.undisclosed != nil }
        let women = split.reduce(0) { $0 + ($1.women ?? 0) }
        let splitAttendance = split.reduce(0) { $0 + ($1.attendance ?? 0) }
        reach = Reach(
            attendance: counted.reduce(0) { $0 + ($1.attendance ?? 0) }, sessionsCounted: counted.count,
            women: women, men: split.reduce(0) { $0 + ($1.men ?? 0) },
            undisclosed: split.reduce(0) { $0 + ($1.undisclosed ?? 0) }, attendanceWithGender: splitAttendance,
            womenShare: splitAttendance > 0 ? Self.rounded(Double(women) / Double(splitAttendance), 3) : nil)

        self.months = months.map { month in
            let theme = snapshot.programme[month]?.theme
            let monthHeld = held.filter { MonthKey($0.start.date) == month }
            return MonthLine(
                month: month, theme: theme, themeTitle: theme.flatMap { themes[$0]?.title },
                planned: taking.filter { MonthKey($0.start.date) == month }.count, held: monthHeld.count,
                attendance: monthHeld.reduce(0) { $0 + (snapshot.outcomes[$1.id]?.attendance ?? 0) })
        }

        // Feedback: per session, then per theme; a confidential session is untitled for the public.
        var sessionLines: [SessionFeedback] = []
        var byTheme: [Slug: (sessions: Int, answers: [FeedbackAnswer])] = [:]
        for session in inPeriod {
            // A group that hides its confidential sessions from the public does so here too.
            guard let answers = feedback[session.id], !answers.isEmpty, let activity = activities[session.activity],
                visibility.presentation(of: activity) != .hidden
            else { continue }
            let titled = visibility.titlesInReports(activity)
            let summary = Self.summary(of: answers, minimum: minimum)
            let changes = answers.compactMap(\.change)
            sessionLines.append(
                SessionFeedback(
                    session: titled ? session.id.description : nil,
                    title: titled ? activity.title : Self.confidentialTitle, date: session.start.date,
                    theme: titled ? session.theme : nil, summary: summary,
                    changes: visibility.readsFreeText && !summary.suppressed ? changes : nil))
            if titled, let theme = session.theme {
                byTheme[theme, default: (0, [])].sessions += 1
                byTheme[theme, default: (0, [])].answers += answers
            }
        }
        self.feedback = sessionLines
        self.themes = byTheme.keys.sorted().map { slug in
            let entry = byTheme[slug] ?? (0, [])
            return ThemeFeedback(
                theme: slug, title: themes[slug]?.title ?? slug.rawValue, sessions: entry.sessions,
                summary: Self.summary(of: entry.answers, minimum: minimum))
        }

        duties =
            visibility.seesDuties
            ? plan.members.compactMap { member in
                let organised = taking.filter { $0.organisers.contains { $0.memberID == member.id } }
                guard !organised.isEmpty else { return nil }
                return Duty(
                    member: member.id, name: member.name, sessions: organised.count,
                    held: organised.filter { snapshot.outcomes[$0.id]?.held == true }.count)
            } : nil
    }

    /// The months a period touches, first to last.
    static func months(in period: ClosedRange<LocalDate>) -> [MonthKey] {
        let first = MonthKey(period.lowerBound)
        let last = MonthKey(period.upperBound)
        return (0...max(0, last.index - first.index)).map { first.adding(months: $0) }
    }

    /// The numbers of some answers, withheld below `minimum`.
    static func summary(of answers: [FeedbackAnswer], minimum: Int) -> FeedbackSummary {
        guard answers.count >= minimum else {
            return FeedbackSummary(answers: answers.count, usefulness: nil, again: nil, genders: nil)
        }
        let total = answers.reduce(0) { $0 + $1.usefulness }
        func count(_ again: FeedbackAnswer.Again) -> Int { answers.filter { $0.again == again }.count }
        func count(_ gender: FeedbackAnswer.Gender?) -> Int { answers.filter { $0.gender == gender }.count }
        return FeedbackSummary(
            answers: answers.count, usefulness: rounded(Double(total) / Double(answers.count), 2),
            again: Again(yes: count(.yes), maybe: count(.maybe), no: count(.no)),
            genders: Genders(women: count(.woman), men: count(.man), other: count(.other), unsaid: count(nil)))
    }

    /// `value` rounded half away from zero to `places` decimals.
    static func rounded(_ value: Double, _ places: Int) -> Double {
        let scale = pow(10, Double(places))
        return (value * scale).rounded() / scale
    }
}

/// Yearly GAP targets over a shorter period.
public enum GAPTargets {
    /// A yearly `target` over a period of `months` months: the whole target for a year or more,
    /// otherwise scaled to the months and rounded up, never below 1.
    public static func scaled(_ target: Int, months: Int) -> Int {
        months >= 12 ? target : max(1, Int((Double(target) * (Double(months) / 12)).rounded(.up)))
    }
}

/// Every group's report of one period, and their sums: the network's impact.
public struct NetworkImpactReport: Hashable, Sendable, Codable {
    /// First day of the period.
    public let from: LocalDate
    /// Last day of the period.
    public let to: LocalDate
    /// Who the report was made for.
    public let audience: String
    /// Sessions of every group, summed.
    public let sessions: ImpactReport.SessionCounts
    /// Per GAP priority, summed over the groups (targets summed over groups that have one).
    public let gap: [ImpactReport.GAPLine]
    /// Reach, summed.
    public let reach: ImpactReport.Reach
    /// Each group's report.
    public let groups: [ImpactReport]

    /// The roll-up of `groups` (each already made for the same reader and period).
    public init(groups: [ImpactReport], period: ClosedRange<LocalDate>, audience: String) {
        from = period.lowerBound
        to = period.upperBound
        self.audience = audience
        self.groups = groups
        sessions = ImpactReport.SessionCounts(
            planned: groups.reduce(0) { $0 + $1.sessions.planned },
            cancelled: groups.reduce(0) { $0 + $1.sessions.cancelled },
            held: groups.reduce(0) { $0 + $1.sessions.held },
            confidentialHeld: groups.reduce(0) { $0 + $1.sessions.confidentialHeld })
        var lines: [GAPPriorityID: ImpactReport.GAPLine] = [:]
        var order: [GAPPriorityID] = []
        for line in groups.flatMap(\.gap) {
            guard let sum = lines[line.priority] else {
                lines[line.priority] = line
                order.append(line.priority)
                continue
            }
            let target: Int? = sum.target == nil && line.target == nil ? nil : (sum.target ?? 0) + (line.target ?? 0)
            lines[line.priority] = ImpactReport.GAPLine(
                priority: line.priority, title: sum.title, target: target, planned: sum.planned + line.planned,
                held: sum.held + line.held)
        }
        gap = order.compactMap { lines[$0] }
        let reaches = groups.map(\.reach)
        let women = reaches.reduce(0) { $0 + $1.women }
        let split = reaches.reduce(0) { $0 + $1.attendanceWithGender }
        reach = ImpactReport.Reach(
            attendance: reaches.reduce(0) { $0 + $1.attendance },
            sessionsCounted: reaches.reduce(0) { $0 + $1.sessionsCounted }, women: women,
            men: reaches.reduce(0) { $0 + $1.men }, undisclosed: reaches.reduce(0) { $0 + $1.undisclosed },
            attendanceWithGender: split,
            womenShare: split > 0 ? ImpactReport.rounded(Double(women) / Double(split), 3) : nil)
    }
}
