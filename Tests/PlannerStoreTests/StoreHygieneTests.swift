import Foundation
import GRDB
import PlannerStore
import Planning
import Testing

/// What the store file reveals and how far ahead it plans: file modes, the store's identity,
/// rows that no longer validate, and the session horizon.
@Suite struct StoreHygieneTests {
    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("planner-hygiene-\(UUID().uuidString)/nested")
    }

    /// A file store with the fixture's catalogue and group in a new folder (removed by the
    /// caller's `cleanUp`).
    func filledFileStore() throws -> (store: PlannerStore, folder: URL, path: String, cleanUp: () -> Void) {
        let folder = temporaryFolder()
        let path = folder.appendingPathComponent("planner.sqlite").path
        let store = try PlannerStore(path: path)
        try store.installCatalogue(Fixture.catalogue())
        try store.importGroup(Fixture.plan())
        return (store, folder, path, { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) })
    }

    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test func aNewStoreIsReadableByItsOwnerOnly() throws {
        let (_, folder, path, cleanUp) = try filledFileStore()
        defer { cleanUp() }
        #expect(try mode(folder.path) == 0o700)
        #expect(try mode(path) == 0o600)
        for sidecar in [path + "-wal", path + "-shm"] where FileManager.default.fileExists(atPath: sidecar) {
            #expect(try mode(sidecar) == 0o600, "\(sidecar)")
        }
    }

    @Test func anExistingStoreOpenToOthersIsTightened() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        do {
            let store = try PlannerStore(path: path)
            try store.installCatalogue(Fixture.catalogue())
        }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        #expect(try mode(path) == 0o644)
        _ = try PlannerStore(path: path)
        #expect(try mode(path) == 0o600)
    }

    @Test func theIdentityIsKeptByTheFileAndDiffersBetweenStores() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent()) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        let identity = try PlannerStore(path: path).identity()
        #expect(identity.count == 16)
        #expect(try PlannerStore(path: path).identity() == identity)
        #expect(try PlannerStore.inMemory().identity() != identity)
        #expect(try PlannerStore.inMemory().identity() != PlannerStore.inMemory().identity())
    }

    @Test func aRowThatNoLongerValidatesIsNamedAsCorrupt() throws {
        let (store, _, path, cleanUp) = try filledFileStore()
        defer { cleanUp() }
        try DatabaseQueue(path: path).write { db in
            try db.execute(
                sql: "UPDATE member SET body = json_set(body, '$.email', 'anton at home') WHERE slug = 'anton'")
        }
        let error = try #require(throws: StoreError.self) { try store.snapshot(of: Fixture.slug("vienna")) }
        #expect(error.code == .corrupt)
        #expect(error.message.contains("member 'anton'"))
    }

    @Test func noSessionIsPlannedBeyondTheHorizon() throws {
        var store = try Fixture.store()  // its clock starts on 1 January 2027
        store.sessionHorizonYears = 2
        try store.importGroup(Fixture.plan())
        // A series without an end stops at the horizon, not later.
        let open = try Activity(
            slug: Fixture.slug("reading-circle"), kind: Fixture.slug("monthly-meeting"), title: "Reading circle",
            schedule: .series(
                Series(rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=2TH"), start: Fixture.time("2027-02-11T17:00"))
            ))
        try store.addActivity(open, to: Fixture.slug("vienna"))
        let last = try store.snapshot(of: Fixture.slug("vienna")).plan.sessions.map(\.start.date).max()
        #expect(try #require(last) <= Fixture.date("2029-01-01"))
        #expect(try #require(last) >= Fixture.date("2028-12-01"))
        // Further ahead is refused, with the limit named.
        let late = try Activity(
            slug: Fixture.slug("far-meeting"), kind: Fixture.slug("monthly-meeting"), title: "Far meeting",
            schedule: .series(
                Series(rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1TU"), start: Fixture.time("2031-01-07T15:00"))
            ))
        let error = try #require(throws: StoreError.self) { try store.addActivity(late, to: Fixture.slug("vienna")) }
        #expect(error.code == .invalid)
        #expect(error.message.contains("more than 2 years ahead"))
        let tooFar = try #require(throws: StoreError.self) {
            try store.addActivity(
                Activity(
                    slug: Fixture.slug("another-circle"), kind: open.kind, title: "Another circle",
                    schedule: open.schedule),
                to: Fixture.slug("vienna"), sessionsThrough: Fixture.date("2040-01-01"))
        }
        #expect(tooFar.message.contains("more than 2 years ahead"))
    }
}
