import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlannerServer
import PlannerStore
import Planning
import Testing

/// A member's personal link and his page, through the real router: the link signs him in with
/// a cookie and a redirect, his forms change his record (checked by the member's own rules,
/// refused without the form token), he declines a duty and re-assignment fills only that slot,
/// another member's duty is not found, and a revoked link signs nobody in.
@Suite struct MemberPageTests {
    struct World {
        let store: PlannerStore
        let dependencies: ServerDependencies
        let coordinator: String
        let vienna: Slug
        let jonas: Slug
        let link: String
        let tokenID: Int64

        init() async throws {
            store = try Fixtures.store()
            dependencies = try Fixtures.dependencies(store)
            vienna = try Fixtures.slug("vienna")
            jonas = try Fixtures.slug("jonas-lindqvist")
            coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "test").secret
            try await Self.assign(dependencies, coordinator: coordinator, keepDuties: false)
            let issued = try store.createToken(in: vienna, scope: .member(jonas), label: "Jonas's link")
            link = issued.secret
            tokenID = issued.token.id
        }

        /// Plans the year's organisers through the API and stores the best plan.
        static func assign(_ dependencies: ServerDependencies, coordinator: String, keepDuties: Bool) async throws {
            try await Fixtures.app(dependencies).test(.router) { client in
                try await client.execute(
                    uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(coordinator),
                    body: Fixtures.json(
                        #"{"from":"2027-01-01","to":"2027-12-31","allowUnfilled":true,"keepDuties":\#(keepDuties)}"#)
                ) { response in
                    #expect(response.status == .ok, "\(String(buffer: response.body).prefix(300))")
                }
            }
        }

        /// The text of a GET of the API with the coordinator's token.
        func api(_ path: String) async throws -> String {
            try await Fixtures.app(dependencies).test(.router) { client in
                try await client.execute(uri: path, method: .get, headers: Fixtures.bearer(coordinator)) { response in
                    #expect(response.status == .ok)
                    return String(buffer: response.body)
                }
            }
        }

        /// Jonas's first coming duty, and a coming duty of somebody else.
        func duties() throws -> (his: Session, other: Session) {
            let now = LocalDateTime(Fixtures.now, in: TimeZone(identifier: "Europe/Vienna")!)
            let coming = try store.snapshot(of: vienna).plan.sessions.filter { $0.start > now && $0.takesPlace }
            let his = try #require(coming.first { $0.organisers.contains { $0.memberID == jonas } })
            let other = try #require(
                coming.first { !$0.organisers.isEmpty && !$0.organisers.contains { $0.memberID == jonas } })
            return (his, other)
        }
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    static func form(_ fields: [(String, String)]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.map { "\($0.0)=\($0.1.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    /// Signs in with the link: the cookie header to send, and the form token of the page.
    static func signIn(_ client: some TestClientProtocol, link: String) async throws -> (HTTPFields, String) {
        let setCookie = try await client.execute(uri: "/me/sign-in?token=\(link)", method: .get) { response in
            #expect(response.status == .seeOther)
            #expect(response.headers[.location] == "/me")
            return response.headers[.setCookie] ?? ""
        }
        #expect(setCookie.contains("HttpOnly") && setCookie.contains("SameSite=Strict"), "\(setCookie)")
        #expect(setCookie.contains("Secure"), "the site is served over https")
        #expect(!setCookie.contains(link), "the cookie is not the link's secret")
        let pair = String(setCookie.split(separator: ";")[0])
        let headers: HTTPFields = [.cookie: pair, .contentType: "application/x-www-form-urlencoded"]
        let csrf = try await client.execute(uri: "/me", method: .get, headers: headers) { response in
            #expect(response.status == .ok)
            let html = String(buffer: response.body)
            #expect(!html.contains("<script"), "the page needs no JavaScript")
            return html.firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map { String($0.output.1) } ?? ""
        }
        #expect(csrf.count == 64)
        return (headers, csrf)
    }

    @Test func theLinkSignsInAndTheFormsChangeOnlyHisRecord() async throws {
        let world = try await World()
        let (his, other) = try world.duties()
        let before = try world.store.snapshot(of: world.vienna).plan.members.first { $0.id == world.jonas }
        try await Fixtures.app(world.dependencies).test(.router) { client in
            let (cookie, csrf) = try await Self.signIn(client, link: world.link)
            try await client.execute(uri: "/me", method: .get, headers: cookie) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("Jonas"), "his name")
                #expect(html.contains(SitePath.memberDuty(activity: his.activity, ruleDate: his.ruleDate).description))
                #expect(response.headers[.cacheControl] == "private, no-store")
            }
            // Without the form token: refused, nothing changes.
            try await client.execute(
                uri: "/me/capacity", method: .post, headers: cookie, body: Self.form([("capacity", "3")])
            ) { response in
                #expect(response.status == .forbidden)
            }
            #expect(try world.store.snapshot(of: world.vienna).plan.members.first { $0.id == world.jonas } == before)
            // A window that ends before it starts: the member's own rule, beside the field.
            try await client.execute(
                uri: "/me/availability", method: .post, headers: cookie,
                body: Self.form([("csrf", csrf), ("days", "mon"), ("from", "14:00"), ("to", "12:00")])
            ) { response in
                #expect(response.status == .badRequest)
                let html = String(buffer: response.body)
                #expect(html.contains(#"id="window-error""#) && html.contains("before or when it starts"))
                #expect(html.contains(#"value="14:00""#), "what he typed is kept")
            }
            #expect(try world.store.snapshot(of: world.vienna).plan.members.first { $0.id == world.jonas } == before)
            // Good changes: a window, an absence, the capacity.
            for (path, fields) in [
                ("/me/availability", [("days", "sat"), ("days", "sun"), ("from", "10:00"), ("to", "12:00")]),
                ("/me/absences", [("from", "2027-08-02"), ("to", "2027-08-13"), ("reason", "annual leave")]),
                ("/me/capacity", [("capacity", "3")]),
            ] {
                try await client.execute(
                    uri: path, method: .post, headers: cookie, body: Self.form([("csrf", csrf)] + fields)
                ) { response in
                    #expect(response.status == .seeOther, "\(path): \(String(buffer: response.body).prefix(300))")
                }
            }
            let after = try #require(
                try world.store.snapshot(of: world.vienna).plan.members.first { $0.id == world.jonas })
            #expect(after.capacityPerMonth == 3)
            #expect(after.availability.contains { $0.days == [.sat, .sun] && $0.timeRange == "10:00–12:00" })
            #expect(after.absences.contains { $0.reason == "annual leave" && $0.from.description == "2027-08-02" })
            // Another member's duty is not his: 404, nothing changes.
            let revision = try world.store.revision(of: world.vienna)
            try await client.execute(
                uri: SitePath.memberDuty(activity: other.activity, ruleDate: other.ruleDate).description,
                method: .post, headers: cookie, body: Self.form([("csrf", csrf), ("answer", "declined")])
            ) { response in
                #expect(response.status == .notFound)
            }
            #expect(try world.store.revision(of: world.vienna) == revision)
        }
    }

    @Test func aDeclinedDutyIsRefilledAndNoOtherDutyChanges() async throws {
        let world = try await World()
        let (his, _) = try world.duties()
        try await Fixtures.app(world.dependencies).test(.router) { client in
            let (cookie, csrf) = try await Self.signIn(client, link: world.link)
            try await client.execute(
                uri: SitePath.memberDuty(activity: his.activity, ruleDate: his.ruleDate).description, method: .post,
                headers: cookie, body: Self.form([("csrf", csrf), ("answer", "declined"), ("reason", "a mission")])
            ) { response in
                #expect(response.status == .seeOther)
            }
        }
        let declined = try #require(try world.store.snapshot(of: world.vienna).plan.sessions.first { $0.id == his.id })
        #expect(!declined.organisers.contains { $0.memberID == world.jonas }, "the slot is freed")
        #expect(declined.declinedBy == [world.jonas])
        let check = try await world.api("/api/v1/groups/vienna/check")
        #expect(
            check.contains("declined by the member") && check.contains(#""ruleDate":"\#(his.ruleDate)""#),
            "\(check.prefix(500))")
        let explanation = try await world.api("/api/v1/groups/vienna/sessions/\(his.id)/explain")
        #expect(explanation.contains("declined by the member"))
        let before = try world.store.snapshot(of: world.vienna).plan.sessions
        try await World.assign(world.dependencies, coordinator: world.coordinator, keepDuties: true)
        let after = try world.store.snapshot(of: world.vienna).plan.sessions
        for (old, new) in zip(before, after) where old.id != his.id {
            #expect(old.organisers == new.organisers, "\(old.id) keeps its duties")
        }
        let refilled = try #require(after.first { $0.id == his.id })
        #expect(refilled.organisers.count == his.organisers.count, "the open slot is filled")
        #expect(!refilled.organisers.contains { $0.memberID == world.jonas }, "not by the member who declined")
        #expect(try await !world.api("/api/v1/groups/vienna/check").contains("declined by the member"))
    }

    @Test func theAPIMakesAPersonalLinkThatSignsIn() async throws {
        let world = try await World()
        try await Fixtures.app(world.dependencies).test(.router) { client in
            let url = try await client.execute(
                uri: "/api/v1/groups/vienna/tokens", method: .post, headers: Fixtures.bearer(world.coordinator),
                body: Fixtures.json(#"{"kind":"member","member":"jonas-lindqvist","label":"Jonas's phone"}"#)
            ) { response in
                #expect(response.status == .created)
                let text = String(buffer: response.body)
                #expect(text.contains(#""kind":"member""#), "\(text)")
                return text.firstMatch(of: /"url":"([^"]+)"/).map { String($0.output.1) } ?? ""
            }
            let unescaped = url.replacingOccurrences(of: "\\/", with: "/")
            #expect(unescaped.hasPrefix("https://calendars.example.org/me/sign-in?token="), "\(unescaped)")
            let secret = String(unescaped.split(separator: "=").last ?? "")
            _ = try await Self.signIn(client, link: secret)
            try await client.execute(
                uri: "/api/v1/groups/vienna/tokens", method: .post, headers: Fixtures.bearer(world.coordinator),
                body: Fixtures.json(#"{"kind":"member","label":"nobody"}"#)
            ) { response in
                #expect(response.status == .badRequest, "a personal link needs its member")
            }
            // A personal link opens no API.
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(world.link)
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func anRSVPCountsOnTheSessionPageAndLeavesTheFeedAlone() async throws {
        let world = try await World()
        try await Fixtures.app(world.dependencies).test(.router) { client in
            let feed = try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                String(buffer: response.body)
            }
            let (cookie, csrf) = try await Self.signIn(client, link: world.link)
            let rsvp = try await client.execute(uri: "/me", method: .get, headers: cookie) { response in
                String(buffer: response.body).firstMatch(of: /action="(\/me\/rsvp\/[^"]+)"/).map { String($0.output.1) }
            }
            let path = try #require(rsvp, "the page asks whether he comes")
            let page = path.replacingOccurrences(of: "/me/rsvp/", with: "/groups/vienna/sessions/")
            try await client.execute(uri: page, method: .get) { response in
                #expect(response.status == .ok)
                #expect(!String(buffer: response.body).contains("going"))
            }
            try await client.execute(
                uri: path, method: .post, headers: cookie, body: Self.form([("csrf", csrf), ("rsvp", "maybe")])
            ) { response in
                #expect(response.status == .seeOther, "\(String(buffer: response.body).prefix(300))")
            }
            try await client.execute(
                uri: path, method: .post, headers: cookie, body: Self.form([("csrf", csrf), ("rsvp", "going")])
            ) { response in
                #expect(response.status == .seeOther)
            }
            try await client.execute(uri: page, method: .get) { response in
                let html = String(buffer: response.body)
                #expect(html.contains("1 going"), "one answer, counted once")
                #expect(!html.contains("Jonas") && !html.contains("jonas"), "never who")
            }
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                #expect(String(buffer: response.body) == feed, "the public feed does not change")
            }
            try await client.execute(
                uri: path, method: .post, headers: cookie, body: Self.form([("rsvp", "going")])
            ) { response in
                #expect(response.status == .forbidden, "no form token, no answer")
            }
        }
    }

    @Test func hisPageMakesALinkToHisOrganiserFeed() async throws {
        let world = try await World()
        try await Fixtures.app(world.dependencies).test(.router) { client in
            let (cookie, csrf) = try await Self.signIn(client, link: world.link)
            let feed = try await client.execute(
                uri: "/me/calendar", method: .post, headers: cookie, body: Self.form([("csrf", csrf)])
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "private, no-store", "the secret is shown once")
                let html = String(buffer: response.body)
                #expect(html.contains("webcal://calendars.example.org/calendars/vienna/organisers/jonas-lindqvist.ics"))
                return html.firstMatch(of: /value="https:\/\/calendars\.example\.org(\/calendars\/[^"]+)"/)
                    .map { String($0.output.1).replacingOccurrences(of: "&amp;", with: "&") }
            }
            let path = try #require(feed)
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("BEGIN:VCALENDAR"))
            }
            try await client.execute(uri: "/me/calendar", method: .post, headers: cookie, body: Self.form([])) {
                response in
                #expect(response.status == .forbidden, "no form token, no link")
            }
        }
        let tokens = try world.store.tokens(of: world.vienna)
        #expect(tokens.filter { $0.scope == .organiserFeed(member: world.jonas) }.count == 1)
    }

    @Test func aRevokedLinkSignsNobodyIn() async throws {
        let world = try await World()
        try await Fixtures.app(world.dependencies).test(.router) { client in
            let (cookie, _) = try await Self.signIn(client, link: world.link)
            try world.store.revokeToken(world.tokenID, in: world.vienna)
            try await client.execute(uri: "/me", method: .get, headers: cookie) { response in
                #expect(response.status == .unauthorized, "the sign-in ended with its link")
                #expect(!String(buffer: response.body).contains("Jonas"))
            }
            try await client.execute(uri: "/me/sign-in?token=\(world.link)", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.setCookie] == nil)
            }
        }
    }
}
