import Testing
@testable import CalendarFeeds

@Test func moduleLinks() {
    #expect(Bool(true))
}
