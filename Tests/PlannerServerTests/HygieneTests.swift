import Foundation
import Glibc
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PlannerStore
import Planning
import Synchronization
import Testing

@testable import PlannerServer

/// Log lines written by ``LineLogHandler``, kept for the test to read.
final class CapturedLog: Sendable {
    private let lines = Mutex<[String]>([])

    var text: String { lines.withLock { $0.joined() } }

    /// A logger at `level` whose lines land here.
    func logger(level: Logger.Level = .trace) -> Logger {
        var logger = Logger(label: "plannerd") { label in
            LineLogHandler(label: label, format: .text) { data in
                self.lines.withLock { $0.append(String(decoding: data, as: UTF8.self)) }
            }
        }
        logger.logLevel = level
        return logger
    }
}

/// Headers, private answers, rows that no longer validate, tokens in logs, 405s.
@Suite struct HygieneTests {
    let store: PlannerStore
    let dependencies: ServerDependencies
    let membersToken: String
    let coordinator: String

    init() throws {
        store = try Fixtures.store()
        dependencies = try Fixtures.dependencies(store)
        membersToken = try store.createToken(in: Fixtures.slug("vienna"), scope: .membersFeed, label: "phone").secret
        coordinator = try store.createToken(in: Fixtures.slug("vienna"), scope: .api(.coordinator), label: "c").secret
    }

    @Test func everyPageAndAPIAnswerCarriesTheSecurityHeaders() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            for (uri, headers) in [
                ("/", [:]), ("/groups/vienna", [:]), ("/api/v1/groups", [:]), ("/api/v1/groups/vienna/members", [:]),
                ("/api/v1/groups/vienna/members", Fixtures.bearer(coordinator)), ("/healthz", [:]),
                ("/no/such/page", [:]),
                ("/calendars/vienna.ics", [:]), ("/openapi.yaml", [:]),
            ] as [(String, HTTPFields)] {
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    let policy = response.headers[.contentSecurityPolicy] ?? ""
                    #expect(policy.contains("frame-ancestors 'none'"), "\(uri)")
                    #expect(policy.contains("script-src 'self'"), "\(uri)")
                    #expect(!policy.contains("unsafe-inline"), "\(uri)")
                    #expect(response.headers[.xContentTypeOptions] == "nosniff", "\(uri)")
                    #expect(response.headers[SecurityHeaders.referrerPolicy] == "no-referrer", "\(uri)")
                }
            }
        }
    }

    @Test func answersMadeForATokenAreNeverPublicInCaches() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            let members = "/calendars/vienna/members.ics?token=\(membersToken)"
            let etag = try await client.execute(uri: members, method: .get) { response in
                #expect(response.status == .ok)
                let control = response.headers[.cacheControl] ?? ""
                #expect(control.hasPrefix("private"), "\(control)")
                #expect(!control.contains("public"))
                return try #require(response.headers[.eTag])
            }
            try await client.execute(uri: members, method: .get, headers: [.ifNoneMatch: etag]) { response in
                #expect(response.status == .notModified)
                #expect(response.headers[.cacheControl]?.hasPrefix("private") == true)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(coordinator)
            ) {
                response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl]?.contains("private") == true)
            }
            // The public feed stays shareable.
            try await client.execute(uri: "/calendars/vienna.ics", method: .get) { response in
                #expect(response.headers[.cacheControl] == "max-age=3600")
            }
        }
    }

    @Test func anUndeclaredMethodIs405WithTheMethodsThePathHas() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/calendars/vienna.ics", method: .delete) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/api/v1/groups/vienna/members", method: .patch) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD, POST")
            }
            try await client.execute(uri: "/calendars/network.ics", method: .post) { response in
                #expect(response.status == .methodNotAllowed)
                #expect(response.headers[.allow] == "GET, HEAD")
            }
            try await client.execute(uri: "/no/such/page", method: .delete) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func tokensNeverReachTheLogAtAnyLevel() async throws {
        let log = CapturedLog()
        var configuration = Fixtures.configuration()
        configuration.logLevel = .trace
        let dependencies = try ServerDependencies(
            configuration: configuration, store: store, logger: log.logger(), clock: { Fixtures.now },
            revisions: RevisionMemo(lifetime: .zero))
        try await Application(router: try buildRouter(dependencies), logger: log.logger()).test(.router) { client in
            try await client.execute(
                uri: "/calendars/vienna/members.ics?alarm=PT15M&token=\(membersToken)", method: .get
            ) {
                #expect($0.status == .ok)
            }
            try await client.execute(
                uri: "/calendars/vienna/members.ics?token=\(membersToken)&alarm=P30D", method: .get
            ) {
                #expect($0.status == .badRequest)
            }
            try await client.execute(
                uri: "/api/v1/groups/vienna/members", method: .get, headers: Fixtures.bearer(coordinator)
            ) {
                #expect($0.status == .ok)
            }
        }
        let text = log.text
        #expect(text.contains("token=***"), "the request log line is written, redacted")
        #expect(!text.contains(membersToken))
        #expect(!text.contains(coordinator))
        #expect(
            Redaction.redact("GET /x?token=abc&y=1 Authorization: Bearer s3cr.et")
                == "GET /x?token=***&y=1 Authorization: Bearer ***")
    }

    @Test func aRowThatNoLongerValidatesIs500NamingNothingAndLogsTheRow() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "plannerd-corrupt-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("planner.sqlite").path
        let store = try PlannerStore(path: path, clock: { Fixtures.now })
        try Fixtures.fill(store)
        let coordinator = try store.createToken(in: Fixtures.slug("vienna"), scope: .api(.coordinator), label: "c")
            .secret
        let member = try #require(store.snapshot(of: Fixtures.slug("vienna")).plan.members.first)
        // Another program breaks a member's stored e-mail address.
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                + "c.execute(\"UPDATE member SET body = json_set(body, '$.email', 'at home') WHERE slug = ?\", (sys.argv[2],)); c.commit()",
            path, member.id.rawValue,
        ]
        try python.run()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        let log = CapturedLog()
        let dependencies = try ServerDependencies(
            configuration: Fixtures.configuration(), store: store, logger: log.logger(level: .error),
            clock: { Fixtures.now },
            revisions: RevisionMemo(lifetime: .zero))
        try await Application(router: try buildRouter(dependencies), logger: log.logger(level: .error)).test(.router) {
            client in
            for uri in ["/calendars/vienna.ics", "/groups/vienna", "/api/v1/groups/vienna/members"] {
                let headers = uri.hasPrefix("/api") ? Fixtures.bearer(coordinator) : [:]
                try await client.execute(uri: uri, method: .get, headers: headers) { response in
                    #expect(response.status == .internalServerError, "\(uri)")
                    let body = String(buffer: response.body)
                    #expect(
                        !body.contains(member.id.rawValue) && !body.contains(member.name) && !body.contains("at home"),
                        "\(uri): \(body)")
                }
            }
        }
        #expect(log.text.contains("member '\(member.id)'"), "\(log.text)")
    }

    // MARK: - Limits of what an outsider can vary

    @Test func observanceFeedsAcceptABoundedSetOfYearsAndCountries() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            // Fixtures.now is in 2027: 2022 … 2037 are allowed.
            for (query, field) in [
                ("country=AT&from=2021", "from"), ("country=AT&from=2038", "from"),
                ("country=AT&from=2030&to=2038", "to"),
                ("country=XX", "country"), ("country=AA&from=2027", "country"), ("country=A1", "country"),
            ] {
                try await client.execute(uri: "/calendars/observances.ics?\(query)", method: .get) { response in
                    #expect(response.status == .badRequest, "\(query)")
                    #expect(String(buffer: response.body).contains(#""field":"\#(field)""#), "\(query)")
                }
            }
            try await client.execute(uri: "/calendars/vienna/observances.ics?from=1990", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            for query in ["country=AT&from=2022&to=2031", "country=mk", "from=2037"] {
                try await client.execute(uri: "/calendars/observances.ics?\(query)", method: .get) { response in
                    #expect(response.status == .ok, "\(query)")
                }
            }
        }
    }

    @Test func unknownThemeKindAndPriorityFeedsAre404WithoutReadingTheGroup() async throws {
        try await Fixtures.app(dependencies).test(.router) { client in
            // `nowhere` is no group: the catalogue answers before the group would be looked up.
            for uri in [
                "/calendars/nowhere/themes/knitting.ics", "/calendars/nowhere/kinds/picnic.ics",
                "/calendars/nowhere/gap/XX-1.ics",
            ] {
                try await client.execute(uri: uri, method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(Fixtures.errorMessage(response.body).hasPrefix("no "), "\(uri)")
                    #expect(!Fixtures.errorMessage(response.body).contains("group"), "\(uri)")
                }
            }
        }
        #expect(dependencies.feedCache.count == 0)
    }

    @Test func theFeedCacheIsBoundedInBytes() async throws {
        let cache = FeedCache<Int>(capacity: 1_000, maxBytes: 64 << 10, metrics: ServerMetrics())
        var generator = SystemRandomNumberGenerator()
        for index in 0..<40 {
            // Random bytes hardly compress: each feed takes about 2 × 8 KiB.
            let bytes = (0..<8_192).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try await cache.feed(index, revision: "1") { FeedBody(bytes: bytes, modified: Fixtures.now) }
            #expect(cache.bytes <= 64 << 10)
        }
        #expect(cache.count < 10)
        #expect(cache.contains(39), "the most recent feed is kept")
        #expect(!cache.contains(0), "the oldest went first")
    }
}
