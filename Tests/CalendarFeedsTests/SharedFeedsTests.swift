import CalendarFeeds
import Foundation
import ICalendar
import PlannerStore
import Planning
import Testing

/// The feeds of no single group (the network of every group, a country's observances) and the
/// opt-in reminders of private feeds.
@Suite struct SharedFeedsTests {
    /// The example store with a second group `skopje` (the example file under another slug,
    /// duty station and zone), both planned through the end of 2028.
    static func twoGroups() throws -> PlannerStore {
        let store = try Example.store()
        let plan = try Example.plan()
        let group = plan.group
        let skopje = try Group(
            slug: Example.slug("skopje"), name: "Men for Gender Equality Group Skopje",
            dutyStation: "OSCE Mission to Skopje", country: CountryCode("MK"), timeZone: TimeZoneID("Europe/Skopje"),
            venue: group.venue, missionStatement: group.missionStatement, settings: group.settings)
        try store.importGroup(
            GroupPlan(group: skopje, members: plan.members, activities: plan.activities),
            sessionsThrough: Example.date("2028-12-31"))
        return store
    }

    static func sources(_ store: PlannerStore) throws -> [FeedSource] {
        let catalogue = try store.catalogue()
        return try ["vienna", "skopje"].map {
            FeedSource(snapshot: try store.snapshot(of: Example.slug($0)), catalogue: catalogue)
        }
    }

    static var options: FeedOptions { FeedOptions(baseURL: Example.baseURL, now: Example.now) }

    @Test func theNetworkFeedHoldsEveryGroupsPublicEventsTellingTheGroupsApart() throws {
        let store = try Self.twoGroups()
        let sources = try Self.sources(store)
        let network = try SharedFeeds.network(sources, options: Self.options)
        #expect(network.fileName == "network.ics")
        let networkEvents = Support.events(network.data)
        var expected = 0
        for source in sources {
            let own = Support.events(try FeedRenderer(source: source, options: Self.options).render(.group).data)
            expected += own.count
            let station = source.plan.group.dutyStation
            for (key, lines) in own {
                let merged = try #require(networkEvents[key], "\(key) is missing from the network feed")
                let summary = try #require(lines.first { $0.hasPrefix("SUMMARY:") })
                // The station is folded in by the serialiser's escaping (", " → "\, ").
                let escapedStation = station.replacingOccurrences(of: ",", with: "\\,")
                #expect(merged.contains("\(summary) (\(escapedStation))"), "\(key)")
                #expect(merged.filter { !$0.hasPrefix("SUMMARY:") } == lines.filter { !$0.hasPrefix("SUMMARY:") })
            }
        }
        #expect(networkEvents.count == expected)
        let text = String(decoding: network.data, as: UTF8.self)
        #expect(text.contains("TZID:Europe/Vienna\r\n") && text.contains("TZID:Europe/Skopje\r\n"))
        #expect(!text.contains("X-WR-TIMEZONE"), "two zones: no single calendar zone")
        #expect(!text.contains("mailto:") && !text.contains("ATTENDEE"))
        #expect(try SharedFeeds.network(sources.reversed(), options: Self.options).data == network.data)
    }

    @Test func anIndependentReaderExpandsTheNetworkToBothGroupsOccurrences() throws {
        let store = try Self.twoGroups()
        let sources = try Self.sources(store)
        let network = try Support.check(
            SharedFeeds.network(sources, options: Self.options).data, from: "2027-01-01", to: "2028-12-31", public: true
        )
        #expect(network.problems == [])
        var expected = 0
        for source in sources {
            let own = try Support.check(
                FeedRenderer(source: source, options: Self.options).render(.group).data, from: "2027-01-01",
                to: "2028-12-31", public: true)
            expected += own.occurrences.count
        }
        #expect(expected > 100)
        #expect(network.occurrences.count == expected)
    }

    @Test func countryObservancesFollowTheCountrysVariantAndTheWorldFeedSkipsCountryOnlyDays() throws {
        let catalogue = try Example.catalogue()
        let template = try #require(catalogue.observances.first)
        let austrianOnly = try Observance(
            slug: Example.slug("austrian-only"), title: "Only in Austria", rule: template.rule,
            countries: [CountryCode("AT")])
        let extended = try Catalogue(
            gapPriorities: catalogue.gapPriorities, themes: catalogue.themes, activityKinds: catalogue.activityKinds,
            observances: catalogue.observances + [austrianOnly])
        let austria = try SharedFeeds.observances(
            extended, country: CountryCode("AT"), years: 2027...2028, options: Self.options)
        let world = try SharedFeeds.observances(extended, country: nil, years: 2027...2027, options: Self.options)
        let austrianText = String(decoding: austria.data, as: UTF8.self)
        let worldText = String(decoding: world.data, as: UTF8.self)
        // Father's Day: the second Sunday of June in Austria, the third elsewhere.
        #expect(austrianText.contains("UID:at/observance/fathers-day/2027@allyship-planner"))
        #expect(austrianText.contains("DTSTART;VALUE=DATE:20270613\r\n"))
        #expect(worldText.contains("DTSTART;VALUE=DATE:20270620\r\n"))
        #expect(austrianText.contains("SUMMARY:Only in Austria"))
        #expect(!worldText.contains("Only in Austria"))
        #expect(austrianText.contains("DTSTART;VALUE=DATE:2028"), "both years")
        #expect(!worldText.contains("DTSTART;VALUE=DATE:2028"))
        #expect(austria.fileName == "observances-at-2027-2028.ics")
        let parsed = try ICSCalendar.parse(austrianText).calendar
        #expect(parsed.events.allSatisfy { $0.transparency == .transparent })
        #expect(parsed.name == "Observances (AT)")
    }

    @Test func theMembersFeedRemindsOnlyWhenAskedAndNeverOfACancelledSession() throws {
        let store = try Example.store()
        let plain = String(decoding: try Example.renderer(store).render(.members).data, as: UTF8.self)
        #expect(!plain.contains("BEGIN:VALARM"))
        let feed = try Example.renderer(store, alarm: .minutes(15)).render(.members)
        let events = Support.events(feed.data)
        let live = events.values.filter { !$0.contains("STATUS:CANCELLED") }
        #expect(live.count > 10 && live.count < events.count, "the example has a cancelled session")
        let text = String(decoding: feed.data, as: UTF8.self)
        #expect(text.components(separatedBy: "BEGIN:VALARM").count - 1 == live.count)
        #expect(text.components(separatedBy: "TRIGGER:-PT15M\r\n").count - 1 == live.count)
        // An override replaces its instance whole, alarms included: each live one carries its own.
        let overrides = live.filter { $0.contains { $0.hasPrefix("RECURRENCE-ID") } }
        #expect(!overrides.isEmpty)
        let parsed = try ICSCalendar.parse(text).calendar
        for event in parsed.events where event.recurrenceID != nil && event.status != .cancelled {
            #expect(event.alarms.map(\.trigger) == [ICSDuration(seconds: -900)], "\(event.uid)")
        }
    }
}
