import ICalendar
import Testing

@Test func linksTheSystemLibical() {
    #expect(ICalendarLibrary.version.hasPrefix("3."))
}
