import Foundation
import PlannerStore
import Planning
import Testing

/// `planner session list`, the coordinator's table: each session's RSVP counts (never who
/// answered) and who declined a duty in it.
@Suite struct SessionListTests {
    @Test func theTableCountsRSVPsAndNamesDeclinesButNoRSVPName() async throws {
        let planner = try await PlannerRunner.withExampleGroup()
        let lunch = "lunch-and-learn@2027-03-10T12:30"
        try await planner.ok(["session", "organisers", lunch, "--group", "vienna", "--set", "thomas-gruber"])
        do {
            let store = try PlannerStore(path: planner.store)
            let vienna = try Slug("vienna")
            let id = try #require(Session.ID(parsing: lunch))
            try store.answerDuty(id, of: Slug("thomas-gruber"), in: vienna, answer: .declined, reason: "mission")
            try store.recordRSVP(.going, for: id, of: Slug("anton-berger"), in: vienna)
            try store.recordRSVP(.going, for: id, of: Slug("jonas-lindqvist"), in: vienna)
            try store.recordRSVP(.maybe, for: id, of: Slug("matteo-conti"), in: vienna)
            try store.recordRSVP(.notGoing, for: id, of: Slug("arben-hoxha"), in: vienna)
        }
        let table = try await planner.ok([
            "session", "list", "--group", "vienna", "--from", "2027-03-10", "--to", "2027-03-10",
        ])
        let row = try #require(table.split(separator: "\n").first { $0.hasPrefix(lunch) })
        #expect(row.contains("2 going, 1 maybe, 1 not going"))
        #expect(row.contains("thomas-gruber"), "the decline is named to the coordinator")
        #expect(!row.contains("mission"), "the decline's reason stays private")
        for member in ["anton-berger", "jonas-lindqvist", "matteo-conti", "arben-hoxha"] {
            #expect(!table.contains(member), "an RSVP is counted, never named: \(member)")
        }
    }
}
