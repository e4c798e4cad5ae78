import CalendarFeeds
import Foundation
import ICalendar
import Planning
import PlannerStore
import Testing

/// Files beside the tests, and external programs run by them.
enum Support {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let packageRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let goldenDirectory = testsDirectory.appendingPathComponent("Golden")
    static let importsDirectory = testsDirectory.appendingPathComponent("Imports")
    static let feedCheck = packageRoot.appendingPathComponent("Tests/tools/feed_check.py")

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// The interpreter with icalendar + recurring-ical-events: `PLANNER_PYTHON`, else `python3` on PATH.
    static func python() throws -> String {
        if let configured = ProcessInfo.processInfo.environment["PLANNER_PYTHON"], !configured.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: configured) else {
                throw Failure(description: "PLANNER_PYTHON=\(configured) is not an executable")
            }
            return configured
        }
        guard let found = which("python3") else {
            throw Failure(description: "no python3 on PATH and PLANNER_PYTHON is not set: run `make test`")
        }
        return found
    }

    static func which(_ program: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs a program to its end; returns its exit status, standard output and error. Output goes
    /// to files, not pipes: a pipe's write end inherited by another child (a web server started
    /// meanwhile by a test running in parallel) would keep a reader waiting for ever.
    @discardableResult
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil
    ) throws -> (status: Int32, output: String, error: String) {
        let directory = try temporaryDirectory("run")
        defer { try? FileManager.default.removeItem(at: directory) }
        let outURL = directory.appendingPathComponent("out")
        let errURL = directory.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL)
        let err = try FileHandle(forWritingTo: errURL)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        process.waitUntilExit()
        try out.close()
        try err.close()
        return (
            process.terminationStatus, String(decoding: try Data(contentsOf: outURL), as: UTF8.self),
            String(decoding: try Data(contentsOf: errURL), as: UTF8.self)
        )
    }

    static func temporaryDirectory(_ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("feeds-\(name)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// One occurrence as the independent parser reads it.
    struct Occurrence: Decodable, Hashable, CustomStringConvertible {
        let uid: String
        let start: String
        let end: String
        let tzid: String?
        let status: String
        let summary: String
        let sequence: Int
        let recurrence_id: String?

        var description: String { "\(start)–\(end) \(tzid ?? "-") \(status) \(summary) [\(uid)]" }
    }

    struct CheckResult: Decodable {
        let problems: [String]
        let occurrences: [Occurrence]
        let calendar: [String: String]?
    }

    /// Runs `Tests/tools/feed_check.py` on feed bytes.
    static func check(_ data: Data, from: String, to: String, public: Bool) throws -> CheckResult {
        let directory = try temporaryDirectory("check")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("feed.ics")
        try data.write(to: file)
        let result = try run(try python(), [feedCheck.path, file.path, from, to] + (`public` ? ["--public"] : []))
        guard result.status == 0 else {
            throw Failure(description: "feed_check.py failed (\(result.status)): \(result.error)")
        }
        return try JSONDecoder().decode(CheckResult.self, from: Data(result.output.utf8))
    }

    /// The content lines of iCalendar text, unfolded.
    static func unfoldedLines(_ text: String) -> [String] {
        text.replacingOccurrences(of: "\r\n ", with: "").replacingOccurrences(of: "\r\n\t", with: "")
            .components(separatedBy: "\r\n").filter { !$0.isEmpty }
    }

    /// The `VEVENT` blocks of a feed, keyed by `UID` + `RECURRENCE-ID`, each as its unfolded lines.
    static func events(_ data: Data) -> [String: [String]] {
        var result: [String: [String]] = [:]
        var current: [String]?
        for line in unfoldedLines(String(decoding: data, as: UTF8.self)) {
            if line == "BEGIN:VEVENT" { current = [] ; continue }
            if line == "END:VEVENT", let lines = current {
                let uid = lines.first { $0.hasPrefix("UID:") } ?? ""
                let recurrence = lines.first { $0.hasPrefix("RECURRENCE-ID") } ?? ""
                result[uid + " " + recurrence] = lines
                current = nil
                continue
            }
            current?.append(line)
        }
        return result
    }
}
