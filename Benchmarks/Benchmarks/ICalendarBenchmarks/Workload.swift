import Foundation
import ICalendar

/// The benchmark calendar, item for item the same as `baseline_build_and_serialise` in
/// Sources/LibicalBaseline/baseline.c: `count` items alternating Europe/Vienna and Asia/Bishkek,
/// every tenth a weekly series (COUNT=26) with two EXDATEs and one instance moved a day later.
enum Workload {
    static let description =
        "Lunch-and-learn on caring masculinities; bring a colleague, a question, and your lunch.\n"
        + "Zweite Zeile: Väter, Elternzeit; Вторая строка: отцовство, забота."

    static let stamp = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    static func day(_ offset: Int, _ hour: Int, _ minute: Int, _ zone: String) -> ICSDateTime {
        var utc = Foundation.Calendar(identifier: .gregorian)
        utc.timeZone = Foundation.TimeZone(identifier: "UTC") ?? utc.timeZone
        let date = utc.date(byAdding: .day, value: offset, to: stamp) ?? stamp
        let parts = utc.dateComponents([.year, .month, .day], from: date)
        return .local(
            ICSWallTime(
                year: parts.year ?? 2026, month: parts.month ?? 1, day: parts.day ?? 1, hour: hour, minute: minute),
            zoneID: zone)
    }

    static func event(_ i: Int, moved: Bool) -> ICSEvent {
        let zone = i % 2 == 1 ? "Asia/Bishkek" : "Europe/Vienna"
        let offset = i % 360
        let hour = 8 + i % 9
        let minute = (i % 4) * 15
        let series = i % 10 == 0
        let start = day(moved ? offset + 22 : offset, hour, minute, zone)
        var endWall = start.wallTime
        endWall.hour += 1
        endWall.minute += 30
        if endWall.minute >= 60 {
            endWall.minute -= 60
            endWall.hour += 1
        }
        var event = ICSEvent(
            uid: "event-\(i)@bench.example", timestamp: stamp, start: start, end: .local(endWall, zoneID: zone),
            sequence: moved ? 5 : i % 5, lastModified: stamp, status: .confirmed,
            summary: moved
                ? "Session \(i) (moved): Share the Care, Väter; Мужчины"
                : "Session \(i): Share the Care, Väter; Мужчины",
            description: description, location: "Room \(i % 40), Hofburg",
            categories: ["lunch-and-learn", "theme-\(i % 12)"])
        if moved {
            event.recurrenceID = day(offset + 21, hour, minute, zone)
        } else if series {
            event.rule = try? ICSRecurrenceRule("FREQ=WEEKLY;COUNT=26")
            event.exceptionDates = [day(offset + 7, hour, minute, zone), day(offset + 14, hour, minute, zone)]
        }
        return event
    }

    static func calendar(count: Int) -> ICSCalendar {
        var events: [ICSEvent] = []
        events.reserveCapacity(count + count / 10)
        for i in 0..<count {
            events.append(event(i, moved: false))
            if i % 10 == 0 { events.append(event(i, moved: true)) }
        }
        return ICSCalendar(
            productID: "-//Allyship Planner//Benchmark//EN", wrCalendarName: "Benchmark calendar", events: events)
    }

    static let year = Date(timeIntervalSince1970: 1_767_225_600)..<Date(timeIntervalSince1970: 1_798_761_600)  // 2026
}
