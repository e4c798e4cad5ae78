import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PlannerServer
import PlannerStore
import Planning
import Testing

/// A session's anonymous feedback form through the real HTTP form: answers are stored without
/// identity, a bad answer is refused and stores nothing, a wrong code finds nothing, the
/// honeypot drops a bot, one address has its share, and the form closes.
@Suite struct FeedbackFormTests {
    /// 5 March 2027, 12:00 UTC: the monthly meeting of 2 March has been held.
    static let march5 = Date(timeIntervalSince1970: 1_804_248_000)

    static func world(at now: Date, perAddress: Int = 3) throws -> (PlannerStore, ServerDependencies, Session, String) {
        let store = try Fixtures.store(clock: { now })
        var configuration = Fixtures.configuration()
        configuration.feedbackAnswersPerAddress = perAddress
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let dependencies = try ServerDependencies(
            configuration: configuration, store: store, logger: logger, clock: { now },
            revisions: RevisionMemo(lifetime: .zero))
        let vienna = try Fixtures.slug("vienna")
        let session = try #require(
            try store.snapshot(of: vienna).plan.sessions.first {
                $0.id.description == "monthly-meeting@2027-03-02T15:00"
            })
        let code = try store.feedbackCode(of: session.id, in: vienna)
        let path = SitePath.feedbackForm(vienna, activity: session.activity, ruleDate: session.ruleDate, code: code)
        return (store, dependencies, session, path.description)
    }

    static func form(_ fields: [String: String]) -> ByteBuffer {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return ByteBuffer(
            string: fields.sorted { $0.key < $1.key }
                .map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: allowed) ?? "")" }
                .joined(separator: "&"))
    }

    static let formHeaders: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]

    /// Opens the form as a browser would: the headers a post sends back (its form-token cookie)
    /// and the token of its hidden field.
    static func opened(_ client: some TestClientProtocol, _ path: String) async throws -> (HTTPFields, String) {
        try await client.execute(uri: path, method: .get) { response in
            let cookie = (response.headers[.setCookie] ?? "").split(separator: ";").first.map(String.init) ?? ""
            let token =
                String(buffer: response.body).firstMatch(of: /name="csrf" value="([0-9a-f]+)"/).map {
                    String($0.output.1)
                } ?? ""
            #expect(cookie.hasPrefix("planner-feedback=") && token.count == 32, "\(cookie) \(token)")
            var headers = formHeaders
            headers[.cookie] = cookie
            return (headers, token)
        }
    }

    @Test func answersAreStoredAnonymouslyAndBadOnesAreRefused() async throws {
        let (store, dependencies, session, path) = try Self.world(at: Self.march5, perAddress: 10)
        let vienna = try Fixtures.slug("vienna")
        let revision = try store.revision(of: vienna)
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("How was “Monthly meeting”?") && html.contains(#"name="usefulness""#))
                #expect(!html.contains("<script"), "the form needs no JavaScript")
            }
            let (headers, token) = try await Self.opened(client, path)
            // Without the form's token (another site posting in a visitor's name): refused.
            try await client.execute(
                uri: path, method: .post, headers: Self.formHeaders,
                body: Self.form(["usefulness": "5", "again": "yes", "csrf": token])
            ) { #expect($0.status == .forbidden) }
            for (index, usefulness) in [5, 4, 4, 3, 5, 2].enumerated() {
                let fields = [
                    "usefulness": "\(usefulness)", "again": index.isMultiple(of: 2) ? "yes" : "maybe",
                    "change": index == 0 ? "Speak up in meetings when a colleague is talked over" : "",
                    "gender": ["woman", "man", ""][index % 3], "website": "", "csrf": token,
                ]
                try await client.execute(uri: path, method: .post, headers: headers, body: Self.form(fields)) {
                    #expect($0.status == .ok)
                    #expect(String(buffer: $0.body).contains("Thank you"))
                }
            }
            // A bad answer: usefulness out of range. The form comes back with the error.
            try await client.execute(
                uri: path, method: .post, headers: headers,
                body: Self.form(["usefulness": "9", "again": "yes", "change": "keep me", "csrf": token])
            ) { response in
                #expect(response.status == .badRequest)
                let html = String(buffer: response.body)
                #expect(html.contains("usefulness is from 1 to 5") && html.contains("keep me"))
            }
            // A wrong code finds nothing, GET or POST.
            let wrong = path.replacingOccurrences(of: String(path.suffix(24)), with: String(repeating: "0", count: 24))
            try await client.execute(uri: wrong, method: .get) { #expect($0.status == .notFound) }
            try await client.execute(
                uri: wrong, method: .post, headers: Self.formHeaders,
                body: Self.form(["usefulness": "5", "again": "yes"])
            ) { #expect($0.status == .notFound) }
            // A bot fills the honeypot: thanked, not stored.
            try await client.execute(
                uri: path, method: .post, headers: headers,
                body: Self.form(["usefulness": "1", "again": "no", "website": "http://spam.example", "csrf": token])
            ) { #expect($0.status == .ok) }
        }
        let answers = try #require(try store.feedback(of: vienna)[session.id])
        #expect(answers.map(\.usefulness) == [5, 4, 4, 3, 5, 2])
        #expect(answers.first?.change == "Speak up in meetings when a colleague is talked over")
        #expect(answers.map(\.gender) == [.woman, .man, nil, .woman, .man, nil])
        #expect(try store.revision(of: vienna) == revision, "feedback is not part of the plan")
    }

    @Test func oneAddressHasItsShareAndTheFormCloses() async throws {
        let (_, dependencies, _, path) = try Self.world(at: Self.march5, perAddress: 2)
        try await Fixtures.app(dependencies).test(.router) { client in
            let (headers, token) = try await Self.opened(client, path)
            let answer = Self.form(["usefulness": "4", "again": "yes", "csrf": token])
            for expected in [HTTPResponse.Status.ok, .ok, .tooManyRequests] {
                try await client.execute(uri: path, method: .post, headers: headers, body: answer) {
                    #expect($0.status == expected)
                }
            }
        }
        // A month later the form is closed (14 days by default) and says so.
        let april = Self.march5.addingTimeInterval(30 * 86_400)
        let (closedStore, later, session, closedPath) = try Self.world(at: april)
        try await Fixtures.app(later).test(.router) { client in
            try await client.execute(uri: closedPath, method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("this form closed on"))
            }
            let answer = Self.form(["usefulness": "4", "again": "yes"])
            try await client.execute(uri: closedPath, method: .post, headers: Self.formHeaders, body: answer) {
                #expect($0.status == .gone)
            }
        }
        #expect(try closedStore.feedback(of: Fixtures.slug("vienna"))[session.id] == nil)
    }

    @Test func codesDifferBySessionAndByStore() throws {
        let vienna = try Fixtures.slug("vienna")
        let first = try Fixtures.store()
        let second = try Fixtures.store()
        let sessions = try first.snapshot(of: vienna).plan.sessions.prefix(2).map(\.id)
        let a = try first.feedbackCode(of: sessions[0], in: vienna)
        #expect(a == (try first.feedbackCode(of: sessions[0], in: vienna)))
        #expect(a != (try first.feedbackCode(of: sessions[1], in: vienna)))
        #expect(a != (try second.feedbackCode(of: sessions[0], in: vienna)))
        #expect(a.count == 24 && a.allSatisfy(\.isHexDigit))
    }
}
