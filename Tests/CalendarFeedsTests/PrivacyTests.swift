import CalendarFeeds
import Foundation
import ICalendar
import Planning
import PlannerStore
import Testing

/// Public, theme, kind and GAP feeds hold no e-mail address, no attendee and no confidential
/// detail; join links only where the group allows them.
@Suite struct PrivacyTests {
    /// Words that would give away the confidential session or private data.
    static let secrets = [
        "mailto:", "@example.org", "ATTENDEE", "ORGANIZER", "Safe-space", "safe-space", "Stress, pressure and anger",
        "Nikola", "Petrović", "speaker ill", "Organisers:",
    ]

    static func publicKinds(_ renderer: FeedRenderer) -> [FeedKind] {
        renderer.availableFeeds().filter { !$0.isPrivate }
    }

    @Test func publicFeedsHoldNoAddressesAttendeesOrConfidentialDetail() throws {
        let renderer = try Example.renderer(Example.store())
        let kinds = Self.publicKinds(renderer)
        #expect(kinds.count >= 8, "public, themes, kinds, GAP priorities, observances")
        for kind in kinds {
            let text = String(decoding: try renderer.render(kind).data, as: UTF8.self)
            let unfolded = Support.unfoldedLines(text).joined(separator: "\n")
            for secret in Self.secrets {
                #expect(!unfolded.contains(secret), "\(kind) contains \(secret)")
            }
        }
        let members = Support.unfoldedLines(String(decoding: try renderer.render(.members).data, as: UTF8.self)).joined(separator: "\n")
        #expect(members.contains("mailto:nikola.petrovic@example.org"), "the private feed does carry organisers")
        #expect(members.contains("SUMMARY:Safe-space discussion") && members.contains("CLASS:CONFIDENTIAL"))
        #expect(members.contains("Cancelled: speaker ill"))
    }

    @Test func aConfidentialSessionIsABusyBlockOrNothing() throws {
        let store = try Example.store()
        let busy = Support.events(try Example.renderer(store).render(.group).data)
        let block = try #require(busy["UID:vienna/busy/20270512T1600@allyship-planner "])
        #expect(Set(block.map { String($0.split(separator: ":")[0].split(separator: ";")[0]) }) == [
            "UID", "DTSTAMP", "DTSTART", "DTEND", "SEQUENCE", "LAST-MODIFIED", "STATUS", "CLASS", "TRANSP", "SUMMARY",
        ])
        #expect(block.contains("SUMMARY:Busy") && block.contains("CLASS:PRIVATE"))

        let plan = try Example.plan()
        let hidden = try Group(
            slug: plan.group.slug, name: plan.group.name, dutyStation: plan.group.dutyStation, country: plan.group.country,
            timeZone: plan.group.timeZone, venue: plan.group.venue, missionStatement: plan.group.missionStatement,
            maxSize: plan.group.maxSize, settings: GroupSettings(confidentialFeedMode: .hide),
            missionPriorities: plan.group.missionPriorities, gapTargets: plan.group.gapTargets)
        try store.importGroup(
            GroupPlan(group: hidden, members: plan.members, activities: plan.activities, blackouts: plan.blackouts),
            sessionsThrough: Example.date("2028-12-31"))
        let none = Support.events(try Example.renderer(store).render(.group).data)
        #expect(none.keys.allSatisfy { !$0.contains("busy") })
        #expect(none.count == busy.count - 1)
    }

    @Test func joinLinksOnlyInPrivateFeedsUnlessTheGroupAllowsThem() throws {
        let base = try Example.plan()
        let online = try base.activities.map { activity in
            activity.slug != Example.lunch ? activity : try Activity(
                slug: activity.slug, kind: activity.kind, title: activity.title, schedule: activity.schedule,
                durationMinutes: activity.durationMinutes, location: activity.location,
                onlineURL: URL(string: "https://meet.example.org/vienna-lunch"), theme: activity.theme)
        }
        func render(_ publicJoinLinks: Bool, _ kind: FeedKind) throws -> String {
            let group = try Group(
                slug: base.group.slug, name: base.group.name, dutyStation: base.group.dutyStation, country: base.group.country,
                timeZone: base.group.timeZone, venue: base.group.venue, missionStatement: base.group.missionStatement,
                settings: GroupSettings(publicJoinLinks: publicJoinLinks))
            let catalogue = try Example.catalogue()
            var plan = try GroupPlan(group: group, members: base.members, activities: online)
            plan = try plan.replacingSessions(
                SessionExpansion.sessions(for: plan, catalogue: catalogue, window: Example.date("2027-01-01")...Example.date("2027-12-31")))
            let source = FeedSource(plan: plan, catalogue: catalogue, activityStamps: [:], sessionStamps: [:])
            let renderer = FeedRenderer(source: source, options: FeedOptions(baseURL: Example.baseURL, now: Example.now))
            return Support.unfoldedLines(String(decoding: try renderer.render(kind).data, as: UTF8.self)).joined(separator: "\n")
        }
        let closed = try render(false, .group)
        #expect(!closed.contains("meet.example.org"))
        let members = try render(false, .members)
        #expect(members.contains("CONFERENCE;VALUE=URI;FEATURE=AUDIO,VIDEO;LABEL=Join online:https://meet.example.org/vienna-lunch"))
        #expect(members.contains("URL:https://meet.example.org/vienna-lunch"))
        let open = try render(true, .group)
        #expect(open.contains("CONFERENCE;VALUE=URI") && open.contains("URL:https://meet.example.org/vienna-lunch"))
    }
}
