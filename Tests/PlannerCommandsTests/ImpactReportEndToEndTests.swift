import CSV
import Foundation
import Testing

/// Issue #13's year, end to end, with the built `planner` and `plannerd`: a fresh store and the
/// example group (its report made public), the 2027 programme and organisers, outcomes for
/// three sessions (one the confidential safe-space discussion) and one cancelled, six and three
/// anonymous answers through the real HTTP form on 127.0.0.1 (a bad answer and a wrong code
/// refused), the organiser's feed linking the form, an organiser recording an outcome through
/// the API (another's refused); then the impact report in JSON against a golden file, Markdown
/// and HTML without a confidential title, an e-mail address or a member's name (but in the
/// coordinator's duties table), the CSV read back into the JSON's numbers, and the report page,
/// the feedback form and its printable QR poster in headless Chromium with axe-core
/// (screenshots kept).
///
/// The clock is fixed (`PLANNER_NOW`) at 1 June 2027, so the year's first five months are over.
/// `UPDATE_GOLDEN=1` rewrites the golden file from the current report.
@Suite(.serialized) struct ImpactReportEndToEndTests {
    static let now = "2027-06-01T12:00:00Z"
    static let golden = PlannerRunner.packageRoot.appendingPathComponent(
        "Tests/PlannerCommandsTests/Golden/impact-vienna-2027.json")
    static let artefacts = PlannerRunner.packageRoot.appendingPathComponent(
        ".build/test-artefacts/reports", isDirectory: true)

    static let meeting = "monthly-meeting@2027-03-02T15:00"
    static let safeSpace = "safe-space-2027-05@2027-05-12T16:00"
    static let kickOff = "kick-off-2027@2027-01-19T16:00"
    static let cancelled = "monthly-meeting@2027-04-06T15:00"

    @Test func aCoordinatorsYearFromPlanToImpactReport() async throws {
        let planner = try PlannerRunner()
        defer { try? FileManager.default.removeItem(at: planner.directory) }
        let clock = ["PLANNER_NOW": Self.now]
        @discardableResult
        func ok(_ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) async throws -> String {
            let result = try await planner.run(arguments, environment: clock)
            #expect(
                result.status == 0, "planner \(arguments.joined(separator: " ")): \(result.error)",
                sourceLocation: sourceLocation)
            return result.output
        }

        // A fresh store, the example group with a public summary, its 2027 plan.
        let yaml = planner.directory.appendingPathComponent("vienna.yaml")
        try String(
            contentsOf: PlannerRunner.packageRoot.appendingPathComponent("Config/groups/example.yaml"), encoding: .utf8
        ).replacingOccurrences(of: "report: private", with: "report: public").write(
            to: yaml, atomically: true, encoding: .utf8)
        try await ok(["init"])
        try await ok(["import", "group", yaml.path])
        try await ok(["plan", "programme", "--group", "vienna", "--year", "2027", "--allow-unmet"])
        try await ok(["assign", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--allow-unfilled"])

        // Outcomes: three held (one confidential), one cancelled.
        try await ok([
            "session", "outcome", Self.meeting, "--group", "vienna", "--held", "--attendance", "14", "--women", "5",
            "--men", "8", "--undisclosed", "1", "--note", "a full room", "--materials", "https://example.org/slides",
        ])
        try await ok([
            "session", "outcome", Self.safeSpace, "--group", "vienna", "--held", "--attendance", "9", "--women", "2",
            "--men", "7",
        ])
        try await ok(["session", "outcome", Self.kickOff, "--group", "vienna", "--held", "--attendance", "30"])
        try await ok([
            "session", "cancel", "--group", "vienna", "--session", Self.cancelled, "--reason", "Anton is ill",
            "--public-note", "new date soon",
        ])

        // The members, to look for their names and addresses where they must not be.
        let members = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try await ok(["member", "list", "--group", "vienna", "--format", "json"]).utf8))
                as? [[String: Any]])
        let names = members.compactMap { $0["name"] as? String }
        #expect(names.count == 12)
        let organisers = try #require(
            try JSONSerialization.jsonObject(
                with: Data(try await ok(["session", "list", "--group", "vienna", "--format", "json"]).utf8))
                as? [[String: Any]])
        func organisersOf(_ id: String) -> [String] {
            let session = organisers.first {
                "\($0["activity"] as? String ?? "")@\($0["ruleDate"] as? String ?? "")" == id
            }
            return (session?["organisers"] as? [[String: Any]] ?? []).compactMap { $0["memberID"] as? String }
        }
        let meetingOrganiser = try #require(organisersOf(Self.meeting).first)
        let other = try #require(
            members.compactMap { $0["id"] as? String }.first { !organisersOf(Self.kickOff).contains($0) })
        func feedToken(_ member: String?) async throws -> String {
            let kind = member.map { ["organiser-feed", "--member", $0] } ?? ["members-feed"]
            let issued = try JSONSerialization.jsonObject(
                with: Data(
                    try await ok(
                        ["token", "create", "--group", "vienna", "--kind"] + kind + [
                            "--label", "e2e", "--format", "json",
                        ]
                    ).utf8))
            return try #require((issued as? [String: Any])?["secret"] as? String)
        }
        let organiserToken = try await feedToken(meetingOrganiser)
        let otherToken = try await feedToken(other)
        let membersToken = try await feedToken(nil)

        let daemon = try await Daemon.start(store: planner.store, directory: planner.directory, environment: clock)
        defer { daemon.stop() }
        let base = daemon.base

        // Feedback through the real form: six answers to the meeting, three to the safe space.
        let meetingForm = try await ok([
            "session", "feedback-link", Self.meeting, "--group", "vienna", "--base-url", base,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        let safeForm = try await ok([
            "session", "feedback-link", Self.safeSpace, "--group", "vienna", "--base-url", base,
        ]).trimmingCharacters(in: .whitespacesAndNewlines)
        for (index, usefulness) in [5, 4, 4, 3, 5, 2].enumerated() {
            let status = try await Curl.post(
                meetingForm,
                form: [
                    "usefulness": "\(usefulness)", "again": usefulness > 3 ? "yes" : "maybe",
                    "change": usefulness == 5 ? "Speak up when a colleague is talked over" : "",
                    "gender": ["woman", "man", ""][index % 3], "website": "",
                ])
            #expect(status == 200)
        }
        for usefulness in [5, 5, 4] {
            #expect(try await Curl.post(safeForm, form: ["usefulness": "\(usefulness)", "again": "yes"]) == 200)
        }
        #expect(try await Curl.post(meetingForm, form: ["usefulness": "9", "again": "yes"]) == 400, "a bad answer")
        let wrongCode = String(meetingForm.dropLast(24)) + String(repeating: "0", count: 24)
        #expect(try await Curl.post(wrongCode, form: ["usefulness": "4", "again": "yes"]) == 404, "a wrong code")

        // The organiser's own feed links the form; the members' feed does not.
        let organiserFeed = try await Curl.get(
            "\(base)/calendars/vienna/organisers/\(meetingOrganiser).ics?token=\(organiserToken)")
        #expect(organiserFeed.status == 200)
        let unfolded = organiserFeed.body.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains(String(meetingForm.split(separator: "/").last ?? "")), "the meeting's code")
        let membersFeed = try await Curl.get("\(base)/calendars/vienna/members.ics?token=\(membersToken)")
        #expect(membersFeed.status == 200 && !membersFeed.body.contains("/feedback/"))
        let poster = try await Curl.get(meetingForm + "/poster")
        #expect(poster.status == 200 && poster.body.contains("<svg") && poster.body.contains(meetingForm))

        // An organiser records the outcome of their own session; another organiser may not.
        let outcome = #"{"held": true, "attendance": 14, "women": 5, "men": 8, "undisclosed": 1}"#
        let encoded = Self.meeting.replacingOccurrences(of: "@", with: "%40").replacingOccurrences(of: ":", with: "%3A")
        let outcomePath = "\(base)/api/v1/groups/vienna/sessions/\(encoded)/outcome"
        #expect(try await Curl.post(outcomePath, json: outcome, bearer: organiserToken) == 200)
        if !organisersOf(Self.meeting).contains(other) {
            #expect(try await Curl.post(outcomePath, json: outcome, bearer: otherToken) == 403)
        }

        // The report: JSON against the golden file (the duties, which the assigner decides, apart).
        let json = try await ok([
            "report", "impact", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "json",
        ])
        let report = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        let duties = try #require(report["duties"] as? [[String: Any]])
        #expect(Set(duties.compactMap { $0["name"] as? String }).isSubset(of: Set(names)))
        #expect(duties.map { $0["held"] as? Int ?? 0 }.reduce(0, +) >= 3)
        var comparable = report
        comparable["duties"] = nil
        let text =
            String(
                decoding: try JSONSerialization.data(
                    withJSONObject: comparable, options: [.prettyPrinted, .sortedKeys]),
                as: UTF8.self) + "\n"
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(
                at: Self.golden.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: Self.golden, atomically: true, encoding: .utf8)
        }
        #expect(text == (try String(contentsOf: Self.golden, encoding: .utf8)), "UPDATE_GOLDEN=1 rewrites it")
        let sessions = try #require(report["sessions"] as? [String: Int])
        #expect(sessions["held"] == 3 && sessions["confidentialHeld"] == 1)
        let reach = try #require(report["reach"] as? [String: Any])
        #expect(reach["attendance"] as? Int == 53)
        let feedback = try #require(report["feedback"] as? [[String: Any]])
        let safe = try #require(feedback.first { $0["session"] as? String == Self.safeSpace })
        #expect((safe["summary"] as? [String: Any])?["usefulness"] == nil, "three answers: no average")
        #expect((safe["summary"] as? [String: Any])?["answers"] as? Int == 3)

        // Markdown and HTML: no confidential title, no address, names only in the duties table.
        for format in ["md", "html"] {
            let coordinator = try await ok([
                "report", "impact", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--format",
                format,
            ])
            let anonymous = try await ok([
                "report", "impact", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--format",
                format, "--public",
            ])
            let marker = "Organisers' duties (coordinator only)"
            let beforeDuties = coordinator.components(separatedBy: marker).first ?? ""
            #expect(coordinator.contains(marker) && !anonymous.contains(marker))
            for text in [beforeDuties, anonymous] {
                for name in names { #expect(!text.contains(name), "\(format) names \(name)") }
                #expect(!text.contains("@example.org") && !text.contains("mailto:"))
            }
            #expect(!anonymous.contains("Safe-space discussion") && !anonymous.contains("safe-space"))
            #expect(anonymous.contains("Confidential session"))
            #expect(!anonymous.contains("Speak up"), "no free text in the public summary")
            #expect(coordinator.contains("Speak up when a colleague is talked over"))
            try FileManager.default.createDirectory(at: Self.artefacts, withIntermediateDirectories: true)
            try coordinator.write(
                to: Self.artefacts.appendingPathComponent("impact-coordinator.\(format)"), atomically: true,
                encoding: .utf8)
        }

        // The CSV reads back (CSV.swift's reader) into the JSON's numbers.
        let csv = try await ok([
            "report", "impact", "--group", "vienna", "--from", "2027-01-01", "--to", "2027-12-31", "--format", "csv",
        ])
        let reader = try CSVReader(string: csv, hasHeaderRow: true)
        let header = try #require(reader.headerRow)
        var rows: [[String: String]] = []
        while let row = reader.next() { rows.append(Dictionary(uniqueKeysWithValues: zip(header, row))) }
        let all = try #require(rows.first { $0["section"] == "sessions" && $0["key"] == "all" })
        #expect(Int(all["held"] ?? "") == sessions["held"] && Int(all["planned"] ?? "") == sessions["planned"])
        #expect(Int(all["cancelled"] ?? "") == sessions["cancelled"])
        #expect(Int(rows.first { $0["section"] == "reach" }?["attendance"] ?? "") == reach["attendance"] as? Int)
        for line in try #require(report["gap"] as? [[String: Any]]) {
            let row = try #require(rows.first { $0["section"] == "gap" && $0["key"] == line["priority"] as? String })
            #expect(
                Int(row["planned"] ?? "") == line["planned"] as? Int && Int(row["held"] ?? "") == line["held"] as? Int)
            #expect(Int(row["target"] ?? "") == line["target"] as? Int)
        }
        for month in try #require(report["months"] as? [[String: Any]]) {
            let row = try #require(rows.first { $0["section"] == "month" && $0["key"] == month["month"] as? String })
            #expect(Int(row["attendance"] ?? "") == month["attendance"] as? Int)
        }
        let meetingRow = try #require(rows.first { $0["key"] == Self.meeting })
        let meetingLine = try #require(feedback.first { $0["session"] as? String == Self.meeting })
        #expect(
            Double(meetingRow["usefulness"] ?? "")
                == (meetingLine["summary"] as? [String: Any])?["usefulness"] as? Double)

        // The page: public here (report: public), in a real browser with axe-core.
        let page = try await Curl.get("\(base)/groups/vienna/reports/impact?from=2027-01-01&to=2027-12-31")
        #expect(page.status == 200 && !page.body.contains("Safe-space discussion"))
        for name in names { #expect(!page.body.contains(name)) }
        let network = try await Curl.get("\(base)/api/v1/reports/network?from=2027-01-01&to=2027-12-31")
        #expect(network.status == 200)
        let rolledUp = try JSONSerialization.jsonObject(with: Data(network.body.utf8)) as? [String: Any]
        #expect((rolledUp?["sessions"] as? [String: Int])?["held"] == 3, "the public group counts in the network")
        let python = try #require(ProcessInfo.processInfo.environment["PLANNER_PYTHON"], "run through make test")
        let script = PlannerRunner.packageRoot.appendingPathComponent("Tests/tools/browser_check.py").path
        let formPath = String(meetingForm.dropFirst(base.count))
        let browser = try await Curl.run(
            URL(fileURLWithPath: python),
            [
                script, "--base", base, "--out", Self.artefacts.path,
                "/groups/vienna/reports/impact?from=2027-01-01&to=2027-12-31", formPath, formPath + "/poster",
            ])
        // Three pages at two widths, and each without JavaScript.
        #expect(browser.contains("browser: 9 passed, 0 failed"), "\(browser)")
        // The poster's QR code, as Chromium drew it, reads back (zbarimg) as the form's address.
        let posterShot = Self.artefacts.appendingPathComponent(
            "groups-vienna-sessions-monthly-meeting-20270302t1500-feedback-"
                + "\(meetingForm.split(separator: "/").last ?? "")-poster-1280.png")
        let scanned = try await PlannerRunner.run(
            URL(fileURLWithPath: "/usr/bin/zbarimg"), ["-q", "--raw", posterShot.path])
        #expect(scanned.output.trimmingCharacters(in: .whitespacesAndNewlines) == meetingForm, "\(scanned.error)")
        #expect(
            FileManager.default.fileExists(
                atPath: Self.artefacts.appendingPathComponent(
                    "groups-vienna-reports-impact-from-2027-01-01-to-2027-12-31-390.png"
                ).path))
    }
}

/// The built `plannerd` on a free port of 127.0.0.1, with a store of its own.
struct Daemon {
    let process: Process
    let base: String

    static func start(store: String, directory: URL, environment: [String: String]) async throws -> Daemon {
        let executable = try PlannerRunner.executable.deletingLastPathComponent().appendingPathComponent("plannerd")
        for _ in 0..<3 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = executable
            process.arguments = [
                "--config", "Config/plannerd.yaml", "--port", "\(port)", "--host", "127.0.0.1", "--store", store,
                "--feed-folder", directory.appendingPathComponent("feeds").path, "--log-level", "warning",
                "--feedback-days", "365",
                "--feedback-answers-per-address", "10",
            ]
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
            process.currentDirectoryURL = PlannerRunner.packageRoot
            let log = directory.appendingPathComponent("plannerd-\(port).log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            let base = "http://127.0.0.1:\(port)"
            // Up to 60 s: the rest of the suite runs beside it on a small machine.
            for _ in 0..<600 {
                if (try? await Curl.get(base + "/readyz"))?.status == 200 {
                    return Daemon(process: process, base: base)
                }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(100))
            }
            if process.isRunning { process.terminate() }
        }
        Issue.record("plannerd did not start")
        throw CancellationError()
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }
}

/// HTTP through curl, run by ``PlannerRunner/run(_:_:environment:)`` on a thread of its own.
enum Curl {
    static func get(_ url: String) async throws -> (status: Int, body: String) {
        let output = try await run(
            URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-o", "-", "-w", "\n%{http_code}", url])
        let status = Int(output.split(separator: "\n").last ?? "") ?? 0
        return (status, String(output.dropLast(String(status).count + 1)))
    }

    /// Posts `form` as a person would: opens the form first (its double-submit cookie and the
    /// hidden `csrf` field it carries), then sends the answers with both.
    static func post(_ url: String, form: [String: String]) async throws -> Int {
        let jar = FileManager.default.temporaryDirectory.appendingPathComponent("cookies-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: jar) }
        let page = try await run(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "-c", jar.path, url])
        let token = page.firstMatch(of: #/name="csrf" value="([0-9a-f]+)"/#).map { String($0.output.1) } ?? ""
        let fields = (form.merging(["csrf": token]) { mine, _ in mine }).sorted { $0.key < $1.key }.flatMap {
            ["--data-urlencode", "\($0.key)=\($0.value)"]
        }
        let output = try await run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            ["-s", "-b", jar.path, "-o", "/dev/null", "-w", "%{http_code}"] + fields + [url])
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    static func post(_ url: String, json: String, bearer: String) async throws -> Int {
        let output = try await run(
            URL(fileURLWithPath: "/usr/bin/curl"),
            [
                "-s", "-o", "/dev/null", "-w", "%{http_code}", "-H", "Content-Type: application/json", "-H",
                "Authorization: Bearer \(bearer)", "--data", json, url,
            ])
        return Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    /// Runs a program and returns its standard output and error, together.
    static func run(_ executable: URL, _ arguments: [String]) async throws -> String {
        let result = try await PlannerRunner.run(executable, arguments)
        return result.output + result.error
    }
}
