import ArgumentParser
import CalendarFeeds
import Foundation
import PlannerStore
import Planning
import Workflows

/// `planner token create|list|revoke|rotate`: the group's private-feed and API tokens.
struct TokenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "A group's tokens for private feeds and the API: create, list, revoke, rotate.",
        discussion: """
            A secret is printed once, when it is made or rotated; the store keeps only its hash.
            Feed tokens open /calendars/GROUP/members.ics or one organiser's duties; API tokens
            (role coordinator or reader) go in `Authorization: Bearer …`; a member's personal
            link (--kind member --member SLUG) signs him in to his own page, /me.
            """,
        subcommands: [Create.self, List.self, Revoke.self, Rotate.self])

    struct Create: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Make a token and print its secret (once).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Option(help: "What it opens: \(TokenKind.listed).") var kind: TokenKind
        @Option(help: "For --kind api: coordinator (reads and writes) or reader.") var role: String?
        @Option(help: ArgumentHelp("For --kind organiser-feed or member: the member.", valueName: "slug")) var member:
            Slug?
        @Option(help: "Who or what it is for, e.g. 'Outlook of the focal point'.") var label: String
        @Option(help: ArgumentHelp("The daemon's public URL, to print the feed address.", valueName: "url"))
        var baseURL: String = "http://127.0.0.1:8080"

        func validate() throws {
            if kind == .api, role.flatMap(TokenRole.init(rawValue:)) == nil {
                throw ValidationError("--kind api needs --role coordinator or --role reader")
            }
            if kind == .organiserFeed || kind == .member, member == nil {
                throw ValidationError("--kind \(kind.rawValue) needs --member SLUG")
            }
        }

        func run() throws {
            let scope: TokenScope
            do {
                scope = try TokenScope(kind: kind, role: role.flatMap(TokenRole.init(rawValue:)), member: member)
            } catch {
                throw ValidationError("--kind \(kind.rawValue) needs --role (api) or --member (organiser-feed, member)")
            }
            let group = try groupOption.slug
            let issued = try storeOptions.open().createToken(in: group, scope: scope, label: label)
            TokenCommand.printIssued(issued, baseURL: baseURL, format: output.format)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the group's tokens (never their secrets).")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions

        func run() throws {
            let tokens = try storeOptions.open().tokens(of: groupOption.slug)
            switch output.format {
            case .json: try Output.json(tokens)
            case .table:
                Output.table(
                    ["ID", "KIND", "FOR", "LABEL", "CREATED", "LAST USED", "STATE"],
                    tokens.map { token in
                        [
                            String(token.id), token.scope.kind.rawValue, TokenCommand.scopeDetail(token.scope),
                            token.label,
                            TokenCommand.text(token.created), token.lastUsed.map(TokenCommand.text) ?? "never",
                            token.revoked.map { "revoked \(TokenCommand.text($0))" } ?? "active",
                        ]
                    })
            }
        }
    }

    struct Revoke: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: it opens nothing from now on.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @Argument(help: "The token's ID, as listed.") var id: Int64

        func run() throws {
            let token = try storeOptions.open().revokeToken(id, in: groupOption.slug)
            print("revoked token \(token.id) (\(token.label))")
        }
    }

    struct Rotate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Give a token a new secret: the old one stops working at once.")
        @OptionGroup var storeOptions: StoreOptions
        @OptionGroup var groupOption: GroupOption
        @OptionGroup var output: OutputOptions
        @Argument(help: "The token's ID, as listed.") var id: Int64
        @Option(help: ArgumentHelp("The daemon's public URL, to print the feed address.", valueName: "url"))
        var baseURL: String = "http://127.0.0.1:8080"

        func run() throws {
            let issued = try storeOptions.open().rotateToken(id, in: groupOption.slug)
            TokenCommand.printIssued(issued, baseURL: baseURL, format: output.format)
        }
    }

    static func scopeDetail(_ scope: TokenScope) -> String {
        switch scope {
        case .api(let role): role.rawValue
        case .membersFeed: "members"
        case .organiserFeed(let member), .member(let member): member.rawValue
        }
    }

    static func text(_ date: Date) -> String { date.formatted(.iso8601) }

    /// The secret, once, and the feed URL it opens.
    static func printIssued(_ issued: IssuedToken, baseURL: String, format: OutputFormat) {
        let url = issued.feedURL(SiteLinks(baseURL: baseURL))
        switch format {
        case .json:
            struct Issued: Encodable {
                let token: AccessToken
                let secret: String
                let url: String?
            }
            try? Output.json(Issued(token: issued.token, secret: issued.secret, url: url))
        case .table:
            Output.fields(
                [
                    ("id", String(issued.token.id)), ("kind", issued.token.scope.kind.rawValue),
                    ("for", scopeDetail(issued.token.scope)), ("label", issued.token.label),
                    ("secret", issued.secret + "   (shown once: keep it now)"),
                ] + (url.map { [("url", $0)] } ?? []))
        }
    }
}
