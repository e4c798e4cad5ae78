import Foundation
import Planning
import Testing

@testable import Catalogues

/// A one-place change to one of the sample catalogue files and the error it must give.
struct BrokenCatalogue: Sendable, CustomTestStringConvertible {
    enum File: Int, Sendable { case gapPriorities, themes, activityKinds, observances }

    let name: String
    let file: File
    let replace: String
    let with: String
    let code: ConfigError.Code
    let path: String
    let lineMarker: String
    let fragment: String
    var testDescription: String { name }

    var texts: [String] {
        var texts = [Samples.gapPriorities, Samples.themes, Samples.activityKinds, Samples.observances]
        texts[file.rawValue] = texts[file.rawValue].replacingOccurrences(of: replace, with: with)
        return texts
    }
}

let brokenCatalogues: [BrokenCatalogue] = [
    BrokenCatalogue(
        name: "theme naming an unknown GAP id", file: .themes, replace: "gap: [INT-WORKENV, PS-VAW]",
        with: "gap: [INT-WORKENV, PS-NOPE]", code: .planning(.unknownReference), path: "themes[1].gap[1]",
        lineMarker: "PS-NOPE", fragment: "GAP priority 'PS-NOPE' is not in gap-priorities.yaml"),
    BrokenCatalogue(
        name: "theme naming an unknown observance", file: .themes, replace: "observances: [fathers-day]",
        with: "observances: [mothers-day]", code: .planning(.unknownReference), path: "themes[0].observances[0]",
        lineMarker: "mothers-day", fragment: "observance 'mothers-day'"),
    BrokenCatalogue(
        name: "theme in an unknown area", file: .themes, replace: "area: fatherhood", with: "area: gardening",
        code: .planning(.unknownReference), path: "themes[1].area", lineMarker: "area: gardening", fragment: "not a theme slug"),
    BrokenCatalogue(
        name: "repeated theme slug", file: .themes, replace: "slug: share-the-care", with: "slug: fatherhood",
        code: .planning(.duplicate), path: "themes[1].slug", lineMarker: "  - slug: fatherhood\n    title: \"Share",
        fragment: "theme slug 'fatherhood' is already used by themes[0]"),
    BrokenCatalogue(
        name: "colour that is not CSS", file: .themes, replace: "color: seagreen", with: "color: sea-green",
        code: .planning(.invalidColour), path: "themes[0].color", lineMarker: "sea-green", fragment: "CSS3 colour"),
    BrokenCatalogue(
        name: "category not allowed", file: .themes, replace: "category: work-life-balance", with: "category: life",
        code: .notAllowed, path: "themes[1].category", lineMarker: "category: life", fragment: "at-work, work-life-balance, engagement-area"),
    BrokenCatalogue(
        name: "gap as a string", file: .themes, replace: "gap: [INT-WORKENV]", with: "gap: INT-WORKENV",
        code: .wrongType, path: "themes[0].gap", lineMarker: "gap: INT-WORKENV", fragment: "expected a list"),
    BrokenCatalogue(
        name: "repeated GAP id", file: .gapPriorities, replace: "id: PS-VAW", with: "id: INT-WORKENV",
        code: .planning(.duplicate), path: "priorities[1].id", lineMarker: "  - id: INT-WORKENV\n    title: Preventing",
        fragment: "already used by priorities[0]"),
    BrokenCatalogue(
        name: "lowercase GAP id", file: .gapPriorities, replace: "id: PS-VAW", with: "id: ps-vaw",
        code: .planning(.invalidGAPID), path: "priorities[1].id", lineMarker: "ps-vaw", fragment: "not a GAP priority id"),
    BrokenCatalogue(
        name: "scope misspelt", file: .gapPriorities, replace: "scope: internal", with: "scope: intern",
        code: .notAllowed, path: "priorities[0].scope", lineMarker: "scope: intern", fragment: "did you mean 'internal'?"),
    BrokenCatalogue(
        name: "typo in a kind key", file: .activityKinds, replace: "duration-minutes: 60", with: "duration-minute: 60",
        code: .unknownKey, path: "kinds[1].duration-minute", lineMarker: "duration-minute: 60", fragment: "did you mean 'duration-minutes'?"),
    BrokenCatalogue(
        name: "time of day unquoted as a number", file: .activityKinds, replace: "time-of-day: \"12:30\"", with: "time-of-day: 1230",
        code: .planning(.invalidDate), path: "kinds[1].time-of-day", lineMarker: "time-of-day: 1230", fragment: "write HH:MM"),
    BrokenCatalogue(
        name: "three organiser slots", file: .activityKinds, replace: "{count: 2, roles", with: "{count: 3, roles",
        code: .planning(.outOfRange), path: "kinds[1].organisers.count", lineMarker: "count: 3", fragment: "1 or 2"),
    BrokenCatalogue(
        name: "kind missing its privacy", file: .activityKinds, replace: "    privacy: public\n    organisers: {", with: "    organisers: {",
        code: .missingKey, path: "kinds[1]", lineMarker: "slug: lunch-and-learn", fragment: "missing key 'privacy'"),
    BrokenCatalogue(
        name: "rule mixing a day and a weekday", file: .observances, replace: "rule: {month: 6, weekday: sun, nth: 3}",
        with: "rule: {month: 6, day: 3, weekday: sun, nth: 3}", code: .planning(.conflict), path: "observances[1].rule",
        lineMarker: "day: 3, weekday", fragment: "mixes or lacks keys"),
    BrokenCatalogue(
        name: "sixth Sunday", file: .observances, replace: "nth: 3, offset: -6", with: "nth: 6, offset: -6",
        code: .planning(.outOfRange), path: "observances[0].rule.nth", lineMarker: "nth: 6", fragment: "nth must be 1…5"),
    BrokenCatalogue(
        name: "country in two variants", file: .observances, replace: "countries: [DE]", with: "countries: [BE]",
        code: .planning(.duplicate), path: "observances[1].variants[1].countries", lineMarker: "countries: [BE]",
        fragment: "country BE is already named"),
    BrokenCatalogue(
        name: "themes-hint is not part of the schema", file: .observances, replace: "    days: 7\n", with: "    days: 7\n    themes-hint: [fatherhood]\n",
        code: .unknownKey, path: "observances[0].themes-hint", lineMarker: "themes-hint", fragment: "unknown key 'themes-hint'"),
    BrokenCatalogue(
        name: "wrong top-level key", file: .activityKinds, replace: "kinds:", with: "activity-kinds:",
        code: .unknownKey, path: "activity-kinds", lineMarker: "activity-kinds:", fragment: "allowed keys are kinds"),
]

@Test("a broken catalogue file gives its error with file, line and path", arguments: brokenCatalogues)
func brokenCatalogueFile(_ broken: BrokenCatalogue) throws {
    let texts = broken.texts
    let text = texts[broken.file.rawValue]
    let names = ["c/gap-priorities.yaml", "c/themes.yaml", "c/activity-kinds.yaml", "c/observances.yaml"]
    let error = try #require(configError {
        _ = try CatalogueLoader.load(
            gapPriorities: texts[0], themes: texts[1], activityKinds: texts[2], observances: texts[3], names: names)
    })
    #expect(error.file == names[broken.file.rawValue], "\(error)")
    #expect(error.code == broken.code, "\(error)")
    #expect(error.path == broken.path, "\(error)")
    let expectedLine = Samples.line(of: broken.lineMarker, in: text)
    #expect(error.line == expectedLine, "\(error)")
    #expect(error.message.contains(broken.fragment), "\(error)")
}

@Test func sampleCatalogueLoads() throws {
    let catalogue = try Samples.catalogue()
    #expect(catalogue.gapPriorities.map(\.id.rawValue) == ["INT-WORKENV", "PS-VAW"])
    #expect(catalogue.themes[1].area?.rawValue == "fatherhood")
    #expect(catalogue.activityKinds[1].organisers.count == 2 && catalogue.activityKinds[1].organisers.roles.isEmpty)
    let fathersDay = try #require(catalogue.observance(Slug("fathers-day")))
    #expect(try fathersDay.dates(in: 2027, country: CountryCode("DE"))?.lowerBound.description == "2027-05-06")
    #expect(try fathersDay.dates(in: 2027, country: CountryCode("AT"))?.lowerBound.description == "2027-06-13")
    #expect(fathersDay.url?.host == "en.wikipedia.org")
}

@Test func catalogueDirectoryNeedsAllFourFiles() throws {
    let directory = FileManager.default.temporaryDirectory.appending(path: "catalogue-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    for (name, text) in zip(CatalogueLoader.fileNames, [Samples.gapPriorities, Samples.themes, Samples.activityKinds]) {
        try text.write(to: directory.appending(path: name), atomically: true, encoding: .utf8)
    }
    let error = try #require(configError { _ = try CatalogueLoader.load(directory: directory) })
    #expect(error.code == .unreadableFile)
    #expect(error.file.hasSuffix("observances.yaml"))
    try Samples.observances.write(to: directory.appending(path: "observances.yaml"), atomically: true, encoding: .utf8)
    #expect(try CatalogueLoader.load(directory: directory) == Samples.catalogue())
}
