import ArgumentParser
import Foundation
import Planning
import Workflows

extension SessionCommand {
    /// `planner session outcome SESSION --group G --held --attendance 14 [--women 5 --men 8 --undisclosed 1]`
    struct Outcome: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Record what became of a session: held or not, how many came, a private note, its materials.",
            discussion: """
                Counts only, never names. The public sees whether the session was held and its
                materials link; the headcounts and the note stay with the group's tokens. Recording
                again replaces the earlier outcome.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Argument(help: ArgumentHelp("The session, as listed: activity@rule-date.", valueName: "session"))
        var session: String
        @Flag(inversion: .prefixedNo, help: "Whether the session was held (--held or --no-held).") var held: Bool
        @Option(help: "How many came, in all.") var attendance: Int?
        @Option(help: "Of them, how many women (optional).") var women: Int?
        @Option(help: "Of them, how many men (optional).") var men: Int?
        @Option(help: "Of them, how many did not say (optional).") var undisclosed: Int?
        @Option(help: "A private note for the group.") var note: String?
        @Option(help: ArgumentHelp("A public link to the slides, film or reading.", valueName: "url")) var materials:
            String?

        func run() throws {
            let id = try parseSessionID(session)
            let link = try materials.map { text in
                guard let url = URL(string: text) else {
                    throw ValidationError("--materials: '\(text)' is not a web address")
                }
                return url
            }
            let outcome = try SessionOutcome(
                held: held, attendance: attendance, women: women, men: men, undisclosed: undisclosed, note: note,
                materials: link)
            try Workflows(store: storeOptions.open()).recordOutcome(outcome, of: id, in: groupOption.slug)
            print(
                "recorded \(id): " + (held ? "held" : "not held")
                    + (attendance.map { ", \($0) came" } ?? "")
                    + (link.map { ", materials \($0.absoluteString)" } ?? ""))
        }
    }
}
