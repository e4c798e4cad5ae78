import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Planning
import Testing

/// The engines over HTTP: the same answers as calling them on the stored plan.
@Suite struct PlanningRouteTests {
    let store: PlannerStore
    let dependencies: ServerDependencies
    let reader: String

    init() throws {
        store = try Fixtures.store()
        dependencies = try Fixtures.dependencies(store)
        reader = try store.createToken(in: Fixtures.slug("vienna"), scope: .api(.reader), label: "reader").secret
    }

    @Test func theCheckListsTheEnginesBreachesAndNeedsAToken() async throws {
        let plan = try store.snapshot(of: Fixtures.slug("vienna")).plan
        let expected = PlanChecker.check(
            sessions: plan.sessions, members: plan.members, group: plan.group, catalogue: try store.catalogue(),
            activities: plan.activities)
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/api/v1/groups/vienna/check", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/api/v1/groups/vienna/check", method: .get, headers: Fixtures.bearer(reader))
            { response in
                #expect(response.status == .ok)
                struct Answer: Decodable { let breaches: [RuleBreach] }
                let answer = try Fixtures.decode(Answer.self, response.body)
                #expect(answer.breaches == expected)
            }
        }
    }

    @Test func aDryRunPlansWithoutWritingAndACoordinatorStoresThePlan() async throws {
        let vienna = try Fixtures.slug("vienna")
        let revision = try store.revision(of: vienna)
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "coordinator").secret
        struct Staffed: Decodable {
            let id: String
            let organisers: [Assignment]
        }
        struct Plan: Decodable {
            let stored: Bool
            let sessions: [Staffed]
            let unfilled: [UnfilledSlot]
        }
        struct Shortfall: Decodable { let plan: Plan }
        @Sendable func plan(_ response: TestResponse) throws -> Plan {
            response.status == .unprocessableContent
                ? try Fixtures.decode(Shortfall.self, response.body).plan
                : try Fixtures.decode(Plan.self, response.body)
        }
        try await Fixtures.app(dependencies).test(.router) { client in
            let window = #"{"from":"2027-03-01","to":"2027-04-30""#
            let dry = try await client.execute(
                uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(reader),
                body: Fixtures.json(window + #","dryRun":true}"#)
            ) { response in
                let answer = try plan(response)
                #expect(!answer.stored)
                // 422 exactly when a slot stays empty.
                #expect((response.status == .unprocessableContent) == !answer.unfilled.isEmpty)
                #expect(answer.sessions.contains { $0.id == "monthly-meeting@2027-03-02T15:00" })
                return answer
            }
            #expect(try store.revision(of: vienna) == revision)
            try await client.execute(
                uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(reader),
                body: Fixtures.json(window + "}")
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(window + #","allowUnfilled":true}"#)
            ) { response in
                #expect(response.status == .ok)
                let answer = try plan(response)
                #expect(answer.stored)
            }
            let stored = try store.snapshot(of: vienna).plan.sessions
            for session in dry.sessions {
                #expect(
                    stored.first { $0.id.description == session.id }?.organisers.map(\.memberID)
                        == session.organisers.map(\.memberID))
            }
            let revisionAfter = try store.revision(of: vienna)
            #expect(dry.sessions.allSatisfy { $0.organisers.isEmpty } || revisionAfter > revision)
            try await client.execute(
                uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(reader),
                body: Fixtures.json(#"{"from":"2027-04-30","to":"2027-03-01","dryRun":true}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorField(response.body) == "to")
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/explain", method: .get,
                headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("monthly-meeting"))
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2031-03-04T15:00/explain", method: .get,
                headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anImpossibleProgrammeIs422WithThePlanAndTheReason() async throws {
        // Two months cannot carry the group's yearly targets (PS-VAW 2, INT-WORKENV 2, …) scaled
        // to the period… but a whole year can. The answer's status must match the targets.
        try await Fixtures.app(dependencies).test(.router) { client in
            for (from, to) in [("2027-01", "2027-12"), ("2027-03", "2027-03")] {
                try await client.execute(
                    uri: "/api/v1/groups/vienna/programme/preview", method: .post, headers: Fixtures.bearer(reader),
                    body: Fixtures.json(#"{"from":"\#(from)","to":"\#(to)"}"#)
                ) { response in
                    struct Target: Decodable {
                        let target: Int
                        let achieved: Int
                    }
                    struct Plan: Decodable {
                        let targets: [Target]
                        let months: [ProgrammeMonth]
                    }
                    struct Shortfall: Decodable { let plan: Plan }
                    let plan: Plan
                    if response.status == .unprocessableContent {
                        plan = try Fixtures.decode(Shortfall.self, response.body).plan
                        #expect(plan.targets.contains { $0.achieved < $0.target }, "\(from)…\(to)")
                        #expect(Fixtures.errorMessage(response.body).contains("GAP target"))
                    } else {
                        #expect(response.status == .ok, "\(from)…\(to)")
                        plan = try Fixtures.decode(Plan.self, response.body)
                        #expect(plan.targets.allSatisfy { $0.achieved >= $0.target }, "\(from)…\(to)")
                    }
                    #expect(plan.months.first?.month.description == from)
                }
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/programme/preview", method: .post, headers: Fixtures.bearer(reader),
                body: Fixtures.json(#"{"from":"2027-13","to":"2027-12"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorField(response.body) == "from")
            }
        }
    }
}

@Suite struct ProgrammeStoringTests {
    @Test func aCoordinatorStoresTheProgrammeAReaderOnlyPreviewsIt() async throws {
        let store = try Fixtures.store()
        let dependencies = try Fixtures.dependencies(store)
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "co-chairs").secret
        let reader = try store.createToken(in: vienna, scope: .api(.reader), label: "members").secret
        let body = #"{"from":"2027-01","to":"2027-12"}"#
        try await Fixtures.app(dependencies).test(.router) { client in
            let before = try store.snapshot(of: vienna)
            try await client.execute(
                uri: "/api/v1/groups/vienna/programme/plan", method: .post, headers: Fixtures.bearer(reader),
                body: Fixtures.json(body)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/programme/plan", method: .post, headers: Fixtures.bearer(reader),
                body: Fixtures.json(#"{"from":"2027-01","to":"2027-12","dryRun":true}"#)
            ) { response in
                #expect(response.status == .ok)
                struct Answer: Decodable { let stored: Bool }
                let answer = try Fixtures.decode(Answer.self, response.body)
                #expect(answer.stored == false)
            }
            #expect(try store.snapshot(of: vienna).revision == before.revision)
            try await client.execute(
                uri: "/api/v1/groups/vienna/programme/plan", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(body)
            ) { response in
                #expect(response.status == .ok)
                struct Answer: Decodable {
                    let stored: Bool
                    let months: [ProgrammeMonth]
                }
                let answer = try Fixtures.decode(Answer.self, response.body)
                #expect(answer.stored)
                let after = try store.snapshot(of: vienna)
                #expect(after.revision == before.revision + 1)
                #expect(after.programme.count == 12)
                for month in answer.months {
                    #expect(after.programme[month.month]?.theme == month.theme)
                }
            }
        }
    }
}
