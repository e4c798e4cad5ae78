import ArgumentParser
import Foundation
import PlannerStore
import Planning

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

        func run() throws {
            let months = try monthRange()
            let store = try storeOptions.open()
            let snapshot = try store.snapshot(of: groupOption.slug)
            let catalogue = try store.catalogue()
            let programme = ProgrammePlanner.plan(
                ProgrammePlanner.Request(plan: snapshot.plan, catalogue: catalogue, months: months))
            if !dryRun {
                try storeUnlessChanged(store, groupOption.slug, planned: snapshot.revision) {
                    try store.recordProgramme(programme, in: groupOption.slug, expectedRevision: $0)
                }
            }
            switch output.format {
            case .json: try Output.json(programme)
            case .table:
                let coordinator = Visibility(.coordinator, group: snapshot.plan.group, catalogue: catalogue)
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
                print(programme.provenOptimal ? "optimal: proven" : "optimal: not proven (search limit reached)")
                print(
                    dryRun
                        ? "dry run: nothing stored"
                        : "stored: \(programme.months.count) months, \(programme.sessions.count) sessions themed")
            }
        }

        private func monthRange() throws -> [MonthKey] {
            if let year {
                guard (1900...2200).contains(year) else {
                    throw ValidationError("--year: \(year) is not a year between 1900 and 2200")
                }
                return MonthKey.range(try MonthKey(year: year, month: 1), try MonthKey(year: year, month: 12))
            }
            func parse(_ text: String?, _ option: String) throws -> MonthKey {
                guard let text, let key = try? MonthKey(parsing: text) else {
                    throw ValidationError("\(option): '\(text ?? "")' is not a month like 2027-03")
                }
                return key
            }
            let first = try parse(from, "--from")
            let last = try parse(to, "--to")
            guard first <= last, last.index - first.index < 36 else {
                throw ValidationError(
                    "--from \(first) to --to \(last): give up to 36 months, the first before the last")
            }
            return MonthKey.range(first, last)
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List every broken rule of the stored plan (after hand edits); exit 1 when any.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let store = try storeOptions.open()
            let plan = try store.snapshot(of: groupOption.slug).plan
            let breaches = PlanChecker.check(
                sessions: plan.sessions, members: plan.members, group: plan.group, catalogue: try store.catalogue(),
                activities: plan.activities)
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

    func run() throws {
        let first = try parseDate(from, option: "--from")
        let last = try parseDate(to, option: "--to")
        guard first <= last else { throw ValidationError("--to \(last) is before --from \(first)") }
        let store = try storeOptions.open()
        let snapshot = try store.snapshot(of: groupOption.slug)
        let problem = AssignmentProblem(plan: snapshot.plan, catalogue: try store.catalogue(), window: first...last)
        let result = OrganiserAssigner.assign(problem)
        if !dryRun {
            try storeUnlessChanged(store, groupOption.slug, planned: snapshot.revision) {
                try store.recordAssignments(result.sessions, in: groupOption.slug, expectedRevision: $0)
            }
        }
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
            for slot in result.unfilled {
                print("unfilled: \(slot.session) needs \(slot.missing) more")
                for exclusion in slot.exclusions { print("  \(exclusion.member): \(exclusion.message)") }
            }
            for change in result.changes { print("changed: \(change)") }
            for note in result.notes { print("note: \(note)") }
            print(dryRun ? "dry run: nothing stored" : "stored")
        }
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
            let store = try storeOptions.open()
            let plan = try store.snapshot(of: groupOption.slug).plan
            guard
                let explanation = OrganiserAssigner.explain(
                    id, sessions: plan.sessions, members: plan.members, group: plan.group, activities: plan.activities,
                    catalogue: try store.catalogue())
            else { throw CommandError("group '\(groupOption.group)' has no session \(id)") }
            switch output.format {
            case .json: try Output.json(explanation)
            case .table:
                print("session: \(explanation.session)")
                for organiser in explanation.organisers {
                    print(
                        "\(organiser.memberID) (\(organiser.role.rawValue)): \(organiser.reasons.joined(separator: "; "))"
                    )
                }
                if explanation.missing > 0 {
                    print("\(explanation.missing) slot(s) empty:")
                    for exclusion in explanation.exclusions { print("  \(exclusion.member): \(exclusion.message)") }
                }
            }
        }
    }
}

/// Stores a plan made from `revision` of `group` only if the group is still at it. A change in
/// between (another `planner`, the daemon's API) stores nothing and ends the command with one
/// line and a non-zero exit; running it again plans from the new state.
func storeUnlessChanged(_ store: PlannerStore, _ group: Slug, planned revision: Int, _ write: (Int) throws -> Void)
    throws
{
    do {
        try write(revision)
    } catch let error as StoreError where error.code == .changed {
        throw StoreError(.changed, store.changedWhilePlanning(group, planned: revision) + " (nothing was stored)")
    }
}
