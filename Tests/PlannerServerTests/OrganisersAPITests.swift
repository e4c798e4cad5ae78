import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PlannerServer
import PlannerStore
import Planning
import Testing

/// `PUT …/sessions/{session}/organisers`: a coordinator puts named members on a session by
/// hand; a breach of the rules is refused by name (nothing stored) unless asked for anyway.
@Suite struct OrganisersAPITests {
    @Test func aCoordinatorSetsOrganisersByHandAndABreachIsRefusedByName() async throws {
        let store = try Fixtures.store()
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: logger,
            revisions: RevisionMemo(lifetime: .zero))
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "c").secret
        let reader = try store.createToken(in: vienna, scope: .api(.reader), label: "r").secret
        let sessions = try store.snapshot(of: vienna).plan.sessions
        let march = try LocalDate(parsing: "2027-03-02")
        let meeting = try #require(
            sessions.first { $0.activity.rawValue == "monthly-meeting" && $0.start.date == march })
        let path = "/api/v1/groups/vienna/sessions/\(meeting.id)/organisers"
        // Matteo is on mission to Bishkek that week; Anton can chair.
        let away = Fixtures.json(#"{"members": ["matteo-conti"], "pinned": true}"#)
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: path, method: .put, body: away) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: path, method: .put, headers: Fixtures.bearer(reader), body: away) {
                #expect($0.status == .forbidden)
            }
            let revision = try store.revision(of: vienna)
            try await client.execute(uri: path, method: .put, headers: Fixtures.bearer(coordinator), body: away) {
                response in
                #expect(response.status == .badRequest)
                let message = Fixtures.errorMessage(response.body)
                #expect(message.contains("matteo-conti") && message.contains("[absence]"))
            }
            #expect(try store.revision(of: vienna) == revision, "a refused change stores nothing")
            try await client.execute(
                uri: path, method: .put, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"members": ["anton-berger"], "pinned": true}"#)
            ) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""changed":true"#) && text.contains(#""breaches":[]"#))
                #expect(text.contains("anton-berger") && text.contains("set by hand"))
            }
            try await client.execute(
                uri: path, method: .put, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"members": ["matteo-conti"], "despiteRules": true}"#)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""rule":"absence""#))
            }
            try await client.execute(
                uri: path, method: .put, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"members": ["nobody-here"]}"#)
            ) { #expect($0.status == .badRequest) }
        }
        let stored = try store.snapshot(of: vienna).plan.sessions.first { $0.id == meeting.id }
        #expect(stored?.organisers.map(\.memberID.rawValue) == ["matteo-conti"])
    }
}
