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
            summary: text, description: long, location: text, categories: [text.replacingOccurrences(of: ",", with: "")],
            organizer: ICSParticipant(address: "mailto:o@test", commonName: text.replacingOccurrences(of: "\n", with: " ")),
            conferences: [ICSConference(uri: "https://meet.example/x", label: text.replacingOccurrences(of: "\n", with: " "))])
        return ICSCalendar(productID: "-//test//EN", name: text, wrCalendarName: text, wrCalendarDescription: long, events: [event])
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
        #expect(unfolded.contains("SUMMARY:" + Self.escaped(text) + "\r\n"))
        let parsed = try ICSCalendar.parse(data)
        #expect(parsed.problems.isEmpty)
        #expect(parsed.calendar == calendar)
    }

    @Test func categoryWithACommaIsRefused() {
        let event = ICSEvent(
            uid: "c@test", timestamp: Samples.utc("2026-01-01T00:00:00Z"), start: Samples.vienna(2026, 5, 4, 12),
            categories: ["Share the Care, at home"])
        #expect(throws: ICSError.self) { try ICSCalendar(productID: "-//test//EN", events: [event]).serialized() }
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
