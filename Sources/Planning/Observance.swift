public import Foundation

/// How an observance's first day is found in a year.
public struct ObservanceRule: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The day the rule starts from, before ``offsetDays``.
    public enum Anchor: Hashable, Sendable, Codable {
        /// A fixed date, e.g. 8 March. A 29 February anchor gives no date in other years.
        case fixed(month: Int, day: Int)
        /// The `nth` (1…5, or -1…-5 from the end) `weekday` of `month`, e.g. the third Sunday of June.
        case nthWeekday(month: Int, weekday: Weekday, nth: Int)
        /// Western (Gregorian) Easter Sunday plus `days`, e.g. 39 for Ascension Day.
        case easter(days: Int)
    }

    /// The anchor day.
    public let anchor: Anchor
    /// Days added after the anchor (may be negative), e.g. -6 for the week ending on a Sunday.
    public let offsetDays: Int

    /// Throws ``PlanningError`` for a month outside 1…12, a day that no year has, or an `nth`
    /// outside 1…5 / -5…-1.
    public init(_ anchor: Anchor, offsetDays: Int = 0) throws {
        switch anchor {
        case .fixed(let month, let day):
            try require((1...12).contains(month), .outOfRange, "month must be 1…12, not \(month)", path: "month")
            try require(
                (1...LocalDate.daysInMonth(year: 2000, month: month)).contains(day), .invalidDate,
                "month \(month) has no day \(day)", path: "day")
        case .nthWeekday(let month, _, let nth):
            try require((1...12).contains(month), .outOfRange, "month must be 1…12, not \(month)", path: "month")
            try require(
                nth != 0 && (-5...5).contains(nth), .outOfRange,
                "nth must be 1…5, or -1 for the last (down to -5), not \(nth)", path: "nth")
        case .easter(let days):
            try require(
                (-366...366).contains(days), .outOfRange, "easter offset \(days) is more than a year", path: "easter")
        }
        try require(
            (-366...366).contains(offsetDays), .outOfRange, "offset \(offsetDays) is more than a year", path: "offset")
        self.anchor = anchor
        self.offsetDays = offsetDays
    }

    /// The first day the rule gives in `year` (1583…9999), or nil where the anchor does not
    /// exist that year (29 February, a fifth Sunday).
    public func date(in year: Int) -> LocalDate? {
        guard (1583...9999).contains(year) else { return nil }
        let anchorDate: LocalDate?
        switch anchor {
        case .fixed(let month, let day):
            anchorDate = LocalDate.existing(year: year, month: month, day: day)
        case .nthWeekday(let month, let weekday, let nth):
            let first = LocalDate(unchecked: year, month: month, day: 1)
            let length = LocalDate.daysInMonth(year: year, month: month)
            let candidate: LocalDate
            if nth > 0 {
                candidate = first.adding(days: ((weekday.index - first.weekday.index) % 7 + 7) % 7 + 7 * (nth - 1))
            } else {
                let last = first.adding(days: length - 1)
                candidate = last.adding(days: -(((last.weekday.index - weekday.index) % 7 + 7) % 7) + 7 * (nth + 1))
            }
            anchorDate = candidate.month == month && candidate.year == year ? candidate : nil
        case .easter(let days):
            anchorDate = ObservanceRule.westernEaster(year).adding(days: days)
        }
        return anchorDate?.adding(days: offsetDays)
    }

    /// Western Easter Sunday of `year` (Gregorian computus, the anonymous algorithm of 1876).
    public static func westernEaster(_ year: Int) -> LocalDate {
        let a = year % 19
        let b = year / 100
        let c = year % 100
        let d = b / 4
        let e = b % 4
        let f = (b + 8) / 25
        let g = (b - f + 1) / 3
        let h = (19 * a + b - d - g + 15) % 30
        let i = c / 4
        let k = c % 4
        let l = (32 + 2 * e + 2 * i - h - k) % 7
        let m = (a + 11 * h + 22 * l) / 451
        let month = (h + l - 7 * m + 114) / 31
        let day = (h + l - 7 * m + 114) % 31 + 1
        return LocalDate(unchecked: year, month: month, day: day)
    }

    /// `8 Mar`, `3rd sun of month 6 -6 days`, `Easter +39 days`: for messages.
    public var description: String {
        let base: String
        switch anchor {
        case .fixed(let month, let day): base = "month \(month) day \(day)"
        case .nthWeekday(let month, let weekday, let nth):
            base = "\(nth == -1 ? "last" : "nth \(nth)") \(weekday.rawValue) of month \(month)"
        case .easter(let days): base = "Easter \(days >= 0 ? "+" : "")\(days) days"
        }
        return offsetDays == 0 ? base : "\(base) \(offsetDays >= 0 ? "+" : "")\(offsetDays) days"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(c(.anchor), offsetDays: c(.offsetDays))
    }
}

/// A per-country variant of an observance's rule (Father's Day in Austria, Germany…).
public struct ObservanceVariant: Hashable, Sendable, Codable {
    /// The duty-station countries the variant applies to (at least one).
    public let countries: [CountryCode]
    /// The rule there.
    public let rule: ObservanceRule

    /// Throws ``PlanningError`` if `countries` is empty or repeats a code.
    public init(countries: [CountryCode], rule: ObservanceRule) throws {
        try require(!countries.isEmpty, .emptyValue, "a variant needs at least one country", path: "countries")
        try requireUnique(countries, in: "countries", field: "", what: "country") { $0 }
        self.countries = countries
        self.rule = rule
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(countries: c(.countries), rule: c(.rule))
    }
}

/// A dated day or span: International Women's Day, the 16 Days of Activism, Father's Day…
public struct Observance: Hashable, Sendable, Codable, Identifiable {
    /// `international-womens-day`.
    public let slug: Slug
    /// The name.
    public let title: String
    /// The rule where no variant names the country.
    public let rule: ObservanceRule
    /// The span in days (1 for a single day).
    public let days: Int
    /// Per-country rules.
    public let variants: [ObservanceVariant]
    /// If set, the observance is kept only in these duty-station countries.
    public let countries: [CountryCode]?
    /// A page about it, if given.
    public let url: URL?
    /// A line about it, if given.
    public let summary: String?

    public var id: Slug { slug }

    /// Throws ``PlanningError`` for an empty title, a span outside 1…366 days, a country named
    /// by two variants, or a URL that is not http(s).
    public init(
        slug: Slug, title: String, rule: ObservanceRule, days: Int = 1, variants: [ObservanceVariant] = [],
        countries: [CountryCode]? = nil, url: URL? = nil, summary: String? = nil
    ) throws {
        try requireText(title, "title")
        try require((1...366).contains(days), .outOfRange, "days must be 1…366, not \(days)", path: "days")
        var seen: Set<CountryCode> = []
        for (index, variant) in variants.enumerated() {
            for country in variant.countries {
                try require(
                    seen.insert(country).inserted, .duplicate,
                    "country \(country) is already named by an earlier variant", path: "variants[\(index)].countries")
            }
        }
        if let countries {
            try require(
                !countries.isEmpty, .emptyValue, "countries, if given, must name at least one", path: "countries")
            try requireUnique(countries, in: "countries", field: "", what: "country") { $0 }
        }
        if let url { try requireWebURL(url, path: "url") }
        self.slug = slug
        self.title = title
        self.rule = rule
        self.days = days
        self.variants = variants
        self.countries = countries
        self.url = url
        self.summary = summary
    }

    /// The rule that applies in `country` (the default rule when none is given or no variant
    /// names it).
    public func rule(for country: CountryCode?) -> ObservanceRule {
        guard let country else { return rule }
        return variants.first { $0.countries.contains(country) }?.rule ?? rule
    }

    /// The first and last day of the observance starting in `year` at a duty station in
    /// `country`, or nil when it is not kept there or has no date that year.
    public func dates(in year: Int, country: CountryCode?) -> ClosedRange<LocalDate>? {
        if let countries, let country, !countries.contains(country) { return nil }
        guard let first = rule(for: country).date(in: year) else { return nil }
        return first...first.adding(days: days - 1)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        try self.init(
            slug: c(.slug), title: c(.title), rule: c(.rule), days: c(.days), variants: c(.variants),
            countries: c.optional(.countries), url: c.optional(.url), summary: c.optional(.summary))
    }
}

/// Throws ``PlanningError/Code/invalidURL`` unless `url` is an http(s) URL with a host.
func requireWebURL(_ url: URL, path: String) throws {
    try require(
        ["http", "https"].contains(url.scheme?.lowercased() ?? "") && !(url.host ?? "").isEmpty, .invalidURL,
        "'\(url.absoluteString)' is not a web address: write https://…", path: path)
}
