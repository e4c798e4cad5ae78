import Foundation

@testable import Planning

/// The hard rules of organiser assignment, written again from DESIGN.md ("available at that
/// time, not absent, capacity, minimum gap between duties, role requirements") for the
/// brute-force reference, without `AssignmentRules`, `Member.isAvailable`, `Absence.contains`
/// or `LocalDate.dayNumber`: a mistake in the engine's rules cannot hide in the reference too.
/// Days are counted with Foundation's Gregorian calendar; times as minutes of the day.
enum IndependentRules {
    /// Whether `member` may take a slot of `slots` at `session`, before counting other duties:
    /// the role the kind asks for (none asked: anyone), a weekly window that holds the whole
    /// session on its day, and no absence on its day.
    static func mayTake(_ member: Member, _ session: Session, slots: OrganiserSlots) -> Bool {
        // Every slot needs one of the roles: no other member may take one.
        if !slots.roles.isEmpty && slots.chairs == slots.count && !slots.roles.contains(member.role) { return false }
        let day = session.start.date
        let endsAtMidnight = days(from: day, to: session.end.date) == 1 && minutes(session.end.time) == 0
        guard session.end.date == day || endsAtMidnight else { return false }
        let begins = minutes(session.start.time)
        let ends = endsAtMidnight ? 24 * 60 : minutes(session.end.time)
        let weekday = weekdayName(day)
        let covered = member.availability.contains { window in
            window.days.map(\.rawValue).contains(weekday) && minutes(window.from) <= begins
                && ends <= minutes(window.to)
        }
        guard covered else { return false }
        return !member.absences.contains { absence in
            let from = absence.from.description
            let to = absence.to.description
            return (from...to).contains(day.description) || (from...to).contains(session.end.date.description)
        }
    }

    /// Whether one member may organise both sessions: they do not overlap in time (as instants
    /// of `zone`, read by Foundation's calendar), and their days are at least `gap` days apart (a
    /// gap of 0 allows the same day).
    static func compatible(_ first: Session, _ second: Session, gap: Int, zone: TimeZone) -> Bool {
        let (firstStart, firstEnd) = (instant(first.start, zone), instant(first.end, zone))
        let (secondStart, secondEnd) = (instant(second.start, zone), instant(second.end, zone))
        if firstStart < secondEnd && secondStart < firstEnd { return false }
        return gap == 0 || abs(days(from: first.start.date, to: second.start.date)) >= gap
    }

    /// Whether a session's whole team keeps the chair rule where one slot needs a chair and the
    /// other is open: nobody, or a chair among them, and never two members without the role.
    static func teamFits(_ team: [Member], slots: OrganiserSlots) -> Bool {
        guard !slots.roles.isEmpty, slots.chairs < slots.count, !team.isEmpty else { return true }
        let withRole = team.filter { slots.roles.contains($0.role) }.count
        let without = team.count - withRole
        return withRole >= 1 && without <= slots.count - slots.chairs
    }

    /// Whether the duties fit the member's monthly capacity.
    static func withinCapacity(_ duties: [Session], capacity: Int) -> Bool {
        let perMonth = Dictionary(grouping: duties) { $0.start.date.description.prefix(7) }
        return perMonth.values.allSatisfy { $0.count <= capacity }
    }

    /// Every duty of `sessions` (the engine's output) that breaks a rule, in words: a slot
    /// count, a member who may not take the slot, two duties of one member too close or
    /// overlapping, a month over capacity. Pinned duties count like any other.
    static func violations(_ sessions: [Session], problem: AssignmentProblem) -> [String] {
        let members = Dictionary(problem.members.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let kinds = Dictionary(
            problem.activities.compactMap { activity in
                problem.catalogue.kind(activity.kind).map { (activity.slug, $0) }
            },
            uniquingKeysWith: { first, _ in first })
        var found: [String] = []
        var duties: [Slug: [Session]] = [:]
        for session in sessions + problem.context where session.status != .cancelled && !session.dropped {
            guard let slots = kinds[session.activity]?.organisers else { continue }
            if session.organisers.count > slots.count { found.append("\(session.id): too many organisers") }
            let team = session.organisers.compactMap { members[$0.memberID] }
            if !teamFits(team, slots: slots) { found.append("\(session.id): no chair beside an open-slot member") }
            for assignment in session.organisers {
                guard let member = members[assignment.memberID] else {
                    found.append("\(session.id): \(assignment.memberID) is no member")
                    continue
                }
                if !mayTake(member, session, slots: slots) {
                    found.append("\(session.id): \(member.id) may not take it")
                }
                duties[member.id, default: []].append(session)
            }
        }
        for (member, list) in duties {
            for (index, first) in list.enumerated() {
                for second in list[(index + 1)...]
                where !compatible(first, second, gap: problem.group.minimumGapDays, zone: problem.group.zone) {
                    found.append("\(member): \(first.id) and \(second.id) are too close")
                }
            }
            if let capacity = members[member]?.capacityPerMonth, !withinCapacity(list, capacity: capacity) {
                found.append("\(member): over capacity \(capacity) in a month")
            }
        }
        return found.sorted()
    }

    private static let gregorian: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        return calendar
    }()

    private static func date(_ day: LocalDate) -> Date {
        gregorian.date(from: DateComponents(year: day.year, month: day.month, day: day.day))
            ?? Date(timeIntervalSince1970: 0)
    }

    private static func days(from first: LocalDate, to second: LocalDate) -> Int {
        gregorian.dateComponents([.day], from: date(first), to: date(second)).day ?? 0
    }

    /// `mon` … `sun`, as the YAML writes weekdays.
    private static func weekdayName(_ day: LocalDate) -> String {
        ["sun", "mon", "tue", "wed", "thu", "fri", "sat"][gregorian.component(.weekday, from: date(day)) - 1]
    }

    private static func minutes(_ time: LocalTime) -> Int { time.hour * 60 + time.minute }

    /// The instant of a wall-clock time in `zone`, as Foundation's calendar reads it.
    private static func instant(_ time: LocalDateTime, _ zone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(
            year: time.date.year, month: time.date.month, day: time.date.day, hour: time.hour, minute: time.minute)
        return calendar.date(from: components) ?? Date(timeIntervalSince1970: 0)
    }
}
