import Foundation

/// How the parser treats problems, and the caps it applies before libical sees the input.
public struct ICSParseOptions: Hashable, Sendable {
    /// What to do with problems in the input.
    public enum Mode: Hashable, Sendable {
        /// Any error-severity problem throws ``ICSError/invalidCalendar(_:)``.
        case strict
        /// Problems are returned with the calendar; broken values are left out.
        case lenient
    }

    /// Strict or lenient.
    public var mode: Mode
    /// The largest input accepted, in bytes (default 8 MiB).
    public var maxInputBytes: Int
    /// The longest unfolded content line accepted, in bytes (default 64 KiB). libical's parse
    /// time grows with the square of a line's length, so this is checked before it runs.
    public var maxLineBytes: Int
    /// The deepest nesting of components accepted (default 8; a feed needs 3).
    public var maxNestingDepth: Int

    /// Creates options; the defaults suit feeds and imported holiday calendars.
    public init(mode: Mode = .strict, maxInputBytes: Int = 8 << 20, maxLineBytes: Int = 64 << 10, maxNestingDepth: Int = 8) {
        self.mode = mode
        self.maxInputBytes = maxInputBytes
        self.maxLineBytes = maxLineBytes
        self.maxNestingDepth = maxNestingDepth
    }

    /// Strict parsing with the default caps.
    public static let strict = ICSParseOptions(mode: .strict)
    /// Lenient parsing with the default caps.
    public static let lenient = ICSParseOptions(mode: .lenient)
}

/// One component as the prescan saw it, in document (pre-)order.
struct ComponentRecord {
    var name: String
    var beginLine: Int
    var firstIndex: Int
    var lastIndex: Int
    /// Its position in ``Prescan/components``.
    var index: Int
    /// Where its own properties lie in ``Prescan/properties``: between these two positions,
    /// mixed with those of its subcomponents.
    var firstProperty: Int
    var propertyEnd: Int
}

/// The input split into unfolded content lines and checked in Swift before libical sees it:
/// size, line length, NUL bytes, UTF-8, nesting, BEGIN/END balance, and the values libical
/// accepts silently (month 13, `SEQUENCE:abc`, unknown TZIDs).
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
    var properties: [(name: String, line: Int, record: Int)] = []
    var rules: [(text: String, line: Int)] = []
    var durations: [(text: String, line: Int)] = []
    var zoneReferences: [(id: String, line: Int)] = []
    var definedZones: Set<String> = []
    var hasEnd: Bool { !problems.contains { $0.kind == .missingEnd || $0.kind == .mismatchedEnd } }

    /// Which value check a property gets (a switch: no hashing per line).
    enum ValueCheck {
        case dateTime, integer, duration, rule, geo, trigger, none

        init(_ name: String) {
            // By length first: a string switch compares every case in turn, on every line.
            switch name.utf8.count {
            case 3: self = name == "DUE" ? .dateTime : name == "GEO" ? .geo : .none
            case 5: self = name == "DTEND" || name == "RDATE" ? .dateTime : name == "RRULE" ? .rule : .none
            case 6: self = name == "EXDATE" ? .dateTime : name == "REPEAT" ? .integer : .none
            case 7: self = name == "DTSTART" || name == "DTSTAMP" || name == "CREATED" ? .dateTime : name == "TRIGGER" ? .trigger : .none
            case 8: self = name == "SEQUENCE" || name == "PRIORITY" ? .integer : name == "DURATION" ? .duration : .none
            case 9: self = name == "COMPLETED" ? .dateTime : .none
            case 13: self = name == "RECURRENCE-ID" || name == "LAST-MODIFIED" ? .dateTime : .none
            case 15: self = name == "X-PUBLISHED-TTL" ? .duration : .none
            case 16: self = name == "PERCENT-COMPLETE" ? .integer : name == "REFRESH-INTERVAL" ? .duration : .none
            default: self = .none
            }
        }
    }

    func text(ofLine index: Int) -> String {
        String(decoding: feed[lines[index].start..<lines[index].end], as: UTF8.self)
    }

    init(_ input: UnsafeBufferPointer<UInt8>, options: ICSParseOptions) throws(ICSError) {
        guard input.count <= options.maxInputBytes else {
            throw .inputTooLarge(bytes: input.count, limit: options.maxInputBytes)
        }
        feed.reserveCapacity(input.count + 1)
        var physical = 0
        var current: [UInt8] = []
        var currentLine = 0
        var stack: [(name: String, line: Int, record: Int)] = []
        var rootsClosed = 0

        current.reserveCapacity(256)
        // About one content line per 32 bytes in real feeds: sized once, not grown by doubling.
        lines.reserveCapacity(input.count / 32)
        properties.reserveCapacity(input.count / 32)

        func finishLine() throws(ICSError) {
            defer { current.removeAll(keepingCapacity: true) }
            // Blank and white-space-only lines carry nothing; libical would flag them.
            guard current.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
            // ASCII lines (most) need no UTF-8 check; the check itself allocates nothing.
            if current.contains(where: { $0 >= 0x80 }) {
                do throws(UTF8.ValidationError) {
                    _ = try UTF8Span(validating: current.span)
                } catch {
                    throw .invalidUTF8(line: currentLine)
                }
            }
            let start = feed.count
            feed.append(contentsOf: current)
            let index = lines.count
            lines.append((start, feed.count, currentLine))
            feed.append(UInt8(ascii: "\n"))
            try inspect(index, current, &stack, &rootsClosed, options)
        }

        // One pass over the input's bytes: memchr finds each line's end and any NUL byte.
        if let base = input.baseAddress {
            var lineStart = 0
            while lineStart < input.count {
                physical += 1
                let remaining = input.count - lineStart
                let lineEnd = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), remaining)
                    .map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? input.count
                var contentEnd = lineEnd
                if contentEnd > lineStart, base[contentEnd - 1] == UInt8(ascii: "\r") { contentEnd -= 1 }
                let length = contentEnd - lineStart
                if length > 0, memchr(base + lineStart, 0, length) != nil { throw .nulByte(line: physical) }
                let physicalLine = UnsafeBufferPointer(start: base + lineStart, count: length)
                if let first = physicalLine.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"), !current.isEmpty {
                    current.append(contentsOf: UnsafeBufferPointer(rebasing: physicalLine.dropFirst()))
                } else {
                    try finishLine()
                    current.append(contentsOf: physicalLine)
                    currentLine = physical
                }
                if current.count > options.maxLineBytes {
                    throw .lineTooLong(line: currentLine, bytes: current.count, limit: options.maxLineBytes)
                }
                lineStart = lineEnd + 1
            }
        }
        try finishLine()
        guard !lines.isEmpty else { throw .emptyInput }
        for open in stack.reversed() {
            problems.append(ICSProblem(
                severity: .error, kind: .missingEnd, line: open.line,
                message: "BEGIN:\(open.name) has no END:\(open.name) before the end of input at line \(physical) (truncated?)"))
            components[open.record].lastIndex = lines.count - 1
        }
        let unknown = Set(zoneReferences.map(\.id)).subtracting(definedZones).filter { !ICSTimeZoneDatabase.contains($0) }
        for reference in zoneReferences where unknown.contains(reference.id) {
            problems.append(ICSProblem(
                severity: .error, kind: .unknownTimeZone, line: reference.line,
                message: "unknown time zone \"\(reference.id)\": no VTIMEZONE and not in the time zone database; the time is read as floating"))
        }
    }

    private mutating func inspect(
        _ index: Int, _ line: [UInt8], _ stack: inout [(name: String, line: Int, record: Int)], _ rootsClosed: inout Int,
        _ options: ICSParseOptions
    ) throws(ICSError) {
        let number = lines[index].physical
        guard let parts = ContentLine(line) else {
            if index == 0 { throw .notICalendar(line: number, found: String(decoding: line.prefix(40), as: UTF8.self)) }
            bad(number, .malformedLine, "not a content line (NAME:VALUE): \"\(String(decoding: line.prefix(60), as: UTF8.self))\"")
            return
        }
        let name = parts.name
        if index == 0, !(name == "BEGIN" && parts.value.uppercased() == "VCALENDAR") {
            throw .notICalendar(line: number, found: String(decoding: line.prefix(40), as: UTF8.self))
        }
        switch name {
        case "BEGIN":
            let component = parts.value.uppercased()
            if stack.isEmpty, component != "VCALENDAR" {
                bad(number, .malformedLine, "BEGIN:\(component) outside a VCALENDAR")
            }
            guard stack.count < options.maxNestingDepth else { throw .nestingTooDeep(line: number, limit: options.maxNestingDepth) }
            components.append(ComponentRecord(
                name: component, beginLine: number, firstIndex: index, lastIndex: index, index: components.count,
                firstProperty: properties.count, propertyEnd: properties.count))
            stack.append((component, number, components.count - 1))
            return
        case "END":
            let component = parts.value.uppercased()
            guard let top = stack.last else {
                bad(number, .mismatchedEnd, "END:\(component) with no open component")
                return
            }
            if top.name == component {
                components[top.record].lastIndex = index
                stack.removeLast()
                if stack.isEmpty { rootsClosed += 1 }
                return
            }
            // libical would close the open component whatever the END says. Repair the feed
            // instead, so libical's tree has the structure reported here.
            dropLastLine()
            if let depth = stack.lastIndex(where: { $0.name == component }) {
                for open in stack[depth...].reversed() {
                    if open.name != component {
                        problems.append(ICSProblem(
                            severity: .error, kind: .missingEnd, line: open.line,
                            message: "BEGIN:\(open.name) has no END:\(open.name) (END:\(component) at line \(number) closes it)"))
                    }
                    appendLine("END:\(open.name)", physical: number)
                    components[open.record].lastIndex = lines.count - 1
                }
                stack.removeSubrange(depth...)
            } else {
                problems.append(ICSProblem(
                    severity: .error, kind: .mismatchedEnd, line: number,
                    message: "END:\(component) does not match BEGIN:\(top.name) of line \(top.line)"))
                appendLine("END:\(top.name)", physical: number)
                components[top.record].lastIndex = lines.count - 1
                stack.removeLast()
            }
            if stack.isEmpty { rootsClosed += 1 }
            return
        default:
            break
        }
        guard let open = stack.last else {
            bad(number, .malformedLine, "\(name) outside a component")
            return
        }
        properties.append((name, number, open.record))
        components[open.record].propertyEnd = properties.count
        if let zone = parts.parameter("TZID") { zoneReferences.append((zone, number)) }
        if name == "TZID", open.name == "VTIMEZONE" { definedZones.insert(parts.value) }
        let check = ValueCheck(name)
        if check == .dateTime, !parts.parameter("VALUE", is: "PERIOD") {
            // Each comma-separated item in place (no array of pieces per line).
            let value = parts.valueBytes
            var itemStart = value.startIndex
            while true {
                let itemEnd = value[itemStart...].firstIndex(of: UInt8(ascii: ",")) ?? value.endIndex
                let item = value[itemStart..<itemEnd]
                if !Self.isDateTime(item) {
                    bad(number, .invalidValue, "\(name): \"\(String(decoding: item, as: UTF8.self))\" is not a valid DATE or DATE-TIME")
                    break
                }
                guard itemEnd < value.endIndex else { break }
                itemStart = itemEnd + 1
            }
        } else if check == .integer, !Self.isInteger(parts.valueBytes) {
            bad(number, .invalidValue, "\(name): \"\(parts.value)\" is not an integer")
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
    }

    private mutating func dropLastLine() {
        guard let last = lines.popLast() else { return }
        feed.removeSubrange(last.start...)
    }

    private mutating func appendLine(_ text: String, physical: Int) {
        let start = feed.count
        feed.append(contentsOf: text.utf8)
        lines.append((start, feed.count, physical))
        feed.append(UInt8(ascii: "\n"))
    }

    mutating func bad(_ line: Int, _ kind: ICSProblem.Kind, _ message: String) {
        badLines.insert(line)
        problems.append(ICSProblem(severity: .error, kind: kind, line: line, message: message))
    }

    static func isInteger(_ value: ArraySlice<UInt8>) -> Bool {
        var digits = value
        if digits.first == UInt8(ascii: "+") || digits.first == UInt8(ascii: "-") { digits = digits.dropFirst() }
        return !digits.isEmpty && digits.count <= 9 && digits.allSatisfy { (48...57).contains($0) }
    }

    /// `YYYYMMDD` or `YYYYMMDDTHHMMSS[Z]` with real calendar fields.
    static func isDateTime(_ value: ArraySlice<UInt8>) -> Bool {
        let base = value.startIndex
        let count = value.count
        func byte(_ offset: Int) -> UInt8 { value[base + offset] }
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
            (1...12).contains(month), day >= 1, day <= DateRules.daysInMonth(year, month)
        else { return false }
        if count == 8 { return true }
        guard byte(8) == UInt8(ascii: "T"), let hour = number(9, 2), let minute = number(11, 2), let second = number(13, 2) else {
            return false
        }
        return hour <= 23 && minute <= 59 && second <= 60
    }
}

/// `NAME;PARAM=VALUE;…:VALUE` split apart (quoted parameter values respected). Parameters are
/// kept as byte ranges and decoded only when asked for: most lines never need them as text.
struct ContentLine {
    var name: String
    /// Each parameter's name and value as byte ranges of the line (the value still quoted).
    /// Most lines have at most one parameter: it is kept inline, the others in an array.
    private var firstParameter: (name: Range<Int>, value: Range<Int>)?
    private var otherParameters: [(name: Range<Int>, value: Range<Int>)] = []
    private var line: [UInt8]
    /// The value's bytes; `value` decodes them only when a check needs the text.
    var valueBytes: ArraySlice<UInt8>
    var value: String { String(decoding: valueBytes, as: UTF8.self) }

    init?(_ bytes: [UInt8]) {
        line = bytes
        var index = 0
        var hasLowercase = false
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") {
            let byte = bytes[index]
            guard Self.isNameByte(byte) else { return nil }
            if byte >= 97 { hasLowercase = true }
            index += 1
        }
        guard index < bytes.count, index > 0 else { return nil }
        let nameText = String(decoding: bytes[0..<index], as: UTF8.self)
        name = hasLowercase ? nameText.uppercased() : nameText
        while index < bytes.count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "=") {
                guard Self.isNameByte(bytes[index]) else { return nil }
                index += 1
            }
            guard index < bytes.count, index > nameStart else { return nil }
            let nameEnd = index
            index += 1
            let valueStart = index
            var quoted = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted, byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") {
                    break
                }
                index += 1
            }
            guard !quoted else { return nil }
            if firstParameter == nil {
                firstParameter = (nameStart..<nameEnd, valueStart..<index)
            } else {
                otherParameters.append((nameStart..<nameEnd, valueStart..<index))
            }
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        valueBytes = bytes[(index + 1)...]
    }

    /// The first parameter called `name` (upper-case ASCII), quotes removed.
    func parameter(_ name: StaticString) -> String? {
        guard let range = parameterValueRange(name) else { return nil }
        let value = line[range]
        guard value.contains(UInt8(ascii: "\"")) else { return String(decoding: value, as: UTF8.self) }
        return String(decoding: value.filter { $0 != UInt8(ascii: "\"") }, as: UTF8.self)
    }

    /// Whether the first parameter called `name` has the value `value` (both upper-case ASCII;
    /// the line's text is compared case-insensitively, quotes removed).
    func parameter(_ name: StaticString, is value: StaticString) -> Bool {
        guard let range = parameterValueRange(name) else { return false }
        return Self.equalsIgnoringCase(line[range].lazy.filter { $0 != UInt8(ascii: "\"") }, value)
    }

    /// Whether a parameter called `name` (upper-case ASCII) is present.
    func hasParameter(_ name: StaticString) -> Bool { parameterValueRange(name) != nil }

    private func parameterValueRange(_ name: StaticString) -> Range<Int>? {
        guard let firstParameter else { return nil }
        if Self.equalsIgnoringCase(line[firstParameter.name], name) { return firstParameter.value }
        return otherParameters.first { Self.equalsIgnoringCase(line[$0.name], name) }?.value
    }

    /// Compares bytes with an upper-case ASCII literal, ignoring the bytes' ASCII case.
    static func equalsIgnoringCase(_ bytes: some Collection<UInt8>, _ upper: StaticString) -> Bool {
        guard bytes.count == upper.utf8CodeUnitCount else { return false }
        return upper.withUTF8Buffer { expected in
            zip(bytes, expected).allSatisfy { byte, wanted in (97...122).contains(byte) ? byte - 32 == wanted : byte == wanted }
        }
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "-")
    }
}
