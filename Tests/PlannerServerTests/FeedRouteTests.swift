import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import ICalendar
import Logging
import PlannerServer
import PlannerStore
import Planning
import Prometheus
import Testing

/// The feed routes over the real store, renderer and libical.
@Suite struct FeedRouteTests {
    let store: PlannerStore
    let dependencies: ServerDependencies

    init() throws {
        store = try Fixtures.store()
        dependencies = try Fixtures.dependencies(store)
    }

    @Test func thePublicFeedIsICalendarWithValidatorsAndNoMemberData() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let etag = try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                #expect(response.headers[.cacheControl] == "max-age=3600")
                #expect(response.headers[.lastModified] != nil)
                let text = String(buffer: response.body)
                #expect(text.hasPrefix("BEGIN:VCALENDAR\r\n"))
                #expect(text.contains("Monthly meeting"))
                // Cache-Control max-age matches the feed's own refresh hint (60 minutes).
                #expect(text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n"))
                #expect(!text.contains("@example.org"))
                #expect(!text.contains("ATTENDEE"))
                #expect(!text.contains("Safe-space"))
                let calendar = try ICSCalendar.parse(text).calendar
                #expect(!calendar.events.isEmpty)
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .notModified)
            }
            try await client.execute(uri: "/calendars/vienna.ics", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
                #expect(response.headers[.eTag] == etag)
            }
            try await client.execute(uri: "/calendars/nowhere.ics", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aWriteChangesTheETagAndTheFeedRendersOncePerRevision() async throws {
        let vienna = try Fixtures.slug("vienna")
        try await Fixtures.app(dependencies).test(.router) { client in
            var tags: [String] = []
            for _ in 0..<3 {
                let tag = try await client.execute(uri: "/calendars/vienna.ics", method: .get) {
                    $0.headers[.eTag] ?? ""
                }
                tags.append(tag)
            }
            #expect(Set(tags).count == 1)
            try store.moveSession(
                Session.ID(
                    activity: Fixtures.slug("monthly-meeting"), ruleDate: LocalDateTime(parsing: "2027-03-02T15:00")),
                in: vienna, to: LocalDateTime(parsing: "2027-03-03T15:00"), reason: "Room taken")
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: tags[0]]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != tags[0])
                #expect(String(buffer: response.body).contains("RECURRENCE-ID;TZID=Europe/Vienna:20270302T150000"))
            }
        }
        let metrics = dependencies.metrics.registry.emitToString()
        #expect(metrics.contains("plannerd_feed_renders_total 2"))
    }

    @Test func privateFeedsNeedTheirTokenAndAWrongOneIsA404() async throws {
        let vienna = try Fixtures.slug("vienna")
        let members = try store.createToken(in: vienna, scope: .membersFeed, label: "Outlook").secret
        let member = try #require(try store.snapshot(of: vienna).plan.members.first)
        let organiser = try store.createToken(in: vienna, scope: .organiserFeed(member: member.id), label: "duties")
            .secret
        let skopjeMembers = try store.createToken(in: Fixtures.slug("skopje"), scope: .membersFeed, label: "other")
            .secret
        let api = try store.createToken(in: vienna, scope: .api(.coordinator), label: "api").secret
        try await Fixtures.app(dependencies).test(.router) { client in
            for token in ["", "?token=wrong", "?token=\(skopjeMembers)", "?token=\(api)", "?token=\(organiser)"] {
                try await client.execute(uri: "/calendars/vienna/members.ics\(token)", method: .get) { response in
                    #expect(response.status == .notFound, "\(token)")
                    #expect(Fixtures.errorMessage(response.body) == "no such calendar", "\(token)")
                }
            }
            try await client.execute(uri: "/calendars/nowhere/members.ics?token=\(members)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(Fixtures.errorMessage(response.body) == "no such calendar")
            }
            try await client.execute(uri: "/calendars/vienna/members.ics?token=\(members)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Safe-space"))
            }
            try await client.execute(
                uri: "/calendars/vienna/organisers/\(member.id).ics?token=\(organiser)", method: .get
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/calendars/vienna/organisers/someone-else.ics?token=\(organiser)", method: .get
            ) { response in
                #expect(response.status == .notFound)
            }
            try store.revokeToken(
                try #require(try store.tokens(of: vienna).first { $0.label == "Outlook" }).id, in: vienna)
            try await client.execute(uri: "/calendars/vienna/members.ics?token=\(members)", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func filteredFeedsAnswerAndUnknownSubjectsAre404() async throws {
        let catalogue = try store.catalogue()
        let plan = try store.snapshot(of: Fixtures.slug("vienna")).plan
        let kind = try #require(plan.activities.first { catalogue.kind($0.kind)?.privacy == .public }?.kind)
        let themed = try #require(plan.sessions.compactMap(\.theme).first ?? plan.activities.compactMap(\.theme).first)
        let priority = try #require(catalogue.theme(themed)?.gap.first)
        try await Fixtures.app(dependencies).test(.router) { client in
            for uri in [
                "/calendars/vienna/kinds/\(kind).ics", "/calendars/vienna/themes/\(themed).ics",
                "/calendars/vienna/gap/\(priority).ics", "/calendars/vienna/observances.ics",
                "/calendars/vienna/observances.ics?from=2026&to=2028",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .ok, "\(uri)")
                    #expect(String(buffer: response.body).hasPrefix("BEGIN:VCALENDAR"), "\(uri)")
                }
            }
            for uri in [
                "/calendars/vienna/themes/no-such-theme.ics", "/calendars/vienna/kinds/no-such-kind.ics",
                "/calendars/vienna/gap/NOPE.ics",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                }
            }
            for (query, field) in [("from=twenty", "from"), ("from=2026&to=2050", "to"), ("to=2027", "from")] {
                try await client.execute(uri: "/calendars/vienna/observances.ics?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(Fixtures.errorField(response.body) == field, "\(query)")
                }
            }
        }
    }

    @Test func aRememberedRevisionIsForgottenByAWriteThroughTheAPI() async throws {
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "c").secret
        var logger = dependencies.logger
        logger.logLevel = .critical
        let remembering = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: logger, clock: { Fixtures.now },
            revisions: RevisionMemo(lifetime: .seconds(3_600)))
        try await Fixtures.app(remembering).test(.router) { client in
            let first = try await client.execute(uri: "/calendars/vienna.ics", method: .get) { $0.headers[.eTag] ?? "" }
            // A write by another process is not seen while the revision is remembered…
            try store.cancelSession(
                Session.ID(
                    activity: Fixtures.slug("monthly-meeting"), ruleDate: LocalDateTime(parsing: "2027-05-04T15:00")),
                in: vienna, reason: "Other process")
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: first]) {
                response in
                #expect(response.status == .notModified)
            }
            // …a write through the API is, at once, and so is everything before it.
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/cancel", method: .post,
                headers: Fixtures.bearer(coordinator), body: Fixtures.json(#"{"reason":"API"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: first]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != first)
            }
        }
    }

    @Test func theNetworkFeedServesEveryGroupAndChangesWithAnyOfThem() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let etag = try await client.execute(uri: "/calendars/network.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/calendar; charset=utf-8")
                let text = String(buffer: response.body)
                let calendar = try ICSCalendar.parse(text).calendar
                let uids = Set(calendar.events.map(\.uid))
                #expect(uids.contains { $0.hasPrefix("vienna/") } && uids.contains { $0.hasPrefix("skopje/") })
                #expect(!text.contains("@example.org") && !text.contains("ATTENDEE"))
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/calendars/network.ics", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .notModified)
            }
            // A write to either group is a new network feed.
            try store.cancelSession(
                Session.ID(
                    activity: Fixtures.slug("monthly-meeting"), ruleDate: LocalDateTime(parsing: "2027-05-04T15:00")),
                in: Fixtures.slug("skopje"), reason: "Office closed")
            try await client.execute(uri: "/calendars/network.ics", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != etag)
                let skopje = try ICSCalendar.parse(String(buffer: response.body)).calendar.events.filter {
                    $0.uid.hasPrefix("skopje/monthly-meeting") && $0.status == .cancelled
                }
                #expect(skopje.count == 1)
            }
        }
    }

    @Test func theObservancesOfACountryNeedNoGroupAndFollowTheCatalogue() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let etag = try await client.execute(
                uri: "/calendars/observances.ics?country=AT&from=2026&to=2028", method: .get
            ) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                // Father's Day in Austria: the second Sunday of June (14 June 2026, 13 June 2027, 11 June 2028).
                for day in ["20260614", "20270613", "20280611"] {
                    #expect(text.contains("DTSTART;VALUE=DATE:\(day)\r\n"), "\(day)")
                }
                #expect(!text.contains("DTSTART;VALUE=DATE:2029"))
                #expect(try ICSCalendar.parse(text).calendar.name == "Observances (AT)")
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: "/calendars/observances.ics?from=2027", method: .get) { response in
                #expect(response.status == .ok)
                #expect(
                    String(buffer: response.body).contains("DTSTART;VALUE=DATE:20270620\r\n"),
                    "the default third Sunday")
            }
            for (query, field) in [
                ("country=Austria", "country"), ("country=AT&from=1066", "from"),
                ("country=AT&from=2026&to=2040", "to"),
            ] {
                try await client.execute(uri: "/calendars/observances.ics?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(Fixtures.errorField(response.body) == field, "\(query)")
                }
            }
            // A catalogue change (a renamed observance) is a new feed.
            let catalogue = try store.catalogue()
            let renamed = try catalogue.observances.map { observance in
                guard observance.slug.rawValue == "fathers-day" else { return observance }
                return try Observance(
                    slug: observance.slug, title: "Fathers' Day", rule: observance.rule, variants: observance.variants,
                    url: observance.url, summary: observance.summary)
            }
            try store.installCatalogue(
                Catalogue(
                    gapPriorities: catalogue.gapPriorities, themes: catalogue.themes,
                    activityKinds: catalogue.activityKinds,
                    observances: renamed))
            try await client.execute(
                uri: "/calendars/observances.ics?country=AT&from=2026&to=2028", method: .get,
                headers: [.ifNoneMatch: etag]
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("SUMMARY:Fathers' Day"))
            }
        }
    }

    @Test func privateFeedsTakeAnOptInReminder() async throws {
        let vienna = try Fixtures.slug("vienna")
        let members = try store.createToken(in: vienna, scope: .membersFeed, label: "phone").secret
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna/members.ics?token=\(members)", method: .get) { response in
                #expect(!String(buffer: response.body).contains("BEGIN:VALARM"))
            }
            try await client.execute(uri: "/calendars/vienna/members.ics?token=\(members)&alarm=PT15M", method: .get) {
                response in
                #expect(response.status == .ok)
                let calendar = try ICSCalendar.parse(String(buffer: response.body)).calendar
                let live = calendar.events.filter { $0.status != .cancelled }
                #expect(!live.isEmpty)
                #expect(live.allSatisfy { $0.alarms.map(\.trigger) == [ICSDuration(seconds: -900)] })
            }
            for alarm in ["soon", "P8D", "PT15"] {
                try await client.execute(
                    uri: "/calendars/vienna/members.ics?token=\(members)&alarm=\(alarm)", method: .get
                ) {
                    response in
                    #expect(response.status == .badRequest, "\(alarm)")
                    #expect(Fixtures.errorField(response.body) == "alarm", "\(alarm)")
                }
            }
            // Without a valid token the answer is the same 404, whatever the alarm.
            try await client.execute(uri: "/calendars/vienna/members.ics?token=wrong&alarm=soon", method: .get) {
                response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func everyFeedIsServedWhereFeedKindSaysItIs() async throws {
        let vienna = try Fixtures.slug("vienna")
        let members = try store.createToken(in: vienna, scope: .membersFeed, label: "paths").secret
        let renderer = FeedRenderer(
            source: FeedSource(snapshot: try store.snapshot(of: vienna), catalogue: try store.catalogue()),
            options: FeedOptions(baseURL: URL(string: "https://calendars.example.org")!, now: Fixtures.now))
        let kinds = renderer.availableFeeds()
        #expect(kinds.count > 5)
        try await Fixtures.app(dependencies).test(.router) { client in
            for kind in kinds {
                let path = SitePath.feed(kind, group: vienna).description + (kind.isPrivate ? "?token=\(members)" : "")
                try await client.execute(uri: path, method: .get) { response in
                    #expect(response.status == .ok, "\(path)")
                }
            }
        }
    }
}
