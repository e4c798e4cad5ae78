import Foundation
import ICalendar
import Testing

/// What `Tests/tools/ical_check.py` (Python `icalendar` + `recurring-ical-events`) prints.
struct PythonView: Decodable {
    struct Person: Decodable, Equatable {
        var address: String
        var cn: String?
        var role: String?
        var partstat: String?
    }

    struct Conference: Decodable, Equatable {
        var uri: String
        var features: String
        var label: String?
    }

    struct Alarm: Decodable, Equatable {
        var action: String?
        var triggerSeconds: Int
        var description: String?
    }

    struct Event: Decodable {
        var uid: String?
        var dtstamp: String
        var dtstart: String
        var dtend: String?
        var rrule: String?
        var exdate: [String]
        var rdate: [String]
        var recurrenceId: String?
        var sequence: Int?
        var lastModified: String?
        var status: String?
        var `class`: String?
        var transp: String?
        var summary: String?
        var description: String?
        var location: String?
        var geo: [Double]?
        var url: String?
        var categories: [String]
        var organizer: Person?
        var attendees: [Person]
        var color: String?
        var conferences: [Conference]
        var alarms: [Alarm]
    }

    struct Occurrence: Decodable {
        var uid: String
        var start: String
        var end: String
        var startInstant: Int
        var endInstant: Int
    }

    /// What `Tests/tools/ics_lint.py` found in the raw bytes (escaping, folding, URIs, zones).
    var problems: [String]
    var calendar: [String: String?]
    var name: String?
    var refreshIntervalSeconds: Int?
    var timezones: [String]
    var events: [Event]
    var occurrences: [Occurrence]
}

@Suite struct IndependentParserTests {
    static let script = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("tools/ical_check.py")

    /// The format ical_check.py uses for date-times.
    static func text(_ value: ICSDateTime) -> String {
        let w = value.wallTime
        let time = String(format: "%04d-%02d-%02dT%02d:%02d:%02d", w.year, w.month, w.day, w.hour, w.minute, w.second)
        switch value {
        case .date(let d): return String(format: "%04d-%02d-%02d", d.year, d.month, d.day)
        case .utc: return time + "Z"
        case .local(_, let zone): return "\(time)[\(zone)]"
        case .floating: return time
        }
    }

    static func text(_ instant: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = Foundation.TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'"
        return formatter.string(from: instant)
    }

    /// Runs the Python checker; a missing interpreter or module fails the test with advice.
    static func runChecker(on file: URL, from: String, to: String) throws -> PythonView? {
        guard let data = runPython(script, [file.path, from, to]) else { return nil }
        return try JSONDecoder().decode(PythonView.self, from: data)
    }

    /// What `Tests/tools/ics_lint.py` finds in a file's raw bytes.
    static func lint(_ file: URL) throws -> [String]? {
        let lintScript = script.deletingLastPathComponent().appendingPathComponent("ics_lint.py")
        guard let data = runPython(lintScript, [file.path]) else { return nil }
        return try JSONDecoder().decode([String].self, from: data)
    }

    /// Runs a script of `Tests/tools` with `PLANNER_PYTHON` (else `python3`) and returns its
    /// standard output; a missing interpreter or module fails the test with advice.
    static func runPython(_ script: URL, _ arguments: [String]) -> Data? {
        let python = ProcessInfo.processInfo.environment["PLANNER_PYTHON"] ?? "python3"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [python, script.path] + arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        do {
            try process.run()
        } catch {
            Issue.record(
                "cannot start \(python) (\(error)): run `make test`, which installs icalendar and recurring-ical-events"
            )
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            Issue.record(
                """
                \(python) \(script.lastPathComponent) failed (\(process.terminationStatus)): \(errorText)
                If a module is missing, run `make test`: it installs icalendar and recurring-ical-events \
                (or set PLANNER_PYTHON to an interpreter that has them).
                """)
            return nil
        }
        return data
    }

    @Test func pythonIcalendarReadsWhatWeWrite() throws {
        let calendar = try Samples.full()
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("ical-check-\(UUID().uuidString).ics")
        try calendar.serializedData().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard let view = try Self.runChecker(on: file, from: "2026-01-01", to: "2027-01-01") else { return }

        #expect(view.problems == [], "the strict checker reads the bytes as they must be")

        // Calendar properties.
        #expect(view.calendar["PRODID"] == calendar.productID)
        #expect(view.calendar["VERSION"] == "2.0")
        #expect(view.calendar["METHOD"] == calendar.method)
        #expect(view.name == calendar.name)
        #expect(view.calendar["X-WR-CALNAME"] == calendar.wrCalendarName)
        #expect(view.calendar["X-WR-CALDESC"] == calendar.wrCalendarDescription)
        #expect(view.calendar["X-WR-TIMEZONE"] == calendar.wrTimeZone)
        #expect(view.calendar["COLOR"] == calendar.color)
        #expect(view.refreshIntervalSeconds == calendar.refreshInterval?.seconds)
        #expect(view.calendar["X-PUBLISHED-TTL"] == "PT12H")
        #expect(view.timezones == Array(Set(calendar.events.compactMap(\.start.zoneID))).sorted())

        // Every event property.
        try #require(view.events.count == calendar.events.count)
        for (built, seen) in zip(calendar.events, view.events) {
            #expect(seen.uid == built.uid)
            #expect(seen.dtstamp == Self.text(built.timestamp))
            #expect(seen.dtstart == Self.text(built.start))
            #expect(seen.dtend == built.end.map(Self.text))
            #expect(seen.rrule == built.rule?.text)
            #expect(seen.exdate == built.exceptionDates.map(Self.text))
            #expect(seen.rdate == built.extraDates.map(Self.text))
            #expect(seen.recurrenceId == built.recurrenceID.map(Self.text))
            #expect(seen.sequence == built.sequence)
            #expect(seen.lastModified == built.lastModified.map(Self.text))
            #expect(seen.status == built.status?.rawValue)
            #expect(seen.class == built.classification?.rawValue)
            #expect(seen.transp == built.transparency?.rawValue)
            #expect(seen.summary == built.summary)
            #expect(seen.description == built.description)
            #expect(seen.location == built.location)
            #expect(seen.geo == built.geo.map { [$0.latitude, $0.longitude] })
            #expect(seen.url == built.url)
            #expect(seen.categories == built.categories)
            #expect(
                seen.organizer
                    == built.organizer.map {
                        PythonView.Person(
                            address: $0.address, cn: $0.commonName, role: $0.role, partstat: $0.participationStatus)
                    })
            #expect(
                seen.attendees
                    == built.attendees.map {
                        PythonView.Person(
                            address: $0.address, cn: $0.commonName, role: $0.role, partstat: $0.participationStatus)
                    })
            #expect(seen.color == built.color)
            #expect(
                seen.conferences
                    == built.conferences.map {
                        PythonView.Conference(
                            uri: $0.uri, features: $0.features.joined(separator: ","), label: $0.label)
                    })
            #expect(
                seen.alarms
                    == built.alarms.map {
                        PythonView.Alarm(
                            action: $0.action, triggerSeconds: $0.trigger.seconds, description: $0.description)
                    })
        }

        // The expanded year: same instances, same instants, same local times for zoned events.
        let year = Samples.utc("2026-01-01T00:00:00Z")..<Samples.utc("2027-01-01T00:00:00Z")
        let ours = try calendar.occurrences(in: year)
        #expect(ours.count == view.occurrences.count)
        #expect(
            ours.map {
                "\($0.uid) \(Int($0.startInstant.timeIntervalSince1970))-\(Int($0.endInstant.timeIntervalSince1970))"
            }
                == view.occurrences.map { "\($0.uid) \($0.startInstant)-\($0.endInstant)" })
        for (mine, theirs) in zip(ours, view.occurrences) where mine.start.zoneID != nil || mine.start.isDate {
            #expect(Self.text(mine.start) == theirs.start)
            #expect(Self.text(mine.end) == theirs.end)
        }
        #expect(ours.contains { $0.isOverride })
    }
}
