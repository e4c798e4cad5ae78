import Foundation
import Planning
import Testing

@testable import Catalogues

/// Small, valid configuration texts the tests break one line at a time.
enum Samples {
    static let gapPriorities = """
        # GAP priorities for tests.
        priorities:
          - id: INT-WORKENV
            title: Working environment free of harassment
            scope: internal
            source: 2004 OSCE Action Plan (PC.DEC/638)
          - id: PS-VAW
            title: Preventing violence against women
            scope: participating-states
        """

    static let themes = """
        themes:
          - slug: fatherhood
            title: Fatherhood
            category: engagement-area
            source: engagement-area
            summary: Fathers, care and work.
            gap: [INT-WORKENV]
            observances: [fathers-day]
            color: seagreen
          - slug: share-the-care
            title: "Share the Care: roles and responsibilities at home and work"
            category: work-life-balance
            source: conversation-starter
            area: fatherhood
            summary: Who does what at home, and why it matters at work.
            gap: [INT-WORKENV, PS-VAW]
            color: steelblue
        """

    static let activityKinds = """
        kinds:
          - slug: monthly-meeting
            title: Monthly meeting
            duration-minutes: 90
            time-of-day: "15:00"
            format: in-person
            audience: members
            privacy: public
            organisers:
              count: 1
              roles: [co-chair, focal-point]
              role-name: chair
            summary: The group's formal monthly meeting.
          - slug: lunch-and-learn
            title: Lunch and learn
            duration-minutes: 60
            time-of-day: "12:30"
            format: hybrid
            audience: staff
            privacy: public
            organisers: {count: 2, roles: [], role-name: organiser}
        """

    static let observances = """
        observances:
          - slug: mens-health-week
            title: International Men's Health Week
            rule: {month: 6, weekday: sun, nth: 3, offset: -6}
            days: 7
          - slug: fathers-day
            title: Father's Day
            rule: {month: 6, weekday: sun, nth: 3}
            variants:
              - countries: [AT, BE]
                rule: {month: 6, weekday: sun, nth: 2}
              - countries: [DE]
                rule: {easter: 39}
            url: https://en.wikipedia.org/wiki/Father%27s_Day
        """

    static let group = """
        # A group for tests.
        group:
          slug: vienna
          name: Men for Gender Equality Group Vienna
          duty-station: OSCE Secretariat, Vienna
          country: AT
          time-zone: Europe/Vienna
          venue: {name: "Hofburg, room 3", address: "Heldenplatz 1, 1010 Wien", latitude: 48.2085, longitude: 16.3669}
          mission-statement: >-
            Men working with women colleagues
            for equal opportunities.
          working-days: [mon, tue, wed, thu, fri]
          minimum-gap-days: 7
          max-size: 25
          observance-opt-out: false
          feeds:
            confidential: busy
            cancelled-retention-days: 30
            public-join-links: false
          gap:
            priorities:
              - {id: MISSION-YOUTH, title: "Youth: reaching young staff", scope: mission}
            targets:
              PS-VAW: 2
              MISSION-YOUTH: 1
        members:
          - id: anton-berger
            name: Anton Berger
            email: anton.berger@example.org
            role: co-chair
            staff-category: international
            joined: 2025-02-01
            interests: [fatherhood, share-the-care]
            capacity-per-month: 2
            availability:
              - {days: [tue, thu], from: "12:00", to: "14:00"}
              - {days: [wed], from: "15:00", to: "17:30"}
            absences:
              - {from: 2027-07-05, to: 2027-07-23, reason: annual leave}
          - id: nikola-petrovic
            name: Nikola Petrović
            email: nikola.petrovic@example.org
            role: member
            staff-category: national
            joined: 2025-03-01
            capacity-per-month: 1
        activities:
          - slug: monthly-meeting
            kind: monthly-meeting
            title: Monthly meeting
            series:
              rule: "FREQ=MONTHLY;BYDAY=1TU"
              start: "2026-01-06T15:00"
              until: 2028-12-31
            duration-minutes: 90
            location: Hofburg, room 3
            online-url: https://meet.example.org/mfge-vienna
          - slug: lunch-and-learn
            kind: lunch-and-learn
            title: "Lunch and learn: 'Share the Care'"
            series: {rule: "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE", start: "2026-01-14T12:30", count: 20}
          - slug: kick-off-2027
            kind: monthly-meeting
            title: Kick-off 2027
            start: "2027-01-20T16:00"
            theme: share-the-care
        blackouts:
          - {date: 2027-12-24, reason: Office closed}
          - {from: 2027-12-27, to: 2027-12-31, reason: Winter closure, source: closure}
          - {date: 2027-01-06, reason: Epiphany, source: holiday}
        """

    static func catalogue() throws -> Catalogue {
        try CatalogueLoader.load(
            gapPriorities: gapPriorities, themes: themes, activityKinds: activityKinds, observances: observances)
    }

    /// The 1-based line where `marker` (which may span lines) first starts in `text`.
    static func line(of marker: String, in text: String) -> Int? {
        text.range(of: marker).map { text[..<$0.lowerBound].filter { $0 == "\n" }.count + 1 }
    }
}

/// Runs `body` and returns the ``ConfigError`` it throws, recording an issue if none.
func configError(_ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation) -> ConfigError? {
    do {
        try body()
        Issue.record("expected a ConfigError, got none", sourceLocation: sourceLocation)
    } catch let error as ConfigError {
        return error
    } catch {
        Issue.record("expected a ConfigError, got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}
