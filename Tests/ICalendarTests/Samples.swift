import Foundation
import ICalendar

/// Calendars the tests build; each uses every property the feed contract needs.
enum Samples {
    static func utc(_ text: String) -> Date {
        // "2026-03-01T09:30:00Z"
        let formatter = ISO8601DateFormatter()
        return formatter.date(from: text) ?? Date(timeIntervalSince1970: 0)
    }

    static func vienna(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> ICSDateTime {
        .local(ICSWallTime(year: y, month: m, day: d, hour: h, minute: min), zoneID: "Europe/Vienna")
    }

    static func bishkek(_ y: Int, _ m: Int, _ d: Int, _ h: Int, _ min: Int = 0) -> ICSDateTime {
        .local(ICSWallTime(year: y, month: m, day: d, hour: h, minute: min), zoneID: "Asia/Bishkek")
    }

    /// A group calendar with a monthly series (EXDATE, RDATE, a moved override), a one-off in
    /// another zone, an all-day event, a UTC event, and every calendar property.
    static func full() throws -> ICSCalendar {
        let stamp = utc("2026-01-15T08:00:00Z")
        let series = ICSEvent(
            uid: "series-monthly@allyship.example", timestamp: stamp,
            start: vienna(2026, 1, 6, 15), end: vienna(2026, 1, 6, 16, 30),
            rule: try ICSRecurrenceRule("FREQ=MONTHLY;BYDAY=1TU;COUNT=10"),
            exceptionDates: [vienna(2026, 4, 7, 15)],
            extraDates: [vienna(2026, 12, 15, 15)],
            sequence: 3, lastModified: utc("2026-01-14T10:11:12Z"), status: .confirmed, classification: .public,
            transparency: .opaque, summary: "Monthly meeting: Share the Care",
            description: "Agenda; caring, fatherhood\\leave\nSecond line — Привет, Салам! 🎉",
            location: "Vienna Hofburg, Room 3; Entrance B", geo: ICSGeo(latitude: 48.206487, longitude: 16.365561),
            url: "https://allyship.example/sessions/1",
            categories: ["monthly-meeting", "Share the Care, at home", "GAP: equal opportunities; pay\\gap"],
            organizer: ICSParticipant(
                address: "mailto:chair@allyship.example", commonName: "Anna \"Co-chair\" Müller", role: "CHAIR"),
            attendees: [
                ICSParticipant(
                    address: "mailto:a@allyship.example", commonName: "Азамат Токтогулов", role: "REQ-PARTICIPANT",
                    participationStatus: "ACCEPTED"),
                ICSParticipant(
                    address: "mailto:b@allyship.example", commonName: "Jörg, Sr.", role: "OPT-PARTICIPANT",
                    participationStatus: "TENTATIVE"),
            ],
            color: "teal",
            conferences: [
                ICSConference(
                    uri: "https://meet.allyship.example/monthly", features: ["AUDIO", "VIDEO"], label: "Join: room 3")
            ],
            alarms: [ICSAlarm(trigger: .minutes(-15), description: "Monthly meeting in 15 minutes")])
        let moved = ICSEvent(
            uid: "series-monthly@allyship.example", timestamp: stamp,
            start: vienna(2026, 3, 5, 12, 30), end: vienna(2026, 3, 5, 14), recurrenceID: vienna(2026, 3, 3, 15),
            sequence: 4, lastModified: utc("2026-02-20T09:00:00Z"), status: .tentative,
            summary: "Monthly meeting (moved)")
        let bishkek = ICSEvent(
            uid: "kickoff@allyship.example", timestamp: stamp, start: bishkek(2026, 2, 10, 12),
            end: bishkek(2026, 2, 10, 13, 30),
            sequence: 0, status: .confirmed, classification: .confidential, transparency: .opaque,
            summary: "Kick-off — Бишкек", location: "Бишкек, OSCE office")
        let allDay = ICSEvent(
            uid: "iwd-2026@allyship.example", timestamp: stamp,
            start: .date(ICSDate(year: 2026, month: 3, day: 8)), end: .date(ICSDate(year: 2026, month: 3, day: 9)),
            classification: .public, transparency: .transparent, summary: "International Women's Day",
            categories: ["observance"])
        let online = ICSEvent(
            uid: "online@allyship.example", timestamp: stamp,
            start: .utc(ICSWallTime(year: 2026, month: 5, day: 20, hour: 10)),
            end: .utc(ICSWallTime(year: 2026, month: 5, day: 20, hour: 11)),
            status: .cancelled, summary: "Online event")
        return ICSCalendar(
            productID: "-//Allyship Planner//ICalendar tests//EN", method: "PUBLISH",
            name: "Men for Gender Equality, Vienna",
            wrCalendarName: "Men for Gender Equality, Vienna",
            wrCalendarDescription: "Monthly meetings; lunch-and-learn, film nights",
            wrTimeZone: "Europe/Vienna", refreshInterval: .hours(12), publishedTTL: .hours(12), color: "teal",
            events: [series, moved, bishkek, allDay, online])
    }
}
