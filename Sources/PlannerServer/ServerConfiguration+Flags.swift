public import ArgumentParser

/// The flags of `plannerd`, one for every option of ``ServerConfiguration`` and `--config`,
/// parsed by swift-argument-parser: it writes `--help`, and refuses an unknown flag, a flag
/// without its value and a stray argument. Every value is kept as text and checked with the
/// same rules as the file's and the variables' (``ServerConfiguration/load(flags:environment:defaultFile:)``).
///
/// swift-configuration's `CommandLineArgumentsProvider` is not used for the flags: it ignores
/// flags nobody reads and arguments that are not flags, and has no help, so a misspelt flag would
/// start the daemon with the default. The parsed flags reach the configuration reader through an
/// in-memory provider instead, as swift-configuration's guide to swift-argument-parser advises.
public struct ServerFlags: ParsableArguments {
    @Option(help: "YAML file of options (default: Config/plannerd.yaml when present; env: PLANNERD_CONFIG)")
    var config: String?

    @Option(help: ServerFlags.help("host")) var host: String?
    @Option(help: ServerFlags.help("port")) var port: String?
    @Option(help: ServerFlags.help("store")) var store: String?
    @Option(help: ServerFlags.help("catalogue")) var catalogue: String?
    @Option(help: ServerFlags.help("example-group")) var exampleGroup: String?
    @Option(help: ServerFlags.help("example-holidays")) var exampleHolidays: String?
    @Option(help: ServerFlags.help("base-url")) var baseURL: String?
    @Option(help: ServerFlags.help("feed-folder")) var feedFolder: String?
    @Option(help: ServerFlags.help("refresh-minutes")) var refreshMinutes: String?
    @Option(help: ServerFlags.help("max-body-bytes")) var maxBodyBytes: String?
    @Option(help: ServerFlags.help("shutdown-seconds")) var shutdownSeconds: String?
    @Option(help: ServerFlags.help("feed-cache-megabytes")) var feedCacheMegabytes: String?
    @Option(help: ServerFlags.help("max-connections")) var maxConnections: String?
    @Option(help: ServerFlags.help("idle-timeout-seconds")) var idleTimeoutSeconds: String?
    @Option(help: ServerFlags.help("read-timeout-seconds")) var readTimeoutSeconds: String?
    @Option(help: ServerFlags.help("session-horizon-years")) var sessionHorizonYears: String?
    @Option(help: ServerFlags.help("feedback-days")) var feedbackDays: String?
    @Option(help: ServerFlags.help("feedback-max-answers")) var feedbackMaxAnswers: String?
    @Option(help: ServerFlags.help("feedback-answers-per-address")) var feedbackAnswersPerAddress: String?
    @Option(help: ServerFlags.help("member-sign-in-minutes")) var memberSignInMinutes: String?
    @Option(help: ServerFlags.help("join-request-days")) var joinRequestDays: String?
    @Option(help: ServerFlags.help("join-requests-per-address")) var joinRequestsPerAddress: String?
    @Option(help: ServerFlags.help("report-min-answers")) var reportMinAnswers: String?
    @Option(help: ServerFlags.help("log-level")) var logLevel: String?
    @Option(help: ServerFlags.help("log-format")) var logFormat: String?

    /// No flags given.
    public init() {}

    /// The arguments with `--key=` (an empty value, as in `--base-url=`) written `--key ""`.
    ///
    /// By hand: swift-argument-parser reads `--key=` as `--key` without its value, and empty is a
    /// meaningful value here ("none" for `--example-group`, `--feed-folder`…).
    public static func emptyValuesSpelledOut(_ arguments: [String]) -> [String] {
        arguments.flatMap { argument in
            argument.hasPrefix("--") && argument.count > 3 && argument.hasSuffix("=")
                && argument.firstIndex(of: "=") == argument.index(before: argument.endIndex)
                ? [String(argument.dropLast()), ""] : [argument]
        }
    }

    /// An option's line of `plannerd --help`: what it means, its default and its variable.
    static func help(_ key: String) -> ArgumentHelp {
        let option = ServerConfiguration.option(key)
        let value = option.show(ServerConfiguration())
        return ArgumentHelp(
            "\(option.help) (default: \(value.isEmpty ? "\"\"" : value); env: \(option.environmentVariable))")
    }
}

extension ServerConfiguration {
    /// The flags' part of `plannerd --help`, as swift-argument-parser writes it: every option
    /// with its default and its variable.
    public static var usage: String { ServerFlags.helpMessage(columns: 120) }
}
