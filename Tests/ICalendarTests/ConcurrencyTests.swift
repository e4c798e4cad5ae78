import Foundation
import ICalendar
import Testing

@Suite struct ConcurrencyTests {
    struct Outcome: Equatable, Sendable {
        var bytes: Data
        var parsed: ICSCalendar
        var occurrences: [ICSOccurrence]
    }

    static func work() throws -> Outcome {
        let calendar = try Samples.full()
        let bytes = try calendar.serializedData()
        let parsed = try ICSCalendar.parse(bytes).calendar
        let year = Samples.utc("2026-01-01T00:00:00Z")..<Samples.utc("2027-01-01T00:00:00Z")
        return Outcome(bytes: bytes, parsed: parsed, occurrences: try parsed.occurrences(in: year))
    }

    @Test func sixteenTasksGiveTheSameBytesAsOne() async throws {
        let alone = try Self.work()
        let results = try await withThrowingTaskGroup(of: [Outcome].self) { group in
            for _ in 0..<16 {
                group.addTask {
                    var outcomes: [Outcome] = []
                    for _ in 0..<20 { outcomes.append(try Self.work()) }
                    return outcomes
                }
            }
            var all: [Outcome] = []
            for try await outcomes in group { all += outcomes }
            return all
        }
        #expect(results.count == 16 * 20)
        for result in results {
            #expect(result == alone)
        }
    }
}
