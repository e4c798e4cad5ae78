import Foundation

/// Moves sessions off blackouts and non-working days.
///
/// A session whose day is blacked out (holiday, closure) or not one of the group's working days
/// moves to the nearest allowed day of the same week, else of the same month (never into another
/// month: a monthly meeting stays in its month), at the same local time, and never onto a day
/// where the same activity already meets. Ties go to the later day. With no allowed day it is
/// dropped (an `EXDATE` in feeds). Either way the session keeps the reason, and its
/// ``Session/ruleDate`` stays its identity.
public enum BlackoutMover {
    /// `sessions` with every session on a forbidden day moved or dropped; others unchanged.
    /// Cancelled and already dropped sessions are left as they are. Order is kept.
    public static func place(_ sessions: [Session], group: Group, blackouts: [Blackout]) throws -> [Session] {
        var taken: [Slug: Set<Int>] = [:]
        for session in sessions where session.takesPlace {
            taken[session.activity, default: []].insert(session.start.date.dayNumber)
        }
        var result: [Session] = []
        result.reserveCapacity(sessions.count)
        for session in sessions {
            guard session.takesPlace,
                let why = blockReason(session.start.date, group: group, blackouts: blackouts)
            else {
                result.append(session)
                continue
            }
            let original = session.start.date
            taken[session.activity]?.remove(original.dayNumber)
            let busy = taken[session.activity, default: []]
            let allowed = { (date: LocalDate) in
                !busy.contains(date.dayNumber) && blockReason(date, group: group, blackouts: blackouts) == nil
            }
            let minutes = session.durationMinutes
            if let target = nearestAllowed(to: original, allowed: allowed) {
                taken[session.activity, default: []].insert(target.dayNumber)
                let start = LocalDateTime(date: target, time: session.start.time)
                // Holidays, closures and working days are the group's published calendar, not
                // anybody's private matter: the public may read why the session moved.
                let reason = "moved from \(original.readable): \(why)"
                result.append(
                    try Session(
                        activity: session.activity, ruleDate: session.ruleDate, start: start,
                        end: start.adding(minutes: minutes), theme: session.theme, organisers: session.organisers,
                        status: session.status, movedFrom: session.start,
                        reason: reason, publicNote: reason))
            } else {
                let reason = "dropped \(original.readable): \(why); no allowed day left in the week or the month"
                result.append(
                    try Session(
                        activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                        theme: session.theme, organisers: [], status: session.status, movedFrom: nil,
                        reason: reason, publicNote: reason, dropped: true))
            }
        }
        return result
    }

    /// Why the group may not meet on `date`, or nil if it may.
    public static func blockReason(_ date: LocalDate, group: Group, blackouts: [Blackout]) -> String? {
        if let blackout = blackouts.first(where: { $0.contains(date) }) {
            let source = blackout.source == .holiday ? "public holiday" : "office closure"
            return "\(blackout.reason) (\(source))"
        }
        if !group.workingDays.contains(date.weekday) {
            return "\(date.weekday.shortName) is not a working day of the group"
        }
        return nil
    }

    /// The nearest allowed day in the same ISO week and month, else in the same month; ties to
    /// the later day.
    static func nearestAllowed(to date: LocalDate, allowed: (LocalDate) -> Bool) -> LocalDate? {
        let weekStart = date.adding(days: -date.weekday.index)
        let sameMonth = { (other: LocalDate) in other.month == date.month && other.year == date.year }
        for distance in 1...30 {
            for candidate in [date.adding(days: distance), date.adding(days: -distance)] {
                let inWeek = candidate >= weekStart && candidate < weekStart.adding(days: 7)
                if inWeek && sameMonth(candidate) && allowed(candidate) { return candidate }
            }
        }
        for distance in 1...30 {
            for candidate in [date.adding(days: distance), date.adding(days: -distance)]
            where sameMonth(candidate) && allowed(candidate) {
                return candidate
            }
        }
        return nil
    }
}
