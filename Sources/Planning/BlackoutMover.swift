import Foundation

/// Moves sessions off days the group must not meet: a session on a blackout or on a day that is
/// not one of the group's working days moves to the next allowed day in the same month, at the
/// same local time, or is dropped when the month has none left. Each change keeps its reason.
public enum BlackoutMover {
    /// Why `date` is not allowed, or nil if the group may meet then.
    public static func obstacle(on date: LocalDate, group: Group, blackouts: [Blackout]) -> String? {
        if let blackout = blackouts.first(where: { $0.contains(date) }) {
            return "\(blackout.reason) (\(blackout.source == .holiday ? "public holiday" : "office closure"))"
        }
        if !group.workingDays.contains(date.weekday) {
            return "not a working day"
        }
        return nil
    }

    /// `sessions` with those on a blocked day moved or dropped (see the type's note). Sessions
    /// already moved, dropped or cancelled are left as they are; the rest keep their theme,
    /// organisers and status. Reasons read `moved from Tue 6 Jan: Epiphany (public holiday)` and
    /// `dropped Tue 29 Dec: Winter closure (office closure); no allowed day left in the month`.
    public static func apply(to sessions: [Session], group: Group, blackouts: [Blackout]) throws -> [Session] {
        try sessions.map { session in
            guard session.movedFrom == nil, !session.dropped, session.status != .cancelled,
                let obstacle = obstacle(on: session.start.date, group: group, blackouts: blackouts)
            else { return session }
            let date = session.start.date
            let lastOfMonth = date.adding(days: LocalDate.daysInMonth(year: date.year, month: date.month) - date.day)
            let free = stride(from: date.adding(days: 1), through: lastOfMonth, by: 1).first {
                BlackoutMover.obstacle(on: $0, group: group, blackouts: blackouts) == nil
            }
            guard let free else {
                return try Session(
                    activity: session.activity, ruleDate: session.ruleDate, start: session.start, end: session.end,
                    theme: session.theme, organisers: session.organisers, status: session.status,
                    reason: "dropped \(date.shortReadable): \(obstacle); no allowed day left in the month",
                    dropped: true)
            }
            let shift = free.dayNumber - date.dayNumber
            return try Session(
                activity: session.activity, ruleDate: session.ruleDate,
                start: session.start.adding(minutes: shift * 1440),
                end: session.end.adding(minutes: shift * 1440), theme: session.theme, organisers: session.organisers,
                status: session.status, movedFrom: session.start,
                reason: "moved from \(date.shortReadable): \(obstacle)")
        }
    }
}
