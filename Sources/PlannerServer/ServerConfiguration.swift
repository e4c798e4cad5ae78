import Foundation
public import Logging

/// Everything `plannerd` can be told, with its default.
///
/// Read from `Config/plannerd.yaml`, then environment variables (`PLANNERD_PORT`,
/// `PLANNERD_BASE_URL`…), then flags (`--port 9000`, `--base-url=…`): a later source wins. The
/// keys are the same everywhere: `base-url` in YAML, `PLANNERD_BASE_URL`, `--base-url`. The
/// sources are layered by swift-configuration and the flags parsed by swift-argument-parser
/// (ServerConfiguration+Loading.swift); this file holds the options themselves.
public struct ServerConfiguration: Sendable, Equatable {
    /// How log lines look.
    public enum LogFormat: String, Sendable, CaseIterable {
        /// `key=value` lines for people.
        case text
        /// One JSON object a line, for log collectors.
        case json
    }

    /// The address to listen on.
    public var host = "127.0.0.1"
    /// The TCP port to listen on; 0 picks a free one.
    public var port = 8080
    /// The SQLite store (created if missing).
    public var store = "Calendars/planner.sqlite"
    /// The folder of the catalogue YAML files.
    public var catalogue = "Config/catalogue"
    /// The group imported into an empty store on first run; empty: none.
    public var exampleGroup = "Config/groups/example.yaml"
    /// Public holidays (`.ics`) imported into the example group with it, so its sessions move
    /// off them; empty: none.
    public var exampleHolidays = "Calendars/holidays/austria-2026-2028.ics"
    /// The public URL people reach the daemon at, used in subscribe links; empty: `http://host:port`.
    public var baseURL = ""
    /// Where feed snapshots (`*.ics`) are written after every change; empty: none.
    public var feedFolder = "Calendars/feeds"
    /// How often subscribers should poll, in minutes: `REFRESH-INTERVAL` and `Cache-Control`.
    public var refreshMinutes = 60
    /// The largest request body accepted, in bytes; larger gets 413.
    public var maxBodyBytes = 1_048_576
    /// How long SIGTERM waits for in-flight requests before closing, in seconds.
    public var shutdownSeconds = 20
    /// The most bytes the feed cache keeps (plain and gzip bodies), in megabytes.
    public var feedCacheMegabytes = 64
    /// The most connections open at once; more are closed as they arrive.
    public var maxConnections = 512
    /// How long a connection may stay idle (no request under way) before it is closed, in seconds.
    public var idleTimeoutSeconds = 60
    /// How long a request may take to arrive, from its first byte to its last, in seconds.
    public var readTimeoutSeconds = 30
    /// How many years after today a session may be dated, at most.
    public var sessionHorizonYears = 5
    /// For how many days after a session starts its feedback form takes answers.
    public var feedbackDays = 14
    /// The most answers one session's feedback form takes.
    public var feedbackMaxAnswers = 200
    /// The most answers one client address may give one session's form (kept in memory only).
    public var feedbackAnswersPerAddress = 3
    /// How long a member's sign-in through his personal link lasts, in minutes.
    public var memberSignInMinutes = 480
    /// How many days a join request waits for an answer before it is deleted with its data.
    public var joinRequestDays = 90
    /// The most join requests one client address may send one group (kept in memory only).
    public var joinRequestsPerAddress = 5
    /// The fewest feedback answers a session (or theme) needs before a report shows its
    /// averages and free text.
    public var reportMinAnswers = 5
    /// `trace`, `debug`, `info`, `notice`, `warning`, `error` or `critical`.
    public var logLevel: Logger.Level = .info
    /// `text` or `json`.
    public var logFormat: LogFormat = .text

    /// The defaults.
    public init() {}

    /// The URL links are built from, without a trailing slash.
    public var publicBaseURL: String {
        let url = baseURL.isEmpty ? "http://\(host):\(port)" : baseURL
        return url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// Every option: its key, what it means, its flag, and how to read and write it as text.
    static let options: [Option] = [
        Option("host", "address to listen on", \.host, flag: \.host),
        Option("port", "TCP port; 0 picks a free one", int: \.port, flag: \.port, range: 0...65535),
        Option("store", "the SQLite store", \.store, flag: \.store),
        Option("catalogue", "folder of the catalogue YAML files", \.catalogue, flag: \.catalogue),
        Option(
            "example-group", "group imported into an empty store; empty for none", \.exampleGroup,
            flag: \.exampleGroup),
        Option(
            "example-holidays", "holidays (.ics) imported with the example group; empty for none",
            \.exampleHolidays, flag: \.exampleHolidays),
        Option("base-url", "public URL used in links; empty for http://host:port", \.baseURL, flag: \.baseURL),
        Option("feed-folder", "where feed snapshots are written; empty for none", \.feedFolder, flag: \.feedFolder),
        Option(
            "refresh-minutes", "how often subscribers should poll", int: \.refreshMinutes, flag: \.refreshMinutes,
            range: 5...10_080),
        Option(
            "max-body-bytes", "largest request body", int: \.maxBodyBytes, flag: \.maxBodyBytes,
            range: 1_024...104_857_600),
        Option(
            "shutdown-seconds", "how long SIGTERM waits for requests", int: \.shutdownSeconds,
            flag: \.shutdownSeconds, range: 1...600),
        Option(
            "feed-cache-megabytes", "megabytes kept for rendered feeds", int: \.feedCacheMegabytes,
            flag: \.feedCacheMegabytes, range: 1...4_096),
        Option(
            "max-connections", "most connections open at once", int: \.maxConnections, flag: \.maxConnections,
            range: 1...100_000),
        Option(
            "idle-timeout-seconds", "seconds before an idle connection is closed", int: \.idleTimeoutSeconds,
            flag: \.idleTimeoutSeconds, range: 1...3_600),
        Option(
            "read-timeout-seconds", "seconds a request may take to arrive, from its first byte",
            int: \.readTimeoutSeconds, flag: \.readTimeoutSeconds, range: 1...600),
        Option(
            "session-horizon-years", "how many years ahead a session may be dated", int: \.sessionHorizonYears,
            flag: \.sessionHorizonYears, range: 1...50),
        Option(
            "feedback-days", "days after a session starts that its feedback form takes answers", int: \.feedbackDays,
            flag: \.feedbackDays, range: 1...365),
        Option(
            "feedback-max-answers", "most answers one session's feedback form takes", int: \.feedbackMaxAnswers,
            flag: \.feedbackMaxAnswers, range: 1...100_000),
        Option(
            "feedback-answers-per-address", "most answers one client address gives one session's form",
            int: \.feedbackAnswersPerAddress, flag: \.feedbackAnswersPerAddress, range: 1...1_000),
        Option(
            "member-sign-in-minutes", "minutes a member's sign-in through his personal link lasts",
            int: \.memberSignInMinutes, flag: \.memberSignInMinutes, range: 5...10_080),
        Option(
            "join-request-days", "days a join request waits for an answer before it is deleted",
            int: \.joinRequestDays, flag: \.joinRequestDays, range: 1...3_650),
        Option(
            "join-requests-per-address", "most join requests one client address sends one group",
            int: \.joinRequestsPerAddress, flag: \.joinRequestsPerAddress, range: 1...1_000),
        Option(
            "report-min-answers", "fewest feedback answers before a report shows averages and free text",
            int: \.reportMinAnswers, flag: \.reportMinAnswers, range: 1...1_000),
        Option(
            "log-level", "trace, debug, info, notice, warning, error or critical", flag: \.logLevel,
            parse: { configuration, text in
                guard let level = Logger.Level(rawValue: text) else { return false }
                configuration.logLevel = level
                return true
            }, show: { $0.logLevel.rawValue }),
        Option(
            "log-format", "text or json", flag: \.logFormat,
            parse: { configuration, text in
                guard let format = LogFormat(rawValue: text) else { return false }
                configuration.logFormat = format
                return true
            }, show: { $0.logFormat.rawValue }),
    ]

    /// The option with this key; only for keys of ``options``.
    static func option(_ key: String) -> Option {
        guard let option = options.first(where: { $0.key == key }) else { preconditionFailure("no option \(key)") }
        return option
    }

    /// The options as YAML with their current values, each with its line of help.
    public var yaml: String {
        Self.options.map { option in "\(option.key): \(option.show(self))  # \(option.help)" }.joined(separator: "\n")
            + "\n"
    }

    /// One option: key, help, the flag that sets it, reader and writer.
    struct Option: Sendable {
        let key: String
        let help: String
        let flag: any KeyPath<ServerFlags, String?> & Sendable
        let parse: @Sendable (inout ServerConfiguration, String) -> Bool
        let show: @Sendable (ServerConfiguration) -> String

        var environmentVariable: String { "PLANNERD_" + key.uppercased().replacingOccurrences(of: "-", with: "_") }

        init(
            _ key: String, _ help: String, flag: any KeyPath<ServerFlags, String?> & Sendable,
            parse: @escaping @Sendable (inout ServerConfiguration, String) -> Bool,
            show: @escaping @Sendable (ServerConfiguration) -> String
        ) {
            self.key = key
            self.help = help
            self.flag = flag
            self.parse = parse
            self.show = show
        }

        init(
            _ key: String, _ help: String, _ path: any WritableKeyPath<ServerConfiguration, String> & Sendable,
            flag: any KeyPath<ServerFlags, String?> & Sendable
        ) {
            self.init(
                key, help, flag: flag,
                parse: {
                    $0[keyPath: path] = $1
                    return true
                }, show: { $0[keyPath: path] })
        }

        init(
            _ key: String, _ help: String, int path: any WritableKeyPath<ServerConfiguration, Int> & Sendable,
            flag: any KeyPath<ServerFlags, String?> & Sendable, range: ClosedRange<Int>
        ) {
            self.init(
                key, "\(help), \(range.lowerBound)…\(range.upperBound)", flag: flag,
                parse: { configuration, text in
                    guard let value = Int(text), range.contains(value) else { return false }
                    configuration[keyPath: path] = value
                    return true
                }, show: { String($0[keyPath: path]) })
        }
    }
}

/// Why `plannerd` cannot start: an option, file, variable or flag it cannot use, or a resource
/// missing from the build; says which and why. (Errors in the catalogue and group YAML are
/// `Catalogues.ConfigError`, with file and line.)
public struct StartupError: Error, CustomStringConvertible, Sendable {
    /// What was wrong and where.
    public let description: String

    init(_ description: String) { self.description = description }
}
