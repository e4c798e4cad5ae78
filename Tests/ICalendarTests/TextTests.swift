import Foundation
import ICalendar
import Testing

@Suite struct TextTests {
    static let texts: [String] = [
        "Gleichstellung für Männer: Väter, Elternzeit; Größe \\ Grenzen\nZweite Zeile – „Zitat“",
        "Мужчины за гендерное равенство: ежемесячная встреча, обсуждение; отцовство\\забота\nВторая строка",
        "Гендердик теңчилик үчүн эркектер: Бишкектеги жолугушуу; үй-бүлө, аталык\\камкордук\nЭкинчи сап",
        "Emoji 🎉👨‍👩‍👧‍👦🏳️‍🌈🤝🏽, flags 🇦🇹🇰🇬; ZWJ \\ done\n👍",
    ]

    private func calendar(_ text: String) -> ICSCalendar {
        let long = Array(repeating: text, count: 4).joined(separator: " ")
        let event = ICSEvent(
            uid: "text@test", timestamp: Samples.utc("2026-01-01T00:00:00Z"), start: Samples.vienna(2026, 5, 4, 12),
            summary: text, description: long, location: text, categories: [text],
            organizer: ICSParticipant(
                address: "mailto:o@test", commonName: text.replacingOccurrences(of: "\n", with: " ")),
            conferences: [
                ICSConference(uri: "https://meet.example/x", label: text.replacingOccurrences(of: "\n", with: " "))
            ])
        return ICSCalendar(
            productID: "-//test//EN", name: text, wrCalendarName: text, wrCalendarDescription: long, events: [event])
    }

    @Test(arguments: texts)
    func foldsEscapesAndRoundTrips(_ text: String) throws {
        let calendar = calendar(text)
        let data = try calendar.serializedData()
        let bytes = [UInt8](data)
        // Every line ends in CRLF: no bare LF, no bare CR.
        for (index, byte) in bytes.enumerated() where byte == 10 {
            #expect(index > 0 && bytes[index - 1] == 13)
        }
        #expect(bytes.suffix(2) == [13, 10])
        var sawContinuation = false
        for line in bytes.split(separator: 10, omittingEmptySubsequences: false).dropLast() {
            let content = line.dropLast()  // the CR
            #expect(content.count <= 75, "line of \(content.count) octets")
            #expect(String(validating: content, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
            if content.first == 32 { sawContinuation = true }
        }
        #expect(sawContinuation)
        let serialised = String(decoding: data, as: UTF8.self)
        let unfolded = serialised.replacingOccurrences(of: "\r\n ", with: "")
        // TEXT escaping: `\,` `\;` `\\` `\n` — never a raw newline inside a value.
        for name in ["SUMMARY", "CATEGORIES", "NAME", "X-WR-CALNAME"] {
            #expect(unfolded.contains("\r\n\(name):" + Self.escaped(text) + "\r\n"), "\(name) escaped")
        }
        #expect(
            unfolded.contains(
                "\r\nX-WR-CALDESC:" + Self.escaped(Array(repeating: text, count: 4).joined(separator: " ")) + "\r\n"))
        let parsed = try ICSCalendar.parse(data)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.calendar == calendar)
    }

    /// RFC 5545 3.3.11, written out independently of libical.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case ",": result += "\\,"
            case ";": result += "\\;"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result
    }
}

/// libical 3.0.16 splits a line's CRLF with its next fold when a continuation line is exactly
/// 74 octets long (`CR CRLF SPACE LF`); the serialiser must never let that out.
@Suite struct FoldBoundaryTests {
    @Test func everyLengthAroundTheFoldBoundaryEndsLinesWithCRLF() throws {
        // libical prefers to fold after ':' and ' ', so a URL after "https:" lands at the start
        // of a continuation line; vary what precedes it and how long it is.
        for length in 1...1200 {
            let prefix = String(repeating: "word ", count: length % 40)
            let path = String(repeating: "p", count: 40 + length / 40)
            let text = prefix + "Details: https://allies.example.org/" + path
            let event = ICSEvent(
                uid: "fold-\(length)@test", timestamp: Samples.utc("2026-01-01T00:00:00Z"),
                start: Samples.vienna(2026, 5, 4, 12), summary: "Fold", description: text)
            let calendar = ICSCalendar(productID: "-//test//EN", events: [event])
            let bytes = [UInt8](try calendar.serializedData())
            for (index, byte) in bytes.enumerated() {
                if byte == 10 { #expect(index > 0 && bytes[index - 1] == 13, "bare LF at length \(length)") }
                if byte == 13 {
                    #expect(index + 1 < bytes.count && bytes[index + 1] == 10, "bare CR at length \(length)")
                }
            }
            #expect(try ICSCalendar.parse(Data(bytes)).calendar == calendar, "round trip at length \(length)")
        }
    }
}
