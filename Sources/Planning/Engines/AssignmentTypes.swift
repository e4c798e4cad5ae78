import Foundation

/// The value of an assignment plan, compared level by level: more filled slots, then more kept
/// assignments of the previous plan, then a smaller sum of squared duties (fairness), then more
/// interest matches, then more mentoring pairs. `a < b` means `a` is worse.
public struct AssignmentScore: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Slots with an organiser (pinned included).
    public var filled: Int
    /// Unpinned assignments of the previous plan kept (re-planning).
    public var kept: Int
    /// Σ over members of (duties in the period)² (pinned included).
    public var sumOfSquares: Int
    /// Assignments whose member is interested in the session's theme or its area.
    public var interestMatches: Int
    /// Two-organiser sessions with an experienced member (≥ 3 past duties) beside a newcomer (none).
    public var mentoringPairs: Int

    /// Creates a score.
    public init(filled: Int, kept: Int, sumOfSquares: Int, interestMatches: Int, mentoringPairs: Int) {
        self.filled = filled
        self.kept = kept
        self.sumOfSquares = sumOfSquares
        self.interestMatches = interestMatches
        self.mentoringPairs = mentoringPairs
    }

    public static func < (lhs: AssignmentScore, rhs: AssignmentScore) -> Bool {
        (lhs.filled, lhs.kept, -lhs.sumOfSquares, lhs.interestMatches, lhs.mentoringPairs)
            < (rhs.filled, rhs.kept, -rhs.sumOfSquares, rhs.interestMatches, rhs.mentoringPairs)
    }

    /// `filled 44, kept 0, Σd² 170, interest 12, mentoring 0`.
    public var description: String {
        "filled \(filled), kept \(kept), Σd² \(sumOfSquares), interest \(interestMatches), mentoring \(mentoringPairs)"
    }
}

/// What the assigner is asked to staff.
public struct AssignmentProblem: Sendable, Codable {
    /// The group (zone, minimum gap).
    public var group: Group
    /// Its members.
    public var members: [Member]
    /// Its activities (to find each session's kind).
    public var activities: [Activity]
    /// The catalogue (kinds, themes and their areas).
    public var catalogue: Catalogue
    /// The sessions of the period. Pinned organisers stay; unpinned ones are the previous plan,
    /// kept where still valid unless moving them fills more slots.
    public var sessions: [Session]
    /// Duties outside the period: they count for capacity, overlap and the gap, not for fairness.
    public var context: [Session]
    /// Duties each member organised before the period (mentoring: ≥ 3 experienced, 0 newcomer).
    public var pastDuties: [Slug: Int]

    /// Creates a problem from its parts.
    public init(
        group: Group, members: [Member], activities: [Activity], catalogue: Catalogue, sessions: [Session],
        context: [Session] = [], pastDuties: [Slug: Int] = [:]
    ) {
        self.group = group
        self.members = members
        self.activities = activities
        self.catalogue = catalogue
        self.sessions = sessions
        self.context = context
        self.pastDuties = pastDuties
    }

    /// The sessions of `plan` on dates inside `window` to staff; the others are context, and the
    /// duties before the window (with each member's ``Member/pastDuties`` from before the store's
    /// history) are each member's past.
    public init(plan: GroupPlan, catalogue: Catalogue, window: ClosedRange<LocalDate>) {
        var past: [Slug: Int] = [:]
        for member in plan.members where member.pastDuties > 0 { past[member.id] = member.pastDuties }
        for session in plan.sessions where session.takesPlace && session.start.date < window.lowerBound {
            for assignment in session.organisers { past[assignment.memberID, default: 0] += 1 }
        }
        self.init(
            group: plan.group, members: plan.members, activities: plan.activities, catalogue: catalogue,
            sessions: plan.sessions.filter { window.contains($0.start.date) },
            context: plan.sessions.filter { !window.contains($0.start.date) }, pastDuties: past)
    }
}

/// How long the assigner may work.
public struct AssignmentOptions: Sendable {
    /// Wall-clock time for all levels together; when it runs out, the best plan found so far is
    /// returned with the proven bound and the gap (``AssignmentResult/provenOptimal`` false). Nil:
    /// no limit. The plan is the same on every run when the solve finishes within the limit.
    public var timeLimit: Duration?
    /// Branch-and-bound nodes per level before the solver stops (deterministic, unlike the time
    /// limit); nil: no limit.
    public var nodeLimit: Int?

    /// Columns (member–session pairs, fairness units, mentoring variables) above which the
    /// solver is not started: CBC does not stop inside the root LP of a very large program, so
    /// the time limit would not hold (a 500-member, 2,000-session year: 650,000 columns, 128 s
    /// for one level with a 29 s limit). Such a group gets the greedy plan with local moves, the
    /// levels the cheap bound proves, and the gap to that bound.
    public var solverSizeLimit: Int

    /// Creates options: 30 seconds, no node limit, 200,000 columns.
    public init(timeLimit: Duration? = .seconds(30), nodeLimit: Int? = nil, solverSizeLimit: Int = 200_000) {
        self.timeLimit = timeLimit
        self.nodeLimit = nodeLimit
        self.solverSizeLimit = solverSizeLimit
    }
}

/// Why a member is not on a session.
public struct MemberExclusion: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The member.
    public let member: Slug
    /// The rule that excludes them, or nil when none does (left out by the search limit).
    public let rule: AssignmentRule?
    /// In words.
    public let message: String

    /// Creates an exclusion.
    public init(member: Slug, rule: AssignmentRule?, message: String) {
        self.member = member
        self.rule = rule
        self.message = message
    }

    /// `anton-berger [absence]: away …`.
    public var description: String { "\(member) [\(rule?.rawValue ?? "none")]: \(message)" }
}

/// A slot left empty, and which rule excluded each member.
public struct UnfilledSlot: Hashable, Sendable, Codable {
    /// The session.
    public let session: Session.ID
    /// How many of its slots are empty.
    public let missing: Int
    /// Every member of the group and what kept them out.
    public let exclusions: [MemberExclusion]
}

/// One change against the previous plan.
public struct AssignmentChange: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The session.
    public let session: Session.ID
    /// Members taken off it.
    public let removed: [Slug]
    /// Members put on it.
    public let added: [Slug]
    /// Why (for removed members: the rule now broken, or "moved to fill more slots").
    public let reasons: [String]

    /// `lunch-and-learn@…: −anton-berger +jonas-lindqvist (…)`.
    public var description: String {
        "\(session): " + (removed.map { "−\($0)" } + added.map { "+\($0)" }).joined(separator: " ")
            + (reasons.isEmpty ? "" : " (\(reasons.joined(separator: "; ")))")
    }
}

/// The assigner's answer.
public struct AssignmentResult: Sendable, Codable {
    /// The period's sessions with organisers (input order), each assignment with its reasons.
    public let sessions: [Session]
    /// The plan's value.
    public let score: AssignmentScore
    /// The best value any plan could reach, level by level (a lexicographic upper bound).
    public let bound: AssignmentScore
    /// True when the plan is proven optimal (``score`` equals the best possible).
    public let provenOptimal: Bool
    /// How the plan was found.
    public let method: AssignmentMethod
    /// Relative gap, |bound − value| / max(1, |value|), at the first level of the score not proven
    /// optimal; nil when the plan is proven optimal or when that level has no bound yet.
    public let gap: Double?
    /// Branch-and-bound nodes the solver visited over all levels.
    public let nodes: Int
    /// Every slot left empty, with what excluded each member.
    public let unfilled: [UnfilledSlot]
    /// What changed against the previous plan.
    public let changes: [AssignmentChange]
    /// Notes in words: impossible inputs, the gap to the bound.
    public let notes: [String]
    /// The hard rules that pinned duties break (the pins stay, the others are staffed around
    /// them): a pin on an absent member, two pins too close, a month over capacity…
    public let pinBreaches: [RuleBreach]
}

/// Why each organiser of a session was chosen and what kept the others out.
public struct SessionExplanation: Hashable, Sendable, Codable {
    /// The session.
    public let session: Session.ID
    /// Each organiser and the reasons.
    public let organisers: [Assignment]
    /// Empty slots.
    public let missing: Int
    /// For each member not on the session: the rule that excludes them (empty when no slot is
    /// empty, the other members are then simply not needed).
    public let exclusions: [MemberExclusion]
    /// The members who declined a duty in it ("declined by the member"), also once their slot
    /// is filled again; nil when nobody did.
    public var declinedBy: [Slug]? = nil
}

/// How the assigner found a plan.
public enum AssignmentMethod: String, Hashable, Sendable, Codable, CustomStringConvertible {
    /// A mixed-integer program solved by COIN-OR CBC, level by level (each level's optimum kept
    /// as a constraint for the next): optimal unless the time limit stopped it.
    case mixedIntegerProgram = "mixed-integer-program"
    /// A greedy plan improved by local moves, with the levels a cheap bound proves: a program
    /// above ``AssignmentOptions/solverSizeLimit`` that still needed the solver.
    case localSearch = "local-search"

    /// Whether the method searches every plan (and so can prove one optimal).
    public var isExact: Bool { self == .mixedIntegerProgram }

    /// In words, for people.
    public var description: String {
        switch self {
        case .mixedIntegerProgram: "mixed-integer program (COIN-OR CBC), level by level"
        case .localSearch: "greedy + local search (the program is above the solver's size limit)"
        }
    }
}
