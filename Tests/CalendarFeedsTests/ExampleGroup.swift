import CalendarFeeds
import Foundation
import ICalendar
import Planning
import PlannerCommands
import PlannerStore

/// The example group of `Config/groups/example.yaml` and the catalogue entries it uses, written
/// in Swift until the YAML loader (branch `domain`) lands; members carry what feeds show (name,
/// e-mail, role), not their availability.
enum Example {
    static func slug(_ text: String) -> Slug { try! Slug(text) }  // test literals only
    static func gap(_ text: String) -> GAPPriorityID { try! GAPPriorityID(text) }
    static func date(_ text: String) -> LocalDate { try! LocalDate(parsing: text) }
    static func time(_ text: String) -> LocalDateTime { try! LocalDateTime(parsing: text) }
    static func clock(_ text: String) -> LocalTime { try! LocalTime(parsing: text) }

    static let baseURL = URL(string: "https://allies.example.org")!
    /// 2027-01-01T00:00:00Z: the store's fixed clock starts here.
    static let epoch = Date(timeIntervalSince1970: 1_798_761_600)
    /// The "now" of golden files: two weeks after the store's writes.
    static let now = epoch.addingTimeInterval(14 * 86_400)

    static func catalogue() throws -> Catalogue {
        let priorities = try [
            GAPPriority(id: gap("INT-CAPACITY"), title: "Capacity building and training on gender issues for staff", scope: .internal),
            GAPPriority(id: gap("INT-MANAGEMENT"), title: "Management responsibility and accountability", scope: .internal),
            GAPPriority(
                id: gap("INT-WORKENV"),
                title: "A professional working environment free of harassment and bias; zero tolerance of sexual harassment",
                scope: .internal),
            GAPPriority(
                id: gap("INT-BALANCE"), title: "Gender balance in professional and management posts; transparent recruitment",
                scope: .internal),
            GAPPriority(id: gap("PS-LEGAL"), title: "Ensuring non-discriminatory legal and policy frameworks", scope: .participatingStates),
            GAPPriority(id: gap("PS-VAW"), title: "Preventing violence against women", scope: .participatingStates),
            GAPPriority(id: gap("PS-ECONOMIC"), title: "Promoting equal opportunity for women in the economic sphere", scope: .participatingStates),
        ]
        let observances = try [
            Observance(
                slug: slug("international-womens-day"), title: "International Women's Day", rule: ObservanceRule(.fixed(month: 3, day: 8)),
                summary: "A day to celebrate women's achievements and to ask what men can change; a HeForShe campaign moment."),
            Observance(
                slug: slug("mens-health-week"), title: "International Men's Health Week",
                rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 3), offsetDays: -6), days: 7,
                summary: "A week to talk about men's health, health-seeking behaviour and the health of those around them."),
            Observance(
                slug: slug("fathers-day"), title: "Father's Day", rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 3)),
                variants: [
                    ObservanceVariant(countries: [CountryCode("AT"), CountryCode("BE")], rule: ObservanceRule(.nthWeekday(month: 6, weekday: .sun, nth: 2))),
                    ObservanceVariant(countries: [CountryCode("DE")], rule: ObservanceRule(.easter(days: 39))),
                ],
                summary: "A day to talk about caring fatherhood, parental leave and sharing the care at home."),
            Observance(
                slug: slug("world-mental-health-day"), title: "World Mental Health Day", rule: ObservanceRule(.fixed(month: 10, day: 10)),
                summary: "A day to break the silence around mental health, men's included."),
            Observance(
                slug: slug("international-mens-day"), title: "International Men's Day", rule: ObservanceRule(.fixed(month: 11, day: 19)),
                summary: "A day for positive male role models, men's health and gender equality."),
            Observance(
                slug: slug("sixteen-days-of-activism"), title: "16 Days of Activism against Gender-Based Violence",
                rule: ObservanceRule(.fixed(month: 11, day: 25)), days: 16,
                summary: "Sixteen days from 25 November to Human Rights Day; the toolkit's time for fundraising against gender-based violence."),
        ]
        let themes = try [
            Theme(
                slug: slug("reflecting-on-patriarchy"), title: "Reflecting on patriarchy, power and privilege", category: .atWork,
                source: .conversationStarter,
                summary: "Patriarchy harms everyone, men included. A frank conversation about our own power and privilege and how they have shaped our lives, careers and decisions.",
                gap: [gap("INT-CAPACITY"), gap("INT-MANAGEMENT")], observances: [slug("international-womens-day")], color: "purple"),
            Theme(
                slug: slug("share-the-care"), title: "Share the Care: Roles and responsibilities at home and work",
                category: .workLifeBalance, source: .conversationStarter,
                summary: "Care work is still done mostly by women, at home and at work. What sharing it fairly looks like for us, as partners, fathers, sons and colleagues.",
                gap: [gap("INT-WORKENV"), gap("PS-ECONOMIC")], observances: [slug("fathers-day")], color: "seagreen"),
            Theme(
                slug: slug("parental-leave"),
                title: "Parental leave, family leave, paternity leave. What is it, why is it important and what needs to change?",
                category: .workLifeBalance, source: .conversationStarter,
                summary: "What leave OSCE staff are entitled to, why fathers who take it matter for everyone's careers, and what should change in our rules and in our culture.",
                gap: [gap("INT-WORKENV"), gap("INT-BALANCE"), gap("PS-LEGAL")], observances: [slug("fathers-day")], color: "mediumseagreen"),
            Theme(
                slug: slug("men-and-mental-health"), title: "Under the hood: men and mental health", category: .workLifeBalance,
                source: .conversationStarter,
                summary: "Men are less likely to talk about their mental health and more likely to suffer in silence. A safe conversation about what is under the hood, and where to find support.",
                gap: [gap("INT-WORKENV"), gap("INT-CAPACITY")], observances: [slug("world-mental-health-day")], color: "slateblue"),
            Theme(
                slug: slug("stress-and-anger-management"), title: "Stress, pressure and anger management", category: .workLifeBalance,
                source: .conversationStarter,
                summary: "Deadlines, missions, family pressure: how we deal with stress and anger, and why handling them well protects the people around us.",
                gap: [gap("INT-WORKENV"), gap("PS-VAW")], color: "peru"),
            Theme(
                slug: slug("fatherhood"), title: "Fatherhood", category: .engagementArea, source: .engagementArea,
                summary: "Caring, involved fatherhood is good for children, partners and fathers themselves. We share what being a father (or having one) taught us about gender.",
                gap: [gap("INT-WORKENV"), gap("PS-ECONOMIC")], observances: [slug("fathers-day")], color: "darkgreen"),
            Theme(
                slug: slug("combatting-violence-against-women"), title: "Combatting violence against women", category: .engagementArea,
                source: .engagementArea,
                summary: "Men can prevent violence against women by speaking up and stepping in. We take the White Ribbon pledge and raise funds against gender-based violence in the OSCE area.",
                gap: [gap("PS-VAW"), gap("PS-LEGAL")], observances: [slug("sixteen-days-of-activism")], color: "darkorange"),
        ]
        func kind(
            _ slug: String, _ title: String, _ minutes: Int, _ at: String, _ format: EventFormat, _ audience: Audience,
            _ privacy: Privacy, _ slots: OrganiserSlots, _ summary: String
        ) throws -> ActivityKind {
            try ActivityKind(
                slug: self.slug(slug), title: title, durationMinutes: minutes, timeOfDay: clock(at), format: format,
                audience: audience, privacy: privacy, organisers: slots, summary: summary)
        }
        let kinds = try [
            kind(
                "monthly-meeting", "Monthly meeting", 90, "15:00", .hybrid, .members, .public,
                OrganiserSlots(count: 1, roles: [.coChair, .focalPoint], roleName: .chair),
                "The group's formal monthly meeting to plan, review and keep members engaged."),
            kind(
                "lunch-and-learn", "Lunch and learn", 60, "12:30", .hybrid, .staff, .public, OrganiserSlots(count: 1),
                "A lunchtime session where colleagues learn about one theme and talk it over."),
            kind(
                "kick-off", "Kick-off event", 120, "16:00", .inPerson, .staff, .public,
                OrganiserSlots(count: 2, roles: [.coChair, .focalPoint]),
                "The launch event that clarifies messaging, membership and leadership, with a guest speaker."),
            kind(
                "film-screening", "Film screening", 75, "12:30", .inPerson, .staff, .public, OrganiserSlots(count: 1),
                "The monthly short film, followed by a discussion through a gender equality perspective."),
            kind(
                "reading-circle", "Reading circle", 60, "16:00", .hybrid, .members, .public, OrganiserSlots(count: 1),
                "Members discuss an item from the reading list, recent research, reports or news."),
            kind(
                "guest-speaker", "Guest speaker", 60, "14:00", .hybrid, .staff, .public, OrganiserSlots(count: 1),
                "A talk by a subject matter expert or an occasional female guest speaker sharing her perspective."),
            kind(
                "safe-space-discussion", "Safe-space discussion", 90, "16:00", .inPerson, .members, .confidential,
                OrganiserSlots(count: 1),
                "A confidential discussion on issues that affect members and the role they play in gender equality."),
            kind(
                "fundraiser", "Fundraiser", 180, "11:00", .inPerson, .staff, .public, OrganiserSlots(count: 2),
                "Fundraising in an OSCE building or on the intranet for activities to combat gender-based violence."),
        ]
        return try Catalogue(gapPriorities: priorities, themes: themes, activityKinds: kinds, observances: observances)
    }

    static func member(_ id: String, _ name: String, _ role: MemberRole = .member, joined: String = "2025-02-01") throws -> Member {
        try Member(
            id: slug(id), name: name, email: id.replacingOccurrences(of: "-", with: ".") + "@example.org", role: role,
            staffCategory: .international, joined: date(joined), capacityPerMonth: 2)
    }

    static func plan(monthlyMeetingAt: String = "15:00") throws -> GroupPlan {
        let group = try Group(
            slug: slug("vienna"), name: "Men for Gender Equality Group Vienna", dutyStation: "OSCE Secretariat, Vienna",
            country: CountryCode("AT"), timeZone: TimeZoneID("Europe/Vienna"),
            venue: Venue(
                name: "OSCE Secretariat, meeting room 3", address: "Wallnerstraße 6, 1010 Vienna, Austria",
                latitude: 48.2093, longitude: 16.3663),
            missionStatement: "Men at the OSCE Secretariat who work with women colleagues for a workplace and a region where everyone has the same opportunities: we reflect on our own power and privilege, learn, speak up, and act as allies, not as a men's rights club.",
            maxSize: 25, settings: GroupSettings(confidentialFeedMode: .busy, cancelledRetentionDays: 30, publicJoinLinks: false),
            missionPriorities: [
                GAPPriority(
                    id: gap("MISSION-ONBOARDING"), title: "Reaching new colleagues during onboarding", scope: .mission,
                    source: "Secretariat Gender Action Plan (fictional example)")
            ],
            gapTargets: [gap("PS-VAW"): 2, gap("INT-WORKENV"): 2, gap("INT-CAPACITY"): 1, gap("PS-ECONOMIC"): 2])
        let members = try [
            member("anton-berger", "Anton Berger", .coChair),
            member("dmytro-kovalenko", "Dmytro Kovalenko", .coChair),
            member("matteo-conti", "Matteo Conti", .focalPoint, joined: "2025-03-15"),
            member("aibek-nurlanov", "Aibek Nurlanov", joined: "2025-06-01"),
            member("jonas-lindqvist", "Jonas Lindqvist", joined: "2025-09-01"),
            member("nikola-petrovic", "Nikola Petrović"),
            member("giorgi-beridze", "Giorgi Beridze", joined: "2026-10-01"),
            member("daniel-murphy", "Daniel Murphy", joined: "2026-01-15"),
            member("thomas-gruber", "Thomas Gruber", joined: "2025-05-01"),
            member("julien-moreau", "Julien Moreau", joined: "2026-06-01"),
            member("arben-hoxha", "Arben Hoxha", joined: "2026-03-01"),
            member("tomasz-wojcik", "Tomasz Wójcik", joined: "2027-01-19"),
        ]
        let activities = try [
            Activity(
                slug: slug("monthly-meeting"), kind: slug("monthly-meeting"), title: "Monthly meeting",
                schedule: .series(Series(rule: RecurrenceRule(parsing: "FREQ=MONTHLY;BYDAY=1TU"), start: time("2027-02-02T\(monthlyMeetingAt)"))),
                durationMinutes: 90),
            Activity(
                slug: slug("lunch-and-learn"), kind: slug("lunch-and-learn"), title: "Lunch and learn",
                schedule: .series(Series(rule: RecurrenceRule(parsing: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"), start: time("2027-02-10T12:30"))),
                durationMinutes: 60, location: "OSCE Secretariat, cafeteria meeting area"),
            Activity(
                slug: slug("kick-off-2027"), kind: slug("kick-off"), title: "Kick-off 2027", schedule: .oneOff(time("2027-01-19T16:00")),
                location: "OSCE Secretariat, conference room", theme: slug("reflecting-on-patriarchy")),
            Activity(
                slug: slug("short-film-mental-health-2027"), kind: slug("film-screening"),
                title: "Short film and discussion: men and mental health", schedule: .oneOff(time("2027-10-13T12:30")),
                theme: slug("men-and-mental-health")),
            Activity(
                slug: slug("safe-space-2027-05"), kind: slug("safe-space-discussion"), title: "Safe-space discussion",
                schedule: .oneOff(time("2027-05-12T16:00")), theme: slug("stress-and-anger-management")),
            Activity(
                slug: slug("sixteen-days-fundraiser-2027"), kind: slug("fundraiser"),
                title: "16 Days fundraiser: bake sale against gender-based violence", schedule: .oneOff(time("2027-11-25T12:00")),
                durationMinutes: 120, location: "OSCE Secretariat, ground floor lobby",
                theme: slug("combatting-violence-against-women")),
        ]
        let blackouts = try [
            Blackout(date: date("2026-12-24"), reason: "Office closed (Christmas Eve)", source: .closure),
            Blackout(date: date("2026-12-31"), reason: "Office closed (New Year's Eve)", source: .closure),
            Blackout(from: date("2027-08-09"), to: date("2027-08-13"), reason: "Summer closure of the Secretariat building", source: .closure),
            Blackout(date: date("2027-12-24"), reason: "Office closed (Christmas Eve)", source: .closure),
            Blackout(date: date("2027-12-31"), reason: "Office closed (New Year's Eve)", source: .closure),
        ]
        return try GroupPlan(group: group, members: members, activities: activities, blackouts: blackouts)
    }

    /// A clock that advances one second per reading from ``epoch``: the same writes give the
    /// same stamps on every run.
    final class Clock: @unchecked Sendable {
        private let lock = NSLock()
        private var seconds: TimeInterval

        init(start: Date = Example.epoch) { seconds = start.timeIntervalSince1970 }

        var now: @Sendable () -> Date {
            { [self] in
                lock.withLock {
                    seconds += 1
                    return Date(timeIntervalSince1970: seconds)
                }
            }
        }

        /// Moves the clock forward by `interval` seconds.
        func advance(by interval: TimeInterval) { lock.withLock { seconds += interval } }
    }

    static let vienna = slug("vienna")

    /// A store holding the example group with a small plan on top: themes for the first
    /// monthly meetings and lunch-and-learns, organisers, a moved session and a cancelled one.
    static func store(clock: Clock = Clock()) throws -> PlannerStore {
        let store = try PlannerStore.inMemory(clock: clock.now)
        try store.installCatalogue(catalogue())
        try store.importGroup(plan(), sessionsThrough: date("2028-12-31"))
        try planOnTop(store)
        return store
    }

    static let meeting = slug("monthly-meeting")
    static let lunch = slug("lunch-and-learn")

    static func planOnTop(_ store: PlannerStore) throws {
        let themes = [
            ("2027-03-02T15:00", "reflecting-on-patriarchy"), ("2027-06-01T15:00", "fatherhood"),
            ("2027-10-05T15:00", "men-and-mental-health"), ("2027-11-02T15:00", "combatting-violence-against-women"),
        ]
        for (rule, theme) in themes {
            try store.setTheme(slug(theme), of: Session.ID(activity: meeting, ruleDate: time(rule)), in: vienna)
        }
        try store.setTheme(slug("share-the-care"), of: Session.ID(activity: lunch, ruleDate: time("2027-06-16T12:30")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("anton-berger"), role: .chair)],
            to: Session.ID(activity: meeting, ruleDate: time("2027-03-02T15:00")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("matteo-conti"), role: .chair)],
            to: Session.ID(activity: meeting, ruleDate: time("2027-06-01T15:00")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("anton-berger"), role: .organiser), Assignment(memberID: slug("matteo-conti"), role: .organiser)],
            to: Session.ID(activity: slug("kick-off-2027"), ruleDate: time("2027-01-19T16:00")), in: vienna)
        try store.assignOrganisers(
            [Assignment(memberID: slug("nikola-petrovic"), role: .organiser)],
            to: Session.ID(activity: slug("safe-space-2027-05"), ruleDate: time("2027-05-12T16:00")), in: vienna)
        try store.moveSession(
            Session.ID(activity: meeting, ruleDate: time("2027-04-06T15:00")), in: vienna, to: time("2027-04-07T15:00"),
            reason: "moved from Tue 6 Apr 2027: Easter Tuesday office closure")
        try store.cancelSession(
            Session.ID(activity: lunch, ruleDate: time("2027-02-24T12:30")), in: vienna, reason: "speaker ill")
    }

    static func renderer(_ store: PlannerStore, now: Date = Example.now, alarm: ICSDuration? = nil) throws -> FeedRenderer {
        let source = FeedSource(snapshot: try store.snapshot(of: vienna), catalogue: try store.catalogue())
        return FeedRenderer(source: source, options: FeedOptions(baseURL: baseURL, now: now, organiserAlarm: alarm))
    }
}
