import CalendarFeeds
import Foundation
import ICalendar
import Testing

/// Every feed of the example group against its golden file: byte for byte outside the
/// `VTIMEZONE` blocks, whose text follows the installed tzdata and is compared as transitions.
/// `UPDATE_GOLDEN=1 swift test --filter GoldenTests` rewrites the files.
@Suite struct GoldenTests {
    @Test func everyFeedOfTheExampleGroupMatchesItsGoldenFile() throws {
        let renderer = try Example.renderer(Example.store())
        let update = ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1"
        let feeds = try renderer.availableFeeds().map { try renderer.render($0) }
        #expect(feeds.count >= 20, "public, members, 12 organisers, themes, kinds, GAP, observances")
        if update {
            try FileManager.default.createDirectory(at: Support.goldenDirectory, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: Support.goldenDirectory.path) where file.hasSuffix(".ics") {
                try FileManager.default.removeItem(at: Support.goldenDirectory.appendingPathComponent(file))
            }
        }
        for feed in feeds {
            let url = Support.goldenDirectory.appendingPathComponent(feed.fileName)
            if update {
                try feed.data.write(to: url)
                continue
            }
            let golden = try #require(try? Data(contentsOf: url), "missing golden file \(feed.fileName): run with UPDATE_GOLDEN=1")
            let expected = GoldenText(golden)
            let actual = GoldenText(feed.data)
            #expect(actual.body == expected.body, "\(feed.fileName) differs from its golden file outside VTIMEZONE")
            if actual.body != expected.body {
                let diff = zip(actual.body.components(separatedBy: "\r\n"), expected.body.components(separatedBy: "\r\n"))
                    .first { $0.0 != $0.1 }
                Issue.record("first differing line: \(diff.map { "got \($0.0) / want \($0.1)" } ?? "length differs")")
            }
            #expect(actual.zones == expected.zones, "\(feed.fileName): VTIMEZONE transitions differ")
        }
        if !update {
            let goldenFiles = Set(try FileManager.default.contentsOfDirectory(atPath: Support.goldenDirectory.path).filter { $0.hasSuffix(".ics") })
            #expect(goldenFiles == Set(feeds.map(\.fileName)), "golden files without a feed, or feeds without one")
        }
    }

    @Test func renderingTwiceWithoutAChangeGivesTheSameBytes() throws {
        let store = try Example.store()
        let first = try Example.renderer(store)
        let second = try Example.renderer(store)
        for kind in first.availableFeeds() {
            #expect(try first.render(kind).data == second.render(kind).data, "\(kind)")
        }
    }

    @Test func goldenComparisonSeesAChangedEventAndIgnoresOnlyZoneText() throws {
        let renderer = try Example.renderer(Example.store())
        let data = try renderer.render(.group).data
        let text = String(decoding: data, as: UTF8.self)
        let changed = GoldenText(Data(text.replacingOccurrences(of: "SUMMARY:Monthly meeting", with: "SUMMARY:Monthly Meeting").utf8))
        #expect(changed.body != GoldenText(data).body)
        let zoneChanged = GoldenText(Data(text.replacingOccurrences(of: "TZOFFSETTO:+0200", with: "TZOFFSETTO:+0300").utf8))
        #expect(zoneChanged.body == GoldenText(data).body)
        #expect(zoneChanged.zones != GoldenText(data).zones)
    }
}

/// A feed split into its text without `VTIMEZONE` blocks and the blocks' transitions.
struct GoldenText: Equatable {
    /// The text with each `VTIMEZONE` block replaced by `VTIMEZONE <TZID>`.
    var body = ""
    /// Per TZID, its observances as `STANDARD|DAYLIGHT from→to DTSTART RRULE/RDATE`, sorted.
    var zones: [String: [String]] = [:]

    init(_ data: Data) {
        // Physical lines outside the zones (so folding is compared too); zones unfolded.
        var zoneLines: [String]?
        for line in String(decoding: data, as: UTF8.self).components(separatedBy: "\r\n") {
            if line == "BEGIN:VTIMEZONE" {
                zoneLines = []
            } else if line == "END:VTIMEZONE", let lines = zoneLines {
                let (zoneID, transitions) = Self.transitions(Support.unfoldedLines(lines.joined(separator: "\r\n")))
                zones[zoneID] = transitions
                body += "VTIMEZONE \(zoneID)\r\n"
                zoneLines = nil
            } else if zoneLines != nil {
                zoneLines?.append(line)
            } else {
                body += line + "\r\n"
            }
        }
    }

    private static func transitions(_ lines: [String]) -> (String, [String]) {
        var zoneID = ""
        var observance: [String: String] = [:]
        var kind = ""
        var transitions: [String] = []
        for line in lines {
            switch line {
            case "BEGIN:STANDARD", "BEGIN:DAYLIGHT":
                kind = String(line.dropFirst(6))
                observance = [:]
            case "END:STANDARD", "END:DAYLIGHT":
                transitions.append(
                    "\(kind) \(observance["TZOFFSETFROM"] ?? "")→\(observance["TZOFFSETTO"] ?? "") \(observance["DTSTART"] ?? "") "
                        + (observance["RRULE"] ?? observance["RDATE"] ?? ""))
            default:
                let parts = line.split(separator: ":", maxSplits: 1).map(String.init)
                let name = parts.first.map { String($0.split(separator: ";")[0]) } ?? ""
                if name == "TZID", kind.isEmpty { zoneID = parts.count > 1 ? parts[1] : "" }
                if parts.count > 1 { observance[name] = parts[1] }
            }
        }
        return (zoneID, transitions.sorted())
    }
}
