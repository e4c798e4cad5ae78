import Foundation
import Planning
import Testing

@testable import Catalogues

/// A one-place change to the sample group and the error it must give: code, path, the line
/// holding `lineMarker` in the changed text, and a fragment of the message.
struct BrokenGroup: Sendable, CustomTestStringConvertible {
    let name: String
    let replace: String
    let with: String
    let code: ConfigError.Code
    let path: String
    let lineMarker: String
    let fragment: String
    var testDescription: String { name }

    var text: String { Samples.group.replacingOccurrences(of: replace, with: with) }
}

let brokenGroups: [BrokenGroup] = [
    BrokenGroup(
        name: "unclosed flow list", replace: "working-days: [mon, tue, wed, thu, fri]", with: "working-days: [mon, tue",
        code: .malformedYAML, path: "", lineMarker: "minimum-gap-days", fragment: "malformed YAML"),
    BrokenGroup(
        name: "tab indentation", replace: "  minimum-gap-days: 7", with: "\tminimum-gap-days: 7",
        code: .malformedYAML, path: "", lineMarker: "minimum-gap-days", fragment: "malformed YAML"),
    BrokenGroup(
        name: "repeated key", replace: "  max-size: 25", with: "  max-size: 25\n  max-size: 30",
        code: .duplicateKey, path: "", lineMarker: "max-size: 25", fragment: "'max-size' appears twice"),
    BrokenGroup(
        name: "typo in a key", replace: "capacity-per-month: 2", with: "capacity-per-mnth: 2",
        code: .unknownKey, path: "members[0].capacity-per-mnth", lineMarker: "capacity-per-mnth",
        fragment: "did you mean 'capacity-per-month'?"),
    BrokenGroup(
        name: "unknown top-level key", replace: "blackouts:", with: "blackout:",
        code: .unknownKey, path: "blackout", lineMarker: "blackout:", fragment: "did you mean 'blackouts'?"),
    BrokenGroup(
        name: "a string where a list is", replace: "working-days: [mon, tue, wed, thu, fri]", with: "working-days: mon",
        code: .wrongType, path: "group.working-days", lineMarker: "working-days", fragment: "expected a list"),
    BrokenGroup(
        name: "a list where a string is", replace: "name: Anton Berger", with: "name: [Anton, Berger]",
        code: .wrongType, path: "members[0].name", lineMarker: "[Anton, Berger]", fragment: "expected a single value"),
    BrokenGroup(
        name: "text where a number is", replace: "capacity-per-month: 2", with: "capacity-per-month: two",
        code: .wrongType, path: "members[0].capacity-per-month", lineMarker: "capacity-per-month: two",
        fragment: "expected a whole number, found 'two'"),
    BrokenGroup(
        name: "yes where a boolean is", replace: "observance-opt-out: false", with: "observance-opt-out: yes",
        code: .wrongType, path: "group.observance-opt-out", lineMarker: "observance-opt-out", fragment: "true or false"),
    BrokenGroup(
        name: "missing required key", replace: "    email: nikola.petrovic@example.org\n", with: "",
        code: .missingKey, path: "members[1]", lineMarker: "id: nikola-petrovic", fragment: "missing key 'email'"),
    BrokenGroup(
        name: "report neither public nor private", replace: "observance-opt-out: false",
        with: "observance-opt-out: false\n  report: members", code: .notAllowed, path: "group.report",
        lineMarker: "report: members", fragment: "'members' is not one of public, private"),
    BrokenGroup(
        name: "role not allowed", replace: "role: member", with: "role: chair",
        code: .notAllowed, path: "members[1].role", lineMarker: "role: chair", fragment: "co-chair, focal-point, member"
    ),
    BrokenGroup(
        name: "weekday misspelt", replace: "{days: [wed], from", with: "{days: [wednesday], from",
        code: .notAllowed, path: "members[0].availability[1].days[0]", lineMarker: "wednesday",
        fragment: "'wednesday' is not one of"),
    BrokenGroup(
        name: "unknown theme in interests", replace: "interests: [fatherhood, share-the-care]",
        with: "interests: [fatherhood, knitting]",
        code: .planning(.unknownReference), path: "members[0].interests[1]", lineMarker: "knitting",
        fragment: "interest 'knitting' is not a theme"),
    BrokenGroup(
        name: "unknown kind", replace: "kind: lunch-and-learn", with: "kind: picnic",
        code: .planning(.unknownReference), path: "activities[1].kind", lineMarker: "kind: picnic",
        fragment: "kind 'picnic' is not in activity-kinds.yaml"),
    BrokenGroup(
        name: "unknown fixed theme", replace: "theme: share-the-care", with: "theme: knitting",
        code: .planning(.unknownReference), path: "activities[2].theme", lineMarker: "theme: knitting",
        fragment: "knitting"),
    BrokenGroup(
        name: "unknown zone", replace: "time-zone: Europe/Vienna", with: "time-zone: Europe/Wien",
        code: .planning(.unknownTimeZone), path: "group.time-zone", lineMarker: "Europe/Wien",
        fragment: "'Europe/Wien' is not a known IANA time zone id"),
    BrokenGroup(
        name: "unknown GAP id in targets", replace: "    PS-VAW: 2", with: "    PS-NOPE: 2",
        code: .planning(.unknownReference), path: "group.gap.targets.PS-NOPE", lineMarker: "PS-NOPE",
        fragment: "PS-NOPE"),
    BrokenGroup(
        name: "malformed GAP id in targets", replace: "    PS-VAW: 2", with: "    ps-vaw: 2",
        code: .planning(.invalidGAPID), path: "group.gap.targets.ps-vaw", lineMarker: "ps-vaw",
        fragment: "not a GAP priority id"),
    BrokenGroup(
        name: "overlapping windows", replace: "{days: [wed], from: \"15:00\", to: \"17:30\"}",
        with: "{days: [thu], from: \"13:00\", to: \"15:00\"}",
        code: .planning(.overlap), path: "members[0].availability[1]", lineMarker: "{days: [thu], from: \"13:00\"",
        fragment: "windows overlap on thu (12:00–14:00 and 13:00–15:00)"),
    BrokenGroup(
        name: "window ending before it starts", replace: "from: \"15:00\", to: \"17:30\"",
        with: "from: \"15:00\", to: \"14:30\"",
        code: .planning(.reversedRange), path: "members[0].availability[1].to", lineMarker: "to: \"14:30\"",
        fragment: "ends (14:30) before or when it starts (15:00)"),
    BrokenGroup(
        name: "absence ending before it starts", replace: "{from: 2027-07-05, to: 2027-07-23",
        with: "{from: 2027-07-05, to: 2027-06-23",
        code: .planning(.reversedRange), path: "members[0].absences[0].to", lineMarker: "2027-06-23",
        fragment: "the absence ends (2027-06-23) before it starts (2027-07-05)"),
    BrokenGroup(
        name: "impossible date", replace: "joined: 2025-03-01", with: "joined: 2025-02-30",
        code: .planning(.invalidDate), path: "members[1].joined", lineMarker: "2025-02-30", fragment: "has no day 30"),
    BrokenGroup(
        name: "negative past duties", replace: "capacity-per-month: 2",
        with: "capacity-per-month: 2\n    past-duties: -1",
        code: .planning(.outOfRange), path: "members[0].past-duties", lineMarker: "past-duties: -1",
        fragment: "past-duties must be 0 or more"),
    BrokenGroup(
        name: "a window starting at midnight's end", replace: "from: \"15:00\", to: \"17:30\"",
        with: "from: \"24:00\", to: \"24:00\"",
        code: .planning(.invalidDate), path: "members[0].availability[1].from", lineMarker: "from: \"24:00\"",
        fragment: "is not a time"),
    BrokenGroup(
        name: "time without quotes or colon", replace: "to: \"17:30\"", with: "to: \"1730\"",
        code: .planning(.invalidDate), path: "members[0].availability[1].to", lineMarker: "\"1730\"",
        fragment: "write HH:MM"),
    BrokenGroup(
        name: "bad e-mail", replace: "email: anton.berger@example.org", with: "email: anton.berger",
        code: .planning(.invalidEmail), path: "members[0].email", lineMarker: "email: anton.berger",
        fragment: "is not an e-mail"),
    BrokenGroup(
        name: "repeated member id", replace: "id: nikola-petrovic", with: "id: anton-berger",
        code: .planning(.duplicate), path: "members[1].id", lineMarker: "  - id: anton-berger\n    name: Nikola",
        fragment: "member id 'anton-berger' is already used by members[0]"),
    BrokenGroup(
        name: "repeated activity slug", replace: "slug: kick-off-2027", with: "slug: monthly-meeting",
        code: .planning(.duplicate), path: "activities[2].slug",
        lineMarker: "  - slug: monthly-meeting\n    kind: monthly-meeting\n    title: Kick-off",
        fragment: "already used by activities[0]"),
    BrokenGroup(
        name: "unsupported rule part", replace: "FREQ=MONTHLY;BYDAY=1TU", with: "FREQ=MONTHLY;BYDAY=1TU;BYHOUR=15",
        code: .planning(.unsupportedRecurrence), path: "activities[0].series.rule", lineMarker: "BYHOUR",
        fragment: "BYHOUR is not supported"),
    BrokenGroup(
        name: "series start not on the rule", replace: "start: \"2026-01-06T15:00\"",
        with: "start: \"2026-01-07T15:00\"",
        code: .planning(.conflict), path: "activities[0].series.start", lineMarker: "2026-01-07T15:00",
        fragment: "the first one after it is Tue 3 Feb 2026 15:00"),
    BrokenGroup(
        name: "series with until and count", replace: "until: 2028-12-31", with: "until: 2028-12-31\n      count: 3",
        code: .planning(.conflict), path: "activities[0].series.count", lineMarker: "count: 3", fragment: "not both"),
    BrokenGroup(
        name: "one-off and series at once", replace: "    start: \"2027-01-20T16:00\"",
        with: "    start: \"2027-01-20T16:00\"\n    series: {rule: \"FREQ=DAILY\", start: \"2027-01-20T16:00\"}",
        code: .planning(.conflict), path: "activities[2]", lineMarker: "slug: kick-off-2027",
        fragment: "not both or neither"),
    BrokenGroup(
        name: "online url not on the web", replace: "https://meet.example.org/mfge-vienna",
        with: "mailto:x@example.org",
        code: .planning(.invalidURL), path: "activities[0].online-url", lineMarker: "mailto:",
        fragment: "not a web address"),
    BrokenGroup(
        name: "blackout without dates", replace: "{date: 2027-12-24, reason: Office closed}",
        with: "{reason: Office closed}",
        code: .planning(.conflict), path: "blackouts[0]", lineMarker: "{reason: Office closed}", fragment: "give date:"),
    BrokenGroup(
        name: "blackout range reversed", replace: "{from: 2027-12-27, to: 2027-12-31",
        with: "{from: 2027-12-31, to: 2027-12-27",
        code: .planning(.reversedRange), path: "blackouts[1].to", lineMarker: "{from: 2027-12-31",
        fragment: "ends (2027-12-27)"),
    BrokenGroup(
        name: "venue with half a position", replace: ", longitude: 16.3669}", with: "}",
        code: .planning(.conflict), path: "group.venue.longitude", lineMarker: "venue:",
        fragment: "both latitude and longitude"),
    BrokenGroup(
        name: "negative retention", replace: "cancelled-retention-days: 30", with: "cancelled-retention-days: -1",
        code: .planning(.outOfRange), path: "group.feeds.cancelled-retention-days",
        lineMarker: "cancelled-retention-days",
        fragment: "0 or more"),
    BrokenGroup(
        name: "mission priority of another scope", replace: "scope: mission}", with: "scope: internal}",
        code: .planning(.conflict), path: "group.gap.priorities[0].scope", lineMarker: "MISSION-YOUTH, title",
        fragment: "scope: mission"),
]

@Test("a broken group file gives its error with file, line and path", arguments: brokenGroups)
func brokenGroupFile(_ broken: BrokenGroup) throws {
    let text = broken.text
    #expect(text != Samples.group, "the replacement did not apply")
    let catalogue = try Samples.catalogue()
    let error = try #require(
        configError { _ = try GroupLoader.load(text: text, name: "Config/groups/test.yaml", catalogue: catalogue) })
    #expect(error.code == broken.code, "\(error)")
    #expect(error.path == broken.path, "\(error)")
    #expect(error.file == "Config/groups/test.yaml")
    let expectedLine = Samples.line(of: broken.lineMarker, in: text)
    #expect(error.line == expectedLine, "\(error)")
    #expect(error.message.contains(broken.fragment), "\(error)")
}

@Test func sampleGroupLoads() throws {
    let plan = try GroupLoader.load(text: Samples.group, name: "test.yaml", catalogue: Samples.catalogue())
    #expect(plan.group.slug.rawValue == "vienna")
    #expect(plan.group.missionStatement == "Men working with women colleagues for equal opportunities.")
    #expect(plan.group.gapTargets.count == 2)
    #expect(plan.members.map(\.id.rawValue) == ["anton-berger", "nikola-petrovic"])
    #expect(plan.members[0].availability[1].to.description == "17:30")
    #expect(plan.activities.count == 3)
    guard case .series(let series) = plan.activities[1].schedule else {
        Issue.record("lunch-and-learn should be a series")
        return
    }
    #expect(series.count == 20 && series.rule.interval == 2)
    #expect(plan.blackouts.map(\.source) == [.closure, .closure, .holiday])
}

@Test func overlapMessageReadsLikeACompilerMessage() throws {
    let text = Samples.group.replacingOccurrences(
        of: "{days: [wed], from: \"15:00\", to: \"17:30\"}", with: "{days: [tue], from: \"13:00\", to: \"15:00\"}")
    let error = try #require(
        configError { _ = try GroupLoader.load(text: text, name: "Config/groups/example.yaml", catalogue: nil) })
    let line = try #require(Samples.line(of: "{days: [tue], from: \"13:00\"", in: text))
    #expect(
        error.description
            == "Config/groups/example.yaml:\(line): members[0].availability[1]: windows overlap on tue (12:00–14:00 and 13:00–15:00); merge them or split the days"
    )
}

@Test func roundTripGivesAnEqualPlan() throws {
    let catalogue = try Samples.catalogue()
    let plan = try GroupLoader.load(text: Samples.group, name: "test.yaml", catalogue: catalogue)
    let written = try GroupWriter.yaml(for: plan)
    let again = try GroupLoader.load(text: written, name: "written.yaml", catalogue: catalogue)
    #expect(again == plan)
    #expect(try GroupWriter.yaml(for: again) == written)
    #expect(written.contains("from: \"12:00\""), "times are quoted for other YAML readers")
}

/// A group's report is private unless its YAML says `report: public`, which the writer keeps.
@Test func reportAccessIsPrivateByDefaultAndRoundTrips() throws {
    let catalogue = try Samples.catalogue()
    let plan = try GroupLoader.load(text: Samples.group, name: "test.yaml", catalogue: catalogue)
    #expect(plan.group.settings.report == .private)
    let published = Samples.group.replacingOccurrences(
        of: "observance-opt-out: false", with: "observance-opt-out: false\n  report: public")
    let open = try GroupLoader.load(text: published, name: "public.yaml", catalogue: catalogue)
    #expect(open.group.settings.report == .public)
    let written = try GroupWriter.yaml(for: open)
    #expect(written.contains("report: public"))
    #expect(try GroupLoader.load(text: written, name: "written.yaml", catalogue: catalogue) == open)
}

@Test func roundTripKeepsAwkwardText() throws {
    let base = try GroupLoader.load(text: Samples.group, name: "test.yaml", catalogue: nil)
    let awkward = [
        "yes", "123", "2027-01-01", "a: b", "# not a comment", "  padded  ", "line\nbreak", "NO", "null", "Ümlaut ✓",
    ]
    for name in awkward {
        let group = try Group(
            slug: base.group.slug, name: name, dutyStation: name, country: base.group.country,
            timeZone: base.group.timeZone,
            venue: base.group.venue, missionStatement: name, settings: base.group.settings)
        let plan = try GroupPlan(
            group: group, members: base.members, activities: base.activities, blackouts: base.blackouts)
        let again = try GroupLoader.load(text: GroupWriter.yaml(for: plan), name: "written.yaml", catalogue: nil)
        #expect(again == plan, "\(name.debugDescription)")
    }
}

@Test func loadingFromDiskNamesTheFile() throws {
    let directory = FileManager.default.temporaryDirectory.appending(path: "catalogues-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let file = directory.appending(path: "example.yaml")
    try Samples.group.replacingOccurrences(of: "country: AT", with: "country: Austria").write(
        to: file, atomically: true, encoding: .utf8)
    let error = try #require(configError { _ = try GroupLoader.load(file: file, catalogue: nil) })
    #expect(error.file == file.relativePath)
    #expect(error.line == Samples.line(of: "country: AT", in: Samples.group))
    #expect(error.code == .planning(.invalidCountry))
    let missing = try #require(
        configError { _ = try GroupLoader.load(file: directory.appending(path: "none.yaml"), catalogue: nil) })
    #expect(missing.code == .unreadableFile && missing.line == nil)
}

@Test func emptyFileIsAnError() throws {
    let error = try #require(
        configError { _ = try GroupLoader.load(text: "# only a comment\n", name: "empty.yaml", catalogue: nil) })
    #expect(error.code == .malformedYAML)
    #expect(error.message == "the file is empty")
}

@Test func emptyListsMayBeLeftBlank() throws {
    let beforeBlackouts = try #require(Samples.group.components(separatedBy: "blackouts:").first)
    let plan = try GroupLoader.load(text: beforeBlackouts + "blackouts:\n", name: "blank.yaml", catalogue: nil)
    #expect(plan.blackouts.isEmpty && plan.activities.count == 3)
    let tilde = try GroupLoader.load(text: beforeBlackouts + "blackouts: ~\n", name: "tilde.yaml", catalogue: nil)
    #expect(tilde.blackouts.isEmpty)
}

@Test func pastDutiesAndAWindowToMidnightLoadAndWriteBack() throws {
    let catalogue = try Samples.catalogue()
    let text = Samples.group.replacingOccurrences(
        of: "capacity-per-month: 2", with: "capacity-per-month: 2\n    past-duties: 4"
    ).replacingOccurrences(of: "from: \"15:00\", to: \"17:30\"", with: "from: \"15:00\", to: \"24:00\"")
    let plan = try GroupLoader.load(text: text, name: "test.yaml", catalogue: catalogue)
    #expect(plan.members[0].pastDuties == 4)
    #expect(plan.members[0].availability[1].to == .endOfDay)
    let written = try GroupWriter.yaml(for: plan)
    #expect(written.contains("past-duties: 4") && written.contains("to: \"24:00\""))
    #expect(try GroupLoader.load(text: written, name: "written.yaml", catalogue: catalogue) == plan)
    // A member without a past writes no key: files and stored members stay as they were.
    #expect(plan.members.dropFirst().allSatisfy { $0.pastDuties == 0 })
    #expect(written.components(separatedBy: "past-duties").count == 2)
}
