import ArgumentParser
import CalendarFeeds
import Foundation
import ICalendar
import PlannerCommands
import PlannerStore
import Planning
import Testing

/// `planner export feeds` writes public feeds, private ones only where asked, and leaves files
/// whose bytes did not change untouched.
@Suite struct ExportTests {
    @Test func exportWritesEveryFeedAndARewriteLeavesUnchangedFilesUntouched() throws {
        let directory = try Support.temporaryDirectory("export")
        defer { try? FileManager.default.removeItem(at: directory) }
        let storePath = directory.appendingPathComponent("planner.sqlite").path
        let out = directory.appendingPathComponent("private")
        let publicOut = directory.appendingPathComponent("feeds")
        do {
            let store = try PlannerStore(path: storePath)
            try store.installCatalogue(Example.catalogue())
            try store.importGroup(Example.plan(), sessionsThrough: Example.date("2028-12-31"))
            try Example.planOnTop(store)
        }
        let publicOnly = [
            "export", "feeds", "--group", "vienna", "--store", storePath, "--out", publicOut.path, "--now",
            "2027-01-15T00:00:00Z",
        ]
        // An older version left a private feed in the public folder: it goes.
        try FileManager.default.createDirectory(at: publicOut, withIntermediateDirectories: true)
        try Data("BEGIN:VCALENDAR".utf8).write(to: publicOut.appendingPathComponent("vienna-members.ics"))
        var byDefault = try PlannerCommand.parseAsRoot(publicOnly)
        try byDefault.run()
        let published = Set(try FileManager.default.contentsOfDirectory(atPath: publicOut.path))
        #expect(published.contains("vienna.ics") && published.contains("vienna-theme-fatherhood.ics"))
        #expect(published.contains("vienna-observances.ics") && published.contains("vienna-gap-ps-vaw.ics"))
        #expect(
            !published.contains { $0.contains("members") || $0.contains("organiser") },
            "no private feed in the public folder: \(published.sorted())")
        #expect(throws: (any Error).self, "the private folder may not be the public one") {
            _ = try PlannerCommand.parseAsRoot(publicOnly + ["--private-out", publicOut.path + "/."])
        }

        let arguments = publicOnly + ["--private-out", out.path]
        var first = try PlannerCommand.parseAsRoot(arguments)
        try first.run()
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        #expect(files.contains("vienna-members.ics") && files.contains("vienna-organiser-anton-berger.ics"))
        #expect(!files.contains("vienna.ics"), "public feeds go to --out only")
        // An organiser's own file links his sessions' feedback forms, as plannerd's feed does; no
        // other file carries a feedback code.
        let feedback = "/feedback/"
        let anton = try String(
            contentsOf: out.appendingPathComponent("vienna-organiser-anton-berger.ics"), encoding: .utf8)
        #expect(anton.contains(feedback))
        for name in files where !name.hasPrefix("vienna-organiser-") {
            #expect(
                !(try String(contentsOf: out.appendingPathComponent(name), encoding: .utf8)).contains(feedback),
                "\(name)")
        }
        for name in published {
            #expect(
                !(try String(contentsOf: publicOut.appendingPathComponent(name), encoding: .utf8)).contains(feedback),
                "\(name)")
        }
        func modified(_ name: String) throws -> Date {
            try #require(
                try FileManager.default.attributesOfItem(atPath: out.appendingPathComponent(name).path)[
                    .modificationDate] as? Date)
        }
        // Age every file, so a rewrite would show as a newer modification time.
        let old = Date(timeIntervalSince1970: 1_700_000_000)
        for file in files {
            try FileManager.default.setAttributes(
                [.modificationDate: old], ofItemAtPath: out.appendingPathComponent(file).path)
        }
        var second = try PlannerCommand.parseAsRoot(arguments)
        try second.run()
        for file in files { #expect(try modified(file) == old, "\(file) untouched") }

        try PlannerStore(path: storePath).setTheme(
            Example.slug("fatherhood"),
            of: Session.ID(activity: Example.lunch, ruleDate: Example.time("2027-03-10T12:30")), in: Example.vienna)
        var third = try PlannerCommand.parseAsRoot(arguments)
        try third.run()
        #expect(try modified("vienna-members.ics") > old, "the members feed changed")
        #expect(try modified("vienna-organiser-tomasz-wojcik.ics") == old, "an unrelated feed did not")

        // The last session of a theme leaves it: its file is emptied, not left showing it.
        try PlannerStore(path: storePath).setTheme(
            nil, of: Session.ID(activity: Example.lunch, ruleDate: Example.time("2027-06-16T12:30")), in: Example.vienna
        )
        var fourth = try PlannerCommand.parseAsRoot(arguments)
        try fourth.run()
        let emptied = try Data(contentsOf: publicOut.appendingPathComponent("vienna-theme-share-the-care.ics"))
        let calendar = try ICSCalendar.parse(String(decoding: emptied, as: UTF8.self)).calendar
        #expect(calendar.events.isEmpty)
        #expect(calendar.name?.contains("Share the Care") == true, "\(calendar.name ?? "")")

        // A member who leaves takes their duties file (their name, their sessions) with them.
        let leaver = "vienna-organiser-tomasz-wojcik.ics"
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent(leaver).path))
        try FileManager.default.copyItem(
            at: publicOut.appendingPathComponent("vienna.ics"), to: out.appendingPathComponent("other-group.ics"))
        try PlannerStore(path: storePath).removeMember(Example.slug("tomasz-wojcik"), from: Example.vienna)
        var fifth = try PlannerCommand.parseAsRoot(arguments)
        try fifth.run()
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent(leaver).path))
        #expect(
            FileManager.default.fileExists(atPath: out.appendingPathComponent("vienna-organiser-anton-berger.ics").path)
        )
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("other-group.ics").path))
    }

    @Test func formerOrganiserFilesAreLeftAloneWhenAnotherGroupSharesThePrefix() throws {
        let renderer = try Example.renderer(Example.store())
        let files: Set<String> = ["vienna-organiser-nobody.ics", "vienna-organiser-anton-berger.ics", "vienna.ics"]
        #expect(renderer.formerOrganiserFiles(in: files, otherGroups: []) == ["vienna-organiser-nobody.ics"])
        #expect(
            renderer.formerOrganiserFiles(in: files, otherGroups: [Example.slug("vienna-organiser-nobody")]).isEmpty)
    }

    @Test func anUnknownFeedSubjectIsATypedError() throws {
        let renderer = try Example.renderer(Example.store())
        #expect(throws: FeedError.unknownFeedSubject("member 'nobody' of group 'vienna'")) {
            try renderer.render(.organiser(Example.slug("nobody")))
        }
        #expect(throws: FeedError.self) { try renderer.render(.theme(Example.slug("no-such-theme"))) }
    }

    @Test func organiserFeedsCarryAlarmsOnlyWhenAsked() throws {
        let store = try Example.store()
        let plain = String(
            decoding: try Example.renderer(store).render(.organiser(Example.slug("anton-berger"))).data, as: UTF8.self)
        #expect(!plain.contains("BEGIN:VALARM"))
        let reminded = String(
            decoding: try Example.renderer(store, alarm: .minutes(30)).render(.organiser(Example.slug("anton-berger")))
                .data, as: UTF8.self)
        #expect(reminded.components(separatedBy: "BEGIN:VALARM").count - 1 == 2)
        #expect(reminded.contains("TRIGGER:-PT30M"))
    }
}
