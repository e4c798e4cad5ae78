public import Planning

/// The catalogue of the generated groups (``RealisticGroups``) and the benchmarks' workloads: no
/// YAML, so the groups are the same wherever they are built.
public enum SyntheticCatalogue {
    static let categories: [Theme.Category] = [.atWork, .workLifeBalance, .engagementArea]
    static let priorityIDs = [
        "INT-CAPACITY", "INT-WORKENV", "INT-BALANCE", "INT-MAINSTREAM", "PS-VAW", "PS-ECONOMIC", "PS-LEGAL",
    ]
    static let observanceDays: [(String, Int, Int, Int)] = [
        ("international-womens-day", 3, 8, 1), ("mens-health-week", 6, 14, 7), ("world-mental-health-day", 10, 10, 1),
        ("sixteen-days-of-activism", 11, 25, 16), ("human-rights-day", 12, 10, 1),
        ("international-day-of-families", 5, 15, 1),
    ]

    /// A catalogue of 21 themes over three categories, seven GAP priorities, six observances
    /// (each suited by two to four themes) and the kinds the workloads use.
    public static func make() throws -> Catalogue {
        let observances = try observanceDays.map { slug, month, day, days in
            try Observance(
                slug: Slug(slug), title: slug, rule: ObservanceRule(.fixed(month: month, day: day)), days: days)
        }
        let themes = try (0..<21).map { index in
            try Theme(
                slug: Slug("theme-\(index)"), title: "Theme \(index)", category: categories[index % 3],
                source: index % 3 == 2 ? .engagementArea : .conversationStarter, summary: "Theme \(index)",
                gap: [GAPPriorityID(priorityIDs[index % 7]), GAPPriorityID(priorityIDs[(index * 3 + 1) % 7])].uniqued(),
                observances: index % 4 == 0 ? [] : [Slug(observanceDays[index % observanceDays.count].0)], color: "teal"
            )
        }
        func kind(_ slug: String, _ minutes: Int, _ count: Int, _ roles: [MemberRole], _ name: AssignmentRole) throws
            -> ActivityKind
        {
            try ActivityKind(
                slug: Slug(slug), title: slug, durationMinutes: minutes, timeOfDay: LocalTime(hour: 12, minute: 30),
                format: .inPerson, audience: .staff, privacy: .public,
                organisers: OrganiserSlots(count: count, roles: roles, roleName: name))
        }
        return try Catalogue(
            gapPriorities: priorityIDs.map { try GAPPriority(id: GAPPriorityID($0), title: $0, scope: .internal) },
            themes: themes,
            activityKinds: [
                kind("monthly-meeting", 90, 1, [.coChair, .focalPoint], .chair),
                kind("lunch-and-learn", 60, 1, [], .organiser),
                kind("kick-off", 120, 2, [.coChair, .focalPoint], .organiser),
                kind("fundraiser", 120, 2, [], .organiser),
                kind("film-screening", 75, 2, [], .organiser),
                kind("workshop", 90, 2, [], .organiser),
                kind("coffee", 30, 1, [], .organiser),
                kind("reading-circle", 60, 1, [], .organiser),
            ],
            observances: observances)
    }
}

extension Array where Element: Hashable {
    /// The elements without repeats, first occurrence kept.
    fileprivate func uniqued() -> [Element] {
        var seen: Set<Element> = []
        return filter { seen.insert($0).inserted }
    }
}
