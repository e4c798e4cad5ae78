import Foundation
import Logging
import Testing

@testable import PlannerServer

@Suite struct ConfigurationTests {
    static var shippedFile: String { Fixtures.root.appendingPathComponent("Config/plannerd.yaml").path }

    @Test func theShippedFileListsEveryOptionWithItsDefault() throws {
        let text = try String(contentsOfFile: Self.shippedFile, encoding: .utf8)
        let defaults = ServerConfiguration()
        for option in ServerConfiguration.options {
            let value = option.show(defaults)
            let line = value.isEmpty ? "\(option.key): \"\"" : "\(option.key): \(value)"
            #expect(text.contains("\n\(line)\n"), "Config/plannerd.yaml lacks '\(line)'")
        }
        let loaded = try ServerConfiguration.load(arguments: ["--config", Self.shippedFile], environment: [:])
        #expect(loaded == defaults)
    }

    @Test func flagsBeatEnvironmentWhichBeatsTheFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plannerd.yaml").path
        try "port: 9000\nstore: Calendars/a.sqlite\nlog-level: debug\nbase-url: https://cal.example.org/\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        let configuration = try ServerConfiguration.load(
            arguments: ["--config", file, "--port", "9100", "--log-format=json"],
            environment: ["PLANNERD_PORT": "9050", "PLANNERD_STORE": "Calendars/b.sqlite"])
        #expect(configuration.port == 9100)
        #expect(configuration.store == "Calendars/b.sqlite")
        #expect(configuration.logLevel == .debug)
        #expect(configuration.logFormat == .json)
        #expect(configuration.publicBaseURL == "https://cal.example.org")
        #expect(configuration.host == "127.0.0.1")
    }

    @Test func wrongValuesSayWhichAndWhere() throws {
        let cases: [([String], [String: String], String)] = [
            (["--port", "70000"], [:], "flag --port"),
            (["--colour", "red"], [:], "unknown flag --colour"),
            (["--port"], [:], "needs a value"),
            ([], ["PLANNERD_LOG_LEVEL": "loud"], "PLANNERD_LOG_LEVEL"),
            (["stray"], [:], "unexpected argument"),
            (["--config", "/nonexistent/plannerd.yaml"], [:], "/nonexistent/plannerd.yaml"),
        ]
        for (arguments, environment, expected) in cases {
            let error = #expect(throws: StartupError.self) {
                try ServerConfiguration.load(
                    arguments: arguments, environment: environment, defaultFile: "/nonexistent")
            }
            #expect(
                error?.description.contains(expected) == true,
                "\(arguments) \(environment): \(error?.description ?? "")")
        }
        var configuration = ServerConfiguration()
        let error = #expect(throws: StartupError.self) { try configuration.apply(yaml: "prot: 80\n", source: "x.yaml") }
        #expect(error?.description.contains("unknown option 'prot'") == true)
    }

    @Test func usageNamesEveryFlagAndVariable() {
        for option in ServerConfiguration.options {
            #expect(ServerConfiguration.usage.contains("--\(option.key)"))
            #expect(ServerConfiguration.usage.contains(option.environmentVariable))
        }
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
