public import ArgumentParser
import Foundation
import PlannerStore
public import Planning
import Workflows

/// Where the store is: every command takes it.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The SQLite store.", valueName: "path"))
    var store: String = "Calendars/planner.sqlite"

    /// Opens the store; it must have been made by `planner init` unless `creating` is set.
    func open(creating: Bool = false) throws -> PlannerStore {
        if !creating, !FileManager.default.fileExists(atPath: store) {
            throw CommandError("there is no store at \(store): run `planner init` first, or pass --store PATH")
        }
        return try PlannerStore(path: store, clock: clock())
    }

    /// The time commands run at: the system's, unless `PLANNER_NOW` fixes it.
    func clock() throws -> @Sendable () -> Date {
        try CommandLineInput.checked { try PlannerClock.from(ProcessInfo.processInfo.environment) }
    }

    /// The workflows over the store, at ``clock()``.
    func workflows() throws -> Workflows {
        Workflows(store: try open(), clock: try clock())
    }
}

/// How to print results.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

struct OutputOptions: ParsableArguments {
    @Option(name: .long, help: "Output as a table for people or JSON for programs.")
    var format: OutputFormat = .table
}

/// The group a command acts on.
struct GroupOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The group's slug.", valueName: "slug"))
    var group: String

    var slug: Slug {
        get throws { try Slug(group) }
    }
}

/// A command-line error: printed as one line, exit code 1.
struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Parsing command-line values into domain values

/// The command line's side of the workflows' input checks.
enum CommandLineInput {
    /// Runs a check of the workflows' limits; a refused field becomes a usage error naming its
    /// option (`--to: a window is at most 731 days`).
    static func checked<T>(_ check: () throws -> T) throws -> T {
        do {
            return try check()
        } catch WorkflowError.invalid(let field, let message) {
            throw ValidationError("--\(field): \(message)")
        }
    }
}

extension TokenKind: ExpressibleByArgument {}

extension Slug: ExpressibleByArgument {
    public init?(argument: String) { try? self.init(argument) }
}

func parseDate(_ text: String, option: String) throws -> LocalDate {
    do { return try LocalDate(parsing: text) } catch {
        throw ValidationError("\(option): '\(text)' is not a date like 2027-03-08")
    }
}

func parseDateTime(_ text: String, option: String) throws -> LocalDateTime {
    do { return try LocalDateTime(parsing: text) } catch {
        throw ValidationError("\(option): '\(text)' is not a local date and time like 2027-03-08T15:00")
    }
}

/// `monthly-meeting@2027-03-02T15:00`: an activity and the rule date of one of its sessions.
func parseSessionID(_ text: String) throws -> Session.ID {
    guard let id = Session.ID(parsing: text) else {
        throw ValidationError(
            "--session: '\(text)' is not a session id like monthly-meeting@2027-03-02T15:00 (see `planner session list`)"
        )
    }
    return id
}

/// `tue,thu 12:00-14:00`: days and a local time range.
func parseWindow(_ text: String) throws -> AvailabilityWindow {
    let parts = text.split(separator: " ", omittingEmptySubsequences: true)
    let times = parts.count == 2 ? parts[1].split(separator: "-").map(String.init) : []
    guard parts.count == 2, times.count == 2 else {
        throw ValidationError("--available: '\(text)' is not a window like 'tue,thu 12:00-14:00'")
    }
    let days = try parts[0].split(separator: ",").map { day -> Weekday in
        guard let weekday = Weekday(rawValue: day.lowercased()) else {
            throw ValidationError("--available: '\(day)' is not a weekday (mon tue wed thu fri sat sun)")
        }
        return weekday
    }
    return try AvailabilityWindow(days: days, from: LocalTime(parsing: times[0]), to: LocalTime(parsingEnd: times[1]))
}

/// `2027-07-05..2027-07-23 annual leave`: dates and a reason.
func parseAbsence(_ text: String) throws -> Absence {
    let parts = text.split(separator: " ", maxSplits: 1).map(String.init)
    let dates = parts.first?.components(separatedBy: "..") ?? []
    guard parts.count == 2, (1...2).contains(dates.count) else {
        throw ValidationError("--absent: '\(text)' is not an absence like '2027-07-05..2027-07-23 annual leave'")
    }
    let from = try parseDate(dates[0], option: "--absent")
    let to = try parseDate(dates.last ?? dates[0], option: "--absent")
    return try Absence(from: from, to: to, reason: parts[1])
}

/// `--reason` (private) and `--public-note` (what the public reads) of a move or cancellation.
struct ChangeReason: ParsableArguments {
    @Option(help: "Why, for the group's members and organisers only (never shown publicly).")
    var reason: String

    @Option(
        help: ArgumentHelp(
            "What the public feed, pages and API say about it, e.g. \"new date to follow\" (default: nothing).",
            valueName: "text"))
    var publicNote: String?
}
