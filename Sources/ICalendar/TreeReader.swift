internal import CLibical
import Foundation

/// Reads libical trees into the Swift model, with the prescan's line numbers. Lock held.
struct TreeReader {
    var scan: Prescan
    var problems: [ICSProblem]
    /// Pre-order position of the next component, matched with the prescan's records.
    private var componentIndex = 0
    private let recordsMatch: Bool
    /// How many VEVENTs the prescan saw: the events array is sized once.
    private let eventCount: Int

    /// Whether ``calendars(in:)`` reports libical's errors itself (one tree whose components
    /// match the prescan's records in order) instead of ``collectLibicalErrors(_:)``.
    private let errorsWhileReading: Bool

    init(scan: Prescan, errorsWhileReading: Bool) {
        self.errorsWhileReading = errorsWhileReading
        self.scan = scan
        self.problems = scan.problems
        self.recordsMatch = true
        self.eventCount = scan.components.reduce(0) { $0 + ($1.code == .vevent ? 1 : 0) }
    }

    var sortedProblems: [ICSProblem] {
        problems.enumerated().sorted { a, b in
            (a.element.line ?? Int.max, a.offset) < (b.element.line ?? Int.max, b.offset)
        }.map(\.element)
    }

    // MARK: libical's X-LIC-ERROR properties

    mutating func collectLibicalErrors(_ root: OpaquePointer) {
        var index = 0
        collectLibicalErrors(root, &index)
    }

    /// The X-LIC-ERRORs of `component` alone, while reading (see `errorsWhileReading`).
    private mutating func readingErrors(of component: OpaquePointer, record: ComponentRecord?) {
        guard errorsWhileReading else { return }
        libicalErrors(of: component, record: record)
    }

    /// Reports every X-LIC-ERROR property of `component` (not of its children).
    private mutating func libicalErrors(of component: OpaquePointer, record: ComponentRecord?) {
        var property = icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY)
        while let current = property {
            libicalError(current, record: record)
            property = icalcomponent_get_next_property(component, ICAL_XLICERROR_PROPERTY)
        }
    }

    /// Reports one X-LIC-ERROR property met while reading.
    private mutating func readingError(_ property: OpaquePointer, record: ComponentRecord?) {
        guard errorsWhileReading, icalproperty_isa(property) == ICAL_XLICERROR_PROPERTY else { return }
        libicalError(property, record: record)
    }

    private mutating func libicalError(_ property: OpaquePointer, record: ComponentRecord?) {
        addLibicalError(Libical.copy(icalproperty_get_xlicerror(property)) ?? "libical error", record: record)
    }

    private mutating func collectLibicalErrors(_ component: OpaquePointer, _ index: inout Int) {
        let kind = icalcomponent_isa(component)
        let record: ComponentRecord?
        if kind == ICAL_XROOT_COMPONENT {
            record = nil
        } else {
            record = index < scan.components.count ? scan.components[index] : nil
            index += 1
        }
        libicalErrors(of: component, record: record)
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let current = child {
            collectLibicalErrors(current, &index)
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
        }
    }

    private mutating func addLibicalError(_ message: String, record: ComponentRecord?) {
        // A missing or wrong END is already reported with its line by the prescan.
        if message.contains("END"), !scan.hasEnd { return }
        // libical does not say where: find the line its message quotes, else the line of the
        // property it names, else the component's BEGIN line.
        var line = record?.beginLine
        if let record, record.lastIndex - record.firstIndex < 100_000 {
            var named: Int?
            for index in record.firstIndex...record.lastIndex {
                let text = scan.text(ofLine: index)
                let value = text.split(separator: ":", maxSplits: 1).last.map(String.init) ?? text
                if message.contains(text) || (value.count >= 3 && message.contains(value)) {
                    named = nil
                    line = scan.lines[index].physical
                    break
                }
                let name = text.prefix { $0 != ";" && $0 != ":" }
                if named == nil, !name.isEmpty, message.contains(" \(name) ") || message.contains(" \(name):") {
                    named = scan.lines[index].physical
                }
            }
            if let named { line = named }
        }
        // The prescan already explained this line more precisely.
        if let line, scan.badLines.contains(line) { return }
        let componentName = record.map { " (in \(scan.name(of: $0.code)) from line \($0.beginLine))" } ?? ""
        problems.append(
            ICSProblem(severity: .error, kind: .libical, line: line, message: "libical: \(message)\(componentName)"))
    }

    // MARK: Model

    mutating func calendars(in root: OpaquePointer) -> [ICSCalendar] {
        if icalcomponent_isa(root) == ICAL_XROOT_COMPONENT {
            readingErrors(of: root, record: nil)
            var result: [ICSCalendar] = []
            var child = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT)
            while let current = child {
                result.append(contentsOf: calendars(in: current))
                child = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)
            }
            return result
        }
        let record = nextRecord()
        guard icalcomponent_isa(root) == ICAL_VCALENDAR_COMPONENT else {
            readingErrors(of: root, record: record)
            skipChildren(of: root)
            return []
        }
        var calendar = ICSCalendar(productID: "")
        calendar.events.reserveCapacity(eventCount)
        var lines = PropertyLines(record: record, scan: scan)
        var cursor = icalcomponent_get_first_property(root, ICAL_ANY_PROPERTY)
        while let (current, _) = nextReadable(&cursor, of: root, lines: &lines, record: record) {
            switch icalproperty_isa(current) {
            case ICAL_PRODID_PROPERTY: calendar.productID = Libical.copy(icalproperty_get_prodid(current)) ?? ""
            case ICAL_METHOD_PROPERTY: calendar.method = Libical.take(icalproperty_get_value_as_string_r(current))
            case ICAL_NAME_PROPERTY: calendar.name = Libical.copy(icalproperty_get_name(current))
            case ICAL_COLOR_PROPERTY: calendar.color = Libical.copy(icalproperty_get_color(current))
            case ICAL_REFRESHINTERVAL_PROPERTY:
                calendar.refreshInterval = ICSDuration(
                    seconds: Int(icaldurationtype_as_int(icalproperty_get_refreshinterval(current))))
            case ICAL_X_PROPERTY:
                let value = Libical.copy(icalproperty_get_x(current)) ?? ""
                switch Libical.copy(icalproperty_get_x_name(current))?.uppercased() {
                case "X-WR-CALNAME": calendar.wrCalendarName = value
                case "X-WR-CALDESC": calendar.wrCalendarDescription = value
                case "X-WR-TIMEZONE": calendar.wrTimeZone = value
                case "X-PUBLISHED-TTL":
                    calendar.publishedTTL = ICSDuration(
                        seconds: Int(icaldurationtype_as_int(icaldurationtype_from_string(value))))
                default: break
                }
            default: break
            }
        }
        var child = icalcomponent_get_first_component(root, ICAL_ANY_COMPONENT)
        while let current = child {
            child = icalcomponent_get_next_component(root, ICAL_ANY_COMPONENT)
            switch icalcomponent_isa(current) {
            case ICAL_VEVENT_COMPONENT:
                if let event = event(current, root: root) { calendar.events.append(event) }
            case ICAL_VTIMEZONE_COMPONENT:
                readingErrors(of: current, record: nextRecord())
                skipChildren(of: current)
            default:
                let skipped = nextRecord()
                readingErrors(of: current, record: skipped)
                let name = Libical.copy(icalcomponent_kind_to_string(icalcomponent_isa(current))) ?? "component"
                problems.append(
                    ICSProblem(
                        severity: .warning, kind: .ignoredComponent, line: skipped?.beginLine,
                        message: "\(name) skipped: only VEVENT is read"))
                skipChildren(of: current)
            }
        }
        return [calendar]
    }

    private mutating func nextRecord() -> ComponentRecord? {
        defer { componentIndex += 1 }
        return componentIndex < scan.components.count ? scan.components[componentIndex] : nil
    }

    private mutating func skipChildren(of component: OpaquePointer) {
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let current = child {
            readingErrors(of: current, record: nextRecord())
            skipChildren(of: current)
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
        }
    }

    /// The next property from `cursor` on that is to be read, with its input line. A property
    /// no input line gave (libical's own X-LIC-ERROR: reported) and one on a line the prescan
    /// flagged are passed over.
    private mutating func nextReadable(
        _ cursor: inout OpaquePointer?, of component: OpaquePointer, lines: inout PropertyLines,
        record: ComponentRecord?
    ) -> (property: OpaquePointer, line: Int)? {
        while let current = cursor {
            cursor = icalcomponent_get_next_property(component, ICAL_ANY_PROPERTY)
            guard let line = lines.take(current) else {
                readingError(current, record: record)
                continue
            }
            if !isBad(line) { return (current, line) }
        }
        return nil
    }

    /// Whether the prescan flagged `line` (most inputs have no bad line: no hashing then).
    private func isBad(_ line: Int) -> Bool { line > 0 && !scan.badLines.isEmpty && scan.badLines.contains(line) }

    private mutating func event(_ component: OpaquePointer, root: OpaquePointer) -> ICSEvent? {
        let record = nextRecord()
        var lines = PropertyLines(record: record, scan: scan)
        var uid: String?
        var timestamp: Date?
        var start: ICSDateTime?
        var event = ICSEvent(
            uid: "", timestamp: Date(timeIntervalSince1970: 0), start: .date(ICSDate(year: 1970, month: 1, day: 1)))
        var cursor = icalcomponent_get_first_property(component, ICAL_ANY_PROPERTY)
        while let (p, line) = nextReadable(&cursor, of: component, lines: &lines, record: record) {
            let at = line > 0 ? line : nil
            switch icalproperty_isa(p) {
            case ICAL_UID_PROPERTY: uid = Libical.copy(icalproperty_get_uid(p))
            case ICAL_DTSTAMP_PROPERTY: timestamp = Libical.date(fromUTC: icalproperty_get_dtstamp(p))
            case ICAL_DTSTART_PROPERTY: start = dateTime(p, icalproperty_get_dtstart(p), root: root, line: at)
            case ICAL_DTEND_PROPERTY: event.end = dateTime(p, icalproperty_get_dtend(p), root: root, line: at)
            case ICAL_RECURRENCEID_PROPERTY:
                event.recurrenceID = dateTime(p, icalproperty_get_recurrenceid(p), root: root, line: at)
            case ICAL_RRULE_PROPERTY:
                if let normalised = scan.normalisedRules[line] {
                    event.rule = ICSRecurrenceRule(normalised: normalised)
                } else {
                    var rule = icalproperty_get_rrule(p)
                    event.rule = ICSRecurrenceRule(normalised: Libical.take(icalrecurrencetype_as_string_r(&rule)))
                }
            case ICAL_EXDATE_PROPERTY:
                event.exceptionDates.append(dateTime(p, icalproperty_get_exdate(p), root: root, line: at))
            case ICAL_RDATE_PROPERTY:
                let value = icalproperty_get_rdate(p)
                if icaltime_is_null_time(value.time) != 0 {
                    problems.append(
                        ICSProblem(
                            severity: .warning, kind: .invalidValue, line: at,
                            message: "RDATE with a PERIOD value skipped"))
                } else {
                    event.extraDates.append(dateTime(p, value.time, root: root, line: at))
                }
            case ICAL_SEQUENCE_PROPERTY: event.sequence = Int(icalproperty_get_sequence(p))
            case ICAL_LASTMODIFIED_PROPERTY:
                event.lastModified = Libical.date(fromUTC: icalproperty_get_lastmodified(p))
            case ICAL_STATUS_PROPERTY:
                event.status = ICSEventStatus(libical: icalproperty_get_status(p))
            case ICAL_CLASS_PROPERTY:
                event.classification = ICSClassification(libical: icalproperty_get_class(p))
            case ICAL_TRANSP_PROPERTY:
                let transparency = icalproperty_get_transp(p)
                event.transparency =
                    transparency == ICAL_TRANSP_OPAQUE
                    ? .opaque : transparency == ICAL_TRANSP_TRANSPARENT ? .transparent : nil
            case ICAL_SUMMARY_PROPERTY: event.summary = Libical.copy(icalproperty_get_summary(p))
            case ICAL_DESCRIPTION_PROPERTY: event.description = Libical.copy(icalproperty_get_description(p))
            case ICAL_LOCATION_PROPERTY: event.location = Libical.copy(icalproperty_get_location(p))
            case ICAL_GEO_PROPERTY:
                let geo = icalproperty_get_geo(p)
                event.geo = ICSGeo(latitude: geo.lat, longitude: geo.lon)
            case ICAL_URL_PROPERTY: event.url = Libical.copy(icalproperty_get_url(p))
            case ICAL_CATEGORIES_PROPERTY:
                if let category = Libical.copy(icalproperty_get_categories(p)) { event.categories.append(category) }
            case ICAL_ORGANIZER_PROPERTY: event.organizer = participant(p, Libical.copy(icalproperty_get_organizer(p)))
            case ICAL_ATTENDEE_PROPERTY:
                event.attendees.append(participant(p, Libical.copy(icalproperty_get_attendee(p))))
            case ICAL_COLOR_PROPERTY: event.color = Libical.copy(icalproperty_get_color(p))
            case ICAL_CONFERENCE_PROPERTY:
                var conference = ICSConference(uri: Libical.copy(icalproperty_get_conference(p)) ?? "")
                conference.features = parameterValues(p, ICAL_FEATURE_PARAMETER).flatMap {
                    $0.split(separator: ",").map(String.init)
                }
                if let label = icalproperty_get_first_parameter(p, ICAL_LABEL_PARAMETER) {
                    conference.label = Libical.copy(icalparameter_get_label(label))
                }
                event.conferences.append(conference)
            default: break
            }
        }
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let current = child {
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
            if icalcomponent_isa(current) == ICAL_VALARM_COMPONENT, let alarm = alarm(current) {
                event.alarms.append(alarm)
            } else if icalcomponent_isa(current) != ICAL_VALARM_COMPONENT {
                readingErrors(of: current, record: nextRecord())
                skipChildren(of: current)
            }
        }
        let beginLine = record?.beginLine
        guard let uid, !uid.isEmpty else {
            problems.append(
                ICSProblem(
                    severity: .error, kind: .missingProperty, line: beginLine, message: "VEVENT without UID skipped"))
            return nil
        }
        guard let start else {
            problems.append(
                ICSProblem(
                    severity: .error, kind: .missingProperty, line: beginLine,
                    message: "VEVENT \(uid) without a valid DTSTART skipped"))
            return nil
        }
        if timestamp == nil {
            problems.append(
                ICSProblem(
                    severity: .warning, kind: .missingProperty, line: beginLine,
                    message: "VEVENT \(uid) has no DTSTAMP; 1970-01-01 used"))
        }
        event.uid = uid
        event.start = start
        event.timestamp = timestamp ?? Date(timeIntervalSince1970: 0)
        return event
    }

    private mutating func alarm(_ component: OpaquePointer) -> ICSAlarm? {
        let record = nextRecord()
        var lines = PropertyLines(record: record, scan: scan)
        var alarm = ICSAlarm(trigger: ICSDuration(seconds: 0))
        var hasTrigger = false
        var cursor = icalcomponent_get_first_property(component, ICAL_ANY_PROPERTY)
        while let (p, _) = nextReadable(&cursor, of: component, lines: &lines, record: record) {
            switch icalproperty_isa(p) {
            case ICAL_ACTION_PROPERTY: alarm.action = Libical.take(icalproperty_get_value_as_string_r(p))
            case ICAL_DESCRIPTION_PROPERTY: alarm.description = Libical.copy(icalproperty_get_description(p))
            case ICAL_TRIGGER_PROPERTY:
                let trigger = icalproperty_get_trigger(p)
                if icaltime_is_null_time(trigger.time) != 0 {
                    alarm.trigger = ICSDuration(seconds: Int(icaldurationtype_as_int(trigger.duration)))
                    hasTrigger = true
                }
            default: break
            }
        }
        if errorsWhileReading {
            // Subcomponents of a VALARM are not read (nor counted as records): their errors
            // are still reported, without a record to place them.
            var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
            while let current = child {
                var beyondRecords = scan.components.count
                collectLibicalErrors(current, &beyondRecords)
                child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
            }
        }
        guard hasTrigger else {
            problems.append(
                ICSProblem(
                    severity: .warning, kind: .missingProperty, line: record?.beginLine,
                    message: "VALARM without a relative TRIGGER skipped"))
            return nil
        }
        return alarm
    }

    private func participant(_ property: OpaquePointer, _ address: String?) -> ICSParticipant {
        var person = ICSParticipant(address: address ?? "")
        if let cn = icalproperty_get_first_parameter(property, ICAL_CN_PARAMETER) {
            person.commonName = Libical.copy(icalparameter_get_cn(cn))
        }
        person.role = parameterValues(property, ICAL_ROLE_PARAMETER).first
        person.participationStatus = parameterValues(property, ICAL_PARTSTAT_PARAMETER).first
        return person
    }

    /// The values of `kind` parameters as written (`ROLE=CHAIR` → `CHAIR`), quotes removed.
    private func parameterValues(_ property: OpaquePointer, _ kind: icalparameter_kind) -> [String] {
        var values: [String] = []
        var parameter = icalproperty_get_first_parameter(property, kind)
        while let current = parameter {
            let text = Libical.take(icalparameter_as_ical_string_r(current))
            if let equals = text.firstIndex(of: "=") {
                values.append(
                    text[text.index(after: equals)...].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
            }
            parameter = icalproperty_get_next_parameter(property, kind)
        }
        return values
    }

    /// A date-time value with its `TZID`. A zone only the file defines is converted to UTC
    /// (with a warning); an unknown zone was reported by the prescan and reads as floating.
    private mutating func dateTime(_ property: OpaquePointer, _ time: icaltimetype, root: OpaquePointer, line: Int?)
        -> ICSDateTime
    {
        if time.is_date != 0 {
            return .date(ICSDate(year: Int(time.year), month: Int(time.month), day: Int(time.day)))
        }
        if icaltime_is_utc(time) != 0 { return .utc(Libical.wallTime(time)) }
        guard let parameter = icalproperty_get_first_parameter(property, ICAL_TZID_PARAMETER),
            let id = Libical.copy(icalparameter_get_tzid(parameter))
        else { return .floating(Libical.wallTime(time)) }
        if Libical.isKnownZone(id) { return .local(Libical.wallTime(time), zoneID: id) }
        if let zone = icalcomponent_get_timezone(root, id) {
            var zoned = time
            zoned.zone = zone
            let utc = icaltime_convert_to_zone(zoned, Libical.utcZone)
            problems.append(
                ICSProblem(
                    severity: .warning, kind: .convertedTimeZone, line: line,
                    message: "time zone \"\(id)\" is defined only by this file's VTIMEZONE: time converted to UTC"))
            return .utc(Libical.wallTime(utc))
        }
        return .floating(Libical.wallTime(time))
    }
}

/// Hands out the prescan's line numbers for a component's properties. libical keeps the input
/// order (it only drops properties or adds X-LIC-ERRORs), so a cursor walks the prescan's list,
/// comparing name codes (two integers), not strings.
/// Without a matching record (libical changed the structure) it gives line 0 = unknown.
private struct PropertyLines {
    let record: ComponentRecord?
    let properties: [(name: NameCode, line: Int, record: Int)]
    let longNames: LongNames
    var cursor: Int

    init(record: ComponentRecord?, scan: Prescan) {
        self.record = record
        self.properties = scan.properties
        self.longNames = scan.longNames
        self.cursor = record?.firstProperty ?? 0
    }

    /// libical's property names by kind as codes, made once (nil: too long to pack). A constant
    /// table: libical's `icalproperty_kind_to_string` only reads static data, and a `let` needs
    /// no exclusivity checks on every property, as a lazily filled `static var` did.
    private static let codes: [NameCode?] = (0..<512).map { raw in
        NameCode.packed(Libical.copy(icalproperty_kind_to_string(icalproperty_kind(rawValue: UInt32(raw)))) ?? "")
    }

    /// The code of the property's name, or nil when no line of the input has that name.
    private func code(of property: OpaquePointer, kind: icalproperty_kind) -> NameCode? {
        if kind == ICAL_X_PROPERTY {
            guard let xName = icalproperty_get_x_name(property) else { return nil }
            let bytes = UnsafeBufferPointer(
                start: UnsafeRawPointer(xName).assumingMemoryBound(to: UInt8.self), count: strlen(xName))
            return NameCode(packing: bytes) ?? longNames.existingCode(for: String(cString: xName).uppercased())
        }
        let index = Int(kind.rawValue)
        if index < Self.codes.count, let code = Self.codes[index] { return code }
        return longNames.existingCode(for: Libical.copy(icalproperty_kind_to_string(kind)) ?? "")
    }

    mutating func take(_ property: OpaquePointer) -> Int? {
        let kind = icalproperty_isa(property)
        if kind == ICAL_XLICERROR_PROPERTY { return nil }
        guard let record, let name = code(of: property, kind: kind) else { return 0 }
        var index = cursor
        while index < record.propertyEnd, properties[index].record != record.index || properties[index].name != name {
            index += 1
        }
        guard index < record.propertyEnd else { return 0 }
        cursor = index + 1
        return properties[index].line
    }
}
