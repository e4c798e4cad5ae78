import ICalendar
import Testing

/// RFC 5545 §3.3.6 durations read from text (e.g. a feed's `?alarm=PT15M`).
@Suite struct DurationTextTests {
    @Test(
        "valid durations give their length in seconds",
        arguments: [
            ("PT15M", 900), ("-PT15M", -900), ("+PT1H", 3_600), ("PT1H30M", 5_400), ("PT1H30M15S", 5_415),
            ("PT90S", 90), ("P1D", 86_400), ("P1DT12H", 129_600), ("P2W", 1_209_600), ("PT0S", 0), ("P0D", 0),
            ("PT1H15S", 3_615),
        ])
    func reads(_ text: String, seconds: Int) throws {
        #expect(try ICSDuration(iCalendar: text).seconds == seconds)
    }

    @Test(
        "malformed durations are refused with the reason",
        arguments: [
            "", "15M", "P", "PT", "P1DT", "PT15", "P15M", "PT1M1H", "PT1H1H", "P1W2D", "P1D2W", "PTT1H", "P-1D",
            "PT 15M", "pt15m", "PT1.5H", "PT9999999999M", "P1Y", "PT15M ", "PT１５M",
        ])
    func refuses(_ text: String) {
        #expect {
            _ = try ICSDuration(iCalendar: text)
        } throws: { error in
            guard case .invalidValue(let property, _, let reason) = error as? ICSError else { return false }
            return property == "DURATION" && !reason.isEmpty
        }
    }
}
