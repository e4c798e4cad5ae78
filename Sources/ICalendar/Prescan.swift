import Foundation

/// The input split into unfolded content lines and checked in Swift before libical sees it:
/// size, line length, NUL bytes, UTF-8, nesting, BEGIN/END balance, and the values libical
/// accepts silently (month 13, `SEQUENCE:abc`, unknown TZIDs).
///
/// One pass over the input's own buffer: each physical line is unfolded straight into `feed`
/// and inspected there (borrowed, by index ranges); names are ``NameCode``s, not `String`s, so
/// the lists it keeps hold no references.
struct Prescan {
    /// Unfolded lines, each followed by `\n`, for libical.
    var feed: [UInt8] = []
    /// Per logical line: its byte range in `feed` (without `\n`) and its first physical line.
    var lines: [(start: Int, end: Int, physical: Int)] = []
    var problems: [ICSProblem] = []
    var badLines: Set<Int> = []
    var components: [ComponentRecord] = []
    /// Every component's own properties in input order: name, physical line, and the owning
    /// component's position in `components` (one flat list: no array per component).
    var properties: [(name: NameCode, line: Int, record: Int)] = []
    /// The names too long to pack, for ``NameCode``s with a `longNumber`.
    var longNames = LongNames()
    var rules: [(text: String, line: Int)] = []
    /// libical's normalised text of each valid `RRULE` libical reads exactly as written, by
    /// physical line (filled by the parser): the reader uses it instead of printing the rule again.
    var normalisedRules: [Int: String] = [:]
    var durations: [(text: String, line: Int)] = []
    /// The distinct TZID parameter values, and each reference to one (by position) with its line.
    var zoneIDs: [String] = []
    var zoneReferences: [(zone: Int, line: Int)] = []
    var definedZones: Set<String> = []
    /// Recently seen TZID parameters as written (quotes and all) with their position in
    /// `zoneIDs`: feeds use a handful of zones, matched by bytes before any `String` is made.
    private var recentZoneBytes: [(bytes: [UInt8], zone: Int)] = []
    private var zoneNumbers: [String: Int] = [:]
    var hasEnd: Bool { !problems.contains { $0.kind == .missingEnd || $0.kind == .mismatchedEnd } }

    /// Which value check a property gets (a few integer comparisons: no hashing per line).
    enum ValueCheck {
        case dateTime, integer, duration, rule, geo, trigger, none

        private static let table: [(NameCode, ValueCheck)] = [
            (NameCode("DTSTART"), .dateTime), (NameCode("DTEND"), .dateTime), (NameCode("DTSTAMP"), .dateTime),
            (NameCode("EXDATE"), .dateTime), (NameCode("RRULE"), .rule), (NameCode("RECURRENCE-ID"), .dateTime),
            (NameCode("RDATE"), .dateTime), (NameCode("LAST-MODIFIED"), .dateTime), (NameCode("SEQUENCE"), .integer),
            (NameCode("CREATED"), .dateTime), (NameCode("DUE"), .dateTime), (NameCode("COMPLETED"), .dateTime),
            (NameCode("PRIORITY"), .integer), (NameCode("PERCENT-COMPLETE"), .integer), (NameCode("REPEAT"), .integer),
            (NameCode("DURATION"), .duration), (NameCode("X-PUBLISHED-TTL"), .duration),
            (NameCode("REFRESH-INTERVAL"), .duration), (NameCode("TRIGGER"), .trigger), (NameCode("GEO"), .geo),
        ]

        init(_ name: NameCode) {
            for (code, check) in Self.table where code == name {
                self = check
                return
            }
            self = .none
        }
    }

    /// The text of a name (property or component), for messages.
    func name(of code: NameCode) -> String { longNames.text(of: code) }

    func text(ofLine index: Int) -> String {
        String(decoding: feed[lines[index].start..<lines[index].end], as: UTF8.self)
    }

    /// Scans `input`. `inputIsValidUTF8` says the caller knows it is (a Swift `String`'s bytes):
    /// otherwise the whole input is validated once, and only if that fails line by line (a
    /// sequence split by a fold is valid once unfolded, and an error names its line).
    init(_ input: UnsafeBufferPointer<UInt8>, options: ICSParseOptions, inputIsValidUTF8: Bool = false) throws(ICSError)
    {
        guard input.count <= options.maxInputBytes else {
            throw .inputTooLarge(bytes: input.count, limit: options.maxInputBytes)
        }
        let linesNeedUTF8Check = !inputIsValidUTF8 && !Self.isValidUTF8(input)
        var feed: [UInt8] = []
        feed.reserveCapacity(input.count + 1)
        var physical = 0
        // The logical line being assembled is feed[currentStart...], from physical line currentLine.
        var currentStart = 0
        var currentLine = 0
        var stack: [(code: NameCode, line: Int, record: Int)] = []

        // About one content line per 32 bytes in real feeds: sized once, not grown by doubling.
        lines.reserveCapacity(input.count / 32)
        properties.reserveCapacity(input.count / 32)

        // One pass over the input's bytes: memchr finds each line's end and any NUL byte.
        if let base = input.baseAddress {
            var lineStart = 0
            while lineStart < input.count {
                physical += 1
                let remaining = input.count - lineStart
                let lineEnd =
                    memchr(base + lineStart, Int32(UInt8(ascii: "\n")), remaining)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? input.count
                var contentEnd = lineEnd
                if contentEnd > lineStart, base[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
                let length = contentEnd - lineStart
                if length > 0, memchr(base + lineStart, 0, length) != nil { throw .nulByte(line: physical) }
                let physicalLine = UnsafeBufferPointer(start: base + lineStart, count: length)
                if let first = physicalLine.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"),
                    feed.count > currentStart
                {
                    feed.append(contentsOf: UnsafeBufferPointer(rebasing: physicalLine.dropFirst()))
                } else {
                    try finishLine(
                        &feed, from: currentStart, physical: currentLine, &stack, options, checkUTF8: linesNeedUTF8Check
                    )
                    currentStart = feed.count
                    currentLine = physical
                    feed.append(contentsOf: physicalLine)
                }
                if feed.count - currentStart > options.maxLineBytes {
                    throw .lineTooLong(line: currentLine, bytes: feed.count - currentStart, limit: options.maxLineBytes)
                }
                lineStart = lineEnd + 1
            }
        }
        try finishLine(&feed, from: currentStart, physical: currentLine, &stack, options, checkUTF8: linesNeedUTF8Check)
        self.feed = feed
        guard !lines.isEmpty else { throw .emptyInput }
        for open in stack.reversed() {
            let openName = name(of: open.code)
            problems.append(
                ICSProblem(
                    severity: .error, kind: .missingEnd, line: open.line,
                    message:
                        "BEGIN:\(openName) has no END:\(openName) before the end of input at line \(physical) (truncated?)"
                ))
            components[open.record].lastIndex = lines.count - 1
        }
        let unknown = zoneIDs.map { !definedZones.contains($0) && !ICSTimeZoneDatabase.contains($0) }
        for reference in zoneReferences where unknown[reference.zone] {
            problems.append(
                ICSProblem(
                    severity: .error, kind: .unknownTimeZone, line: reference.line,
                    message:
                        "unknown time zone \"\(zoneIDs[reference.zone])\": no VTIMEZONE and not in the time zone database; the time is read as floating"
                ))
        }
    }

    /// Ends the logical line `feed[currentStart...]` (first physical line `currentLine`): drops
    /// it if blank, else checks and records it. A method with `inout` state, not a closure over
    /// the initialiser's variables (which would box them and check exclusivity on every access).
    private mutating func finishLine(
        _ feed: inout [UInt8], from currentStart: Int, physical currentLine: Int,
        _ stack: inout [(code: NameCode, line: Int, record: Int)], _ options: ICSParseOptions, checkUTF8: Bool
    ) throws(ICSError) {
        let end = feed.count
        guard end > currentStart else { return }
        // Blank and white-space-only lines carry nothing; libical would flag them.
        let hasContent = feed.withUnsafeBufferPointer { bytes in
            bytes[currentStart..<end].contains { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }
        }
        guard hasContent else {
            feed.removeSubrange(currentStart...)
            return
        }
        if checkUTF8 {
            let valid = feed.withUnsafeBufferPointer { bytes in
                Self.isValidUTF8(UnsafeBufferPointer(rebasing: bytes[currentStart..<end]))
            }
            guard valid else { throw .invalidUTF8(line: currentLine) }
        }
        let index = lines.count
        lines.append((currentStart, end, currentLine))
        feed.append(UInt8(ascii: "\n"))
        let repair = try feed.withUnsafeBufferPointer { bytes throws(ICSError) in
            try inspect(index, UnsafeBufferPointer(rebasing: bytes[currentStart..<end]), &stack, options)
        }
        if let repair {
            // libical would close the open component whatever the END says: the END line is
            // replaced by the ENDs of what it closes, so libical's tree has this structure. A
            // line libical must not read is replaced by nothing.
            let number = lines[index].physical
            if let last = lines.popLast() { feed.removeSubrange(last.start...) }
            for code in repair {
                let start = feed.count
                feed.append(contentsOf: "END:".utf8)
                feed.append(contentsOf: name(of: code).utf8)
                lines.append((start, feed.count, number))
                feed.append(UInt8(ascii: "\n"))
            }
        }
    }

    private static func isValidUTF8(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // ASCII (most lines) needs no decoding; the check itself allocates nothing.
        guard bytes.contains(where: { $0 >= 0x80 }) else { return true }
        do throws(UTF8.ValidationError) {
            _ = try UTF8Span(validating: bytes.span)
            return true
        } catch {
            return false
        }
    }

    /// Checks one logical line (borrowed from the feed). Returns the components an `END` that
    /// names another component closes (their ENDs replace the line; none: the line is left out
    /// of libical's input), or nil.
    private mutating func inspect(
        _ index: Int, _ line: UnsafeBufferPointer<UInt8>, _ stack: inout [(code: NameCode, line: Int, record: Int)],
        _ options: ICSParseOptions
    ) throws(ICSError) -> [NameCode]? {
        let number = lines[index].physical
        guard let parts = ContentLine(line) else {
            if index == 0 { throw .notICalendar(line: number, found: String(decoding: line.prefix(40), as: UTF8.self)) }
            bad(
                number, .malformedLine,
                "not a content line (NAME:VALUE): \"\(String(decoding: line.prefix(60), as: UTF8.self))\"")
            return nil
        }
        let name = code(of: parts.nameBytes)
        if index == 0, !(name == .begin && code(of: parts.valueBytes) == .vcalendar) {
            throw .notICalendar(line: number, found: String(decoding: line.prefix(40), as: UTF8.self))
        }
        if name == .begin {
            let component = code(of: parts.valueBytes)
            if stack.isEmpty, component != .vcalendar {
                bad(number, .malformedLine, "BEGIN:\(self.name(of: component)) outside a VCALENDAR")
            }
            guard stack.count < options.maxNestingDepth else {
                throw .nestingTooDeep(line: number, limit: options.maxNestingDepth)
            }
            components.append(
                ComponentRecord(
                    code: component, beginLine: number, firstIndex: index, lastIndex: index, index: components.count,
                    firstProperty: properties.count, propertyEnd: properties.count))
            stack.append((component, number, components.count - 1))
            return nil
        }
        if name == .end {
            let component = code(of: parts.valueBytes)
            guard let top = stack.last else {
                bad(number, .mismatchedEnd, "END:\(self.name(of: component)) with no open component")
                return nil
            }
            if top.code == component {
                components[top.record].lastIndex = index
                stack.removeLast()
                return nil
            }
            // The line at `index` is replaced by the returned ENDs: the k-th is line index + k.
            var closed: [NameCode] = []
            if let depth = stack.lastIndex(where: { $0.code == component }) {
                for open in stack[depth...].reversed() {
                    if open.code != component {
                        let openName = self.name(of: open.code)
                        problems.append(
                            ICSProblem(
                                severity: .error, kind: .missingEnd, line: open.line,
                                message:
                                    "BEGIN:\(openName) has no END:\(openName) (END:\(self.name(of: component)) at line \(number) closes it)"
                            ))
                    }
                    components[open.record].lastIndex = index + closed.count
                    closed.append(open.code)
                }
                stack.removeSubrange(depth...)
            } else {
                problems.append(
                    ICSProblem(
                        severity: .error, kind: .mismatchedEnd, line: number,
                        message:
                            "END:\(self.name(of: component)) does not match BEGIN:\(self.name(of: top.code)) of line \(top.line)"
                    ))
                components[top.record].lastIndex = index
                closed.append(top.code)
                stack.removeLast()
            }
            return closed
        }
        guard let open = stack.last else {
            bad(number, .malformedLine, "\(self.name(of: name)) outside a component")
            return nil
        }
        let check = ValueCheck(name)
        if check == .rule, open.code == .standard || open.code == .daylight,
            let problem = Self.zoneRuleProblem(parts.value)
        {
            // libical expands a file's own zone rule whenever it converts a time, from the rule's
            // start to the time's year: a secondly rule would run for hours and fill memory.
            // The line is left out of what libical reads.
            bad(
                number, .invalidRecurrenceRule,
                "RRULE \"\(parts.value.prefix(80))\" in a time zone's \(self.name(of: open.code)): \(problem)")
            return []
        }
        properties.append((name, number, open.record))
        components[open.record].propertyEnd = properties.count
        if let zone = parts.parameterBytes("TZID") { zoneReference(zone, line: number) }
        if name == .tzid, open.code == .vtimezone { definedZones.insert(parts.value) }
        if check == .dateTime, !parts.parameter("VALUE", is: "PERIOD") {
            // Each comma-separated item in place (no array of pieces per line).
            let value = parts.valueBytes
            var itemStart = 0
            while true {
                let itemEnd = value[itemStart...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
                let item = UnsafeBufferPointer(rebasing: value[itemStart..<itemEnd])
                if !Self.isDateTime(item) {
                    bad(
                        number, .invalidValue,
                        "\(self.name(of: name)): \"\(String(decoding: item, as: UTF8.self))\" is not a valid DATE or DATE-TIME"
                    )
                    break
                }
                guard itemEnd < value.endIndex else { break }
                itemStart = itemEnd + 1
            }
        } else if check == .integer, !Self.isInteger(parts.valueBytes) {
            bad(number, .invalidValue, "\(self.name(of: name)): \"\(parts.value)\" is not an integer")
        } else if check == .rule {
            rules.append((parts.value, number))
        } else if check == .duration || (check == .trigger && !parts.hasParameter("VALUE")) {
            durations.append((parts.value, number))
        } else if check == .geo {
            let value = parts.value
            let pair = value.split(separator: ";", omittingEmptySubsequences: false)
            if pair.count != 2 || pair.contains(where: { Double($0) == nil }) {
                bad(number, .invalidValue, "GEO: \"\(value)\" is not LATITUDE;LONGITUDE")
            }
        }
        return nil
    }

    /// A name as written, upper-cased, as its code.
    private mutating func code(of bytes: UnsafeBufferPointer<UInt8>) -> NameCode {
        if let packed = NameCode(packing: bytes) { return packed }
        return longNames.code(for: String(decoding: bytes, as: UTF8.self).uppercased())
    }

    /// Records a TZID parameter (as written, maybe quoted) used on `line`.
    private mutating func zoneReference(_ written: UnsafeBufferPointer<UInt8>, line: Int) {
        for recent in recentZoneBytes where Self.equal(recent.bytes, written) {
            zoneReferences.append((recent.zone, line))
            return
        }
        let id = ContentLine.unquoted(written)
        let zone: Int
        if let known = zoneNumbers[id] {
            zone = known
        } else {
            zone = zoneIDs.count
            zoneIDs.append(id)
            zoneNumbers[id] = zone
        }
        if recentZoneBytes.count == 8 { recentZoneBytes.removeFirst() }
        recentZoneBytes.append((Array(written), zone))
        zoneReferences.append((zone, line))
    }

    private static func equal(_ kept: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard kept.count == bytes.count else { return false }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return true }
        return kept.withUnsafeBufferPointer { keptBytes in
            keptBytes.baseAddress.map { memcmp($0, base, bytes.count) == 0 } ?? false
        }
    }

    /// What is wrong with a time zone observance's rule, or nil. Real zones change offsets at
    /// most a few times a year: `FREQ=YEARLY` with month, day and week parts only.
    static func zoneRuleProblem(_ rule: String) -> String? {
        let allowed: Set<Substring> = [
            "FREQ", "INTERVAL", "UNTIL", "COUNT", "BYMONTH", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO", "WKST",
        ]
        var yearly = false
        for part in rule.uppercased().split(separator: ";") {
            let key = part.prefix { $0 != "=" }
            guard allowed.contains(key) else { return "\(key) is not allowed in a time zone rule" }
            if part == "FREQ=YEARLY" { yearly = true }
        }
        return yearly ? nil : "a time zone rule must be FREQ=YEARLY"
    }

    mutating func bad(_ line: Int, _ kind: ICSProblem.Kind, _ message: String) {
        badLines.insert(line)
        problems.append(ICSProblem(severity: .error, kind: kind, line: line, message: message))
    }

    static func isInteger(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        var digits = value[...]
        if digits.first == UInt8(ascii: "+") || digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.count <= 9 && digits.allSatisfy { (48...57).contains($0) }
    }

    /// `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` with real calendar fields, in the years libical
    /// writes (a later one would be written back as `00000000T000000`).
    static func isDateTime(_ value: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = value.count
        func byte(_ offset: Int) -> UInt8 { value[offset] }
        func number(_ from: Int, _ length: Int) -> Int? {
            guard from + length <= count else { return nil }
            var result = 0
            for offset in from..<from + length {
                let digit = byte(offset)
                guard (48...57).contains(digit) else { return nil }
                result = result * 10 + Int(digit - 48)
            }
            return result
        }
        guard count == 8 || count == 15 || (count == 16 && byte(15) == UInt8(ascii: "Z")),
            let year = number(0, 4), let month = number(4, 2), let day = number(6, 2),
            DateRules.years.contains(year), (1...12).contains(month), day >= 1,
            day <= DateRules.daysInMonth(year, month)
        else { return false }
        if count == 8 { return true }
        guard byte(8) == UInt8(ascii: "T"), let hour = number(9, 2), let minute = number(11, 2),
            let second = number(13, 2)
        else {
            return false
        }
        return hour <= 23 && minute <= 59 && second <= 60
    }
}
