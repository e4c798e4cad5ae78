import Foundation
import PlannerStore
import Planning
import Testing

/// The CLI writes to a store file while another process (this test) reads it, as the daemon
/// does beside a coordinator's `planner`: WAL mode lets both work, and reads stay consistent.
@Suite struct TwoProcessTests {
    @Test func theCLIWritesWhileAnotherProcessReads() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        let reader = try PlannerStore(path: planner.store)
        let vienna = try Slug("vienna")
        let start = try reader.revision(of: vienna)

        let writes = Task.detached {
            for day in [3, 4, 5, 8, 9, 10] {
                let result = try await planner.run([
                    "session", "move", "--group", "vienna", "--session", "monthly-meeting@2027-03-02T15:00",
                    "--to", String(format: "2027-03-%02dT15:00", day), "--reason", "room shuffle",
                ])
                #expect(result.status == 0, "\(result.error)")
            }
        }
        var seen: [Int] = []
        // Bounded: at most 20 s of polling even if a write hangs.
        for _ in 0..<4000 where seen.last.map({ $0 < start + 6 }) ?? true {
            let snapshot = try reader.snapshot(of: vienna)
            // Every read is one consistent snapshot: the session's sequence matches the revision.
            let id = Session.ID(
                activity: try Slug("monthly-meeting"), ruleDate: try LocalDateTime(parsing: "2027-03-02T15:00"))
            #expect(snapshot.sessionStamps[id]?.sequence == snapshot.revision - start)
            seen.append(snapshot.revision)
            try await Task.sleep(for: .milliseconds(5))
        }
        try await writes.value
        #expect(seen == seen.sorted(), "revisions went back: \(seen)")
        #expect(try reader.revision(of: vienna) == start + 6)
        let moved = try reader.snapshot(of: vienna).plan.sessions.first {
            $0.ruleDate.description == "2027-03-02T15:00"
        }
        #expect(moved?.start.description == "2027-03-10T15:00")
    }
}
