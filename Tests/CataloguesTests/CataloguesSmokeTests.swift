import Testing
@testable import Catalogues

@Test func moduleLinks() {
    #expect(Bool(true))
}
