import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlannerServer
import PlannerStore
import Planning
import Testing

/// What the public may see, checked from outside: every route of the router's own table, asked
/// without a token, and every link the pages and feeds hold.
@Suite struct PrivacySweepTests {
    /// The example group with a year planned and assigned, a session cancelled and another
    /// moved with private reasons, and an activity with an online join link that the group does
    /// not publish.
    struct World {
        let store: PlannerStore
        let dependencies: ServerDependencies
        let coordinator: String
        /// Text that must never reach an anonymous reader.
        let secrets: [String]

        init() async throws {
            store = try Fixtures.store()
            dependencies = try Fixtures.dependencies(store)
            let vienna = try Fixtures.slug("vienna")
            coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "sweep").secret
            let joinLink = "https://meet.example.org/j/room-4711-secret"
            try store.addActivity(
                Activity(
                    slug: Fixtures.slug("online-reading-circle"), kind: Fixtures.slug("reading-circle"),
                    title: "Online reading circle", schedule: .oneOff(LocalDateTime(parsing: "2027-06-09T12:30")),
                    onlineURL: URL(string: joinLink)),
                to: vienna)
            try store.addActivity(
                Activity(
                    slug: Fixtures.slug("circle-after-the-divorce"), kind: Fixtures.slug("safe-space-discussion"),
                    title: "Fathers' circle after the divorce",
                    schedule: .oneOff(LocalDateTime(parsing: "2027-09-15T16:00"))),
                to: vienna)
            let app = try Fixtures.app(dependencies)
            let coordinator = self.coordinator
            try await app.test(.router) { client in
                for (uri, body) in [
                    ("/api/v1/groups/vienna/programme/plan", #"{"from":"2027-01","to":"2027-12","allowUnmet":true}"#),
                    (
                        "/api/v1/groups/vienna/assignments/plan",
                        #"{"from":"2027-01-01","to":"2027-12-31","allowUnfilled":true}"#
                    ),
                ] {
                    try await client.execute(
                        uri: uri, method: .post, headers: Fixtures.bearer(coordinator), body: Fixtures.json(body)
                    ) { response in
                        #expect(response.status == .ok, "\(uri): \(String(buffer: response.body).prefix(300))")
                    }
                }
            }
            let sessions = try store.snapshot(of: vienna).plan.sessions
            let meetings = sessions.filter { $0.activity.rawValue == "monthly-meeting" }
            try store.cancelSession(meetings[3].id, in: vienna, reason: "Anton is ill")
            try store.moveSession(
                meetings[4].id, in: vienna, to: meetings[4].start.adding(minutes: 24 * 60),
                reason: "dentist appointment",
                publicNote: "one day later")
            try store.cancelActivity(
                Fixtures.slug("short-film-mental-health-2027"), in: vienna, reason: "the projectionist quit in anger")
            let plan = try store.snapshot(of: vienna).plan
            #expect(plan.sessions.contains { !$0.organisers.isEmpty }, "the year is assigned")
            let confidential = plan.activities.filter { $0.kind.rawValue == "safe-space-discussion" }
            #expect(!confidential.isEmpty)
            secrets =
                plan.members.flatMap { [$0.id.rawValue, $0.name, $0.email] }
                + ["Anton is ill", "dentist", "projectionist", joinLink, "room-4711"]
                + confidential.map(\.slug.rawValue) + ["after the divorce"]
        }
    }

    /// The values each path capture takes; a route with a capture not listed here fails the
    /// sweep until the sweep learns its values.
    static func substitutions(_ path: String, plan: GroupPlan, catalogue: Catalogue) -> [[String: String]]? {
        let captures = Set(
            path.matches(of: /\{([a-z]+)\}/).map { String($0.output.1) })
        if captures.isEmpty { return [[:]] }
        var rows: [[String: String]] = [[:]]
        func product(_ name: String, _ values: [String]) {
            rows = rows.flatMap { row in values.map { row.merging([name: $0]) { first, _ in first } } }
        }
        var remaining = captures
        if remaining.contains("when") {
            // A session page: its activity and rule date come as a pair.
            let pairs = plan.sessions.flatMap { session in
                [session.ruleDate.compact, session.ruleDate.compact + ".ics"].map {
                    ["activity": session.activity.rawValue, "when": $0]
                }
            }
            rows = pairs
            remaining.subtract(["activity", "when"])
        }
        for capture in remaining.sorted() {
            switch capture {
            case "group": product(capture, ["vienna", "skopje", "nowhere"])
            case "member": product(capture, plan.members.map(\.id.rawValue))
            case "activity": product(capture, plan.activities.map(\.slug.rawValue))
            case "session": product(capture, plan.sessions.map(\.id.description))
            case "theme": product(capture, catalogue.themes.map(\.slug.rawValue))
            case "kind": product(capture, catalogue.activityKinds.map(\.slug.rawValue))
            case "priority": product(capture, catalogue.gapPriorities.map(\.id.rawValue))
            case "observance": product(capture, catalogue.observances.map(\.slug.rawValue))
            case "token", "request": product(capture, ["1", "2"])
            // A wrong feedback code (the right ones are the feedback tests' business).
            case "code": product(capture, ["000000000000000000000000"])
            default: return nil
            }
        }
        return rows
    }

    @Test func noAnonymousRouteShowsAMemberAPrivateReasonOrAJoinLink() async throws {
        let world = try await World()
        let router = try buildRouter(world.dependencies)
        let vienna = try Fixtures.slug("vienna")
        let plan = try world.store.snapshot(of: vienna).plan
        let catalogue = try world.store.catalogue()
        let routes = router.routes.map { (template: $0.path.description, method: $0.method) }
        #expect(routes.count > 30, "the router's own table: \(routes.count) routes")
        let secrets = world.secrets
        let app = Application(router: router, logger: world.dependencies.logger)
        let asked = try await app.test(.router) { client in
            var asked = 0
            for (template, method) in routes {
                guard let rows = Self.substitutions(template, plan: plan, catalogue: catalogue) else {
                    Issue.record("the sweep does not know the values of a capture in \(method) \(template)")
                    continue
                }
                for row in rows {
                    var uri = template.hasPrefix("/") ? template : "/" + template
                    for (name, value) in row { uri = uri.replacingOccurrences(of: "{\(name)}", with: value) }
                    let body: ByteBuffer? = [.get, .head].contains(method) ? nil : Fixtures.json("{}")
                    let (status, text) = try await client.execute(uri: uri, method: method, body: body) { response in
                        (response.status, String(buffer: response.body))
                    }
                    asked += 1
                    #expect(status.code < 500, "\(method) \(uri): \(status)")
                    for secret in secrets where text.contains(secret) && !uri.contains(secret) {
                        Issue.record("\(method) \(uri) shows '\(secret)'")
                    }
                }
            }
            return asked
        }
        #expect(asked > 500, "\(asked) anonymous requests")
    }

    @Test func theGroupPageAndFeedsShowOnlyThePublicNote() async throws {
        let world = try await World()
        try await Fixtures.app(world.dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                let feed = String(buffer: response.body)
                #expect(feed.contains("one day later"), "the public note of the moved session")
                #expect(feed.contains("STATUS:CANCELLED"))
            }
            try await client.execute(uri: "/api/v1/groups/vienna/programme", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("interested and available"))
                #expect(!text.contains(#""interested""#), "who is interested is not public")
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/programme", method: .get, headers: Fixtures.bearer(world.coordinator)
            ) { response in
                #expect(String(buffer: response.body).contains(#""interested""#), "the coordinator sees who")
            }
        }
    }

    @Test func everyLinkInEveryPageAndFeedAnswers() async throws {
        let world = try await World()
        let vienna = try Fixtures.slug("vienna")
        let members = try world.store.createToken(in: vienna, scope: .membersFeed, label: "links").secret
        let base = world.dependencies.configuration.publicBaseURL
        let start = ["/", "/groups/vienna", "/calendars/vienna/members.ics?token=\(members)"]
        let (seen, followed, left) = try await Fixtures.app(world.dependencies).test(.router) { client in
            var queue = start
            var seen = Set(queue)
            var followed = 0
            while !queue.isEmpty, followed < 3_000 {
                let uri = queue.removeFirst()
                let (status, text) = try await client.execute(uri: uri, method: .get) { response in
                    (response.status, String(buffer: response.body))
                }
                followed += 1
                #expect(status == .ok, "\(uri) answers \(status)")
                for link in Self.links(in: text, base: base) where seen.insert(link).inserted {
                    queue.append(link)
                }
            }
            return (seen, followed, queue.count)
        }
        #expect(left == 0, "every link followed")
        #expect(seen.contains { $0.hasPrefix("/groups/vienna/sessions/") }, "the feeds link to session pages")
        #expect(seen.contains { $0.hasPrefix("/groups/vienna/activities/") }, "and to activity pages")
        #expect(seen.contains { $0.hasSuffix(".ics") && $0.contains("/sessions/") }, "session pages offer a download")
        #expect(followed > 50, "\(followed) links followed")
    }

    /// The site's own links in an HTML page or an iCalendar feed, as paths: `href`/`src`
    /// values, and addresses on the site's base (https or webcal) in unfolded feed lines.
    static func links(in text: String, base: String) -> [String] {
        let unfolded = text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\\n", with: "\n")
        let host = base.replacingOccurrences(of: "https://", with: "")
        var links: [String] = []
        for match in unfolded.matches(of: /(?:href|src)="([^"]+)"/) {
            let value = String(match.output.1).replacingOccurrences(of: "&amp;", with: "&")
            if value.hasPrefix("/") { links.append(value) }
        }
        for match in unfolded.matches(of: /(?:https|webcal):\/\/([^\s"<>\\,;]+)/) {
            let address = String(match.output.1)
            guard address.hasPrefix(host + "/") else { continue }
            links.append(String(address.dropFirst(host.count)))
        }
        return links
    }
}
