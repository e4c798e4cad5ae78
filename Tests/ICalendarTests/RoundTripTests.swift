import Foundation
import ICalendar
import Testing

@Suite struct RoundTripTests {
    @Test func everyPropertySurvivesSerialiseAndParse() throws {
        let calendar = try Samples.full()
        let text = try calendar.serialized()
        let parsed = try ICSCalendar.parse(text)
        #expect(parsed.problems.isEmpty, "\(parsed.problems)")
        #expect(parsed.calendars.count == 1)
        #expect(parsed.calendar.events.count == calendar.events.count)
        for (built, read) in zip(calendar.events, parsed.calendar.events) {
            #expect(built == read)
        }
        #expect(parsed.calendar == calendar)
    }
}
