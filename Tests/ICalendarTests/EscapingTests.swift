import Foundation
import ICalendar
import Testing

/// RFC 5545 3.3.11 escaping of every TEXT value we write, X-properties and CATEGORIES included
/// (libical leaves `,` and `;` raw there), and URIs that can never carry a line break.
@Suite struct EscapingTests {
    static let texts: [String] = [
        "Reflecting on patriarchy, power and privilege",
        "Stress; pressure, and anger",
        "back\\slash",
        "trailing backslash\\",
        "\\,\\;\\n",
        "two\nlines",
        ",;\\\n",
        "Väter, Elternzeit; „Zitat“ – 🎉,🏳️‍🌈",
        String(repeating: "long, folded; ", count: 20) + "end",
    ]

    static func calendar(_ text: String) -> ICSCalendar {
        let event = ICSEvent(
            uid: "escape@test", timestamp: Samples.utc("2026-01-01T00:00:00Z"), start: Samples.vienna(2026, 5, 4, 12),
            summary: text, description: text, location: text, categories: [text, "plain", text + text])
        return ICSCalendar(
            productID: "-//test//EN", name: text, wrCalendarName: text, wrCalendarDescription: text, events: [event])
    }

    @Test(arguments: texts)
    func roundTripsThroughOurParser(_ text: String) throws {
        let calendar = Self.calendar(text)
        let serialised = try calendar.serialized()
        let lines = serialised.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n")
        let escaped = TextTests.escaped(text)
        for name in ["X-WR-CALNAME", "X-WR-CALDESC", "NAME", "SUMMARY", "DESCRIPTION", "LOCATION"] {
            #expect(lines.contains("\(name):\(escaped)"), "\(name) written escaped")
        }
        // One property per category, each escaped: never a list a reader would split.
        #expect(
            lines.filter { $0.hasPrefix("CATEGORIES") } == [
                "CATEGORIES:\(escaped)", "CATEGORIES:plain", "CATEGORIES:\(escaped)\(escaped)",
            ])
        for line in serialised.components(separatedBy: "\r\n") {
            #expect(line.utf8.count <= 75, "folded at 75 octets: \(line)")
        }
        let parsed = try ICSCalendar.parse(serialised)
        #expect(parsed.problems == [])
        #expect(parsed.calendar == calendar)
        #expect(parsed.calendar.events.first?.categories == [text, "plain", text + text])
    }

    @Test(arguments: texts)
    func roundTripsThroughPythonIcalendar(_ text: String) throws {
        let calendar = Self.calendar(text)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("escape-\(UUID().uuidString).ics")
        try calendar.serializedData().write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard let view = try IndependentParserTests.runChecker(on: file, from: "2026-01-01", to: "2027-01-01") else {
            return
        }
        #expect(view.problems == [])
        #expect(view.name == text)
        #expect(view.calendar["X-WR-CALNAME"] == text)
        #expect(view.calendar["X-WR-CALDESC"] == text)
        let event = try #require(view.events.first)
        #expect(event.summary == text)
        #expect(event.description == text)
        #expect(event.location == text)
        #expect(event.categories == [text, "plain", text + text])
    }

    static let controlCharacters = ["\r\n", "\n", "\r", "\t", "\u{0}", "\u{7F}", "\u{85}"]

    @Test(arguments: controlCharacters)
    func uriWithAControlCharacterIsRefused(_ control: String) {
        let injected = "https://meet.example/x" + control + "ATTENDEE:mailto:intruder@example.org"
        let base = ICSEvent(
            uid: "uri@test", timestamp: Samples.utc("2026-01-01T00:00:00Z"), start: Samples.vienna(2026, 5, 4, 12))
        var url = base
        url.url = injected
        var conference = base
        conference.conferences = [ICSConference(uri: injected)]
        var attendee = base
        attendee.attendees = [ICSParticipant(address: "mailto:a@example.org" + control)]
        var organizer = base
        organizer.organizer = ICSParticipant(address: "mailto:o@example.org" + control)
        for (property, event) in [
            ("URL", url), ("CONFERENCE", conference), ("ATTENDEE", attendee), ("ORGANIZER", organizer),
        ] {
            #expect {
                try ICSCalendar(productID: "-//test//EN", events: [event]).serialized()
            } throws: { error in
                guard case .invalidValue(let named, _, let reason) = error as? ICSError else { return false }
                return named == property && reason.contains("control characters")
            }
        }
    }

    @Test func strictCheckerRefusesUnescapedTextAndBrokenURIs() throws {
        let text =
            [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "X-WR-CALNAME:Allies, Vienna",
                "X-WR-CALDESC:Meetings; films", "BEGIN:VEVENT", "UID:a@b", "DTSTAMP:20270101T000000Z",
                "DTSTART:20270105T150000Z", "SUMMARY:fine\\, escaped\\; text\\\\", "DESCRIPTION:bad \\x escape",
                "CATEGORIES:Stress, pressure", "URL:https://meet.example/x", "ATTENDEE:mailto:intruder@example.org",
                "CONFERENCE;VALUE=URI:https://meet.example/\u{7}", "END:VEVENT", "END:VCALENDAR",
            ].joined(separator: "\r\n") + "\r\n"
        let broken = text.replacingOccurrences(of: "x\r\nATTENDEE:mailto:intruder@example.org", with: "x\r\nintruder")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString).ics")
        try Data(broken.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        guard let found = try IndependentParserTests.lint(file) else { return }
        let problems = found.joined(separator: " | ")
        for expected in [
            "X-WR-CALNAME: unescaped ','", "X-WR-CALDESC: unescaped ';'", "DESCRIPTION: unknown escape \\x",
            "CATEGORIES: unescaped ','", "line break inside the URL value", "CONFERENCE: control character U+0007",
        ] {
            #expect(problems.contains(expected), "\(expected) in \(problems)")
        }
        #expect(!problems.contains("SUMMARY"), "escaped text passes: \(problems)")
    }
}
