import Foundation
import Planning
import Testing

/// An outcome holds counts only, consistent with each other, and a web link.
@Suite struct SessionOutcomeTests {
    static let slides = URL(string: "https://example.org/slides.pdf")

    @Test func aConsistentOutcomeIsKept() throws {
        let outcome = try SessionOutcome(
            held: true, attendance: 14, women: 5, men: 8, undisclosed: 1, note: "  good talk  ", materials: Self.slides)
        #expect(outcome.attendance == 14 && outcome.women == 5 && outcome.men == 8 && outcome.undisclosed == 1)
        #expect(outcome.materials == Self.slides)
        #expect(try SessionOutcome(held: true, note: "   ").note == nil)
    }

    typealias Counts = (held: Bool, attendance: Int?, women: Int?, men: Int?, undisclosed: Int?, field: String)
    static let inconsistent: [Counts] = [
        (true, 3, 2, 2, nil, "attendance"),  // the split is more than the total
        (true, nil, 1, nil, nil, "attendance"),  // a split without a total
        (false, 4, nil, nil, nil, "attendance"),  // not held, yet people came
        (true, -1, nil, nil, nil, "attendance"),
        (true, 10_001, nil, nil, nil, "attendance"),
        (true, 5, nil, -2, nil, "men"),
    ]

    @Test(arguments: 0..<inconsistent.count)
    func anInconsistentOutcomeIsRefusedNamingTheField(_ index: Int) {
        let example = Self.inconsistent[index]
        let error = #expect(throws: PlanningError.self) {
            try SessionOutcome(
                held: example.held, attendance: example.attendance, women: example.women, men: example.men,
                undisclosed: example.undisclosed)
        }
        #expect(error?.path == example.field)
    }

    @Test func materialsMustBeAWebAddressAndDecodingChecksTheRules() throws {
        #expect(throws: PlanningError.self) {
            try SessionOutcome(held: true, materials: URL(string: "ftp://example.org/film.mp4"))
        }
        let decoder = JSONDecoder()
        #expect(throws: PlanningError.self) {
            try decoder.decode(SessionOutcome.self, from: Data(#"{"held": false, "attendance": 3}"#.utf8))
        }
        let read = try decoder.decode(
            SessionOutcome.self,
            from: Data(#"{"held": true, "attendance": 9, "materials": "https://example.org/a"}"#.utf8))
        #expect(
            read == (try SessionOutcome(held: true, attendance: 9, materials: URL(string: "https://example.org/a"))))
    }
}
