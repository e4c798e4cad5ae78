import Foundation
import Testing

@testable import Planning

@Test(
    "Western Easter Sunday",
    arguments: [(2024, "2024-03-31"), (2025, "2025-04-20"), (2026, "2026-04-05"), (2027, "2027-03-28"), (2038, "2038-04-25"), (2285, "2285-03-22")])
func westernEaster(year: Int, expected: String) {
    #expect(ObservanceRule.westernEaster(year).description == expected)
}

/// Observances as the catalogue writes them.
let fathersDay: Observance? = try? Observance(
    slug: Slug("fathers-day"), title: "Father's Day",
    rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 3)),
    variants: [
        ObservanceVariant(countries: [CountryCode("AT"), CountryCode("BE")], rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 2))),
        ObservanceVariant(countries: [CountryCode("DE")], rule: ObservanceRule(.easter(days: 39))),
        ObservanceVariant(countries: [CountryCode("IT")], rule: ObservanceRule(.fixed(month: 3, day: 19))),
    ])

let mensHealthWeek: Observance? = try? Observance(
    slug: Slug("mens-health-week"), title: "International Men's Health Week",
    rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 3), offsetDays: -6), days: 7)

let sixteenDays: Observance? = try? Observance(
    slug: Slug("sixteen-days-of-activism"), title: "16 Days of Activism", rule: ObservanceRule(.fixed(month: 11, day: 25)),
    days: 16)

@Test(
    "observance dates for a year and a country",
    arguments: [
        ("fathers-day", 2026, "DE", "2026-05-14", "2026-05-14"),
        ("fathers-day", 2027, "DE", "2027-05-06", "2027-05-06"),
        ("fathers-day", 2027, "AT", "2027-06-13", "2027-06-13"),
        ("fathers-day", 2027, "GB", "2027-06-20", "2027-06-20"),
        ("fathers-day", 2027, "IT", "2027-03-19", "2027-03-19"),
        ("mens-health-week", 2027, "AT", "2027-06-14", "2027-06-20"),
        ("mens-health-week", 2026, "AT", "2026-06-15", "2026-06-21"),
        ("sixteen-days-of-activism", 2026, "AT", "2026-11-25", "2026-12-10"),
    ])
func observanceDates(slug: String, year: Int, country: String, first: String, last: String) throws {
    let observance = try #require([fathersDay, mensHealthWeek, sixteenDays].compactMap { $0 }.first { $0.slug.rawValue == slug })
    let span = try #require(observance.dates(in: year, country: CountryCode(country)))
    #expect(span.lowerBound.description == first)
    #expect(span.upperBound.description == last)
}

@Test func lastWeekdayAndMissingDays() throws {
    let lastFriday = try ObservanceRule(.nthWeekday(month: 5, weekday: .fri, nth: -1))
    #expect(lastFriday.date(in: 2026)?.description == "2026-05-29")
    let fifthSunday = try ObservanceRule(.nthWeekday(month: 2, weekday: .sun, nth: 5))
    #expect(fifthSunday.date(in: 2026) == nil)
    #expect(fifthSunday.date(in: 2032)?.description == "2032-02-29")
    let leapDay = try ObservanceRule(.fixed(month: 2, day: 29))
    #expect(leapDay.date(in: 2027) == nil)
    #expect(leapDay.date(in: 2028)?.description == "2028-02-29")
}

@Test func countryLimitedObservance() throws {
    let observance = try Observance(
        slug: Slug("x"), title: "X", rule: ObservanceRule(.fixed(month: 6, day: 5)), countries: [CountryCode("DK")])
    #expect(try observance.dates(in: 2027, country: CountryCode("AT")) == nil)
    #expect(try observance.dates(in: 2027, country: CountryCode("DK"))?.lowerBound.description == "2027-06-05")
}
