import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PlannerServer
import PlannerStore
import Planning
import Synchronization
import Testing

/// Writes that don't overwrite each other: a plan is stored only if the group is still as it was
/// read (409 otherwise), and `If-Match` holds any write to the group's ETag (412 otherwise).
@Suite struct ConcurrentWriteTests {
    /// Runs a write of its own the next time the store asks for the time, once.
    ///
    /// The store asks for the time when a write begins, after a planning run has read the group
    /// and worked out its plan: armed, this lands another write exactly between the two, the way
    /// a second coordinator's request would, without depending on timing.
    final class InterleavedWrite: Sendable {
        private let pending = Mutex<(@Sendable () throws -> Void)?>(nil)

        /// The clock to give the store.
        var clock: @Sendable () -> Date {
            { [self] in
                if let write = pending.withLock({ pending in
                    defer { pending = nil }
                    return pending
                }) {
                    try? write()
                }
                return Fixtures.now
            }
        }

        /// Runs `write` when the store next begins a write.
        func arm(_ write: @escaping @Sendable () throws -> Void) { pending.withLock { $0 = write } }
    }

    let vienna: Slug
    let interleaved: InterleavedWrite
    let store: PlannerStore
    let dependencies: ServerDependencies
    let coordinator: String

    init() throws {
        vienna = try Fixtures.slug("vienna")
        let interleaved = InterleavedWrite()
        self.interleaved = interleaved
        store = try Fixtures.store(clock: interleaved.clock)
        dependencies = try Fixtures.dependencies(store)
        coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "coordinator").secret
    }

    /// The first member of the group with another name: an update a coordinator might make.
    func renamedMember() throws -> Member {
        let member = try #require(try store.snapshot(of: vienna).plan.members.first)
        var fields = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(member)) as? [String: Any])
        fields["name"] = "\(member.name) Renamed"
        return try JSONDecoder().decode(Member.self, from: JSONSerialization.data(withJSONObject: fields))
    }

    func headers(_ extra: HTTPFields = [:]) -> HTTPFields {
        var headers = Fixtures.bearer(coordinator)
        headers.append(contentsOf: extra)
        return headers
    }

    @Test(arguments: [
        ("/api/v1/groups/vienna/programme/plan", #"{"from":"2027-01","to":"2027-12","allowUnmet":true}"#),
        ("/api/v1/groups/vienna/assignments/plan", #"{"from":"2027-01-01","to":"2027-06-30","allowUnfilled":true}"#),
    ])
    func aPlanRacedByAMemberUpdateIs409AndStoresNothing(path: String, body: String) async throws {
        let before = try store.snapshot(of: vienna)
        let renamed = try renamedMember()
        let store = store
        let vienna = vienna
        interleaved.arm { try store.updateMember(renamed, in: vienna) }
        try await Fixtures.app(dependencies).test(.live) { client in
            try await client.execute(uri: path, method: .post, headers: headers(), body: Fixtures.json(body)) {
                response in
                #expect(response.status == .conflict)
                #expect(
                    Fixtures.errorMessage(response.body)
                        == "the group changed while planning (revision \(before.revision) → \(before.revision + 1)): plan again"
                )
            }
        }
        let after = try store.snapshot(of: vienna)
        // The member update landed; the plan did not.
        #expect(after.revision == before.revision + 1)
        #expect(after.plan.member(renamed.id)?.name == renamed.name)
        #expect(after.programme == before.programme)
        #expect(after.plan.sessions.map(\.organisers) == before.plan.sessions.map(\.organisers))
        #expect(after.plan.sessions.map(\.theme) == before.plan.sessions.map(\.theme))
    }

    @Test func anUnracedPlanIsStored() async throws {
        let before = try store.revision(of: vienna)
        try await Fixtures.app(dependencies).test(.live) { client in
            try await client.execute(
                uri: "/api/v1/groups/vienna/programme/plan", method: .post, headers: headers(),
                body: Fixtures.json(#"{"from":"2027-01","to":"2027-12","allowUnmet":true}"#)
            ) { response in
                #expect(response.status == .ok)
            }
        }
        #expect(try store.revision(of: vienna) == before + 1)
        #expect(try store.snapshot(of: vienna).programme.count == 12)
    }

    @Test func theGroupAnswersItsETagAndAStaleIfMatchIs412AndWritesNothing() async throws {
        let renamed = try renamedMember()
        let memberPath = "/api/v1/groups/vienna/members/\(renamed.id)"
        let body = ByteBuffer(bytes: try JSONEncoder().encode(renamed))
        try await Fixtures.app(dependencies).test(.live) { client in
            let revision = try store.revision(of: vienna)
            let tag = try await client.execute(uri: "/api/v1/groups/vienna", method: .get) { response in
                #expect(response.status == .ok)
                return try #require(response.headers[.eTag])
            }
            #expect(tag == "\"g\(revision)\"")
            try await client.execute(uri: memberPath, method: .put, headers: headers([.ifMatch: tag]), body: body) {
                response in
                #expect(response.status == .ok)
            }
            #expect(try store.revision(of: vienna) == revision + 1)
            let stored = try store.snapshot(of: vienna)
            // The same tag again is stale now: 412 with a JSON error, and nothing written.
            for stale in [tag, "W/\"g\(revision + 1)\"", "\"g\(revision + 1)x\""] {
                try await client.execute(
                    uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/cancel", method: .post,
                    headers: headers([.ifMatch: stale]), body: Fixtures.json(#"{"reason":"stale"}"#)
                ) { response in
                    #expect(response.status == .preconditionFailed, "If-Match \(stale)")
                    #expect(response.headers[.eTag] == "\"g\(revision + 1)\"")
                    #expect(Fixtures.errorMessage(response.body).contains("does not match"))
                }
            }
            let unchanged = try store.snapshot(of: vienna)
            #expect(unchanged.revision == stored.revision)
            #expect(unchanged.plan.sessions == stored.plan.sessions)
            // A list that names the current tag matches, and so does `*`.
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/confirm", method: .post,
                headers: headers([.ifMatch: "\(tag), \"g\(revision + 1)\""])
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/cancel", method: .post,
                headers: headers([.ifMatch: "*"]), body: Fixtures.json(#"{"reason":"any"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            #expect(try store.revision(of: vienna) == revision + 3)
        }
    }

    @Test func anIfMatchThatHeldWhenReadButNotWhenWrittenIs412() async throws {
        let renamed = try renamedMember()
        let revision = try store.revision(of: vienna)
        let store = store
        let vienna = vienna
        let session = try #require(Session.ID(parsing: "monthly-meeting@2027-03-02T15:00"))
        // The tag matches when the request arrives; another write lands before this one's.
        interleaved.arm { try store.confirmSession(session, in: vienna) }
        try await Fixtures.app(dependencies).test(.live) { client in
            try await client.execute(
                uri: "/api/v1/groups/vienna/members/\(renamed.id)", method: .put,
                headers: headers([.ifMatch: "\"g\(revision)\""]),
                body: ByteBuffer(bytes: try JSONEncoder().encode(renamed))
            ) { response in
                #expect(response.status == .preconditionFailed)
            }
        }
        #expect(try store.revision(of: vienna) == revision + 1)
        #expect(try store.snapshot(of: vienna).plan.member(renamed.id)?.name != renamed.name)
    }

    @Test func concurrentPlansAndUpdatesAnswerSuccessOrConflictNeverAnError() async throws {
        let renamed = try renamedMember()
        let member = try #require(try store.snapshot(of: vienna).plan.member(renamed.id))
        try await Fixtures.app(dependencies).test(.live) { client in
            let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { tasks in
                for round in 0..<3 {
                    tasks.addTask {
                        try await client.execute(
                            uri: "/api/v1/groups/vienna/programme/plan", method: .post, headers: headers(),
                            body: Fixtures.json(#"{"from":"2027-01","to":"2027-03","allowUnmet":true}"#)
                        ) { $0.status }
                    }
                    tasks.addTask {
                        try await client.execute(
                            uri: "/api/v1/groups/vienna/members/\(renamed.id)", method: .put, headers: headers(),
                            body: ByteBuffer(
                                bytes: try JSONEncoder().encode(round.isMultiple(of: 2) ? renamed : member))
                        ) { $0.status }
                    }
                }
                return try await tasks.reduce(into: [HTTPResponse.Status]()) { $0.append($1) }
            }
            // Each answer is a success or, for a plan overtaken by an update, a 409: never a 5xx.
            #expect(statuses.allSatisfy { $0 == .ok || $0 == .conflict }, "\(statuses)")
        }
    }

    @Test func theStoreRefusesAPlanMadeFromAnOlderRevision() throws {
        let snapshot = try store.snapshot(of: vienna)
        let programme = ProgrammePlanner.plan(
            ProgrammePlanner.Request(
                plan: snapshot.plan, catalogue: try store.catalogue(),
                months: MonthKey.range(try MonthKey(year: 2027, month: 1), try MonthKey(year: 2027, month: 12))))
        try store.updateMember(try renamedMember(), in: vienna)
        let error = try #require(throws: StoreError.self) {
            try store.recordProgramme(programme, in: vienna, expectedRevision: snapshot.revision)
        }
        #expect(error.code == .changed)
        #expect(error.message.contains("revision \(snapshot.revision) → \(snapshot.revision + 1)"))
        #expect(try store.snapshot(of: vienna).programme == snapshot.programme)
        try store.recordProgramme(programme, in: vienna, expectedRevision: snapshot.revision + 1)
        #expect(try store.snapshot(of: vienna).programme.count == 12)
    }
}
