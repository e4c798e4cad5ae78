import Testing
@testable import Planning

@Test func moduleLinks() {
    #expect(Bool(true))
}
