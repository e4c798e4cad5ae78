import Testing
@testable import PlannerStore

@Test func moduleLinks() {
    #expect(Bool(true))
}
