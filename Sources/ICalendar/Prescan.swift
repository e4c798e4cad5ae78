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
    /// Property name → physical lines of its occurrences, in order.
    var propertyLines: [String: [Int]] = [:]
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
    var rules: [(text: String, line: Int)] = []
    var durations: [(text: String, line: Int)] = []
    var zoneReferences: [(id: String, line: Int)] = []
    var definedZones: Set<String> = []
    var hasEnd: Bool { !problems.contains { $0.kind == .missingEnd || $0.kind == .mismatchedEnd } }

    static let dateTimeProperties: Set<String> = [
        "DTSTART", "DTEND", "DUE", "DTSTAMP", "RECURRENCE-ID", "EXDATE", "RDATE", "LAST-MODIFIED", "CREATED", "COMPLETED",
    ]
    static let integerProperties: Set<String> = ["SEQUENCE", "PRIORITY", "PERCENT-COMPLETE", "REPEAT"]
    static let durationProperties: Set<String> = ["REFRESH-INTERVAL", "X-PUBLISHED-TTL", "DURATION"]

    func text(ofLine index: Int) -> String {
        String(decoding: feed[lines[index].start..<lines[index].end], as: UTF8.self)
    }

    init(_ bytes: some BidirectionalCollection<UInt8>, options: ICSParseOptions) throws(ICSError) {
        guard bytes.count <= options.maxInputBytes else {
            throw .inputTooLarge(bytes: bytes.count, limit: options.maxInputBytes)
        }
        feed.reserveCapacity(bytes.count)
        var physical = 0
        var current: [UInt8] = []
        var currentLine = 0
        var stack: [(name: String, line: Int, record: Int)] = []
        var rootsClosed = 0

        func finishLine() throws(ICSError) {
            defer { current.removeAll(keepingCapacity: true) }
            // Blank and white-space-only lines carry nothing; libical would flag them.
            guard current.contains(where: { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "\t") }) else { return }
            // ASCII lines (most) need no UTF-8 decoding.
            if current.contains(where: { $0 >= 0x80 }), String(validating: current, as: UTF8.self) == nil {
                throw .invalidUTF8(line: currentLine)
            }
            let start = feed.count
            feed.append(contentsOf: current)
            let index = lines.count
            lines.append((start, feed.count, currentLine))
            feed.append(UInt8(ascii: "\n"))
            try inspect(index, current, &stack, &rootsClosed, options)
        }

        var lineStart = bytes.startIndex
        while lineStart != bytes.endIndex {
            physical += 1
            var lineEnd = lineStart
            while lineEnd != bytes.endIndex, bytes[lineEnd] != UInt8(ascii: "\n") { lineEnd = bytes.index(after: lineEnd) }
            var physicalLine = bytes[lineStart..<lineEnd]
            if physicalLine.last == UInt8(ascii: "\r") { physicalLine = physicalLine.dropLast() }
            if physicalLine.contains(0) { throw .nulByte(line: physical) }
            if let first = physicalLine.first, first == UInt8(ascii: " ") || first == UInt8(ascii: "\t"), !current.isEmpty {
                current.append(contentsOf: physicalLine.dropFirst())
            } else {
                try finishLine()
                current.append(contentsOf: physicalLine)
                currentLine = physical
            }
            if current.count > options.maxLineBytes {
                throw .lineTooLong(line: currentLine, bytes: current.count, limit: options.maxLineBytes)
            }
            lineStart = lineEnd == bytes.endIndex ? lineEnd : bytes.index(after: lineEnd)
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
            components.append(ComponentRecord(name: component, beginLine: number, firstIndex: index, lastIndex: index))
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
        components[open.record].propertyLines[name, default: []].append(number)
        if let zone = parts.parameter("TZID") { zoneReferences.append((zone, number)) }
        if name == "TZID", open.name == "VTIMEZONE" { definedZones.insert(parts.value) }
        if Self.dateTimeProperties.contains(name), parts.parameter("VALUE")?.uppercased() != "PERIOD" {
            let items = parts.valueBytes.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false)
            for item in items where !Self.isDateTime(item) {
                bad(number, .invalidValue, "\(name): \"\(String(decoding: item, as: UTF8.self))\" is not a valid DATE or DATE-TIME")
                break
            }
        } else if Self.integerProperties.contains(name), !Self.isInteger(parts.valueBytes) {
            bad(number, .invalidValue, "\(name): \"\(parts.value)\" is not an integer")
        } else if name == "RRULE" {
            rules.append((parts.value, number))
        } else if Self.durationProperties.contains(name) || (name == "TRIGGER" && parts.parameter("VALUE") == nil) {
            durations.append((parts.value, number))
        } else if name == "GEO" {
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

/// `NAME;PARAM=VALUE;…:VALUE` split apart (quoted parameter values respected).
struct ContentLine {
    var name: String
    var parameters: [(name: String, value: String)]
    /// The value's bytes; `value` decodes them only when a check needs the text.
    var valueBytes: ArraySlice<UInt8>
    var value: String { String(decoding: valueBytes, as: UTF8.self) }

    init?(_ bytes: [UInt8]) {
        var index = 0
        while index < bytes.count, bytes[index] != UInt8(ascii: ";"), bytes[index] != UInt8(ascii: ":") { index += 1 }
        guard index < bytes.count, index > 0,
            bytes[0..<index].allSatisfy({ Self.isNameByte($0) })
        else { return nil }
        let nameText = String(decoding: bytes[0..<index], as: UTF8.self)
        name = bytes[0..<index].contains { (97...122).contains($0) } ? nameText.uppercased() : nameText
        parameters = []
        while index < bytes.count, bytes[index] == UInt8(ascii: ";") {
            index += 1
            let nameStart = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "=") {
                guard Self.isNameByte(bytes[index]) else { return nil }
                index += 1
            }
            guard index < bytes.count, index > nameStart else { return nil }
            let parameterName = String(decoding: bytes[nameStart..<index], as: UTF8.self).uppercased()
            index += 1
            var valueBytes: [UInt8] = []
            var quoted = false
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    quoted.toggle()
                } else if !quoted, byte == UInt8(ascii: ";") || byte == UInt8(ascii: ":") {
                    break
                } else {
                    valueBytes.append(byte)
                }
                index += 1
            }
            guard !quoted else { return nil }
            parameters.append((parameterName, String(decoding: valueBytes, as: UTF8.self)))
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
        valueBytes = bytes[(index + 1)...]
    }

    func parameter(_ name: String) -> String? { parameters.first { $0.name == name }?.value }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        (65...90).contains(byte) || (97...122).contains(byte) || (48...57).contains(byte) || byte == UInt8(ascii: "-")
    }
}
