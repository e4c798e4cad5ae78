import Testing
@testable import PlannerServer

@Test func moduleLinks() {
    #expect(Bool(true))
}
