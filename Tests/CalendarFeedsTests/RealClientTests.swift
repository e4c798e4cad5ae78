import CalendarFeeds
import Foundation
import ICalendar
import Testing

/// vdirsyncer (http storage) syncs the public feed from a local web server into a folder and
/// khal lists the right events for a month.
@Suite(.serialized) struct RealClientTests {
    @Test func vdirsyncerSyncsThePublicFeedAndKhalListsMarch2027() throws {
        let vdirsyncer = try #require(Support.which("vdirsyncer"), "vdirsyncer is not installed: run `make test`")
        let khal = try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/khal") ? "/usr/bin/khal" : nil, "Debian's khal is missing: run `make test`")
        let directory = try Support.temporaryDirectory("clients")
        defer { try? FileManager.default.removeItem(at: directory) }
        let site = directory.appendingPathComponent("site")
        let vdir = directory.appendingPathComponent("vdir")
        for folder in [site, vdir, directory.appendingPathComponent("status")] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        let feed = try Example.renderer(Example.store()).render(.group)
        try feed.data.write(to: site.appendingPathComponent(feed.fileName))

        let server = try LocalWebServer(serving: site)
        defer { server.stop() }
        let config = directory.appendingPathComponent("vdirsyncer.conf")
        try """
            [general]
            status_path = "\(directory.path)/status/"

            [pair feed]
            a = "feed_remote"
            b = "feed_local"
            collections = null

            [storage feed_remote]
            type = "http"
            url = "http://127.0.0.1:\(server.port)/\(feed.fileName)"

            [storage feed_local]
            type = "filesystem"
            path = "\(vdir.path)/"
            fileext = ".ics"

            """.write(to: config, atomically: true, encoding: .utf8)
        // vdirsyncer and khal run on Debian's own Python, whatever python3 comes first on PATH.
        let debian = ["PATH": "/usr/bin:/bin", "PYTHONPATH": "", "VIRTUAL_ENV": ""]
        let discover = try Support.run(vdirsyncer, ["-c", config.path, "discover", "feed"], environment: debian)
        #expect(discover.status == 0, "vdirsyncer discover: \(discover.error)")
        let sync = try Support.run(vdirsyncer, ["-c", config.path, "sync"], environment: debian)
        #expect(sync.status == 0, "vdirsyncer sync: \(sync.error)")
        let items = try FileManager.default.contentsOfDirectory(atPath: vdir.path).filter { $0.hasSuffix(".ics") }
        #expect(items.count == 6, "one item per UID: 2 series, 3 one-offs, 1 busy block; got \(items.count)")
        let second = try Support.run(vdirsyncer, ["-c", config.path, "sync"], environment: debian)
        #expect(second.status == 0 && !second.error.contains("Copying"), "a second sync of an unchanged feed copies nothing: \(second.error)")

        let khalConfig = directory.appendingPathComponent("khal.conf")
        try """
            [calendars]
            [[vienna]]
            path = \(vdir.path)/

            [locale]
            local_timezone = Europe/Vienna
            default_timezone = Europe/Vienna
            timeformat = %H:%M
            dateformat = %Y-%m-%d
            longdateformat = %Y-%m-%d
            datetimeformat = %Y-%m-%d %H:%M
            longdatetimeformat = %Y-%m-%d %H:%M

            [sqlite]
            path = \(directory.path)/khal.db

            """.write(to: khalConfig, atomically: true, encoding: .utf8)
        let list = try Support.run(
            khal, ["-c", khalConfig.path, "list", "--format", "{start} {end} {title}", "--day-format", "", "2027-03-01", "31d"],
            environment: debian.merging(["TZ": "Europe/Vienna", "HOME": directory.path]) { _, new in new })
        #expect(list.status == 0, "khal list: \(list.error)")
        let lines = list.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        #expect(lines == [
            "2027-03-02 15:00 2027-03-02 16:30 Monthly meeting",
            "2027-03-10 12:30 2027-03-10 13:30 Lunch and learn",
            "2027-03-24 12:30 2027-03-24 13:30 Lunch and learn",
        ], "khal list: \(list.output)")
        let april = try Support.run(
            khal, ["-c", khalConfig.path, "list", "--format", "{start} {title}", "--day-format", "", "2027-04-01", "10d"],
            environment: debian.merging(["TZ": "Europe/Vienna", "HOME": directory.path]) { _, new in new })
        #expect(april.output.contains("2027-04-07 15:00 Monthly meeting"), "the moved meeting: \(april.output)")
        #expect(!april.output.contains("2027-04-06"), "not on its rule date: \(april.output)")
    }
}

/// `python3 -m http.server` on a free port of 127.0.0.1, serving one folder, stopped by ``stop()``.
final class LocalWebServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    init(serving folder: URL) throws {
        let python = try Support.python()
        let probe = try Support.run(python, ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1]); s.close()"])
        guard let port = Int(probe.output.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw Support.Failure(description: "no free port: \(probe.error)")
        }
        self.port = port
        process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", folder.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until it answers (at most 5 s).
        for _ in 0..<100 {
            let check = try Support.run(python, ["-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:\(port)/', timeout=1)"])
            if check.status == 0 { return }
            usleep(50_000)
        }
        stop()
        throw Support.Failure(description: "the local web server did not start on port \(port)")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
