import ArgumentParser
import CalendarFeeds
import Foundation
import PlannerStore
import Planning
import QRCode
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
            try storeOptions.workflows().recordOutcome(outcome, of: id, in: groupOption.slug)
            print(
                "recorded \(id): " + (held ? "held" : "not held")
                    + (attendance.map { ", \($0) came" } ?? "")
                    + (link.map { ", materials \($0.absoluteString)" } ?? ""))
        }
    }
}

extension SessionCommand {
    /// `planner session feedback-link SESSION --group G [--base-url URL] [--qr svg]`
    struct FeedbackLink: ParsableCommand {
        /// What `--qr` draws the link as.
        enum Picture: String, ExpressibleByArgument, CaseIterable {
            case svg
        }

        static let configuration = CommandConfiguration(
            commandName: "feedback-link",
            abstract: "Print the link to a session's anonymous feedback form, to hand to the people who came.",
            discussion: """
                The link carries the session's code: anyone with it may answer, from the session's
                start for plannerd's feedback-days. Without the code, the form is not found.
                """)
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Argument(help: ArgumentHelp("The session, as listed: activity@rule-date.", valueName: "session"))
        var session: String
        @Option(help: ArgumentHelp("The address people reach plannerd at.", valueName: "url"))
        var baseURL: String = "http://127.0.0.1:8080"
        @Option(
            help: ArgumentHelp(
                "Print the link as a QR code picture instead (svg), to print beside the room's door.",
                valueName: "svg"))
        var qr: Picture?

        func run() throws {
            let id = try parseSessionID(session)
            let store = try storeOptions.open()
            let group = try groupOption.slug
            guard try store.snapshot(of: group).plan.sessions.contains(where: { $0.id == id }) else {
                throw CommandError("group '\(groupOption.group)' has no session \(id)")
            }
            let code = try store.feedbackCode(of: id, in: group)
            let path = SitePath.feedbackForm(group, activity: id.activity, ruleDate: id.ruleDate, code: code)
            let link = SiteLinks(baseURL: baseURL).url(path)
            guard qr == .svg else { return print(link) }
            do {
                print(try QRCode(encoding: link).svg(title: "QR code of the feedback form for \(id)"))
            } catch {
                throw CommandError("--qr: \(error)")
            }
        }
    }
}
