import Foundation
public import Logging
import Yams

/// Everything `plannerd` can be told, with its default.
///
/// Read from `Config/plannerd.yaml`, then environment variables (`PLANNERD_PORT`,
/// `PLANNERD_BASE_URL`…), then flags (`--port 9000`, `--base-url=…`): a later source wins. The
/// keys are the same everywhere: `base-url` in YAML, `PLANNERD_BASE_URL`, `--base-url`.
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

    /// Every option: its key, what it means, and how to read and write it as text.
    static let options: [Option] = [
        Option("host", "address to listen on", \.host),
        Option("port", "TCP port; 0 picks a free one", int: \.port, range: 0...65535),
        Option("store", "the SQLite store", \.store),
        Option("catalogue", "folder of the catalogue YAML files", \.catalogue),
        Option("example-group", "group imported into an empty store; empty for none", \.exampleGroup),
        Option(
            "example-holidays", "holidays (.ics) imported with the example group; empty for none", \.exampleHolidays),
        Option("base-url", "public URL used in links", \.baseURL),
        Option("feed-folder", "where feed snapshots are written; empty for none", \.feedFolder),
        Option("refresh-minutes", "how often subscribers should poll", int: \.refreshMinutes, range: 5...10_080),
        Option("max-body-bytes", "largest request body", int: \.maxBodyBytes, range: 1_024...104_857_600),
        Option("shutdown-seconds", "how long SIGTERM waits for requests", int: \.shutdownSeconds, range: 1...600),
        Option(
            "feed-cache-megabytes", "megabytes kept for rendered feeds", int: \.feedCacheMegabytes, range: 1...4_096),
        Option("max-connections", "most connections open at once", int: \.maxConnections, range: 1...100_000),
        Option(
            "idle-timeout-seconds", "seconds before an idle connection is closed", int: \.idleTimeoutSeconds,
            range: 1...3_600),
        Option(
            "read-timeout-seconds", "seconds a request may take to arrive, from its first byte",
            int: \.readTimeoutSeconds, range: 1...600),
        Option(
            "session-horizon-years", "how many years ahead a session may be dated", int: \.sessionHorizonYears,
            range: 1...50),
        Option(
            "log-level", "trace … critical",
            parse: { configuration, text in
                guard let level = Logger.Level(rawValue: text) else { return false }
                configuration.logLevel = level
                return true
            }, show: { $0.logLevel.rawValue }),
        Option(
            "log-format", "text or json",
            parse: { configuration, text in
                guard let format = LogFormat(rawValue: text) else { return false }
                configuration.logFormat = format
                return true
            }, show: { $0.logFormat.rawValue }),
    ]

    /// Loads the configuration: defaults, then the YAML file (if `arguments` or the environment
    /// name one with `--config`/`PLANNERD_CONFIG`, or `defaultFile` exists), then the environment,
    /// then the flags.
    ///
    /// - Throws: ``StartupError`` naming the file, variable or flag that was wrong.
    public static func load(
        arguments: [String], environment: [String: String], defaultFile: String = "Config/plannerd.yaml"
    ) throws -> ServerConfiguration {
        var flags = try parseFlags(arguments)
        var configuration = ServerConfiguration()
        let file = flags.removeValue(forKey: "config") ?? environment["PLANNERD_CONFIG"]
        if let file {
            try configuration.apply(yamlFile: file)
        } else if FileManager.default.fileExists(atPath: defaultFile) {
            try configuration.apply(yamlFile: defaultFile)
        }
        for option in options {
            let variable = option.environmentVariable
            if let value = environment[variable] {
                try configuration.set(option, to: value, source: "environment variable \(variable)")
            }
        }
        for (key, value) in flags {
            guard let option = options.first(where: { $0.key == key }) else {
                throw StartupError(
                    "unknown flag --\(key); the flags are --config and "
                        + options.map { "--\($0.key)" }.joined(separator: ", "))
            }
            try configuration.set(option, to: value, source: "flag --\(key)")
        }
        return configuration
    }

    /// Applies a YAML file of `key: value` lines.
    mutating func apply(yamlFile path: String) throws {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw StartupError("cannot read the configuration file \(path): \(error.localizedDescription)")
        }
        try apply(yaml: text, source: path)
    }

    /// Applies YAML text of `key: value` lines; `source` names it in errors.
    mutating func apply(yaml text: String, source: String) throws {
        let loaded: Any?
        do {
            loaded = try Yams.load(yaml: text)
        } catch {
            throw StartupError("\(source) is not valid YAML: \(error)")
        }
        guard let loaded else { return }
        guard let mapping = loaded as? [String: Any] else {
            throw StartupError("\(source) must be a mapping of options (key: value)")
        }
        for (key, value) in mapping.sorted(by: { $0.key < $1.key }) {
            guard let option = Self.options.first(where: { $0.key == key }) else {
                throw StartupError(
                    "\(source): unknown option '\(key)'; known: " + Self.options.map(\.key).joined(separator: ", "))
            }
            try set(option, to: "\(value)", source: "\(source): \(key)")
        }
    }

    private mutating func set(_ option: Option, to value: String, source: String) throws {
        guard option.parse(&self, value) else {
            throw StartupError("\(source): '\(value)' is not a valid \(option.key) (\(option.help))")
        }
    }

    /// `--key value` and `--key=value` pairs.
    private static func parseFlags(_ arguments: [String]) throws -> [String: String] {
        var flags: [String: String] = [:]
        var index = arguments.startIndex
        while index < arguments.endIndex {
            let argument = arguments[index]
            guard argument.hasPrefix("--"), argument.count > 2 else {
                throw StartupError("unexpected argument '\(argument)': options are --key value")
            }
            let body = argument.dropFirst(2)
            if let equals = body.firstIndex(of: "=") {
                flags[String(body[..<equals])] = String(body[body.index(after: equals)...])
            } else {
                let next = arguments.index(after: index)
                guard next < arguments.endIndex else { throw StartupError("flag \(argument) needs a value") }
                flags[String(body)] = arguments[next]
                index = next
            }
            index = arguments.index(after: index)
        }
        return flags
    }

    /// The options as YAML with their current values: the text of `plannerd --print-config`.
    public var yaml: String {
        Self.options.map { option in "\(option.key): \(option.show(self))  # \(option.help)" }.joined(separator: "\n")
            + "\n"
    }

    /// The text of `plannerd --help`: every option with its variable and default.
    public static var usage: String {
        let defaults = ServerConfiguration()
        var lines = [
            "usage: plannerd [--config FILE] [--OPTION VALUE]…",
            "Options come from the YAML file (default Config/plannerd.yaml), then PLANNERD_* variables, then flags.",
            "",
        ]
        for option in options {
            lines.append(
                "  --\(option.key) (\(option.environmentVariable)): \(option.help); default '\(option.show(defaults))'")
        }
        return lines.joined(separator: "\n")
    }

    /// One option: key, help, reader and writer.
    struct Option: Sendable {
        let key: String
        let help: String
        let parse: @Sendable (inout ServerConfiguration, String) -> Bool
        let show: @Sendable (ServerConfiguration) -> String

        var environmentVariable: String { "PLANNERD_" + key.uppercased().replacingOccurrences(of: "-", with: "_") }

        init(
            _ key: String, _ help: String, parse: @escaping @Sendable (inout ServerConfiguration, String) -> Bool,
            show: @escaping @Sendable (ServerConfiguration) -> String
        ) {
            self.key = key
            self.help = help
            self.parse = parse
            self.show = show
        }

        init(_ key: String, _ help: String, _ path: any WritableKeyPath<ServerConfiguration, String> & Sendable) {
            self.init(
                key, help,
                parse: {
                    $0[keyPath: path] = $1
                    return true
                }, show: { $0[keyPath: path] })
        }

        init(
            _ key: String, _ help: String, int path: any WritableKeyPath<ServerConfiguration, Int> & Sendable,
            range: ClosedRange<Int>
        ) {
            self.init(
                key, "\(help), \(range.lowerBound)…\(range.upperBound)",
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
