import ArgumentParser
import Foundation
import Planning
import Workflows

extension SessionCommand {
    /// `planner session organisers SESSION --group G --set a,b [--pin] [--despite-rules]` or `--clear`
    struct Organisers: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Put named members on a session as its organisers by hand, or take them off.",
            discussion: """
                --set replaces the session's organisers with the members named, in that order;
                --pin makes every later `assign` keep them (as published duties are), otherwise
                the assigner may change them but prefers not to. The new organisers are checked
                against the hard rules with the group's other duties: a breach is refused and named,
                unless --despite-rules stores it anyway (then `plan check` and `assign` keep
                reporting it). --clear takes every organiser off the session.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Argument(help: ArgumentHelp("The session, as listed: activity@rule-date.", valueName: "session"))
        var session: String
        @Option(help: ArgumentHelp("The members, by id, separated by commas.", valueName: "a,b"))
        var set: String?
        @Flag(help: "Take every organiser off the session.") var clear = false
        @Flag(help: "Keep these organisers in every later assignment.") var pin = false
        @Flag(help: "Store organisers that break a hard rule anyway (the breach stays reported).")
        var despiteRules = false

        func validate() throws {
            guard (set != nil) != clear else { throw ValidationError("give either --set a,b or --clear") }
            if clear && (pin || despiteRules) { throw ValidationError("--pin and --despite-rules go with --set") }
        }

        func run() throws {
            let id = try parseSessionID(session)
            let members = try (set ?? "").split(separator: ",").map { name in
                do { return try Slug(name.trimmingCharacters(in: .whitespaces)) } catch {
                    throw ValidationError("--set: '\(name)' is not a member id")
                }
            }
            if !clear && members.isEmpty { throw ValidationError("--set: name at least one member, or use --clear") }
            let done = try Workflows(store: storeOptions.open()).setOrganisers(
                members, pinned: pin, of: id, in: groupOption.slug, despiteRules: despiteRules)
            let names = done.session.organisers.map(\.memberID.rawValue).joined(separator: ", ")
            if !done.changed {
                print("\(id): unchanged")
            } else {
                print(members.isEmpty ? "\(id): no organisers" : "\(id): \(names)\(pin ? " (pinned)" : "")")
            }
            for breach in done.breaches { print("warning: \(breach)") }
        }
    }
}
