import ArgumentParser
import Foundation
import PlannerStore
import Planning

/// `planner session list|move|cancel|confirm`
struct SessionCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "session",
        abstract: "A group's sessions: list, move, cancel, confirm, set organisers, record outcomes, feedback links.",
        subcommands: [
            List.self, Move.self, Cancel.self, Confirm.self, Organisers.self, Outcome.self, FeedbackLink.self,
        ])

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the sessions between two dates.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Option(help: ArgumentHelp("First day (default: the first session).", valueName: "date")) var from: String?
        @Option(help: ArgumentHelp("Last day (default: the last session).", valueName: "date")) var to: String?

        func run() throws {
            let first = try from.map { try parseDate($0, option: "--from") }
            let last = try to.map { try parseDate($0, option: "--to") }
            if let first, let last, last < first {
                throw ValidationError("--to \(last) is before --from \(first)")
            }
            let snapshot = try storeOptions.open().snapshot(of: groupOption.slug)
            let sessions = snapshot.plan.sessions.filter { session in
                (first.map { session.start.date >= $0 } ?? true) && (last.map { session.start.date <= $0 } ?? true)
            }
            switch output.format {
            case .json: try Output.json(sessions)
            case .table: SessionCommand.printTable(sessions, snapshot: snapshot)
            }
        }
    }

    /// The coordinator's table of sessions: with each session's RSVP counts (never names) and
    /// the members who declined a duty in it (their slot is open until `assign --keep-duties`).
    static func printTable(_ sessions: [Session], snapshot: GroupSnapshot) {
        Output.table(
            ["SESSION", "START", "END", "STATUS", "THEME", "ORGANISERS", "DECLINED", "RSVP", "NOTE"],
            sessions.map { session in
                [
                    session.id.description, session.start.readable, session.end.time.description,
                    session.dropped ? "dropped" : session.status.rawValue, session.theme?.rawValue ?? "",
                    session.organisers.map { "\($0.memberID) (\($0.role.rawValue))" }.joined(separator: ", "),
                    session.declinedBy.map(\.rawValue).joined(separator: ", "),
                    snapshot.rsvps[session.id]?.words(withNotGoing: true) ?? "", session.reason ?? "",
                ]
            })
    }

    struct Move: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Move a session to another date and time (it keeps its length).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(
            help: ArgumentHelp(
                "The session, as listed: activity@rule-date, e.g. monthly-meeting@2027-03-02T15:00.", valueName: "id"))
        var session: String
        @Option(help: ArgumentHelp("The new local start, e.g. 2027-03-03T15:00.", valueName: "datetime")) var to: String
        @OptionGroup var why: ChangeReason

        func run() throws {
            let id = try parseSessionID(session)
            let start = try parseDateTime(to, option: "--to")
            try storeOptions.open().moveSession(
                id, in: groupOption.slug, to: start, reason: why.reason, publicNote: why.publicNote)
            print("moved \(id) to \(start.readable)")
        }
    }

    struct Cancel: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Cancel one session (it stays in feeds as cancelled for a while).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The session, as listed: activity@rule-date.", valueName: "id")) var session: String
        @OptionGroup var why: ChangeReason

        func run() throws {
            let id = try parseSessionID(session)
            try storeOptions.open().cancelSession(
                id, in: groupOption.slug, reason: why.reason, publicNote: why.publicNote)
            print("cancelled \(id)")
        }
    }

    struct Confirm: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Confirm one session, or every tentative session between two dates (a cancelled one is reinstated).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The session, as listed: activity@rule-date.", valueName: "id")) var session: String?
        @Option(help: ArgumentHelp("With --to: the first day of the tentative sessions to confirm.", valueName: "date"))
        var from: String?
        @Option(help: ArgumentHelp("With --from: the last day.", valueName: "date")) var to: String?

        func validate() throws {
            guard (session != nil) != (from != nil || to != nil) else {
                throw ValidationError("give either --session or --from and --to")
            }
            if session == nil, from == nil || to == nil { throw ValidationError("--from and --to go together") }
        }

        func run() throws {
            let store = try storeOptions.open()
            if let session {
                let id = try parseSessionID(session)
                try store.confirmSession(id, in: groupOption.slug)
                print("confirmed \(id)")
                return
            }
            let first = try parseDate(from ?? "", option: "--from")
            let last = try parseDate(to ?? "", option: "--to")
            guard first <= last else { throw ValidationError("--to \(last) is before --from \(first)") }
            let confirmed = try store.confirmSessions(of: groupOption.slug, from: first, through: last)
            for id in confirmed { print("confirmed \(id)") }
            print("\(confirmed.count) session(s) confirmed")
        }
    }
}
