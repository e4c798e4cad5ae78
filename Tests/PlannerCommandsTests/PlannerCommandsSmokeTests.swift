import Testing
@testable import PlannerCommands

@Test func moduleLinks() {
    #expect(Bool(true))
}
