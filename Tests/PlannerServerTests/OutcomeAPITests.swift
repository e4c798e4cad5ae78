import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PlannerServer
import PlannerStore
import Planning
import Testing

/// `POST …/sessions/{session}/outcome`: a coordinator records what became of a session; the
/// public then reads whether it was held and its materials, never the headcounts or the note.
@Suite struct OutcomeAPITests {
    /// June 2027: the spring's sessions have been held, the autumn's have not.
    static let june = Date(timeIntervalSince1970: 1_812_000_000)

    /// The example store and the daemon's dependencies at ``june``.
    static func world() throws -> (PlannerStore, ServerDependencies) {
        let store = try Fixtures.store(clock: { june })
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: logger, clock: { june },
            revisions: RevisionMemo(lifetime: .zero))
        return (store, dependencies)
    }

    @Test func aCoordinatorRecordsAnOutcomeAndThePublicSeesOnlyHeldAndMaterials() async throws {
        let june = Self.june
        let (store, dependencies) = try Self.world()
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "c").secret
        let reader = try store.createToken(in: vienna, scope: .api(.reader), label: "r").secret
        let snapshot = try store.snapshot(of: vienna)
        let catalogue = try store.catalogue()
        let today = LocalDateTime(june, in: snapshot.plan.group.zone)
        let session = try #require(
            snapshot.plan.sessions.first { session in
                session.start <= today
                    && snapshot.plan.activity(session.activity).flatMap { catalogue.kind($0.kind) }?.privacy == .public
            })
        let later = try #require(snapshot.plan.sessions.first { $0.start > today })
        let path = "/api/v1/groups/vienna/sessions/\(session.id)/outcome"
        let body = Fixtures.json(
            #"{"held": true, "attendance": 14, "women": 5, "men": 8, "undisclosed": 1, "note": "ask Anton about the room", "materials": "https://example.org/slides.pdf"}"#
        )
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: path, method: .post, body: body) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: path, method: .post, headers: Fixtures.bearer(reader), body: body) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(
                uri: path, method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"held": true, "attendance": 3, "women": 2, "men": 2}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorMessage(response.body).contains("more than the attendance"))
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/\(later.id)/outcome", method: .post,
                headers: Fixtures.bearer(coordinator), body: Fixtures.json(#"{"held": true}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorMessage(response.body).contains("once it has begun"))
            }
            #expect(try store.snapshot(of: vienna).outcomes.isEmpty, "refused outcomes store nothing")

            try await client.execute(uri: path, method: .post, headers: Fixtures.bearer(coordinator), body: body) {
                response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""attendance":14"#) && text.contains("ask Anton"))
            }
            let sessionPath = "/api/v1/groups/vienna/sessions/\(session.id)"
            try await client.execute(uri: sessionPath, method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""held":true"#) && text.contains("slides.pdf"))
                #expect(!text.contains("attendance") && !text.contains("Anton") && !text.contains("women"))
            }
            try await client.execute(uri: sessionPath, method: .get, headers: Fixtures.bearer(reader)) { response in
                #expect(String(buffer: response.body).contains(#""attendance":14"#))
            }
            let page = SitePath.sessionPage(vienna, activity: session.activity, ruleDate: session.ruleDate).description
            try await client.execute(uri: page, method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Held") && html.contains("https://example.org/slides.pdf"))
                #expect(!html.contains("Anton") && !html.contains("14 came"))
            }
        }
    }
}

/// The session's organiser may record its outcome with their organiser-feed token; an organiser
/// of other sessions may not, and the token opens nothing else of the API.
@Suite struct OrganiserOutcomeTests {
    @Test func anOrganiserRecordsTheirSessionsOutcomeAndAnotherOrganiserIsRefused() async throws {
        let june = OutcomeAPITests.june
        let (store, dependencies) = try OutcomeAPITests.world()
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "c").secret
        try await Fixtures.app(dependencies).test(.router) { client in
            // Organisers for the first half of 2027, through the API.
            try await client.execute(
                uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"from": "2027-01-01", "to": "2027-05-31", "allowUnfilled": true}"#)
            ) { #expect($0.status == .ok) }
        }
        let snapshot = try store.snapshot(of: vienna)
        let today = LocalDateTime(june, in: snapshot.plan.group.zone)
        let session = try #require(
            snapshot.plan.sessions.first { $0.start <= today && !$0.organisers.isEmpty && $0.status != .cancelled })
        let organiser = try #require(session.organisers.first).memberID
        let other = try #require(
            snapshot.plan.members.first { member in !session.organisers.contains { $0.memberID == member.id } })
        let own = try store.createToken(in: vienna, scope: .organiserFeed(member: organiser), label: "o").secret
        let others = try store.createToken(in: vienna, scope: .organiserFeed(member: other.id), label: "x").secret
        let members = try store.createToken(in: vienna, scope: .membersFeed, label: "m").secret
        let path = "/api/v1/groups/vienna/sessions/\(session.id)/outcome"
        let body = #"{"held": true, "attendance": 11, "women": 4}"#
        try await Fixtures.app(dependencies).test(.router) { client in
            for (secret, status) in [
                (others, HTTPResponse.Status.forbidden), (members, .forbidden), (own, .ok),
            ] {
                try await client.execute(
                    uri: path, method: .post, headers: Fixtures.bearer(secret), body: Fixtures.json(body)
                ) { #expect($0.status == status, "\(secret == own ? "own" : "other") token") }
            }
            // The organiser's token reads nothing else of the API.
            try await client.execute(uri: "/api/v1/groups/vienna", method: .get, headers: Fixtures.bearer(own)) {
                #expect($0.status == .forbidden)
            }
        }
        #expect(try store.snapshot(of: vienna).outcomes[session.id]?.attendance == 11)
    }
}
