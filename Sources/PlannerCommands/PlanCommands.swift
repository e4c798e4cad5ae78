import ArgumentParser
import Foundation
import PlannerStore
import Planning
import Workflows

/// `planner plan programme|check`
struct PlanCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "plan", abstract: "Plan a themed programme, or check the stored plan against the rules.",
        subcommands: [Programme.self, Check.self])

    struct Programme: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Choose each month's headline theme and give every session of the period a theme.",
            discussion: """
                Observance months take a fitting theme, GAP targets are met where the calendar allows
                (a failed target is reported with its reason), no theme repeats within twelve months,
                categories stay balanced and members' interests count. Every choice says why.
                The programme is stored only if the group did not change while it was planned;
                otherwise nothing is stored and the command fails: run it again.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Option(help: "Plan this calendar year.") var year: Int?
        @Option(help: ArgumentHelp("First month, e.g. 2027-01 (with --to).", valueName: "month")) var from: String?
        @Option(help: ArgumentHelp("Last month, e.g. 2027-12 (with --from).", valueName: "month")) var to: String?
        @Flag(help: "Show the programme without storing it.") var dryRun = false

        func validate() throws {
            guard (year == nil) != (from == nil && to == nil), (from == nil) == (to == nil) else {
                throw ValidationError("give --year, or --from and --to")
            }
        }

        @Flag(help: "Store the best programme even when a GAP target cannot be met (it is still reported).")
        var allowUnmet = false

        func run() throws {
            let months = try monthRange()
            let store = try storeOptions.open()
            let planned = try Workflows(store: store).planProgramme(
                of: groupOption.slug, months: months,
                write: PlanWrite(dryRun ? .dryRun : .store(allowUnmet ? .storeBest : .storeNothing)))
            let programme = planned.plan
            let catalogue = try store.catalogue()
            let group = try store.snapshot(of: groupOption.slug).plan.group
            switch output.format {
            case .json: try Output.json(programme)
            case .table:
                let coordinator = Visibility(.coordinator, group: group, catalogue: catalogue)
                Output.table(
                    ["MONTH", "THEME", "GAP", "SESSIONS", "WHY"],
                    programme.months.map { month in
                        [
                            month.month.description, month.theme.rawValue,
                            (catalogue.theme(month.theme)?.gap ?? []).map(\.rawValue).joined(separator: " "),
                            "\(month.sessions)",
                            coordinator.reasons(of: ProgrammeEntry(month)).joined(separator: "; "),
                        ]
                    })
                print()
                for target in programme.targets { print("target: \(target)") }
                for note in programme.notes { print("note: \(note)") }
                print(programme.provenOptimal ? "optimal: proven" : "optimal: not proven (time limit reached)")
                print(
                    planned.stored
                        ? "stored: \(programme.months.count) months, \(programme.sessions.count) sessions themed"
                        : dryRun ? "dry run: nothing stored" : "nothing stored")
            }
            try refuseShortfall(planned, dryRun: dryRun, override: "--allow-unmet")
        }

        private func monthRange() throws -> [MonthKey] {
            try CommandLineInput.checked {
                if let year {
                    try PlanningLimits.months(ofYear: year)
                } else {
                    try PlanningLimits.months(from: from ?? "", to: to ?? "")
                }
            }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every broken rule of the stored plan (after hand edits); exit 1 when any.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let breaches = try Workflows(store: storeOptions.open()).check(groupOption.slug)
            switch output.format {
            case .json: try Output.json(breaches)
            case .table:
                if breaches.isEmpty { print("the plan keeps every rule") }
                for breach in breaches { print(breach) }
            }
            if !breaches.isEmpty { throw ExitCode(1) }
        }
    }
}

/// `planner assign --group SLUG --from DATE --to DATE`
struct AssignCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "assign", abstract: "Fill the organiser slots of a period's sessions, fairly and optimally.",
        discussion: """
            Hard rules: availability in the group's zone, absences, monthly capacity, no overlaps, the
            group's minimum gap between duties, the kind's roles; pinned duties stay. Then, in order:
            most slots filled, fairness (the smallest sum of squared duties), interest matches,
            mentoring pairs. Re-running after a change keeps every duty that is still valid unless
            moving it fills more slots, and says what changed. The plan is stored only if the
            group did not change while it was made; otherwise nothing is stored and the command
            fails: run it again.
            """)
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var groupOption: GroupOption
    @OptionGroup var output: OutputOptions
    @Option(help: ArgumentHelp("First day.", valueName: "date")) var from: String
    @Option(help: ArgumentHelp("Last day.", valueName: "date")) var to: String
    @Flag(help: "Show the plan without storing it.") var dryRun = false
    @Flag(help: "Store the best plan even when some slots stay empty (they are still reported).")
    var allowUnfilled = false
    @Flag(help: "Fill only open slots (declined duties, new sessions): every current duty stays as it is.")
    var keepDuties = false

    func run() throws {
        let window = try CommandLineInput.checked { try PlanningLimits.window(from: from, to: to) }
        let store = try storeOptions.open()
        let planned = try Workflows(store: store).assignOrganisers(
            in: groupOption.slug, window: window,
            write: PlanWrite(dryRun ? .dryRun : .store(allowUnfilled ? .storeBest : .storeNothing)),
            keepDuties: keepDuties)
        let result = planned.plan
        switch output.format {
        case .json: try Output.json(result)
        case .table:
            Output.table(
                ["SESSION", "START", "ORGANISERS"],
                result.sessions.map { session in
                    [
                        session.id.description, session.start.readable,
                        session.organisers.map { "\($0.memberID) (\($0.role.rawValue))" }.joined(separator: ", "),
                    ]
                })
            print()
            print("score: \(result.score)")
            print("bound: \(result.bound)" + (result.provenOptimal ? " — proven optimal" : " — not proven optimal"))
            if let gap = result.gap { print("gap: \(gap.formatted(.percent.precision(.fractionLength(2))))") }
            print("method: \(result.method)")
            for breach in result.pinBreaches { print("pinned duty breaks a rule: \(breach)") }
            for slot in result.unfilled {
                print("unfilled: \(slot.session) needs \(slot.missing) more")
                for exclusion in slot.exclusions { print("  \(exclusion.member): \(exclusion.message)") }
            }
            for change in result.changes { print("changed: \(change)") }
            for note in result.notes { print("note: \(note)") }
            print(planned.stored ? "stored" : dryRun ? "dry run: nothing stored" : "nothing stored")
        }
        try refuseShortfall(planned, dryRun: dryRun, override: "--allow-unfilled")
    }
}

/// `planner explain session ID --group SLUG`
struct ExplainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain", abstract: "Say why a plan is as it is.", subcommands: [ExplainSession.self])

    struct ExplainSession: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "session",
            abstract: "Why each organiser of a session was chosen, and which rule kept each other member out.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Argument(help: ArgumentHelp("The session, as listed: activity@rule-date.", valueName: "id")) var session:
            String

        func run() throws {
            let id = try parseSessionID(session)
            let explanation = try Workflows(store: storeOptions.open()).explain(id, in: groupOption.slug)
            switch output.format {
            case .json: try Output.json(explanation)
            case .table:
                print("session: \(explanation.session)")
                for organiser in explanation.organisers {
                    print(
                        "\(organiser.memberID) (\(organiser.role.rawValue)): \(organiser.reasons.joined(separator: "; "))"
                    )
                }
                for member in explanation.declinedBy ?? [] { print("\(member): declined by the member") }
                if explanation.missing > 0 {
                    print("\(explanation.missing) slot(s) empty:")
                    for exclusion in explanation.exclusions where exclusion.rule != .declined {
                        print("  \(exclusion.member): \(exclusion.message)")
                    }
                }
            }
        }
    }
}

/// Ends a command whose plan fell short and was therefore not stored: exit 1, with the reason
/// and the flag that stores the best plan anyway. A dry run's shortfall is reported, not failed.
func refuseShortfall<Plan>(_ planned: Planned<Plan>, dryRun: Bool, override flag: String) throws {
    guard let shortfall = planned.shortfall, !planned.stored, !dryRun else { return }
    throw CommandError("\(shortfall); nothing was stored (\(flag) stores the best plan)")
}
