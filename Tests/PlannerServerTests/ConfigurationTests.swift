import Foundation
import Logging
import Testing

@testable import PlannerServer

@Suite struct ConfigurationTests {
    static var shippedFile: String { Fixtures.root.appendingPathComponent("Config/plannerd.yaml").path }

    /// Every option away from its default, so that a key that does not reach its field shows.
    static var changed: ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = "0.0.0.0"
        configuration.port = 9001
        configuration.store = "Calendars/other.sqlite"
        configuration.catalogue = "Config/other-catalogue"
        configuration.exampleGroup = ""
        configuration.exampleHolidays = "Calendars/holidays/other.ics"
        configuration.baseURL = "https://cal.example.org"
        configuration.feedFolder = ""
        configuration.refreshMinutes = 15
        configuration.maxBodyBytes = 2_048
        configuration.shutdownSeconds = 3
        configuration.feedCacheMegabytes = 8
        configuration.maxConnections = 16
        configuration.idleTimeoutSeconds = 5
        configuration.readTimeoutSeconds = 7
        configuration.sessionHorizonYears = 2
        configuration.logLevel = .debug
        configuration.logFormat = .json
        return configuration
    }

    /// A fresh folder, removed after `body`.
    static func withFolder<T>(_ body: (URL) async throws -> T) async throws -> T {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(folder)
    }

    /// Writes `text` to `name` in `folder` and returns its path.
    static func write(_ text: String, _ name: String = "plannerd.yaml", in folder: URL) throws -> String {
        let path = folder.appendingPathComponent(name).path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func theShippedFileListsEveryOptionWithItsDefault() async throws {
        let text = try String(contentsOfFile: Self.shippedFile, encoding: .utf8)
        let defaults = ServerConfiguration()
        for option in ServerConfiguration.options {
            let value = option.show(defaults)
            let line = value.isEmpty ? "\(option.key): \"\"" : "\(option.key): \(value)"
            #expect(text.contains("\n\(line)\n"), "Config/plannerd.yaml lacks '\(line)'")
        }
        let loaded = try await ServerConfiguration.load(arguments: ["--config", Self.shippedFile], environment: [:])
        #expect(loaded == defaults)
    }

    @Test func everyOptionIsReadFromEachSource() async throws {
        let changed = Self.changed
        #expect(changed != ServerConfiguration())
        let values = ServerConfiguration.options.map { ($0, $0.show(changed)) }
        let fromFlags = try await ServerConfiguration.load(
            arguments: values.flatMap { ["--\($0.key)", $1] }, environment: [:], defaultFile: "/nonexistent")
        #expect(fromFlags == changed)
        let fromEquals = try await ServerConfiguration.load(
            arguments: values.map { "--\($0.key)=\($1)" }, environment: [:], defaultFile: "/nonexistent")
        #expect(fromEquals == changed)
        let fromEnvironment = try await ServerConfiguration.load(
            arguments: [], environment: Dictionary(uniqueKeysWithValues: values.map { ($0.environmentVariable, $1) }),
            defaultFile: "/nonexistent")
        #expect(fromEnvironment == changed)
        try await Self.withFolder { folder in
            let file = try Self.write(values.map { "\($0.key): \"\($1)\"\n" }.joined(), in: folder)
            let fromFile = try await ServerConfiguration.load(arguments: ["--config", file], environment: [:])
            #expect(fromFile == changed)
            let fromDefaultFile = try await ServerConfiguration.load(arguments: [], environment: [:], defaultFile: file)
            #expect(fromDefaultFile == changed)
            let fromVariable = try await ServerConfiguration.load(
                arguments: [], environment: ["PLANNERD_CONFIG": file], defaultFile: "/nonexistent")
            #expect(fromVariable == changed)
        }
        let emptied = try await ServerConfiguration.load(
            arguments: ["--feed-folder=", "--example-group", "", "--base-url="], environment: [:],
            defaultFile: "/nonexistent")
        #expect(emptied.feedFolder == "" && emptied.exampleGroup == "" && emptied.baseURL == "")
        let none = try await ServerConfiguration.load(arguments: [], environment: [:], defaultFile: "/nonexistent")
        #expect(none == ServerConfiguration())
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() async throws {
        try await Self.withFolder { folder in
            let file = try Self.write(
                "port: 9000\nstore: Calendars/a.sqlite\nlog-level: debug\nbase-url: https://cal.example.org/\n"
                    + "host: 10.0.0.1\n", in: folder)
            let configuration = try await ServerConfiguration.load(
                arguments: ["--config", file, "--port", "9100", "--log-format=json", "--host=127.0.0.2"],
                environment: ["PLANNERD_PORT": "9050", "PLANNERD_STORE": "Calendars/b.sqlite", "PLANNERD_HOST": "::1"])
            #expect(configuration.port == 9100)
            #expect(configuration.store == "Calendars/b.sqlite")
            #expect(configuration.logLevel == .debug)
            #expect(configuration.logFormat == .json)
            #expect(configuration.publicBaseURL == "https://cal.example.org")
            #expect(configuration.host == "127.0.0.2")
            #expect(configuration.catalogue == ServerConfiguration().catalogue)

            // --config beats PLANNERD_CONFIG, which beats the default file.
            let other = try Self.write("port: 9200\n", "other.yaml", in: folder)
            let byFlag = try await ServerConfiguration.load(
                arguments: ["--config", other], environment: ["PLANNERD_CONFIG": file], defaultFile: file)
            #expect(byFlag.port == 9200)
            let byVariable = try await ServerConfiguration.load(
                arguments: [], environment: ["PLANNERD_CONFIG": other], defaultFile: file)
            #expect(byVariable.port == 9200)
            let byDefault = try await ServerConfiguration.load(arguments: [], environment: [:], defaultFile: other)
            #expect(byDefault.port == 9200)

            // A wrong value that a later source overrides is never read.
            let wrong = try Self.write("port: 99999\n", "wrong.yaml", in: folder)
            let overridden = try await ServerConfiguration.load(
                arguments: ["--config", wrong], environment: ["PLANNERD_PORT": "9300"])
            #expect(overridden.port == 9300)

            // An empty file, or one of comments only, sets nothing.
            let empty = try Self.write("# nothing yet\n", "empty.yaml", in: folder)
            let fromEmpty = try await ServerConfiguration.load(arguments: ["--config", empty], environment: [:])
            #expect(fromEmpty == ServerConfiguration())
        }
    }

    /// Loads and expects a `StartupError` whose one line contains `expected`.
    static func expectRefusal(
        _ arguments: [String], _ environment: [String: String] = [:], file: String? = nil, saying expected: String...
    ) async throws {
        try await withFolder { folder in
            var arguments = arguments
            if let file { arguments += ["--config", try write(file, "bad.yaml", in: folder)] }
            let error = await #expect(throws: StartupError.self) {
                try await ServerConfiguration.load(
                    arguments: arguments, environment: environment, defaultFile: "/nonexistent")
            }
            let description = error?.description ?? ""
            for part in expected {
                #expect(description.contains(part), "\(arguments) \(environment) \(file ?? ""): \(description)")
            }
            #expect(!description.contains("\n"), "not one line: \(description)")
        }
    }

    @Test func wrongFlagsSayWhichFlag() async throws {
        try await Self.expectRefusal(["--port", "70000"], saying: "flag --port", "'70000'", "0…65535")
        try await Self.expectRefusal(["--port=eighty"], saying: "flag --port", "'eighty'")
        try await Self.expectRefusal(["--log-level", "loud"], saying: "flag --log-level", "'loud'")
        try await Self.expectRefusal(["--log-format", "xml"], saying: "flag --log-format", "'xml'")
        try await Self.expectRefusal(["--colour", "red"], saying: "--colour")
        try await Self.expectRefusal(["--port"], saying: "--port", "Missing value")
        try await Self.expectRefusal(["stray"], saying: "stray")
        try await Self.expectRefusal(["--port", "9000", "stray"], saying: "stray")
        // A flag beats a good value from the environment, and is still checked.
        try await Self.expectRefusal(["--refresh-minutes", "1"], ["PLANNERD_REFRESH_MINUTES": "60"], saying: "flag")
    }

    @Test func wrongVariablesSayWhichVariable() async throws {
        try await Self.expectRefusal(
            [], ["PLANNERD_LOG_LEVEL": "loud"], saying: "environment variable PLANNERD_LOG_LEVEL")
        try await Self.expectRefusal(
            [], ["PLANNERD_MAX_CONNECTIONS": "0"], saying: "environment variable PLANNERD_MAX_CONNECTIONS", "'0'")
        try await Self.expectRefusal(
            [], ["PLANNERD_CONFIG": "/nonexistent/plannerd.yaml"], saying: "/nonexistent/plannerd.yaml")
    }

    @Test func wrongFilesSayWhichFileAndKey() async throws {
        try await Self.expectRefusal(["--config", "/nonexistent/plannerd.yaml"], saying: "/nonexistent/plannerd.yaml")
        try await Self.expectRefusal([], file: "prot: 80\n", saying: "bad.yaml", "unknown option 'prot'")
        try await Self.expectRefusal([], file: "port: 80000\n", saying: "bad.yaml: port", "'80000'")
        try await Self.expectRefusal([], file: "log-format: xml\n", saying: "bad.yaml: log-format")
        try await Self.expectRefusal([], file: "- port\n- 80\n", saying: "bad.yaml", "mapping")
        try await Self.expectRefusal([], file: "port: [80,\n", saying: "bad.yaml")
        try await Self.expectRefusal([], file: "host:\n  name: a\n", saying: "bad.yaml", "host", "single value")
        try await Self.expectRefusal([], file: "port: [80, 81]\n", saying: "bad.yaml", "port", "single value")
    }

    @Test func helpNamesEveryFlagItsDefaultAndVariable() async {
        // Wrapped at 120 columns: compared word by word.
        let help = ServerConfiguration.usage.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let defaults = ServerConfiguration()
        #expect(help.contains("--config"))
        #expect(help.contains("PLANNERD_CONFIG"))
        for option in ServerConfiguration.options {
            let value = option.show(defaults)
            #expect(help.contains("--\(option.key) <"), "\(option.key)")
            #expect(help.contains(option.help), "\(option.key)")
            #expect(
                help.contains("(default: \(value.isEmpty ? "\"\"" : value); env: \(option.environmentVariable))"),
                "\(option.key)")
        }
        // No flag outside the table of options (it would be parsed, then dropped).
        let flags = ServerConfiguration.usage.split(separator: "\n").filter { $0.hasPrefix("  --") }
            .map { $0.dropFirst(2).prefix(while: { !$0.isWhitespace }) }
        #expect(flags.sorted() == (["--config"] + ServerConfiguration.options.map { "--\($0.key)" }).sorted())
        let error = await #expect(throws: StartupError.self) {
            try await ServerConfiguration.load(arguments: ["--help"], environment: [:])
        }
        #expect(error?.description.contains("--session-horizon-years") == true)
    }
}

/// The daemon's log lines, in both formats.
@Suite struct LogLineTests {
    static let time = Date(timeIntervalSince1970: 1_800_000_000)

    static func event(_ message: Logger.Message, metadata: Logger.Metadata? = nil) -> LogEvent {
        LogEvent(
            level: .warning, message: message, metadata: metadata, source: nil, file: #file, function: #function,
            line: 1)
    }

    @Test func textLinesCarryLevelLabelSortedMetadataAndMessage() throws {
        var handler = LineLogHandler(label: "plannerd", format: .text)
        handler[metadataKey: "hb.request.id"] = "42"
        let line = try #require(
            handler.line(time: Self.time, event: Self.event("store busy", metadata: ["group": "vienna"])))
        #expect(
            String(decoding: line, as: UTF8.self)
                == "2027-01-15T08:00:00Z warning plannerd: group=vienna hb.request.id=42 store busy")
    }

    @Test func jsonLinesAreOneObjectWithTheEventsMetadataWinning() throws {
        var handler = LineLogHandler(label: "plannerd", format: .json)
        handler[metadataKey: "group"] = "skopje"
        let line = try #require(
            handler.line(time: Self.time, event: Self.event("moved \"x\"", metadata: ["group": "vienna"])))
        let object = try #require(try JSONSerialization.jsonObject(with: line) as? [String: String])
        #expect(
            object == [
                "time": "2027-01-15T08:00:00Z", "level": "warning", "label": "plannerd", "message": "moved \"x\"",
                "group": "vienna",
            ])
        #expect(!line.contains(0x0A))
    }
}
