/// What went wrong, and where, when building, parsing or expanding iCalendar data.
public enum ICSError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input was empty or held only white space.
    case emptyInput
    /// The input is larger than the parser's cap.
    case inputTooLarge(bytes: Int, limit: Int)
    /// An unfolded content line is longer than the parser's cap.
    case lineTooLong(line: Int, bytes: Int, limit: Int)
    /// The input holds a NUL byte.
    case nulByte(line: Int)
    /// The input is not valid UTF-8.
    case invalidUTF8(line: Int)
    /// The input does not start with `BEGIN:VCALENDAR`.
    case notICalendar(line: Int, found: String)
    /// Components are nested deeper than the parser's cap.
    case nestingTooDeep(line: Int, limit: Int)
    /// A file could not be read.
    case unreadableFile(path: String, reason: String)
    /// A zone id libical's built-in database does not know.
    case unknownTimeZone(String, line: Int?)
    /// A recurrence rule libical cannot read.
    case invalidRecurrenceRule(String, line: Int?)
    /// Expanding the event `uid` would give more occurrences than the caller's cap allows.
    case tooManyOccurrences(uid: String, limit: Int)
    /// A value that cannot be written (month 13, an empty UID, …).
    case invalidValue(property: String, value: String, reason: String)
    /// Strict parsing found problems; they are listed in order, the first is the most telling.
    case invalidCalendar([ICSProblem])
    /// libical failed where it should not (out of memory, internal error).
    case libicalFailure(String)

    public var description: String {
        switch self {
        case .emptyInput: "empty input: no iCalendar data"
        case .inputTooLarge(let bytes, let limit): "input of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .lineTooLong(let line, let bytes, let limit):
            "line \(line): content line of \(bytes) bytes exceeds the limit of \(limit) bytes"
        case .nulByte(let line): "line \(line): NUL byte in input"
        case .invalidUTF8(let line): "line \(line): invalid UTF-8"
        case .notICalendar(let line, let found):
            "line \(line): not iCalendar data (expected BEGIN:VCALENDAR, found \"\(found)\")"
        case .nestingTooDeep(let line, let limit): "line \(line): components nested deeper than \(limit) levels"
        case .unreadableFile(let path, let reason): "cannot read \(path): \(reason)"
        case .unknownTimeZone(let id, let line): Self.at(line) + "unknown time zone \"\(id)\""
        case .invalidRecurrenceRule(let rule, let line): Self.at(line) + "invalid recurrence rule \"\(rule)\""
        case .tooManyOccurrences(let uid, let limit):
            "event \(uid) expands to more than \(limit) occurrences (the cap), counted from its start"
        case .invalidValue(let property, let value, let reason): "\(property): invalid value \"\(value)\": \(reason)"
        case .invalidCalendar(let problems):
            "invalid calendar: " + problems.prefix(5).map(\.description).joined(separator: "; ")
                + (problems.count > 5 ? "; and \(problems.count - 5) more" : "")
        case .libicalFailure(let what): "libical failed: \(what)"
        }
    }

    private static func at(_ line: Int?) -> String { line.map { "line \($0): " } ?? "" }
}

/// One thing wrong in parsed input, with its line (1-based, counting physical lines).
public struct ICSProblem: Hashable, Sendable, CustomStringConvertible {
    /// How bad it is: an error means data was lost or may be wrong; a warning means it was kept.
    public enum Severity: String, Hashable, Sendable {
        case error
        case warning
    }

    /// The kind of problem.
    public enum Kind: String, Hashable, Sendable {
        /// A `BEGIN` without its `END` (a truncated file).
        case missingEnd
        /// An `END` that closes a different component than the open one.
        case mismatchedEnd
        /// A line that is not `NAME[;PARAM=…]:VALUE`.
        case malformedLine
        /// A value of the wrong type or out of range (month 13, `SEQUENCE:abc`).
        case invalidValue
        /// An `RRULE` libical cannot read (libical drops it).
        case invalidRecurrenceRule
        /// A `TZID` with no `VTIMEZONE` and not in the built-in database.
        case unknownTimeZone
        /// A `TZID` defined only by the file's own `VTIMEZONE`: times were converted to UTC.
        case convertedTimeZone
        /// A required property is missing (`UID`, `DTSTART`).
        case missingProperty
        /// A component this module does not model (`VTODO`, `VJOURNAL`, …) was skipped.
        case ignoredComponent
        /// An `X-LIC-ERROR` libical added while parsing.
        case libical
    }

    /// How bad it is.
    public var severity: Severity
    /// The kind of problem.
    public var kind: Kind
    /// The physical line (1-based) where it is, when known.
    public var line: Int?
    /// What is wrong, for a person to read.
    public var message: String

    /// Creates a problem.
    public init(severity: Severity, kind: Kind, line: Int?, message: String) {
        self.severity = severity
        self.kind = kind
        self.line = line
        self.message = message
    }

    public var description: String {
        (line.map { "line \($0): " } ?? "") + "\(severity.rawValue): \(message)"
    }
}
