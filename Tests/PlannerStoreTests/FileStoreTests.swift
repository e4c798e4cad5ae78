import Foundation
import GRDB
import PlannerStore
import Planning
import Testing

@Suite struct FileStoreTests {
    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("planner-\(UUID().uuidString)/planner.sqlite")
            .path
    }

    @Test func aFileStoreIsInWALModeAndSurvivesReopening() throws {
        let path = temporaryPath()
        do {
            let store = try PlannerStore(path: path)
            try store.installCatalogue(Fixture.catalogue())
            try store.importGroup(Fixture.plan())
        }
        let reopened = try PlannerStore(path: path)
        #expect(try reopened.snapshot(of: Fixture.slug("vienna")).plan.members.count == 3)
        let mode = try DatabaseQueue(path: path).read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(mode == "wal")
    }

    @Test func aSecondConnectionReadsWhileTheFirstWrites() async throws {
        let path = temporaryPath()
        let writer = try PlannerStore(path: path)
        try writer.installCatalogue(Fixture.catalogue())
        try writer.importGroup(Fixture.plan())
        let reader = try PlannerStore(path: path)
        let vienna = Fixture.slug("vienna")
        let id = Session.ID(activity: Fixture.slug("monthly-meeting"), ruleDate: Fixture.time("2027-06-01T15:00"))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask {
                for day in 2...21 {
                    try writer.moveSession(
                        id, in: vienna, to: Fixture.time(String(format: "2027-06-%02dT15:00", day)), reason: "shuffle")
                }
            }
            tasks.addTask {
                var last = 0
                for _ in 0..<50 {
                    let snapshot = try reader.snapshot(of: vienna)
                    // Every read is a consistent snapshot: revisions never go back.
                    #expect(snapshot.revision >= last)
                    last = snapshot.revision
                }
            }
            try await tasks.waitForAll()
        }
        let final = try reader.snapshot(of: vienna)
        #expect(final.revision == 21)
        #expect(final.plan.sessions.first { $0.id == id }?.start == Fixture.time("2027-06-21T15:00"))
    }

    @Test func anUnopenableStoreSaysWhere() throws {
        let error = try #require(throws: StoreError.self) { try PlannerStore(path: "/proc/planner/store.sqlite") }
        #expect(error.code == .database)
        #expect(error.message.contains("/proc/planner/store.sqlite"))
    }
}
