public import Foundation
public import Planning
import Yams

/// Loads a group file (`Config/groups/*.yaml`): the group, its members, activities and blackouts.
public enum GroupLoader {
    /// Reads and checks the group file at `file`. With a `catalogue`, references into it (member
    /// interests, activity kinds and themes, GAP targets) are checked too. Throws the first
    /// ``ConfigError`` with file, line and path. The plan has no sessions: the file holds none.
    public static func load(file: URL, catalogue: Catalogue?) throws -> GroupPlan {
        try load(YAMLFile(url: file), catalogue: catalogue)
    }

    /// Reads and checks a group from `text`; `name` is used in messages.
    public static func load(text: String, name: String, catalogue: Catalogue?) throws -> GroupPlan {
        try load(YAMLFile(name: name, text: text), catalogue: catalogue)
    }

    private static func load(_ file: YAMLFile, catalogue: Catalogue?) throws -> GroupPlan {
        let root = file.value
        let map = try root.mapping(allowed: ["group", "members", "activities", "blackouts"])
        let group = try map.required("group", readGroup)
        let members = try map.optional("members") { try $0.list(readMember) } ?? []
        let activities = try map.optional("activities") { try $0.list(readActivity) } ?? []
        let blackouts = try map.optional("blackouts") { try $0.list(readBlackout) } ?? []
        return try root.building {
            let plan = try GroupPlan(group: group, members: members, activities: activities, blackouts: blackouts)
            if let catalogue { try plan.validate(against: catalogue) }
            return plan
        }
    }

    static func readGroup(_ value: YAMLValue) throws -> Group {
        let map = try value.mapping(allowed: [
            "slug", "name", "duty-station", "country", "time-zone", "venue", "mission-statement", "working-days",
            "minimum-gap-days", "max-size", "observance-opt-out", "feeds", "gap", "report",
        ])
        let slug = try map.required("slug") { try $0.parse(Slug.init) }
        let name = try map.required("name") { try $0.string() }
        let dutyStation = try map.required("duty-station") { try $0.string() }
        let country = try map.required("country") { try $0.parse(CountryCode.init) }
        let timeZone = try map.required("time-zone") { try $0.parse(TimeZoneID.init) }
        let venue = try map.required("venue", readVenue)
        let mission = try map.required("mission-statement") { try $0.string() }
        let workingDays = try map.optional("working-days") { try $0.list { try $0.word(Weekday.self) } }
        let gapDays = try map.optional("minimum-gap-days") { try $0.int() } ?? 7
        let maxSize = try map.optional("max-size") { try $0.int() }
        let optOut = try map.optional("observance-opt-out") { try $0.bool() } ?? false
        let feeds = try map.optional("feeds") {
            try $0.mapping(allowed: ["confidential", "cancelled-retention-days", "public-join-links"])
        }
        let confidential =
            try feeds?.optional("confidential") { try $0.word(GroupSettings.ConfidentialMode.self) } ?? .busy
        let retention = try feeds?.optional("cancelled-retention-days") { try $0.int() } ?? 30
        let joinLinks = try feeds?.optional("public-join-links") { try $0.bool() } ?? false
        let report = try map.optional("report") { try $0.word(GroupSettings.ReportAccess.self) } ?? .private
        let gap = try map.optional("gap") { try $0.mapping(allowed: ["priorities", "targets"]) }
        let priorities = try gap?.optional("priorities") { try $0.list(CatalogueLoader.readPriority) } ?? []
        let targets = try gap?.optional("targets", readTargets) ?? [:]
        return try value.building {
            let settings = try GroupSettings(
                observanceOptOut: optOut, confidentialFeedMode: confidential, cancelledRetentionDays: retention,
                publicJoinLinks: joinLinks, report: report)
            return try Group(
                slug: slug, name: name, dutyStation: dutyStation, country: country, timeZone: timeZone, venue: venue,
                missionStatement: mission, workingDays: workingDays ?? [.mon, .tue, .wed, .thu, .fri],
                minimumGapDays: gapDays, maxSize: maxSize, settings: settings, missionPriorities: priorities,
                gapTargets: targets)
        }
    }

    static func readTargets(_ value: YAMLValue) throws -> [GAPPriorityID: Int] {
        guard case .mapping(let mapping) = value.node else {
            throw value.error(.wrongType, "expected a mapping of GAP id to a yearly number, e.g. PS-VAW: 2")
        }
        var targets: [GAPPriorityID: Int] = [:]
        for (key, node) in mapping {
            let keyValue = YAMLValue(node: key, path: joinPath(value.path, key.string ?? "?"), file: value.file)
            let id = try keyValue.parse(GAPPriorityID.init)
            targets[id] = try YAMLValue(node: node, path: keyValue.path, file: value.file).int()
        }
        return targets
    }

    static func readVenue(_ value: YAMLValue) throws -> Venue {
        let map = try value.mapping(allowed: ["name", "address", "latitude", "longitude"])
        let name = try map.required("name") { try $0.string() }
        let address = try map.optional("address") { try $0.string() } ?? ""
        let latitude = try map.optional("latitude") { try $0.double() }
        let longitude = try map.optional("longitude") { try $0.double() }
        return try value.building { try Venue(name: name, address: address, latitude: latitude, longitude: longitude) }
    }

    static func readMember(_ value: YAMLValue) throws -> Member {
        let map = try value.mapping(allowed: [
            "id", "name", "email", "role", "staff-category", "joined", "interests", "capacity-per-month", "past-duties",
            "availability",
            "absences",
        ])
        let id = try map.required("id") { try $0.parse(Slug.init) }
        let name = try map.required("name") { try $0.string() }
        let email = try map.required("email") { try $0.string() }
        let role = try map.required("role") { try $0.word(MemberRole.self) }
        let category = try map.required("staff-category") { try $0.word(StaffCategory.self) }
        let joined = try map.required("joined") { try $0.parse(LocalDate.init(parsing:)) }
        let interests = try map.optional("interests") { try $0.list { try $0.parse(Slug.init) } } ?? []
        let capacity = try map.required("capacity-per-month") { try $0.int() }
        let pastDuties = try map.optional("past-duties") { try $0.int() } ?? 0
        let availability = try map.optional("availability") { try $0.list(readWindow) } ?? []
        let absences = try map.optional("absences") { try $0.list(readAbsence) } ?? []
        return try value.building {
            try Member(
                id: id, name: name, email: email, role: role, staffCategory: category, joined: joined,
                interests: interests, availability: availability, absences: absences, capacityPerMonth: capacity,
                pastDuties: pastDuties)
        }
    }

    static func readWindow(_ value: YAMLValue) throws -> AvailabilityWindow {
        let map = try value.mapping(allowed: ["days", "from", "to"])
        let days = try map.required("days") { try $0.list { try $0.word(Weekday.self) } }
        let from = try map.required("from") { try $0.parse(LocalTime.init(parsing:)) }
        let to = try map.required("to") { try $0.parse(LocalTime.init(parsingEnd:)) }
        return try value.building { try AvailabilityWindow(days: days, from: from, to: to) }
    }

    static func readAbsence(_ value: YAMLValue) throws -> Absence {
        let map = try value.mapping(allowed: ["from", "to", "reason"])
        let from = try map.required("from") { try $0.parse(LocalDate.init(parsing:)) }
        let to = try map.required("to") { try $0.parse(LocalDate.init(parsing:)) }
        let reason = try map.optional("reason") { try $0.string() } ?? ""
        return try value.building { try Absence(from: from, to: to, reason: reason) }
    }

    static func readActivity(_ value: YAMLValue) throws -> Activity {
        let map = try value.mapping(allowed: [
            "slug", "kind", "title", "series", "start", "duration-minutes", "location", "online-url", "theme",
            "organisers",
        ])
        let slug = try map.required("slug") { try $0.parse(Slug.init) }
        let kind = try map.required("kind") { try $0.parse(Slug.init) }
        let title = try map.required("title") { try $0.string() }
        let schedule: Schedule
        switch (map.optional("series"), map.optional("start")) {
        case (let series?, nil):
            schedule = .series(try readSeries(series))
        case (nil, let start?):
            schedule = .oneOff(try start.parse(LocalDateTime.init(parsing:)))
        default:
            throw value.error(
                .planning(.conflict),
                "give either series: {rule, start} for a recurring activity or start: for a one-off, not both or neither"
            )
        }
        let duration = try map.optional("duration-minutes") { try $0.int() }
        let location = try map.optional("location") { try $0.string() }
        let onlineURL = try map.optional("online-url") { try $0.url() }
        let theme = try map.optional("theme") { try $0.parse(Slug.init) }
        let organisers = try map.optional("organisers") { try $0.list { try $0.parse(Slug.init) } } ?? []
        return try value.building {
            try Activity(
                slug: slug, kind: kind, title: title, schedule: schedule, durationMinutes: duration, location: location,
                onlineURL: onlineURL, theme: theme, organisers: organisers)
        }
    }

    static func readSeries(_ value: YAMLValue) throws -> Series {
        let map = try value.mapping(allowed: ["rule", "start", "until", "count"])
        let rule = try map.required("rule") { try $0.parse(RecurrenceRule.init(parsing:)) }
        let start = try map.required("start") { try $0.parse(LocalDateTime.init(parsing:)) }
        let until = try map.optional("until") { try $0.parse(LocalDate.init(parsing:)) }
        let count = try map.optional("count") { try $0.int() }
        return try value.building { try Series(rule: rule, start: start, until: until, count: count) }
    }

    static func readBlackout(_ value: YAMLValue) throws -> Blackout {
        let map = try value.mapping(allowed: ["date", "from", "to", "reason", "source"])
        let reason = try map.required("reason") { try $0.string() }
        let source = try map.optional("source") { try $0.word(Blackout.Source.self) } ?? .closure
        let from: LocalDate
        let to: LocalDate
        switch (map.optional("date"), map.optional("from"), map.optional("to")) {
        case (let date?, nil, nil):
            from = try date.parse(LocalDate.init(parsing:))
            to = from
        case (nil, let start?, let end?):
            from = try start.parse(LocalDate.init(parsing:))
            to = try end.parse(LocalDate.init(parsing:))
        default:
            throw value.error(.planning(.conflict), "give date: for one day or from: and to: for a range")
        }
        return try value.building { try Blackout(from: from, to: to, reason: reason, source: source) }
    }
}
