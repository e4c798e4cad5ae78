public import Foundation
public import Planning
import Yams

/// Loads `Config/catalogue/`: `gap-priorities.yaml`, `themes.yaml`, `activity-kinds.yaml` and
/// `observances.yaml`; each file's header comment describes its fields.
public enum CatalogueLoader {
    /// The four files, in the order they are read.
    public static let fileNames = ["gap-priorities.yaml", "themes.yaml", "activity-kinds.yaml", "observances.yaml"]

    /// Reads and checks the catalogue in `directory`. Throws the first ``ConfigError``, naming the
    /// file, the line and the value: a YAML error, an unknown key, a wrong type, a repeated slug or
    /// id, or a reference to an unknown GAP priority, observance or area.
    public static func load(directory: URL) throws -> Catalogue {
        let files = try fileNames.map { try YAMLFile(url: directory.appending(path: $0)) }
        return try load(gapPriorities: files[0], themes: files[1], activityKinds: files[2], observances: files[3])
    }

    /// Reads and checks a catalogue from the four texts; `names` are used in messages.
    public static func load(
        gapPriorities: String, themes: String, activityKinds: String, observances: String,
        names: [String] = CatalogueLoader.fileNames
    ) throws -> Catalogue {
        try load(
            gapPriorities: YAMLFile(name: names[0], text: gapPriorities),
            themes: YAMLFile(name: names[1], text: themes),
            activityKinds: YAMLFile(name: names[2], text: activityKinds),
            observances: YAMLFile(name: names[3], text: observances))
    }

    private static func load(gapPriorities: YAMLFile, themes: YAMLFile, activityKinds: YAMLFile, observances: YAMLFile)
        throws -> Catalogue
    {
        let priorityList = try gapPriorities.value.mapping(allowed: ["priorities"]).required("priorities") {
            try $0.list(readPriority)
        }
        let themeList = try themes.value.mapping(allowed: ["themes"]).required("themes") { try $0.list(readTheme) }
        let kindList = try activityKinds.value.mapping(allowed: ["kinds"]).required("kinds") { try $0.list(readKind) }
        let observanceList = try observances.value.mapping(allowed: ["observances"]).required("observances") {
            try $0.list(readObservance)
        }
        do {
            return try Catalogue(
                gapPriorities: priorityList, themes: themeList, activityKinds: kindList, observances: observanceList)
        } catch let error as PlanningError {
            // The path's first key names the list, and so the file.
            let files = [
                "priorities": gapPriorities, "themes": themes, "kinds": activityKinds, "observances": observances,
            ]
            let list = error.path.prefix { $0 != "[" && $0 != "." }
            throw (files[String(list)] ?? themes).value.configError(for: error)
        }
    }

    /// A GAP priority entry (also used for a group's own priorities).
    static func readPriority(_ value: YAMLValue) throws -> GAPPriority {
        let map = try value.mapping(allowed: ["id", "title", "scope", "source"])
        let id = try map.required("id") { try $0.parse(GAPPriorityID.init) }
        let title = try map.required("title") { try $0.string() }
        let scope = try map.required("scope") { try $0.word(GAPPriority.Scope.self) }
        let source = try map.optional("source") { try $0.string() }
        return try value.building { try GAPPriority(id: id, title: title, scope: scope, source: source) }
    }

    static func readTheme(_ value: YAMLValue) throws -> Theme {
        let map = try value.mapping(allowed: [
            "slug", "title", "category", "source", "area", "summary", "gap", "observances", "color",
        ])
        let slug = try map.required("slug") { try $0.parse(Slug.init) }
        let title = try map.required("title") { try $0.string() }
        let category = try map.required("category") { try $0.word(Theme.Category.self) }
        let source = try map.required("source") { try $0.word(Theme.Source.self) }
        let area = try map.optional("area") { try $0.parse(Slug.init) }
        let summary = try map.required("summary") { try $0.string() }
        let gap = try map.required("gap") { try $0.list { try $0.parse(GAPPriorityID.init) } }
        let observances = try map.optional("observances") { try $0.list { try $0.parse(Slug.init) } } ?? []
        let color = try map.required("color") { try $0.string() }
        return try value.building {
            try Theme(
                slug: slug, title: title, category: category, source: source, area: area, summary: summary, gap: gap,
                observances: observances, color: color)
        }
    }

    static func readKind(_ value: YAMLValue) throws -> ActivityKind {
        let map = try value.mapping(allowed: [
            "slug", "title", "duration-minutes", "time-of-day", "format", "audience", "privacy", "organisers",
            "summary",
        ])
        let slug = try map.required("slug") { try $0.parse(Slug.init) }
        let title = try map.required("title") { try $0.string() }
        let duration = try map.required("duration-minutes") { try $0.int() }
        let timeOfDay = try map.required("time-of-day") { try $0.parse(LocalTime.init(parsing:)) }
        let format = try map.required("format") { try $0.word(EventFormat.self) }
        let audience = try map.required("audience") { try $0.word(Audience.self) }
        let privacy = try map.required("privacy") { try $0.word(Privacy.self) }
        let organisers = try map.required("organisers") { value in
            let slots = try value.mapping(allowed: ["count", "roles", "role-name", "chairs"])
            let count = try slots.required("count") { try $0.int() }
            let roles = try slots.optional("roles") { try $0.list { try $0.word(MemberRole.self) } } ?? []
            let roleName = try slots.optional("role-name") { try $0.word(AssignmentRole.self) } ?? .organiser
            let chairs = try slots.optional("chairs") { try $0.int() }
            return try value.building {
                try OrganiserSlots(count: count, roles: roles, roleName: roleName, chairs: chairs)
            }
        }
        let summary = try map.optional("summary") { try $0.string() }
        return try value.building {
            try ActivityKind(
                slug: slug, title: title, durationMinutes: duration, timeOfDay: timeOfDay, format: format,
                audience: audience, privacy: privacy, organisers: organisers, summary: summary)
        }
    }

    static func readObservance(_ value: YAMLValue) throws -> Observance {
        let map = try value.mapping(allowed: [
            "slug", "title", "rule", "days", "variants", "countries", "url", "summary",
        ])
        let slug = try map.required("slug") { try $0.parse(Slug.init) }
        let title = try map.required("title") { try $0.string() }
        let rule = try map.required("rule", readObservanceRule)
        let days = try map.optional("days") { try $0.int() } ?? 1
        let variants = try map.optional("variants") { try $0.list(readVariant) } ?? []
        let countries = try map.optional("countries") { try $0.list { try $0.parse(CountryCode.init) } }
        let url = try map.optional("url") { try $0.url() }
        let summary = try map.optional("summary") { try $0.string() }
        return try value.building {
            try Observance(
                slug: slug, title: title, rule: rule, days: days, variants: variants, countries: countries, url: url,
                summary: summary)
        }
    }

    static func readVariant(_ item: YAMLValue) throws -> ObservanceVariant {
        let variant = try item.mapping(allowed: ["countries", "rule"])
        let countries = try variant.required("countries") { try $0.list { try $0.parse(CountryCode.init) } }
        let rule = try variant.required("rule", readObservanceRule)
        return try item.building { try ObservanceVariant(countries: countries, rule: rule) }
    }

    static func readObservanceRule(_ value: YAMLValue) throws -> ObservanceRule {
        let map = try value.mapping(allowed: ["month", "day", "weekday", "nth", "easter", "offset"])
        let offset = try map.optional("offset") { try $0.int() } ?? 0
        let shapes =
            "write {month: 3, day: 8}, {month: 6, weekday: sun, nth: 3} or {easter: 39}, plus an optional offset"
        let anchor: ObservanceRule.Anchor
        switch (map.has("month"), map.has("day"), map.has("weekday") || map.has("nth"), map.has("easter")) {
        case (true, true, false, false):
            anchor = try .fixed(
                month: map.required("month") { try $0.int() }, day: map.required("day") { try $0.int() })
        case (true, false, true, false):
            anchor = try .nthWeekday(
                month: map.required("month") { try $0.int() },
                weekday: map.required("weekday") { try $0.word(Weekday.self) },
                nth: map.required("nth") { try $0.int() })
        case (false, false, false, true):
            anchor = try .easter(days: map.required("easter") { try $0.int() })
        default:
            throw value.error(.planning(.conflict), "this rule mixes or lacks keys: \(shapes)")
        }
        return try value.building { try ObservanceRule(anchor, offsetDays: offset) }
    }
}
