import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Planning
import Testing

/// Found while probing the API beside the fuzzer: an activity starting centuries away made one
/// request store hundreds of thousands of sessions while holding the write lock. The store takes
/// activities that start within `session-horizon-years` (5) of today, before or after (the
/// tests' "now" is 15 January 2027).
@Suite struct ActivityStartTests {
    @Test(arguments: [
        (#"{"series":{"_0":{"rule":"FREQ=DAILY","start":"1000-06-01T10:00"}}}"#, HTTPResponse.Status.badRequest),
        (#"{"oneOff":{"_0":"9999-06-01T10:00"}}"#, .badRequest),
        (#"{"oneOff":{"_0":"2032-01-16T10:00"}}"#, .badRequest),
        (#"{"oneOff":{"_0":"2032-01-14T10:00"}}"#, .created),
        (#"{"oneOff":{"_0":"2021-12-01T10:00"}}"#, .badRequest),
        (#"{"series":{"_0":{"rule":"FREQ=MONTHLY;BYDAY=1WE","start":"2027-02-03T12:00"}}}"#, .created),
    ])
    func anActivityMustStartWithinTheSessionHorizon(schedule: String, expected: HTTPResponse.Status) async throws {
        let store = try Fixtures.store()
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "coordinator").secret
        let revision = try store.revision(of: vienna)
        try await Fixtures.app(try Fixtures.dependencies(store)).test(.live) { client in
            let body = #"{"slug":"probe","kind":"lunch-and-learn","title":"Probe","schedule":"# + schedule + "}"
            try await client.execute(
                uri: "/api/v1/groups/vienna/activities", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(body)
            ) { response in
                #expect(response.status == expected, "\(String(buffer: response.body))")
                if expected == .badRequest {
                    #expect(Fixtures.errorMessage(response.body).contains("session-horizon-years"))
                }
            }
        }
        #expect(try store.revision(of: vienna) == (expected == .created ? revision + 1 : revision))
    }
}

extension ActivityStartTests {
    struct CancelAnswer: Decodable, Equatable {
        let cancelled: String
        let revision: Int
    }

    @Test func cancellingAnActivityAnswersItAndTheNewRevisionAsANumber() async throws {
        let store = try Fixtures.store()
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "coordinator").secret
        let revision = try store.revision(of: vienna)
        try await Fixtures.app(try Fixtures.dependencies(store)).test(.live) { client in
            try await client.execute(
                uri: "/api/v1/groups/vienna/activities/lunch-and-learn/cancel", method: .post,
                headers: Fixtures.bearer(coordinator), body: Fixtures.json(#"{"reason":"no room"}"#)
            ) { response in
                #expect(response.status == .ok)
                let answer = try Fixtures.decode(CancelAnswer.self, response.body)
                #expect(answer == CancelAnswer(cancelled: "lunch-and-learn", revision: revision + 1))
            }
        }
    }
}
