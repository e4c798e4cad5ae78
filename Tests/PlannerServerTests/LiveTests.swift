import Foundation
import Glibc
import Hummingbird
import HummingbirdTesting
import Logging
import PlannerServer
import PlannerStore
import Planning
import Testing

extension Fixtures {
    /// A daemon's options for a store in `folder`: port 0, the shipped catalogue and example
    /// group without holidays, no feed folder, quiet logs.
    static func liveConfiguration(_ folder: URL) -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.store = folder.appendingPathComponent("planner.sqlite").path
        configuration.catalogue = catalogueFolder.path
        configuration.exampleGroup = exampleGroupFile.path
        configuration.exampleHolidays = ""
        configuration.feedFolder = ""
        configuration.logLevel = .critical
        return configuration
    }
}

/// The whole daemon as `plannerd` builds it, on a real socket on 127.0.0.1 with a file store.
@Suite struct LiveTests {
    @Test func theBuiltDaemonImportsTheExampleOnFirstRunAndServesOverTCP() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = Fixtures.liveConfiguration(folder)
        configuration.exampleHolidays =
            Fixtures.root.appendingPathComponent("Calendars/holidays/austria-2026-2028.ics").path
        configuration.feedFolder = folder.appendingPathComponent("feeds").path
        configuration.logLevel = .error
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""groups":1"#))
            }
            try await client.execute(uri: "/api/v1/groups/vienna", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/groups/vienna", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/groups/vienna/members", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
            try await client.execute(uri: "/calendars/network.ics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("UID:vienna/monthly-meeting@allyship-planner"))
            }
            try await client.execute(uri: "/calendars/observances.ics?country=AT&from=2026&to=2028", method: .get) {
                response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("UID:at/observance/"))
            }
            // Give the snapshot writer its first pass.
            for _ in 0..<50
            where !FileManager.default.fileExists(atPath: folder.appendingPathComponent("feeds/network.ics").path) {
                try await Task.sleep(for: .milliseconds(100))
            }
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("feeds/vienna.ics").path))
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("feeds/network.ics").path))
        // The store is a real file, readable by another process after the daemon stopped.
        let reopened = try PlannerStore(path: configuration.store)
        #expect(try reopened.groups().map(\.slug.rawValue) == ["vienna"])
        // The example's holidays came with it, and no session is left on one.
        let plan = try reopened.snapshot(of: Fixtures.slug("vienna")).plan
        #expect(plan.blackouts.contains { $0.reason == "Epiphany" })
        let holidays = plan.blackouts.filter { $0.source == .holiday }
        #expect(holidays.count >= 30)
        for session in plan.sessions where !session.dropped {
            #expect(!holidays.contains { $0.contains(session.start.date) }, "\(session.id) is on a holiday")
        }
    }

    @Test func anUnreadableHolidaysFileStopsTheFirstRunBeforeAnyWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-badholidays-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let holidays = folder.appendingPathComponent("holidays.ics")
        try Data("BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\nSUMMARY:Half an event\r\n".utf8).write(to: holidays)
        var configuration = Fixtures.liveConfiguration(folder)
        configuration.exampleHolidays = holidays.path
        await #expect {
            _ = try await buildApplication(configuration)
        } throws: { error in
            "\(error)".contains("example-holidays") && "\(error)".contains("holidays.ics")
        }
        #expect(
            try PlannerStore(path: configuration.store).groups().isEmpty, "nothing imported: the next start tries again"
        )
    }
}

extension LiveTests {
    /// Without a feed folder there is no snapshot writer, and the daemon still serves.
    @Test func aDaemonWithoutAFeedFolderKeepsServing() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-nofeeds-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await buildApplication(Fixtures.liveConfiguration(folder))
        try await app.test(.live) { client in
            try await Task.sleep(for: .milliseconds(200))
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                #expect(response.status == .ok)
            }
        }
    }
}

/// Two daemons on one store file (a restart overlapping the old process, or a second instance
/// by mistake): every write of both lands, and the store stays consistent.
@Suite struct SharedStoreTests {
    @Test func twoDaemonsOnOneStoreLoseNoWrite() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-shared-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        let first = try PlannerStore(path: path)
        try Fixtures.fill(first)
        let second = try PlannerStore(path: path)
        let vienna = try Fixtures.slug("vienna")
        let token = try first.createToken(in: vienna, scope: .api(.coordinator), label: "both").secret
        let before = try first.revision(of: vienna)
        let sessions = try first.snapshot(of: vienna).plan.sessions.filter {
            $0.activity.rawValue == "lunch-and-learn" && !$0.dropped
        }
        let themes = try first.catalogue().themes.map(\.slug)
        let apps = [try Fixtures.app(Fixtures.dependencies(first)), try Fixtures.app(Fixtures.dependencies(second))]
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, app) in apps.enumerated() {
                group.addTask {
                    try await app.test(.router) { client in
                        for (number, session) in sessions.enumerated() where number % 2 == index {
                            let theme = themes[number % themes.count]
                            try await client.execute(
                                uri: "/api/v1/groups/vienna/sessions/\(session.id)/theme", method: .put,
                                headers: Fixtures.bearer(token), body: Fixtures.json(#"{"theme":"\#(theme)"}"#)
                            ) { response in
                                #expect(response.status == .ok)
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let after = try PlannerStore(path: path)
        let stored = try after.snapshot(of: vienna).plan.sessions
        for (number, session) in sessions.enumerated() {
            #expect(stored.first { $0.id == session.id }?.theme == themes[number % themes.count])
        }
        // Each write that changed a theme raised the revision once, whichever daemon made it.
        let changed = sessions.enumerated().filter { $0.element.theme != themes[$0.offset % themes.count] }.count
        #expect(try after.revision(of: vienna) == before + changed)
    }
}

/// Polls answered before the router (``PollFastPath``), over a real socket.
@Suite struct PollFastPathTests {
    static func application(_ folder: URL) async throws -> some ApplicationProtocol {
        try await buildApplication(Fixtures.liveConfiguration(folder))
    }

    @Test func aCurrentPollIs304WithItsHeadersAndAChangeIsNeverHidden() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-poll-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await Self.application(folder)
        let coordinator = try PlannerStore(path: folder.appendingPathComponent("planner.sqlite").path)
            .createToken(in: Fixtures.slug("vienna"), scope: .api(.coordinator), label: "test").secret
        try await app.test(.live) { client in
            let etag = try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                try #require(response.headers[.eTag])
            }
            for _ in 0..<3 {
                try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: etag]) {
                    response in
                    #expect(response.status == .notModified)
                    #expect(response.headers[.eTag] == etag)
                    #expect(response.headers[.cacheControl] == "max-age=3600")
                    #expect(response.headers[.vary] == "Accept-Encoding")
                    #expect(response.headers[.server] == "plannerd")
                    #expect(response.headers[.date]?.hasSuffix(" GMT") == true)
                    #expect(response.body.readableBytes == 0)
                }
            }
            // A client holding another tag, or none, gets the body.
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: "\"r0-0\""]) {
                response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                let text = String(buffer: response.body)
                #expect(
                    text.contains(
                        #"plannerd_http_requests_total{route="/calendars/{group}.ics",method="GET",status="304"} 3"#))
                #expect(text.contains("plannerd_feed_responses_not_modified_total 3"))
            }
            // A write through the API: the very next poll with the old tag sees the change.
            try await client.execute(
                uri: "/api/v1/groups/vienna/sessions/monthly-meeting@2027-03-02T15:00/cancel", method: .post,
                headers: [.authorization: "Bearer \(coordinator)"],
                body: ByteBuffer(string: #"{"reason":"Room taken"}"#)
            ) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/calendars/vienna.ics", method: .get, headers: [.ifNoneMatch: etag]) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.eTag] != etag)
            }
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrderAndPrivateFeedsAreNeverShortcut() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-pipe-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let app = try await Self.application(folder)
        let members = try PlannerStore(path: folder.appendingPathComponent("planner.sqlite").path)
            .createToken(in: Fixtures.slug("vienna"), scope: .membersFeed, label: "test").secret
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let etag = try await client.execute(uri: "/calendars/vienna.ics", method: .get) {
                try #require($0.headers[.eTag])
            }
            let membersTag = try await client.execute(
                uri: "/calendars/vienna/members.ics?token=\(members)", method: .get
            ) {
                try #require($0.headers[.eTag])
            }
            // One write: a slow request, then a poll the fast path could answer, then a private
            // poll with a revoked-looking token; the answers must come back in that order.
            let text = try await onOwnThread {
                try RawHTTP.exchange(
                    port: port,
                    "GET /api/v1/groups/vienna/sessions HTTP/1.1\r\nHost: x\r\n\r\n"
                        + "GET /calendars/vienna.ics HTTP/1.1\r\nHost: x\r\nIf-None-Match: \(etag)\r\n\r\n"
                        + "GET /calendars/vienna/members.ics?token=wrong HTTP/1.1\r\nHost: x\r\n"
                        + "If-None-Match: \(membersTag)\r\n\r\n"
                        + "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            }
            // Bodies end without a line break: find every status line wherever it starts.
            let statuses = text.components(separatedBy: "HTTP/1.1 ").dropFirst().map { $0.prefix(3) }
            #expect(statuses == ["200", "304", "404", "200"], "\(statuses)")
        }
    }
}

/// A bare HTTP/1.1 exchange over a socket: what a pipelining client sends in one write.
enum RawHTTP {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends `request` to 127.0.0.1:`port` and reads until the server closes the connection.
    static func exchange(port: Int, _ request: String) throws -> String {
        let socket = try TestSocket(port: port)
        guard socket.send(request) else { throw Failure(description: "send: \(errno)") }
        try socket.readUntilClosed()
        return String(decoding: socket.received, as: UTF8.self)
    }
}
