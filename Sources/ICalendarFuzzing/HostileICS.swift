import Foundation
import SeededRandom

/// Hostile variations of iCalendar text for fuzz tests: what a broken exporter, a truncated
/// download or an attacker could send the `.ics` reader.
///
/// Each mutation is driven by one number, so a failing case is a seed file and a short list of
/// numbers that can be replayed (and shrunk by a property-based test library).
public enum HostileICS {
    /// The kinds of damage, each chosen by a mutation number.
    public enum Mutation: Int, CaseIterable, Sendable {
        /// One byte XORed with a random non-zero value.
        case flipByte
        /// Cut off at a random offset.
        case truncate
        /// One line repeated up to 40 times in place.
        case duplicateLine
        /// A property line near or above the reader's 64 KiB line cap.
        case hugeLine
        /// Up to 64 `BEGIN`s (some closed) inserted: deep nesting and unbalanced components.
        case deepNesting
        /// A `TZID` parameter replaced by a made-up, empty, quoted or very long one.
        case bogusTZID
        /// A line folded after every octet or two, or continued by thousands of folds.
        case overlongFolding
        /// A NUL byte inserted.
        case nulByte
        /// Invalid UTF-8 inserted (a lone continuation byte, a cut sequence, an overlong form).
        case invalidUTF8
        /// A bare CR, a bare LF or a control character inserted.
        case controlCharacter
        /// A line removed.
        case dropLine
        /// A property typical of hostile input: an endless `RRULE`, a far `DTSTART`, a bad value.
        case hostileProperty
    }

    /// `seed` damaged by one mutation per number, in order.
    public static func mutated(_ seed: [UInt8], by numbers: [UInt64]) -> [UInt8] {
        numbers.reduce(seed) { bytes, number in
            var random = SplitMix64(seed: number)
            let mutation = Mutation.allCases[Int(random.next() % UInt64(Mutation.allCases.count))]
            return mutated(bytes, by: mutation, using: &random)
        }
    }

    /// `bytes` damaged by `mutation`, its offsets and sizes drawn from `random`.
    public static func mutated(
        _ bytes: [UInt8], by mutation: Mutation, using random: inout some RandomNumberGenerator
    ) -> [UInt8] {
        var bytes = bytes
        let lines = lineRanges(bytes)
        let offset = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &random)
        let line = lines.isEmpty ? 0..<0 : lines[Int.random(in: 0..<lines.count, using: &random)]
        switch mutation {
        case .flipByte:
            guard !bytes.isEmpty else { return [UInt8.random(in: 1...255, using: &random)] }
            bytes[min(offset, bytes.count - 1)] ^= UInt8.random(in: 1...255, using: &random)
        case .truncate:
            bytes.removeSubrange(offset...)
        case .duplicateLine:
            let copy = Array(bytes[line])
            bytes.insert(
                contentsOf: Array((0..<Int.random(in: 1...40, using: &random)).map { _ in copy }.joined()),
                at: line.upperBound)
        case .hugeLine:
            // Around the reader's cap of 64 KiB per unfolded line: just under, at, and over it.
            let length = (64 << 10) + Int.random(in: -64...64, using: &random) * 64
            let huge =
                Array("DESCRIPTION:".utf8) + Array(repeating: UInt8(ascii: "x"), count: max(0, length)) + [13, 10]
            bytes.insert(contentsOf: huge, at: line.upperBound)
        case .deepNesting:
            let depth = Int.random(in: 1...64, using: &random)
            let name =
                ["VEVENT", "VALARM", "VTIMEZONE", "X-DEEP", "VCALENDAR"].randomElement(using: &random) ?? "VEVENT"
            var inserted = Array(repeating: Array("BEGIN:\(name)\r\n".utf8), count: depth).flatMap { $0 }
            if Bool.random(using: &random) {
                inserted += Array(
                    repeating: Array("END:\(name)\r\n".utf8), count: Int.random(in: 0...depth, using: &random)
                ).flatMap { $0 }
            }
            bytes.insert(contentsOf: inserted, at: line.upperBound)
        case .bogusTZID:
            let bogus =
                [
                    "Mars/Olympus_Mons", "", "\"Europe/Vienna", "/freeassociation.sourceforge.net/Europe/Vienna",
                    String(repeating: "Z", count: 5000), "Europe/Vienna;TZID=Asia/Bishkek", "../../etc/passwd",
                ].randomElement(using: &random) ?? ""
            let target = Array("TZID=".utf8)
            if let found = firstRange(of: target, in: bytes, from: Int.random(in: 0...bytes.count, using: &random))
                ?? firstRange(of: target, in: bytes, from: 0)
            {
                let valueEnd =
                    bytes[found.upperBound...].firstIndex { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ";") }
                    ?? bytes.count
                bytes.replaceSubrange(found.upperBound..<valueEnd, with: Array(bogus.utf8))
            } else {
                bytes.insert(contentsOf: Array("DTSTART;TZID=\(bogus):20270101T100000\r\n".utf8), at: line.upperBound)
            }
        case .overlongFolding:
            let content = Array(bytes[line].prefix { $0 != 13 && $0 != 10 })
            if Bool.random(using: &random), !content.isEmpty {
                // Every octet or two on a continuation line of its own, UTF-8 sequences split.
                let step = Int.random(in: 1...2, using: &random)
                var folded: [UInt8] = []
                for (index, byte) in content.enumerated() {
                    if index > 0, index % step == 0 { folded += [13, 10, 32] }
                    folded.append(byte)
                }
                bytes.replaceSubrange(line.lowerBound..<(line.lowerBound + content.count), with: folded)
            } else {
                let folds = Int.random(in: 1...3000, using: &random)
                let continuation = Array("\r\n foldfoldfoldfoldfold".utf8)
                let end = line.lowerBound + content.count
                bytes.insert(contentsOf: Array(repeating: continuation, count: folds).flatMap { $0 }, at: end)
            }
        case .nulByte:
            bytes.insert(0, at: offset)
        case .invalidUTF8:
            let sequence: [UInt8] =
                [[0x80], [0xFF], [0xC3], [0xE2, 0x82], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80]]
                .randomElement(using: &random) ?? [0xFF]
            bytes.insert(contentsOf: sequence, at: offset)
        case .controlCharacter:
            bytes.insert([13, 10, 9, 11, 12, 27, 127].randomElement(using: &random) ?? 13, at: offset)
        case .dropLine:
            bytes.removeSubrange(line)
        case .hostileProperty:
            let property =
                [
                    "RRULE:FREQ=SECONDLY", "RRULE:FREQ=DAILY", "RRULE:FREQ=YEARLY;COUNT=2147483647",
                    "RRULE:FREQ=MINUTELY;BYMONTH=2;BYMONTHDAY=31", "RRULE:FREQ=DAILY;INTERVAL=0",
                    "RRULE:FREQ=WEEKLY;UNTIL=99991231",
                    "DTSTART;VALUE=DATE:00010101", "DTSTART:99991231T235959Z", "DTEND:19000101T000000Z",
                    "EXDATE:" + Array(repeating: "20270101T100000Z", count: 2000).joined(separator: ","),
                    "RDATE:" + Array(repeating: "20270101T100000Z", count: 2000).joined(separator: ","),
                    "SEQUENCE:99999999999999999999", "DURATION:P99999999W", "GEO:1e308;-1e308",
                    "ATTENDEE;CN=\"" + String(repeating: "^n", count: 500) + "\":mailto:a@b",
                    "CATEGORIES:" + Array(repeating: "a\\,b", count: 500).joined(separator: ","),
                    "X-WR-CALNAME:" + String(repeating: "\\", count: 999), "TRIGGER;RELATED=END:-P1W",
                ].randomElement(using: &random) ?? ""
            bytes.insert(contentsOf: Array((property + "\r\n").utf8), at: line.upperBound)
        }
        return bytes
    }

    /// The length in bytes of the longest content line once unfolded (RFC 5545 3.1).
    public static func longestUnfoldedLine(_ bytes: [UInt8]) -> Int {
        var longest = 0
        var current = 0
        for range in lineRanges(bytes) {
            var content = bytes[range].count
            if content > 0, bytes[range.upperBound - 1] == 10 { content -= 1 }
            if content > 0, bytes[range.lowerBound + content - 1] == 13 { content -= 1 }
            let first = bytes[range].first
            if first == 32 || first == 9, current > 0 {
                current += content - 1
            } else {
                current = content
            }
            longest = max(longest, current)
        }
        return longest
    }

    /// Each line's byte range, its line end included.
    static func lineRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var start = 0
        while start < bytes.count {
            let end = bytes[start...].firstIndex(of: 10).map { $0 + 1 } ?? bytes.count
            ranges.append(start..<end)
            start = end
        }
        return ranges
    }

    private static func firstRange(of needle: [UInt8], in bytes: [UInt8], from start: Int) -> Range<Int>? {
        guard !needle.isEmpty, bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        for index in start...(bytes.count - needle.count)
        where bytes[index..<(index + needle.count)].elementsEqual(needle) {
            return index..<(index + needle.count)
        }
        return nil
    }
}
