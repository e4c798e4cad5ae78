import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import PlannerStore
import Planning
import Testing

@testable import PlannerServer

@Suite struct TokenTests {
    // MARK: - Reading never needs a write

    /// Another process (a `planner import`) holds the store's write lock: a private feed and an
    /// API read with tokens not used lately are still answered, and the uses are recorded once
    /// the lock is gone.
    @Test func aTokenCheckNeverWaitsForTheWriteLock() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-lock-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        let store = try PlannerStore(path: path, clock: { Fixtures.now })
        try Fixtures.fill(store)
        let vienna = try Fixtures.slug("vienna")
        let feed = try store.createToken(in: vienna, scope: .membersFeed, label: "phone")
        let reader = try store.createToken(in: vienna, scope: .api(.reader), label: "dashboard")
        let dependencies = try Fixtures.dependencies(store)

        // The importer holds the write lock on a thread of its own until the requests are done.
        let importer = try DatabaseQueue(path: path)
        let locked = DispatchSemaphore(value: 0)
        let release = DispatchSemaphore(value: 0)
        let finished = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            try? importer.inDatabase { db in
                try db.execute(sql: "BEGIN IMMEDIATE")
                locked.signal()
                release.wait()
                try db.execute(sql: "ROLLBACK")
            }
            finished.signal()
        }
        locked.wait()
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna/members.ics?token=\(feed.secret)", method: .get) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(reader.secret)
            ) { response in
                #expect(response.status == .ok)
            }
        }
        release.signal()
        finished.wait()
        dependencies.tokenUses.drain()
        let used = try store.tokens(of: vienna).filter { $0.lastUsed == Fixtures.now }.map(\.id)
        #expect(Set(used) == [feed.token.id, reader.token.id])
    }

    // MARK: - In the store

    @Test func aSecretIsLongRandomAndStoredOnlyAsAHash() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("tokens-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        let store = try PlannerStore(path: path)
        try Fixtures.fill(store)
        let vienna = try Fixtures.slug("vienna")
        let first = try store.createToken(in: vienna, scope: .membersFeed, label: "Outlook")
        let second = try store.createToken(in: vienna, scope: .membersFeed, label: "Apple")
        #expect(first.secret != second.secret)
        #expect(first.secret.count >= 43)  // 256 bits in base64url
        #expect(first.secret.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" })
        let fileBytes =
            try Data(contentsOf: URL(fileURLWithPath: path))
            + ((try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data())
        #expect(fileBytes.range(of: Data(first.secret.utf8)) == nil)
    }

    @Test func rotationReplacesTheSecretAndRevocationEndsIt() throws {
        var now = Date(timeIntervalSince1970: 1_800_000_000)
        let clock = LockedClock(now)
        let store = try Fixtures.store(clock: { clock.now })
        let vienna = try Fixtures.slug("vienna")
        let issued = try store.createToken(in: vienna, scope: .api(.reader), label: "dashboard")
        #expect(try store.authenticate(secret: issued.secret)?.id == issued.token.id)
        #expect(try store.tokens(of: vienna).first { $0.id == issued.token.id }?.lastUsed == nil, "a check only reads")
        try store.recordTokenUses([issued.token.id: now])
        try store.recordTokenUses([issued.token.id: now - 60])
        #expect(try store.tokens(of: vienna).first { $0.id == issued.token.id }?.lastUsed == now, "never moves back")

        now += 3_600
        clock.now = now
        let rotated = try store.rotateToken(issued.token.id, in: vienna)
        #expect(rotated.token.id == issued.token.id)
        #expect(rotated.token.label == "dashboard")
        #expect(rotated.token.rotated == now)
        #expect(try store.authenticate(secret: issued.secret) == nil)
        #expect(try store.authenticate(secret: rotated.secret)?.id == issued.token.id)

        try store.revokeToken(issued.token.id, in: vienna)
        #expect(try store.authenticate(secret: rotated.secret) == nil)
        #expect(try store.tokens(of: vienna).first { $0.id == issued.token.id }?.isActive == false)
        #expect(throws: StoreError.self) { try store.rotateToken(issued.token.id, in: vienna) }
    }

    @Test func aTokenBelongsToOneGroupAndOrganiserTokensToAMember() throws {
        let store = try Fixtures.store()
        let vienna = try Fixtures.slug("vienna")
        let skopje = try Fixtures.slug("skopje")
        let issued = try store.createToken(in: vienna, scope: .api(.coordinator), label: "a")
        #expect(throws: StoreError.self) { try store.revokeToken(issued.token.id, in: skopje) }
        #expect(throws: StoreError.self) { try store.rotateToken(issued.token.id, in: skopje) }
        #expect(try store.tokens(of: skopje).isEmpty)
        #expect(throws: StoreError.self) {
            try store.createToken(in: vienna, scope: .organiserFeed(member: Fixtures.slug("nobody")), label: "x")
        }
        #expect(throws: StoreError.self) { try store.createToken(in: vienna, scope: .membersFeed, label: "  ") }
        let member = try #require(try store.snapshot(of: vienna).plan.members.first)
        let organiser = try store.createToken(in: vienna, scope: .organiserFeed(member: member.id), label: "duties")
        #expect(organiser.token.scope == .organiserFeed(member: member.id))
    }

    // MARK: - Over HTTP

    @Test func aCoordinatorManagesTokensThroughTheAPI() async throws {
        let store = try Fixtures.store()
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "coordinator").secret
        let reader = try store.createToken(in: vienna, scope: .api(.reader), label: "reader").secret
        let dependencies = try Fixtures.dependencies(store)
        struct Issued: Decodable {
            struct Token: Decodable {
                let id: Int64
                let kind: String
                let label: String
            }
            let token: Token
            let secret: String
            let url: String?
        }
        try await Fixtures.app(dependencies).test(.router) { client in
            let made = try await client.execute(
                uri: "/api/v1/groups/vienna/tokens", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"kind":"members-feed","label":"Thunderbird"}"#)
            ) { response in
                #expect(response.status == .created)
                return try Fixtures.decode(Issued.self, response.body)
            }
            #expect(made.url == "https://calendars.example.org/calendars/vienna/members.ics?token=\(made.secret)")
            try await client.execute(
                uri: "/api/v1/groups/vienna/tokens", method: .get, headers: Fixtures.bearer(coordinator)
            ) { response in
                let text = String(buffer: response.body)
                #expect(text.contains("Thunderbird"))
                #expect(!text.contains(made.secret))
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/tokens", method: .get, headers: Fixtures.bearer(reader)
            ) { response in
                #expect(response.status == .forbidden)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/tokens", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"kind":"api","label":"no role"}"#)
            ) { response in
                #expect(response.status == .badRequest)
                #expect(Fixtures.errorField(response.body) == "role")
            }
            let rotated = try await client.execute(
                uri: "/api/v1/groups/vienna/tokens/\(made.token.id)/rotate", method: .post,
                headers: Fixtures.bearer(coordinator)
            ) { response in
                #expect(response.status == .ok)
                return try Fixtures.decode(Issued.self, response.body)
            }
            #expect(rotated.secret != made.secret)
            #expect(try store.authenticate(secret: made.secret) == nil)
            try await client.execute(
                uri: "/api/v1/groups/vienna/tokens/\(made.token.id)", method: .delete,
                headers: Fixtures.bearer(coordinator)
            ) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("revoked"))
            }
            #expect(try store.authenticate(secret: rotated.secret) == nil)
            try await client.execute(
                uri: "/api/v1/groups/vienna/tokens/999999", method: .delete, headers: Fixtures.bearer(coordinator)
            ) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(
                uri: "/api/v1/groups/skopje/tokens", method: .get, headers: Fixtures.bearer(coordinator)
            ) { response in
                #expect(response.status == .forbidden)
            }
        }
    }

    @Test func aRotatedAPITokenStopsWorkingAtOnce() async throws {
        let store = try Fixtures.store()
        let vienna = try Fixtures.slug("vienna")
        let issued = try store.createToken(in: vienna, scope: .api(.reader), label: "reader")
        let dependencies = try Fixtures.dependencies(store)
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(issued.secret)
            ) { response in
                #expect(response.status == .ok)
            }
            let rotated = try store.rotateToken(issued.token.id, in: vienna)
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(issued.secret)
            ) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(rotated.secret)
            ) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// A settable clock for stores under test.
final class LockedClock: @unchecked Sendable {
    private let lock = NSLock()
    private var value: Date

    init(_ value: Date) { self.value = value }

    var now: Date {
        get { lock.withLock { value } }
        set { lock.withLock { value = newValue } }
    }
}
