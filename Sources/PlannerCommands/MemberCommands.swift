public import ArgumentParser
import Foundation
import PlannerStore
import Planning
import Workflows

/// `planner member add|list|show|update|remove|pending|approve|reject`
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member", abstract: "Manage a group's members and answer requests to join.",
        subcommands: [
            Add.self, List.self, Show.self, Update.self, Remove.self, Pending.self, Approve.self, Reject.self,
        ])

    /// The fields of a member as options; `add` needs the required ones, `update` changes only those given.
    struct Fields: ParsableArguments {
        @Option(help: "Full name.") var name: String?
        @Option(help: "E-mail address (never shown in public feeds).") var email: String?
        @Option(help: "co-chair, focal-point or member.") var role: MemberRole?
        @Option(help: "national or international.") var staffCategory: StaffCategory?
        @Option(help: ArgumentHelp("The day they joined.", valueName: "date")) var joined: String?
        @Option(
            name: .customLong("interest"),
            help: ArgumentHelp("A theme slug they care about (repeat for more).", valueName: "theme"))
        var interests: [String] = []
        @Option(
            name: .customLong("available"),
            help: ArgumentHelp("A weekly window, e.g. 'tue,thu 12:00-14:00' (repeat for more).", valueName: "window"))
        var windows: [String] = []
        @Option(
            name: .customLong("absent"),
            help: ArgumentHelp(
                "An absence, e.g. '2027-07-05..2027-07-23 annual leave' (repeat for more).", valueName: "absence"))
        var absences: [String] = []
        @Option(help: ArgumentHelp("How many duties a month at most.", valueName: "n")) var capacity: Int?
        @Flag(help: "With update: clear interests, windows and absences before adding the ones given.")
        var replaceLists = false
    }

    struct Add: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member to a group.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The member's id (a slug such as anton-berger).", valueName: "id")) var id: Slug
        @OptionGroup var fields: Fields

        func run() throws {
            guard let name = fields.name, let email = fields.email else {
                throw ValidationError("member add needs --name and --email")
            }
            let member = try Member(
                id: id, name: name, email: email, role: fields.role ?? .member,
                staffCategory: fields.staffCategory ?? .international,
                joined: fields.joined.map { try parseDate($0, option: "--joined") }
                    ?? LocalDateTime(Date(), in: .current).date,
                interests: fields.interests.map(Slug.init), availability: fields.windows.map(parseWindow),
                absences: fields.absences.map(parseAbsence), capacityPerMonth: fields.capacity ?? 1)
            try storeOptions.open().addMember(member, to: groupOption.slug)
            print("added member \(id) to \(groupOption.group)")
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a group's members.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let members = try storeOptions.open().snapshot(of: groupOption.slug).plan.members
            switch output.format {
            case .json: try Output.json(members)
            case .table:
                Output.table(
                    ["ID", "NAME", "ROLE", "STAFF", "CAPACITY", "INTERESTS"],
                    members.map {
                        [
                            $0.id.rawValue, $0.name, $0.role.rawValue, $0.staffCategory.rawValue,
                            "\($0.capacityPerMonth)/month",
                            $0.interests.map(\.rawValue).joined(separator: ", "),
                        ]
                    })
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show one member with availability and absences (member show ID, or --id ID).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Argument(help: ArgumentHelp("The member's id.", valueName: "id")) var member: Slug?
        @Option(help: ArgumentHelp("The member's id (the same as the argument).", valueName: "id")) var id: Slug?

        func validate() throws {
            guard (member == nil) != (id == nil) else {
                throw ValidationError("member show needs the member's id once: member show ID, or --id ID")
            }
        }

        func run() throws {
            guard let id = id ?? member else { throw ValidationError("member show needs the member's id") }
            let snapshot = try storeOptions.open().snapshot(of: groupOption.slug)
            guard let member = snapshot.plan.member(id) else {
                throw CommandError("group '\(groupOption.group)' has no member '\(id)'")
            }
            let duties = snapshot.plan.sessions.filter { $0.organisers.contains { $0.memberID == id } }
            switch output.format {
            case .json: try Output.json(member)
            case .table:
                Output.fields([
                    ("id", member.id.rawValue), ("name", member.name), ("e-mail", member.email),
                    ("role", member.role.rawValue),
                    ("staff category", member.staffCategory.rawValue), ("joined", member.joined.description),
                    ("capacity", "\(member.capacityPerMonth) duties a month"),
                    ("interests", member.interests.map(\.rawValue).joined(separator: ", ")),
                    (
                        "available",
                        member.availability.map { "\($0.days.map(\.rawValue).joined(separator: ",")) \($0.timeRange)" }
                            .joined(separator: "; ")
                    ),
                    ("absent", member.absences.map { "\($0.from)..\($0.to) \($0.reason)" }.joined(separator: "; ")),
                    ("duties", "\(duties.count)"),
                ])
            }
        }
    }

    struct Update: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Change a member: only the options given change; lists are added to unless --replace-lists.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The member's id.", valueName: "id")) var id: Slug
        @OptionGroup var fields: Fields

        func run() throws {
            let store = try storeOptions.open()
            guard let old = try store.snapshot(of: groupOption.slug).plan.member(id) else {
                throw CommandError("group '\(groupOption.group)' has no member '\(id)'")
            }
            let keep = !fields.replaceLists
            let member = try Member(
                id: id, name: fields.name ?? old.name, email: fields.email ?? old.email, role: fields.role ?? old.role,
                staffCategory: fields.staffCategory ?? old.staffCategory,
                joined: fields.joined.map { try parseDate($0, option: "--joined") } ?? old.joined,
                interests: (keep ? old.interests : []) + fields.interests.map(Slug.init),
                availability: (keep ? old.availability : []) + fields.windows.map(parseWindow),
                absences: (keep ? old.absences : []) + fields.absences.map(parseAbsence),
                capacityPerMonth: fields.capacity ?? old.capacityPerMonth, pastDuties: old.pastDuties)
            try store.updateMember(member, in: groupOption.slug)
            print("updated member \(id)")
        }
    }

    struct Remove: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member and their duties.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Option(help: ArgumentHelp("The member's id.", valueName: "id")) var id: Slug

        func run() throws {
            let affected = try storeOptions.open().removeMember(id, from: groupOption.slug)
            print("removed member \(id)" + (affected.isEmpty ? "" : "; sessions that lost an organiser:"))
            for session in affected { print("  \(session)") }
        }
    }
}

extension MemberCommand {
    struct Pending: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the requests to join (from the group's join form) waiting for an answer.",
            discussion: "A request not answered within plannerd's join-request-days is deleted with its data.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let pending = try storeOptions.open().pendingJoinRequests(of: groupOption.slug)
            switch output.format {
            case .json: try Output.json(pending)
            case .table:
                Output.table(
                    ["ID", "NAME", "E-MAIL", "POSITION", "INTERESTS", "SUGGESTED BY", "EXPIRES"],
                    pending.map { pending in
                        let request = pending.request
                        return [
                            String(pending.id), request.name, request.email, request.position,
                            request.interests.map(\.rawValue).joined(separator: ", "), request.suggestedBy ?? "",
                            pending.expires.formatted(.iso8601.year().month().day()),
                        ]
                    })
            }
        }
    }

    struct Approve: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Approve a request to join: its person becomes a member and the request is deleted.",
            discussion: """
                The member gets role member, the interests asked for, one duty a month and no
                weekly window yet (he adds them on his page). Warns when the group passes its max-size.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Argument(help: "The request's ID, as listed by `member pending`.") var id: Int64
        @Option(
            name: .customLong("member-id"),
            help: ArgumentHelp("The new member's id (default: from the name).", valueName: "slug"))
        var memberID: Slug?
        @Option(help: "national or international.") var staffCategory: StaffCategory = .international

        func run() throws {
            let approved = try Workflows(store: storeOptions.open()).approveJoinRequest(
                id, in: groupOption.slug, memberID: memberID, staffCategory: staffCategory)
            print("added member \(approved.member.id) (\(approved.member.name)) to \(groupOption.group)")
            if let warning = approved.warning { print("warning: \(warning)") }
        }
    }

    struct Reject: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reject a request to join: it is deleted with its data.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Argument(help: "The request's ID, as listed by `member pending`.") var id: Int64

        func run() throws {
            try Workflows(store: storeOptions.open()).rejectJoinRequest(id, in: groupOption.slug)
            print("rejected and deleted join request \(id)")
        }
    }
}

extension MemberRole: ExpressibleByArgument {}
extension StaffCategory: ExpressibleByArgument {}
