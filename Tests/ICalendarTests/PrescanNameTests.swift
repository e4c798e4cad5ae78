import Foundation
import ICalendar
import Testing

/// The prescan keeps names as packed codes (up to 16 bytes) or numbered long names, borrows
/// lines from its feed, and checks UTF-8 once per input: these are the cases on each side of
/// those paths.
@Suite struct PrescanNameTests {
    static func calendar(_ body: [String]) -> String {
        (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"] + body + ["END:VCALENDAR"]).joined(separator: "\r\n")
    }

    static let event = [
        "BEGIN:VEVENT", "UID:kept@test", "DTSTAMP:20260101T000000Z", "DTSTART:20260106T150000Z", "END:VEVENT",
    ]

    @Test func longComponentNamesCloseWithTheirEndInAnyCase() throws {
        // 17 and 33 bytes: too long to pack, so numbered; the END in lower case is the same name.
        let text = Self.calendar(
            ["BEGIN:X-COMPONENT-17CHR", "X-NOTE:a", "end:x-component-17chr"]
                + ["BEGIN:X-ALLYSHIP-A-MUCH-LONGER-COMPONENT", "END:X-Allyship-A-Much-Longer-Component"] + Self.event)
        let result = try ICSCalendar.parse(text, options: .strict)
        #expect(result.calendar.events.map(\.uid) == ["kept@test"])
        #expect(result.problems.map(\.kind) == [.ignoredComponent, .ignoredComponent])
        #expect(result.problems.map(\.line) == [4, 7])
    }

    @Test func mismatchedEndNamesBothComponentsAcrossThePackingLimit() throws {
        // X-COMPONENT-16CH is exactly 16 bytes (packed), X-COMPONENT-17CHR one more (numbered).
        let text = Self.calendar(["BEGIN:X-COMPONENT-16CH", "X-NOTE:a", "END:x-component-17chr"] + Self.event)
        let result = try ICSCalendar.parse(text, options: .lenient)
        let mismatch = try #require(result.problems.first { $0.kind == .mismatchedEnd })
        #expect(mismatch.line == 6)
        #expect(
            mismatch.message.contains("END:X-COMPONENT-17CHR does not match BEGIN:X-COMPONENT-16CH of line 4"),
            "\(mismatch.message)")
        #expect(result.calendar.events.map(\.uid) == ["kept@test"])
        #expect(throws: ICSError.self) { try ICSCalendar.parse(text, options: .strict) }
    }

    /// Physical lines as bytes, joined with CRLF.
    static func data(_ lines: [[UInt8]]) -> Data {
        Data(lines.map { $0 + Array("\r\n".utf8) }.joined())
    }

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test func aUTF8SequenceSplitByAFoldIsReadOnceUnfolded() throws {
        // "Grüße" folded inside the ü and inside the ß: invalid as physical lines, valid unfolded.
        let lines =
            [
                "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:fold@test",
                "DTSTAMP:20260101T000000Z", "DTSTART:20260106T150000Z",
            ].map(Self.bytes)
            + [
                Self.bytes("SUMMARY:Gr") + [0xC3], Self.bytes(" ") + [0xBC, 0xC3],
                Self.bytes(" ") + [0x9F] + Self.bytes("e"),
            ]
            + ["END:VEVENT", "END:VCALENDAR"].map(Self.bytes)
        let result = try ICSCalendar.parse(Self.data(lines), options: .strict)
        #expect(result.calendar.events.first?.summary == "Grüße")
    }

    @Test func invalidUTF8InDataNamesItsLogicalLine() {
        // The folded continuation (physical line 7) carries the bad byte: the error names line 6.
        let lines =
            ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:bad@test", "SUMMARY:ok"]
            .map(Self.bytes) + [Self.bytes(" more") + [0xFF]] + ["END:VEVENT", "END:VCALENDAR"].map(Self.bytes)
        #expect(throws: ICSError.invalidUTF8(line: 6)) { try ICSCalendar.parse(Self.data(lines), options: .lenient) }
    }

    @Test func everyReferenceToAnUnknownZoneIsReportedQuotedOrNot() throws {
        let text = Self.calendar([
            "BEGIN:VEVENT", "UID:mars@test", "DTSTAMP:20260101T000000Z",
            "DTSTART;TZID=Mars/Olympus_Mons:20260106T150000",
            "DTEND;TZID=\"Mars/Olympus_Mons\":20260106T160000",
            "END:VEVENT",
            "BEGIN:VEVENT", "UID:vienna@test", "DTSTAMP:20260101T000000Z",
            "DTSTART;TZID=Europe/Vienna:20260106T150000",
            "DTEND;TZID=\"Europe/Vienna\":20260106T160000",
            "END:VEVENT",
        ])
        let result = try ICSCalendar.parse(text, options: .lenient)
        let unknown = result.problems.filter { $0.kind == .unknownTimeZone }
        #expect(unknown.map(\.line) == [7, 8])
        #expect(unknown.allSatisfy { $0.message.contains("\"Mars/Olympus_Mons\"") })
        #expect(
            result.calendar.events.last?.start
                == .local(ICSWallTime(year: 2026, month: 1, day: 6, hour: 15), zoneID: "Europe/Vienna"))
    }
}
