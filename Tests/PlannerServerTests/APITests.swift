import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Planning
import Testing

@Suite struct APITests {
    let store: PlannerStore
    let dependencies: ServerDependencies
    let coordinator: String
    let reader: String
    let skopjeCoordinator: String

    init() throws {
        store = try Fixtures.store()
        dependencies = try Fixtures.dependencies(store)
        let vienna = try Fixtures.slug("vienna")
        coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "coordinator").secret
        reader = try store.createToken(in: vienna, scope: .api(.reader), label: "reader").secret
        skopjeCoordinator = try store.createToken(
            in: Fixtures.slug("skopje"), scope: .api(.coordinator), label: "skopje"
        ).secret
    }

    // MARK: - Public reads

    @Test func groupsAreListedAndShownWithoutAToken() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/api/v1/groups", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                let groups = try Fixtures.decode([GroupSummary].self, response.body)
                #expect(groups.map(\.slug.rawValue).sorted() == ["skopje", "vienna"])
                #expect(groups.allSatisfy { $0.members > 0 && $0.sessions > 0 })
            }
            try await client.execute(uri: "/api/v1/groups/vienna", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""slug":"vienna""#))
                #expect(!text.contains("@example.org"))  // no member e-mails in public data
            }
        }
    }

    @Test func unknownAndMalformedNamesAre404InJSON() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            for uri in [
                "/api/v1/groups/nowhere", "/api/v1/groups/Not_A_Slug", "/api/v1/themes/nothing", "/api/v1/nothing",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound, "\(uri)")
                    #expect(response.headers[.contentType] == "application/json; charset=utf-8", "\(uri)")
                    #expect(!Fixtures.errorMessage(response.body).isEmpty, "\(uri)")
                }
            }
        }
    }

    @Test func theCatalogueIsPublic() async throws {
        let catalogue = try store.catalogue()
        let theme = try #require(catalogue.themes.first)
        let priority = try #require(catalogue.gapPriorities.first)
        let kind = try #require(catalogue.activityKinds.first)
        let observance = try #require(catalogue.observances.first)
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/api/v1/themes", method: .get) { response in
                let decoded = try Fixtures.decode([Theme].self, response.body)
                #expect(decoded == catalogue.themes)
            }
            try await client.execute(uri: "/api/v1/themes/\(theme.slug)", method: .get) { response in
                let decoded = try Fixtures.decode(Theme.self, response.body)
                #expect(decoded == theme)
            }
            try await client.execute(uri: "/api/v1/gap-priorities/\(priority.id)", method: .get) { response in
                let decoded = try Fixtures.decode(GAPPriority.self, response.body)
                #expect(decoded == priority)
            }
            try await client.execute(uri: "/api/v1/activity-kinds/\(kind.slug)", method: .get) { response in
                let decoded = try Fixtures.decode(ActivityKind.self, response.body)
                #expect(decoded == kind)
            }
            try await client.execute(uri: "/api/v1/observances/\(observance.slug)", method: .get) { response in
                #expect(response.status == .ok)
            }
            for uri in ["/api/v1/gap-priorities", "/api/v1/activity-kinds", "/api/v1/observances"] {
                try await client.execute(uri: uri, method: .get) { response in #expect(response.status == .ok, "\(uri)")
                }
            }
        }
    }

    @Test func anonymousSessionsHideOrganisersAndShowSafeSpaceAsBusy() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let anonymous = try await client.execute(uri: "/api/v1/groups/vienna/sessions", method: .get) {
                String(buffer: $0.body)
            }
            #expect(!anonymous.contains("organisers"))
            #expect(!anonymous.contains("safe-space"))
            #expect(anonymous.contains(#""title":"Busy""#))
            let member = try await client.execute(
                uri: "/api/v1/groups/vienna/sessions", method: .get, headers: Fixtures.bearer(reader)
            ) { String(buffer: $0.body) }
            #expect(member.contains("safe-space-2027-05"))
            let anonymousActivities = try await client.execute(uri: "/api/v1/groups/vienna/activities", method: .get) {
                String(buffer: $0.body)
            }
            #expect(!anonymousActivities.contains("safe-space-2027-05"))
            try await client.execute(uri: "/api/v1/groups/vienna/activities/safe-space-2027-05", method: .get) {
                response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/activities/safe-space-2027-05", method: .get,
                headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func sessionsCanBeNarrowedByDateAndBadDatesName() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/api/v1/groups/vienna/sessions?from=2027-03-01&to=2027-03-31", method: .get)
            { response in
                struct Line: Decodable { let start: LocalDateTime }
                let lines = try Fixtures.decode([Line].self, response.body)
                #expect(!lines.isEmpty)
                #expect(lines.allSatisfy { $0.start.date.month == 3 && $0.start.date.year == 2027 })
            }
            try await client.execute(uri: "/api/v1/groups/vienna/sessions?from=March", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorField(response.body) == "from")
            }
            try await client.execute(uri: "/api/v1/groups/vienna/sessions?from=2027-03-02&to=2027-03-01", method: .get)
            { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorField(response.body) == "to")
            }
        }
    }

    // MARK: - Member data and tokens

    @Test func memberDataNeedsAValidTokenOfTheSameGroup() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/api/v1/groups/vienna/members", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate]?.hasPrefix("Bearer") == true)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer("guess")
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: [.authorization: "Basic dXNlcjpwYXNz"]
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(skopjeCoordinator)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .ok)
                let members = try Fixtures.decode([Member].self, response.body)
                #expect(members.count == (try store.snapshot(of: Fixtures.slug("vienna")).plan.members.count))
            }
            try await client.execute(uri: "/api/v1/groups/vienna/assignments", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/assignments", method: .get, headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }

    @Test func aFeedTokenDoesNotOpenTheAPI() async throws {
        let feed = try store.createToken(in: Fixtures.slug("vienna"), scope: .membersFeed, label: "Outlook").secret
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(feed))
            { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    // MARK: - Writes

    @Test func aCoordinatorMovesASessionAndTheRevisionRises() async throws {
        let vienna = try Fixtures.slug("vienna")
        let before = try store.revision(of: vienna)
        let body = Fixtures.json(#"{"start":"2027-03-03T15:00","reason":"Room taken on Tuesday"}"#)
        try await Fixtures.app(dependencies).test(.router) { client in
            let uri = "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/move"
            try await client.execute(uri: uri, method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: uri, method: .post, headers: Fixtures.bearer(reader), body: body) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: uri, method: .post, headers: Fixtures.bearer(skopjeCoordinator), body: body) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: uri, method: .post, headers: Fixtures.bearer(coordinator), body: body) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""start":"2027-03-03T15:00""#))
                #expect(text.contains(#""movedFrom":"2027-03-02T15:00""#))
            }
        }
        #expect(try store.revision(of: vienna) == before + 1)
        let moved = try store.snapshot(of: vienna).plan.sessions.first {
            $0.id.description == "monthly-meeting@2027-03-02T15:00"
        }
        #expect(moved?.start.description == "2027-03-03T15:00")
    }

    @Test func badBodiesAre400WithTheField() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let uri = "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/move"
            let cases: [(String, String?)] = [
                (#"{"reason":"no start"}"#, "start"),
                (#"{"start":"next Tuesday","reason":"x"}"#, "start"),
                (#"{"start":42,"reason":"x"}"#, "start"),
                ("not json", nil),
            ]
            for (text, field) in cases {
                try await client.execute(
                    uri: uri, method: .post, headers: Fixtures.bearer(coordinator), body: Fixtures.json(text)
                ) { response in
                    #expect(response.status == .badRequest, "\(text)")
                    #expect(Fixtures.errorField(response.body) == field, "\(text)")
                }
            }
            try await client.execute(uri: uri, method: .post, headers: Fixtures.bearer(coordinator)) { response in
                #expect(response.status == .badRequest)
            }
        }
    }

    @Test func anOversizedBodyIs413() async throws {
        let big = Fixtures.json(#"{"reason":""# + String(repeating: "x", count: 10_000) + #""}"#)
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/cancel", method: .post,
                headers: Fixtures.bearer(coordinator), body: big
            ) { response in
                #expect(response.status == .contentTooLarge)
                #expect(!Fixtures.errorMessage(response.body).isEmpty)
            }
        }
    }

    @Test func movingACancelledSessionIsAConflict() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let base = "/api/v1/groups/vienna/sessions/monthly-meeting@2027-04-06T15:00"
            try await client.execute(
                uri: base + "/cancel", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"reason":"Easter week"}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"cancelled""#))
            }
            try await client.execute(
                uri: base + "/move", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"start":"2027-04-07T15:00","reason":"x"}"#)
            ) { response in
                #expect(response.status == .conflict)
                #expect(Fixtures.errorMessage(response.body).contains("cancelled"))
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2030-01-01T15:00/cancel", method: .post,
                headers: Fixtures.bearer(coordinator), body: Fixtures.json(#"{"reason":"x"}"#)
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/api/v1/groups/vienna/sessions/not-an-id", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func aCoordinatorConfirmsSessionsAndTheFeedSaysSo() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let base = "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/confirm"
            try await client.execute(uri: base, method: .post, headers: Fixtures.bearer(reader)) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: base, method: .post, headers: Fixtures.bearer(skopjeCoordinator)) {
                response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(uri: base, method: .post, headers: Fixtures.bearer(coordinator)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""status":"confirmed""#))
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/confirm", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"from":"2027-04-01","to":"2027-06-30"}"#)
            ) { response in
                #expect(response.status == .ok)
                let answer = try Fixtures.decode([String: [String]].self, response.body)
                let confirmed = try #require(answer["confirmed"])
                #expect(confirmed.contains("monthly-meeting@2027-05-04T15:00"))
                #expect(
                    confirmed.allSatisfy {
                        $0.contains("@2027-04") || $0.contains("@2027-05") || $0.contains("@2027-06")
                    })
            }
            for (body, field) in [
                (#"{"from":"2027-06-30","to":"2027-04-01"}"#, "to"), (#"{"from":"April","to":"2027-06-30"}"#, "from"),
            ] {
                try await client.execute(
                    uri: "/api/v1/groups/vienna/sessions/confirm", method: .post, headers: Fixtures.bearer(coordinator),
                    body: Fixtures.json(body)
                ) { response in
                    #expect(response.status == .badRequest, "\(body)")
                    #expect(Fixtures.errorField(response.body) == field, "\(body)")
                }
            }
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("RECURRENCE-ID;TZID=Europe/Vienna:20270302T150000"))
                #expect(text.contains("STATUS:CONFIRMED"))
            }
        }
        let planned = try store.snapshot(of: Fixtures.slug("vienna")).plan.sessions
        #expect(planned.first { $0.id.description == "monthly-meeting@2027-03-02T15:00" }?.status == .confirmed)
        #expect(planned.first { $0.id.description == "monthly-meeting@2027-09-07T15:00" }?.status == .tentative)
    }

    @Test func membersAreAddedUpdatedAndRemovedByACoordinator() async throws {
        let vienna = try Fixtures.slug("vienna")
        let existing = try #require(try store.snapshot(of: vienna).plan.members.first)
        let memberJSON = String(decoding: try JSONEncoder().encode(existing), as: UTF8.self).replacingOccurrences(
            of: "\"\(existing.id)\"", with: "\"new-member\""
        )
        .replacingOccurrences(of: existing.email, with: "new.member@example.org")
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(memberJSON)
            ) { response in
                #expect(response.status == .created)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(memberJSON)
            ) { response in
                #expect(response.status == .conflict)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members/someone-else", method: .put, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(memberJSON)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorField(response.body) == "id")
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members/new-member", method: .get, headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("new.member@example.org"))
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members/new-member", method: .delete, headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members/new-member", method: .delete, headers: Fixtures.bearer(coordinator)
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members/new-member", method: .get, headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }
}
