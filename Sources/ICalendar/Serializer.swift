internal import CLibical
public import Foundation

extension ICSCalendar {
    /// The calendar as iCalendar text: CRLF line ends, lines folded at 75 octets on UTF-8
    /// boundaries, every TEXT value escaped (RFC 5545 3.3.11: `\\`, `\;`, `\,`, `\n`, also in
    /// `X-WR-*` and in each `CATEGORIES` property, which libical leaves unescaped), and a
    /// `VTIMEZONE` (plain IANA TZID, cut to the years the calendar spans) for every zone the
    /// events use. The same value always gives the same text (for the same installed tzdata).
    ///
    /// Throws ``ICSError/unknownTimeZone(_:line:)`` for a zone libical's database lacks and
    /// ``ICSError/invalidValue(property:value:reason:)`` for a value that cannot be written
    /// (among them a URI holding a control character such as CR or LF).
    public func serialized() throws(ICSError) -> String {
        let escapedLines = EscapedTextLines()
        let text = try Libical.locked { () throws(ICSError) -> String in
            let tree = try TreeBuilder.calendar(self, withTimeZones: true, escapedLines: escapedLines)
            return Libical.take(icalcomponent_as_ical_string_r(tree.root))
        }
        return try escapedLines.substitute(in: Self.repairingFoldedLineEnds(text))
    }

    /// libical 3.0.16 folds a line whose last continuation is exactly 74 octets between the CR
    /// and the LF of its line end, writing `CR CRLF SPACE LF` (a bare CR, then an empty folded
    /// line). The repair restores the single CRLF; no valid output contains that sequence.
    static func repairingFoldedLineEnds(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            let broken: [UInt8] = [13, 13, 10, 32, 10]
            func isBroken(at index: Int) -> Bool {
                index + 5 <= bytes.count && bytes[index] == 13 && bytes[index + 1] == 13
                    && bytes[(index + 2)..<(index + 5)].elementsEqual(broken[2...])
            }
            guard var index = bytes.indices.first(where: isBroken) else { return nil }
            var result = Array(bytes[..<index])
            result.reserveCapacity(bytes.count)
            while index < bytes.count {
                if isBroken(at: index) {
                    result.append(contentsOf: [13, 10])
                    index += 5
                } else {
                    result.append(bytes[index])
                    index += 1
                }
            }
            return String(decoding: result, as: UTF8.self)
        } ?? text
    }

    /// ``serialized()`` as UTF-8 bytes.
    public func serializedData() throws(ICSError) -> Data {
        Data(try serialized().utf8)
    }
}

/// Builds libical trees from the Swift model. Every function runs with the lock held.
enum TreeBuilder {
    static func calendar(
        _ calendar: ICSCalendar, withTimeZones: Bool, escapedLines: EscapedTextLines
    ) throws(ICSError) -> ComponentTree {
        guard let root = icalcomponent_new(ICAL_VCALENDAR_COMPONENT) else { throw .libicalFailure("icalcomponent_new") }
        let tree = ComponentTree(owning: root)
        try add(root, icalproperty_new_prodid(try text("PRODID", calendar.productID)))
        try add(root, icalproperty_new_version("2.0"))
        if let method = calendar.method {
            try add(root, icalproperty_new_from_string("METHOD:" + (try token("METHOD", method))))
        }
        if let name = calendar.name { try add(root, icalproperty_new_name(try text("NAME", name))) }
        if let value = calendar.wrCalendarName {
            try add(root, xProperty("X-WR-CALNAME", try escapedLines.value("X-WR-CALNAME", value)))
        }
        if let value = calendar.wrCalendarDescription {
            try add(root, xProperty("X-WR-CALDESC", try escapedLines.value("X-WR-CALDESC", value)))
        }
        if let zone = calendar.wrTimeZone {
            guard Libical.isKnownZone(zone) else { throw .unknownTimeZone(zone, line: nil) }
            try add(root, xProperty("X-WR-TIMEZONE", try escapedLines.value("X-WR-TIMEZONE", zone)))
        }
        if let interval = calendar.refreshInterval {
            let property = icalproperty_new_refreshinterval(icaldurationtype_from_int(try seconds(interval)))
            icalproperty_add_parameter(property, icalparameter_new_value(ICAL_VALUE_DURATION))
            try add(root, property)
        }
        if let ttl = calendar.publishedTTL {
            let text = Libical.take(icaldurationtype_as_ical_string_r(icaldurationtype_from_int(try seconds(ttl))))
            try add(root, xProperty("X-PUBLISHED-TTL", text))
        }
        if let color = calendar.color { try add(root, icalproperty_new_color(try text("COLOR", color))) }

        if withTimeZones {
            for component in try timeZones(for: calendar.events) {
                icalcomponent_add_component(root, component)
            }
        }
        for event in calendar.events {
            icalcomponent_add_component(root, try self.event(event, escapedLines: escapedLines))
        }
        return tree
    }

    /// One `VEVENT`; the caller owns it (or hands it to a parent). Its `CATEGORIES` are written
    /// through `escapedLines`, whose ``EscapedTextLines/substitute(in:)`` must run on the text.
    static func event(_ event: ICSEvent, escapedLines: EscapedTextLines) throws(ICSError) -> OpaquePointer {
        guard let component = icalcomponent_new(ICAL_VEVENT_COMPONENT) else {
            throw .libicalFailure("icalcomponent_new")
        }
        do {
            try fill(component, with: event, escapedLines: escapedLines)
        } catch {
            icalcomponent_free(component)
            throw error
        }
        return component
    }

    private static func fill(_ c: OpaquePointer, with event: ICSEvent, escapedLines: EscapedTextLines) throws(ICSError)
    {
        guard !event.uid.isEmpty else { throw .invalidValue(property: "UID", value: "", reason: "empty") }
        try add(c, icalproperty_new_uid(try text("UID", event.uid)))
        try add(c, icalproperty_new_dtstamp(Libical.icalTime(utc: event.timestamp)))
        try add(c, dateTimeProperty("DTSTART", event.start, icalproperty_new_dtstart))
        if let end = event.end {
            guard end.isDate == event.start.isDate else {
                throw .invalidValue(
                    property: "DTEND", value: end.description,
                    reason: "DTSTART and DTEND must both be dates or both date-times")
            }
            try add(c, dateTimeProperty("DTEND", end, icalproperty_new_dtend))
        }
        if let recurrenceID = event.recurrenceID {
            try add(c, dateTimeProperty("RECURRENCE-ID", recurrenceID, icalproperty_new_recurrenceid))
        }
        if let rule = event.rule {
            clibical_clear_errno()
            let recurrence = icalrecurrencetype_from_string(rule.text)
            guard recurrence.freq != ICAL_NO_RECURRENCE else { throw .invalidRecurrenceRule(rule.text, line: nil) }
            try add(c, icalproperty_new_rrule(recurrence))
        }
        for date in event.exceptionDates {
            try add(c, dateTimeProperty("EXDATE", date, icalproperty_new_exdate))
        }
        for date in event.extraDates {
            try add(
                c,
                dateTimeProperty("RDATE", date) { time in
                    var value = icaldatetimeperiodtype()
                    value.time = time
                    value.period = icalperiodtype_null_period()
                    return icalproperty_new_rdate(value)
                })
        }
        if let sequence = event.sequence {
            guard sequence >= 0, sequence <= Int(Int32.max) else {
                throw .invalidValue(property: "SEQUENCE", value: String(sequence), reason: "must be 0…\(Int32.max)")
            }
            try add(c, icalproperty_new_sequence(Int32(sequence)))
        }
        if let modified = event.lastModified {
            try add(c, icalproperty_new_lastmodified(Libical.icalTime(utc: modified)))
        }
        if let status = event.status {
            try add(c, icalproperty_new_status(status.libical))
        }
        if let classification = event.classification {
            try add(c, icalproperty_new_class(classification.libical))
        }
        if let transparency = event.transparency {
            try add(c, icalproperty_new_transp(transparency == .opaque ? ICAL_TRANSP_OPAQUE : ICAL_TRANSP_TRANSPARENT))
        }
        if let summary = event.summary { try add(c, icalproperty_new_summary(try text("SUMMARY", summary))) }
        if let description = event.description {
            try add(c, icalproperty_new_description(try text("DESCRIPTION", description)))
        }
        if let location = event.location { try add(c, icalproperty_new_location(try text("LOCATION", location))) }
        if let geo = event.geo {
            guard (-90...90).contains(geo.latitude), (-180...180).contains(geo.longitude) else {
                throw .invalidValue(property: "GEO", value: "\(geo.latitude);\(geo.longitude)", reason: "out of range")
            }
            try add(c, icalproperty_new_geo(icalgeotype(lat: geo.latitude, lon: geo.longitude)))
        }
        if let url = event.url { try add(c, icalproperty_new_url(try uri("URL", url))) }
        for category in event.categories {
            // One property per category, its commas escaped: a list would be split by readers.
            try add(c, icalproperty_new_categories(try escapedLines.value("CATEGORIES", category)))
        }
        if let organizer = event.organizer {
            try add(c, try participant("ORGANIZER", organizer) { icalproperty_new_organizer($0) })
        }
        for attendee in event.attendees {
            try add(c, try participant("ATTENDEE", attendee) { icalproperty_new_attendee($0) })
        }
        if let color = event.color { try add(c, icalproperty_new_color(try text("COLOR", color))) }
        for conference in event.conferences {
            // Every check before the property exists: a throw after would leak it.
            let address = try uri("CONFERENCE", conference.uri)
            let features = try conference.features.map { (f) throws(ICSError) -> String in try token("FEATURE", f) }
            let label = try conference.label.map { (l) throws(ICSError) -> String in try text("LABEL", l) }
            let property = icalproperty_new_conference(address)
            icalproperty_add_parameter(property, icalparameter_new_value(ICAL_VALUE_URI))
            if !features.isEmpty {
                icalproperty_add_parameter(
                    property, icalparameter_new_from_string("FEATURE=" + features.joined(separator: ",")))
            }
            if let label { icalproperty_add_parameter(property, icalparameter_new_label(label)) }
            try add(c, property)
        }
        for alarm in event.alarms {
            guard let component = icalcomponent_new(ICAL_VALARM_COMPONENT) else {
                throw .libicalFailure("icalcomponent_new")
            }
            icalcomponent_add_component(c, component)
            try add(component, icalproperty_new_from_string("ACTION:" + (try token("ACTION", alarm.action))))
            var trigger = icaltriggertype()
            trigger.time = icaltime_null_time()
            trigger.duration = icaldurationtype_from_int(try seconds(alarm.trigger))
            try add(component, icalproperty_new_trigger(trigger))
            if let description = alarm.description {
                try add(component, icalproperty_new_description(try text("DESCRIPTION", description)))
            }
        }
    }

    // MARK: Time zones

    /// A `VTIMEZONE` for every zone id used, sorted by id, cut to the years the events span.
    /// The end is cut only when no series runs open-ended, so later instances stay right.
    private static func timeZones(for events: [ICSEvent]) throws(ICSError) -> [OpaquePointer] {
        var zoneIDs = Set<String>()
        var firstYear = Int.max
        var lastYear = Int.min
        var openEnded = false
        func note(_ value: ICSDateTime) {
            if let id = value.zoneID { zoneIDs.insert(id) }
            let year = value.wallTime.year
            if year < firstYear { firstYear = year }
            if year > lastYear { lastYear = year }
        }
        for event in events {
            note(event.start)
            if let end = event.end { note(end) }
            if let recurrenceID = event.recurrenceID { note(recurrenceID) }
            event.exceptionDates.forEach(note)
            event.extraDates.forEach(note)
            if let rule = event.rule {
                // A COUNT can run for years, so only an UNTIL bounds the zone's rules.
                if let until = untilYear(rule.text) {
                    lastYear = max(lastYear, until)
                } else {
                    openEnded = true
                }
            }
        }
        var components: [OpaquePointer] = []
        for id in zoneIDs.sorted() {
            // One year of margin before the first date: a late-December event's zone history.
            // libical cannot write an end after its last year: such a zone is left uncut.
            let throughYear = openEnded || lastYear >= DateRules.years.upperBound ? nil : lastYear + 1
            guard let component = Libical.vtimezone(id, fromYear: max(1, firstYear - 1), throughYear: throughYear)
            else {
                for component in components { icalcomponent_free(component) }
                throw .unknownTimeZone(id, line: nil)
            }
            components.append(component)
        }
        return components
    }

    private static func untilYear(_ rule: String) -> Int? {
        guard let range = rule.range(of: "UNTIL=") else { return nil }
        return Int(rule[range.upperBound...].prefix(4))
    }

    // MARK: Properties

    private static func add(_ component: OpaquePointer, _ property: OpaquePointer?) throws(ICSError) {
        guard let property else { throw .libicalFailure("could not create a property") }
        icalcomponent_add_property(component, property)
    }

    /// A date-time property with `TZID` for a local value (libical's `new_*` does not add it).
    private static func dateTimeProperty(
        _ name: String, _ value: ICSDateTime, _ make: (icaltimetype) -> OpaquePointer?
    ) throws(ICSError) -> OpaquePointer? {
        switch value {
        case .date(let date):
            try check(name, date: date)
            return make(Libical.icalDate(date))
        case .utc(let wall):
            try check(name, wall: wall)
            return make(Libical.icalTime(wall, zone: Libical.utcZone))
        case .floating(let wall):
            try check(name, wall: wall)
            return make(Libical.icalTime(wall, zone: nil))
        case .local(let wall, let id):
            try check(name, wall: wall)
            guard Libical.isKnownZone(id) else { throw .unknownTimeZone(id, line: nil) }
            let property = make(Libical.icalTime(wall, zone: nil))
            if let property { icalproperty_add_parameter(property, icalparameter_new_tzid(id)) }
            return property
        }
    }

    static func check(_ name: String, date: ICSDate) throws(ICSError) {
        guard DateRules.years.contains(date.year) else {
            throw .invalidValue(
                property: name, value: date.description,
                reason: "years \(DateRules.years.lowerBound)…\(DateRules.years.upperBound) only (libical's range)")
        }
        guard (1...12).contains(date.month),
            (1...DateRules.daysInMonth(date.year, date.month)).contains(date.day)
        else { throw .invalidValue(property: name, value: date.description, reason: "no such date") }
    }

    static func check(_ name: String, wall: ICSWallTime) throws(ICSError) {
        try check(name, date: wall.date)
        guard (0...23).contains(wall.hour), (0...59).contains(wall.minute), (0...60).contains(wall.second) else {
            throw .invalidValue(property: name, value: wall.description, reason: "no such time of day")
        }
    }

    /// An `ORGANIZER` or `ATTENDEE` made by `make`. Every value is checked before the property
    /// exists: a throw after would leak it (found by libFuzzer's leak checker with `ROLE=REQTZID=…`).
    private static func participant(
        _ name: String, _ person: ICSParticipant, _ make: (String) -> OpaquePointer?
    ) throws(ICSError) -> OpaquePointer? {
        let address = try uri(name, person.address)
        let commonName = try person.commonName.map { (n) throws(ICSError) -> String in try text("CN", n) }
        let role = try person.role.map { (r) throws(ICSError) -> String in try token("ROLE", r) }
        let status = try person.participationStatus.map { (s) throws(ICSError) -> String in try token("PARTSTAT", s) }
        guard let property = make(address) else { return nil }
        if let commonName { icalproperty_add_parameter(property, icalparameter_new_cn(commonName)) }
        if let role { icalproperty_add_parameter(property, icalparameter_new_from_string("ROLE=" + role)) }
        if let status { icalproperty_add_parameter(property, icalparameter_new_from_string("PARTSTAT=" + status)) }
        return property
    }

    /// An X-property with `value` as libical writes it (escaping only `\\` and newlines).
    private static func xProperty(_ name: String, _ value: String) throws(ICSError) -> OpaquePointer? {
        let property = icalproperty_new_x(try text(name, value))
        if let property { icalproperty_set_x_name(property, name) }
        return property
    }

    /// Text bound for C: a NUL would silently cut it.
    static func text(_ name: String, _ value: String) throws(ICSError) -> String {
        guard !value.utf8.contains(0) else {
            throw .invalidValue(property: name, value: value, reason: "contains a NUL character")
        }
        return value
    }

    /// A URI value. libical writes URIs as they are, so a CR or LF in one would end the line and
    /// let the rest pass as properties of their own: any control character is refused.
    private static func uri(_ name: String, _ value: String) throws(ICSError) -> String {
        guard !value.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw .invalidValue(
                property: name, value: value, reason: "a URI cannot contain control characters (CR, LF, TAB, …)")
        }
        return value
    }

    /// An iCalendar token (`PUBLISH`, `CHAIR`, `X-NAME`): letters, digits and `-` only.
    private static func token(_ name: String, _ value: String) throws(ICSError) -> String {
        guard !value.isEmpty,
            value.utf8.allSatisfy({
                $0 < 128
                    && (Character(UnicodeScalar($0)).isLetter || Character(UnicodeScalar($0)).isNumber
                        || $0 == UInt8(ascii: "-"))
            })
        else {
            throw .invalidValue(property: name, value: value, reason: "must be letters, digits and '-'")
        }
        return value.uppercased()
    }

    private static func seconds(_ duration: ICSDuration) throws(ICSError) -> Int32 {
        guard let value = Int32(exactly: duration.seconds) else {
            throw .invalidValue(property: "DURATION", value: String(duration.seconds), reason: "too long")
        }
        return value
    }
}

/// Calendar arithmetic needed without libical (value checks).
enum DateRules {
    /// The years libical 3.0.16 writes: a date after 3000 comes out as `00000000T000000`.
    static let years = 1...3000

    static func isLeapYear(_ year: Int) -> Bool { (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: isLeapYear(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}

extension ICSEventStatus {
    var libical: icalproperty_status {
        switch self {
        case .tentative: ICAL_STATUS_TENTATIVE
        case .confirmed: ICAL_STATUS_CONFIRMED
        case .cancelled: ICAL_STATUS_CANCELLED
        }
    }

    /// The status for libical's value (a switch: `allCases` would build an array per call).
    init?(libical status: icalproperty_status) {
        switch status {
        case ICAL_STATUS_TENTATIVE: self = .tentative
        case ICAL_STATUS_CONFIRMED: self = .confirmed
        case ICAL_STATUS_CANCELLED: self = .cancelled
        default: return nil
        }
    }
}

extension ICSClassification {
    var libical: icalproperty_class {
        switch self {
        case .public: ICAL_CLASS_PUBLIC
        case .private: ICAL_CLASS_PRIVATE
        case .confidential: ICAL_CLASS_CONFIDENTIAL
        }
    }

    /// The classification for libical's value.
    init?(libical value: icalproperty_class) {
        switch value {
        case ICAL_CLASS_PUBLIC: self = .public
        case ICAL_CLASS_PRIVATE: self = .private
        case ICAL_CLASS_CONFIDENTIAL: self = .confidential
        default: return nil
        }
    }
}
