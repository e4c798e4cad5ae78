import Foundation
import ICalendar
import Testing

/// A broken fixture and what parsing must say about it.
struct BrokenFixture: CustomTestStringConvertible, Sendable {
    enum Expectation: Sendable {
        /// Throws this error in strict and lenient mode alike.
        case fails(ICSError)
        /// Strict throws `invalidCalendar` naming this problem; lenient lists it and keeps `kept`.
        case problem(ICSProblem.Kind, line: Int, kept: [String])
    }

    var file: String
    var expectation: Expectation
    var testDescription: String { file }
}

let brokenFixtures: [BrokenFixture] = [
    BrokenFixture(file: "empty.ics", expectation: .fails(.emptyInput)),
    BrokenFixture(file: "whitespace-only.ics", expectation: .fails(.emptyInput)),
    BrokenFixture(file: "not-icalendar.ics", expectation: .fails(.notICalendar(line: 1, found: "<!DOCTYPE html>"))),
    BrokenFixture(file: "nul-byte.ics", expectation: .fails(.nulByte(line: 8))),
    BrokenFixture(file: "invalid-utf8.ics", expectation: .fails(.invalidUTF8(line: 8))),
    BrokenFixture(file: "truncated.ics", expectation: .problem(.missingEnd, line: 10, kept: ["good@test"])),
    BrokenFixture(file: "missing-end-vcalendar.ics", expectation: .problem(.missingEnd, line: 1, kept: ["good@test"])),
    BrokenFixture(
        file: "missing-end-vevent.ics", expectation: .problem(.missingEnd, line: 10, kept: ["good@test", "open@test"])),
    BrokenFixture(file: "wrong-end.ics", expectation: .problem(.mismatchedEnd, line: 9, kept: ["end@test"])),
    BrokenFixture(
        file: "junk-lines.ics", expectation: .problem(.malformedLine, line: 10, kept: ["good@test", "second@test"])),
    BrokenFixture(
        file: "invalid-rrule.ics",
        expectation: .problem(.invalidRecurrenceRule, line: 9, kept: ["rule@test", "other@test"])),
    BrokenFixture(file: "unknown-tzid.ics", expectation: .problem(.unknownTimeZone, line: 7, kept: ["tz@test"])),
    BrokenFixture(file: "impossible-datetime.ics", expectation: .problem(.invalidValue, line: 7, kept: ["good@test"])),
    BrokenFixture(file: "sequence-not-a-number.ics", expectation: .problem(.invalidValue, line: 9, kept: ["seq@test"])),
    BrokenFixture(file: "missing-uid.ics", expectation: .problem(.missingProperty, line: 4, kept: ["good@test"])),
    BrokenFixture(file: "bad-duration.ics", expectation: .problem(.invalidValue, line: 4, kept: ["good@test"])),
    BrokenFixture(file: "bad-geo.ics", expectation: .problem(.invalidValue, line: 9, kept: ["geo@test"])),
]

@Suite struct MalformedInputTests {
    static func fixture(_ name: String) throws -> URL {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
        return url
    }

    @Test(arguments: brokenFixtures)
    func brokenFixtureGivesAClearErrorWithItsLine(_ fixture: BrokenFixture) throws {
        let url = try Self.fixture(fixture.file)
        switch fixture.expectation {
        case .fails(let expected):
            #expect(throws: expected) { try ICSCalendar.parse(contentsOf: url, options: .strict) }
            #expect(throws: expected) { try ICSCalendar.parse(contentsOf: url, options: .lenient) }
        case .problem(let kind, let line, let kept):
            let error = #expect(throws: ICSError.self) { try ICSCalendar.parse(contentsOf: url, options: .strict) }
            guard case .invalidCalendar(let problems)? = error else {
                Issue.record("expected invalidCalendar, got \(String(describing: error))")
                return
            }
            #expect(problems.contains { $0.kind == kind && $0.line == line }, "\(problems)")
            #expect(error?.description.contains("line \(line)") == true)

            let lenient = try ICSCalendar.parse(contentsOf: url, options: .lenient)
            #expect(
                lenient.problems.contains { $0.kind == kind && $0.line == line && $0.severity == .error },
                "\(lenient.problems)")
            #expect(lenient.calendars.flatMap(\.events).map(\.uid) == kept)
        }
    }

    @Test func lenientModeLeavesBrokenValuesOutInsteadOfGuessing() throws {
        let sequence = try ICSCalendar.parse(contentsOf: Self.fixture("sequence-not-a-number.ics"), options: .lenient)
        #expect(sequence.calendar.events.first?.sequence == nil)  // libical alone would say 0
        let rule = try ICSCalendar.parse(contentsOf: Self.fixture("invalid-rrule.ics"), options: .lenient)
        #expect(rule.calendar.events.first?.rule == nil)
        let zone = try ICSCalendar.parse(contentsOf: Self.fixture("unknown-tzid.ics"), options: .lenient)
        #expect(zone.calendar.events.first?.start == .floating(ICSWallTime(year: 2026, month: 1, day: 6, hour: 15)))
        #expect(zone.problems.first?.message.contains("Mars/Olympus_Mons") == true)
    }

    @Test func megabyteLineIsRefusedBeforeLibicalSeesIt() throws {
        let summary = "SUMMARY:" + String(repeating: "x", count: 1 << 20)
        let text = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:long@test", summary, "END:VEVENT", "END:VCALENDAR",
        ]
        .joined(separator: "\r\n")
        let started = ContinuousClock.now
        #expect(throws: ICSError.lineTooLong(line: 5, bytes: summary.utf8.count, limit: 64 << 10)) {
            try ICSCalendar.parse(text, options: .lenient)
        }
        // Folded into 75-octet lines it is still one content line, and still refused.
        let bytes = Array(summary.utf8)
        let folded = stride(from: 0, to: bytes.count, by: 74).map { offset -> String in
            (offset == 0 ? "" : " ") + String(decoding: bytes[offset..<min(offset + 74, bytes.count)], as: UTF8.self)
        }
        let foldedText =
            (["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:long@test"] + folded + [
                "END:VEVENT", "END:VCALENDAR",
            ])
            .joined(separator: "\r\n")
        let error = #expect(throws: ICSError.self) { try ICSCalendar.parse(foldedText) }
        guard case .lineTooLong(let line, _, _)? = error else {
            Issue.record("expected lineTooLong, got \(String(describing: error))")
            return
        }
        #expect(line == 5)
        // Sanity bound, not a timing test: libical alone needs 0.16–0.40 s for this line.
        #expect(ContinuousClock.now - started < .seconds(5))
    }

    @Test func tenThousandNestedComponentsAreRefused() {
        var lines = ["BEGIN:VCALENDAR"]
        lines += Array(repeating: "BEGIN:VEVENT", count: 10_000)
        lines += Array(repeating: "END:VEVENT", count: 10_000)
        lines.append("END:VCALENDAR")
        #expect(throws: ICSError.nestingTooDeep(line: 9, limit: 8)) {
            try ICSCalendar.parse(lines.joined(separator: "\r\n"), options: .lenient)
        }
    }

    @Test func oversizedInputIsRefused() throws {
        let options = ICSParseOptions(mode: .lenient, maxInputBytes: 1000)
        let big = try Samples.full().serialized()
        #expect(throws: ICSError.inputTooLarge(bytes: big.utf8.count, limit: 1000)) {
            try ICSCalendar.parse(big, options: options)
        }
    }

    @Test func twoConcatenatedCalendarsAreBothRead() throws {
        let one = try Samples.full().serialized()
        var other = try Samples.full()
        other.events = [other.events[2]]
        let result = try ICSCalendar.parse(one + (try other.serialized()))
        #expect(result.calendars.count == 2)
        #expect(result.calendars[1].events.map(\.uid) == ["kickoff@allyship.example"])
    }

    @Test func libicalErrorsAreSurfaced() throws {
        // A property with no value: no Swift check knows it, libical's X-LIC-ERROR does.
        let text = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", "UID:p@test", "DTSTAMP:20260101T000000Z",
            "DTSTART:20260101T100000Z", "CLASS:", "END:VEVENT", "END:VCALENDAR",
        ].joined(separator: "\r\n")
        let result = try ICSCalendar.parse(text, options: .lenient)
        let libical = result.problems.filter { $0.kind == .libical }
        #expect(!libical.isEmpty, "\(result.problems)")
        #expect(libical.map(\.line) == [7])
        #expect(libical.first?.message.contains("No value for CLASS") == true)
        #expect(throws: ICSError.self) { try ICSCalendar.parse(text, options: .strict) }
    }
}
