import Foundation

/// The assignment problem compiled to indices: who may take which session, what each pair is
/// worth, which sessions exclude each other. Internal to the assigner (see `StaffingMILP`).
struct StaffingModel {
    /// Mentoring class of a member: ≥ 3 past duties, none, or in between.
    enum Experience { case experienced, newcomer, other }

    let group: Group
    let members: [Member]
    /// The period's sessions that take organisers, in time order.
    let sessions: [Session]
    /// Index into the problem's session list for each of ``sessions``.
    let inputIndex: [Int]
    let slots: [OrganiserSlots]
    /// Pinned members (indices) per session.
    let pinned: [[Int]]
    /// Empty slots per session after pinned ones.
    let need: [Int]
    /// Members (indices, ascending) who pass the static rules, are not pinned there, have
    /// capacity that month, and do not conflict with a fixed duty.
    let candidates: [[Int]]
    /// Month slot of each session (0-based within the period).
    let month: [Int]
    let monthCount: Int
    /// Capacity left per member and month after fixed duties.
    let capacity: [[Int]]
    /// Pinned duties in the period per member (fairness starts there).
    let base: [Int]
    /// Sessions conflicting with each session (overlap or within the gap), ascending.
    let conflicts: [[Int]]
    let experience: [Experience]
    /// Sessions whose kind wants two organisers (mentoring pairs are counted there).
    let pairSession: [Bool]
    private let interestSet: PairSet
    private let previousSet: PairSet
    /// Day number of each session's start.
    let day: [Int]
    /// Each session's instants and first day, for ``AssignmentRules/conflict(_:_:gap:)-(Span,Span,Int)``.
    let spans: [AssignmentRules.Span]

    /// Whether sessions `a` and `b` may not share an organiser (overlap or within the gap).
    func conflict(_ a: Int, _ b: Int) -> Bool {
        a != b && AssignmentRules.conflict(spans[a], spans[b], gap: group.minimumGapDays) != nil
    }

    /// Whether member `m` counts as a chair at session `s`.
    func isChair(_ m: Int, _ s: Int) -> Bool { slots[s].isChair(members[m].role) }

    /// Whether `team` (unpinned members) with the pinned ones keeps the chair rule of session
    /// `s` (``OrganiserSlots/admits(chairs:of:)``); always true where every slot or none needs a chair.
    func teamAdmitted(_ s: Int, _ team: [Int]) -> Bool {
        guard slots[s].mixesChairsAndOpenSlots else { return true }
        let everyone = pinned[s] + team
        return slots[s].admits(chairs: everyone.filter { isChair($0, s) }.count, of: everyone.count)
    }

    func key(_ member: Int, _ session: Int) -> Int { member * sessions.count + session }
    func interested(_ member: Int, _ session: Int) -> Bool { interestSet.contains(key(member, session)) }
    func previous(_ member: Int, _ session: Int) -> Bool { previousSet.contains(key(member, session)) }
    var totalNeed: Int { need.reduce(0, +) }

    init(problem: AssignmentProblem) {
        group = problem.group
        members = problem.members
        let memberIndex = Dictionary(
            problem.members.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let kindOf = PlanChecker.kindLookup(activities: problem.activities, catalogue: problem.catalogue)
        let staffed = problem.sessions.enumerated()
            .filter { $0.element.takesPlace && kindOf($0.element.activity) != nil }
            .sorted { ($0.element.start, $0.element.activity) < ($1.element.start, $1.element.activity) }
        sessions = staffed.map(\.element)
        inputIndex = staffed.map(\.offset)
        slots = sessions.compactMap { kindOf($0.activity)?.organisers }
        let months = Set(sessions.map { MonthKey($0.start.date).index }).sorted()
        let monthSlot = Dictionary(months.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        monthCount = months.count
        month = sessions.map { monthSlot[MonthKey($0.start.date).index] ?? 0 }
        day = sessions.map(\.start.date.dayNumber)
        let zone = problem.group.zone
        let spans = sessions.map { AssignmentRules.Span($0, zone: zone) }
        self.spans = spans
        let gap = problem.group.minimumGapDays

        var pinned: [[Int]] = []
        var need: [Int] = []
        var base = Array(repeating: 0, count: members.count)
        var previous: Set<Int> = []
        // Fixed duties per member: pinned ones in the period and every staffed duty outside it.
        // As spans: the instants are read once per duty, not once per member and session.
        var fixed: [[AssignmentRules.Span]] = Array(repeating: [], count: members.count)
        var capacity = members.map { Array(repeating: $0.capacityPerMonth, count: months.count) }
        for (index, session) in sessions.enumerated() {
            let pinnedHere = session.organisers.filter(\.pinned).compactMap { memberIndex[$0.memberID] }
            pinned.append(pinnedHere)
            need.append(max(0, slots[index].count - pinnedHere.count))
            for member in pinnedHere {
                base[member] += 1
                fixed[member].append(spans[index])
                capacity[member][month[index]] -= 1
            }
            for assignment in session.organisers where !assignment.pinned {
                if let member = memberIndex[assignment.memberID] {
                    previous.insert(member * sessions.count + index)
                }
            }
        }
        for session in problem.context where session.takesPlace {
            let span = AssignmentRules.Span(session, zone: zone)
            for assignment in session.organisers {
                guard let member = memberIndex[assignment.memberID] else { continue }
                fixed[member].append(span)
                if let slot = monthSlot[MonthKey(session.start.date).index] {
                    capacity[member][slot] -= 1
                }
            }
        }
        // Conflicts by a sweep over the time-ordered sessions.
        var conflicts: [[Int]] = Array(repeating: [], count: sessions.count)
        for a in sessions.indices {
            var b = a + 1
            while b < sessions.count {
                let apart = sessions[b].start.date.dayNumber - sessions[a].start.date.dayNumber
                if apart >= max(gap, 1) && spans[b].start >= spans[a].end { break }
                if AssignmentRules.conflict(spans[a], spans[b], gap: gap) != nil {
                    conflicts[a].append(b)
                    conflicts[b].append(a)
                }
                b += 1
            }
        }
        var candidates: [[Int]] = []
        var interest: Set<Int> = []
        for (index, session) in sessions.enumerated() {
            let themeArea = session.theme.flatMap { problem.catalogue.theme($0)?.area }
            var list: [Int] = []
            for (m, member) in members.enumerated() {
                if let theme = session.theme, member.isInterested(in: theme, area: themeArea) {
                    interest.insert(m * sessions.count + index)
                }
                guard !pinned[index].contains(m), capacity[m][month[index]] > 0,
                    AssignmentRules.staticRule(member: member, session: session, slots: slots[index]) == nil,
                    !fixed[m].contains(where: { AssignmentRules.conflict($0, spans[index], gap: gap) != nil })
                else { continue }
                list.append(m)
            }
            candidates.append(list)
        }
        self.pinned = pinned
        self.need = need
        self.base = base
        self.capacity = capacity
        self.conflicts = conflicts
        self.candidates = candidates
        let sessionCount = sessions.count
        let size = members.count * sessionCount
        self.interestSet = PairSet(interest, size: size)
        self.previousSet = PairSet(
            previous.filter { key in candidates[key % sessionCount].contains(key / sessionCount) }, size: size)
        experience = problem.members.map { member in
            let past = problem.pastDuties[member.id] ?? 0
            return past >= 3 ? .experienced : past == 0 ? .newcomer : .other
        }
        pairSession = slots.map { $0.count >= 2 }
    }

    /// The score of `assigned` (unpinned members per session; pinned ones are added here).
    func score(_ assigned: [[Int]]) -> AssignmentScore {
        var duties = base
        var score = AssignmentScore(filled: 0, kept: 0, sumOfSquares: 0, interestMatches: 0, mentoringPairs: 0)
        for s in sessions.indices {
            score.filled += pinned[s].count + assigned[s].count
            for m in assigned[s] {
                duties[m] += 1
                if previous(m, s) { score.kept += 1 }
                if interested(m, s) { score.interestMatches += 1 }
            }
            for m in pinned[s] where interested(m, s) { score.interestMatches += 1 }
            if pairSession[s] { score.mentoringPairs += mentoringPairs(pinned[s] + assigned[s]) }
        }
        score.sumOfSquares = duties.reduce(0) { $0 + $1 * $1 }
        return score
    }

    /// Pairs of an experienced member beside a newcomer among `team`.
    func mentoringPairs(_ team: [Int]) -> Int {
        min(team.filter { experience[$0] == .experienced }.count, team.filter { experience[$0] == .newcomer }.count)
    }

    /// Whether `assigned` keeps every hard rule the program's rows state: allowed pairs, empty
    /// slots, capacity, conflicts, and the chair rule wherever someone is added (pins alone may
    /// break it: they are reported, not cured).
    func isFeasible(_ assigned: [[Int]]) -> Bool {
        var used = capacity
        var byMember: [[Int]] = Array(repeating: [], count: members.count)
        for s in sessions.indices {
            if assigned[s].count > need[s] || Set(assigned[s]).count != assigned[s].count { return false }
            if !assigned[s].isEmpty && !teamAdmitted(s, assigned[s]) { return false }
            for m in assigned[s] {
                used[m][month[s]] -= 1
                if used[m][month[s]] < 0 || !candidates[s].contains(m) { return false }
                if byMember[m].contains(where: { conflict(s, $0) }) { return false }
                byMember[m].append(s)
            }
        }
        return true
    }
}

/// A set of (member, session) keys: a flat bitmap when small enough, else a hash set.
struct PairSet {
    private let flags: [Bool]
    private let keys: Set<Int>

    init(_ keys: Set<Int>, size: Int) {
        if size <= 16_000_000 {
            var flags = Array(repeating: false, count: size)
            for key in keys where key < size { flags[key] = true }
            self.flags = flags
            self.keys = []
        } else {
            flags = []
            self.keys = keys
        }
    }

    func contains(_ key: Int) -> Bool { flags.isEmpty ? keys.contains(key) : flags[key] }
}
