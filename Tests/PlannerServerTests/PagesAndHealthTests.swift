import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerStore
import Planning
import Testing

@testable import PlannerServer

@Suite struct PagesAndHealthTests {
    @Test func healthReadinessAndMetricsAnswer() async throws {
        let dependencies = try Fixtures.dependencies()
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body) == "ok\n")
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""groups":2"#))
            }
            try await client.execute(uri: "/api/v1/groups/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
                let text = String(buffer: response.body)
                #expect(text.contains(#"plannerd_http_requests_total{route="/healthz",method="GET",status="200"} 1"#))
                #expect(text.contains(#"route="/api/v1/groups/{group}",method="GET",status="404"} 1"#))
                #expect(text.contains("plannerd_store_errors_total 0"))
            }
        }
    }

    @Test func theHomePageListsTheGroupsWithTheirFeeds() async throws {
        let dependencies = try Fixtures.dependencies()
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/html; charset=utf-8")
                let html = String(buffer: response.body)
                #expect(html.contains(#"<a href="/groups/vienna">Men for Gender Equality Group Vienna</a>"#))
                #expect(html.contains(#"<a href="/groups/skopje">"#))
                #expect(html.contains("https://calendars.example.org/calendars/vienna.ics"))
                #expect(html.contains(#"<html lang="en">"#))
            }
            try await client.execute(uri: "/static/site.css", method: .get) { response in
                #expect(response.headers[.contentType] == "text/css; charset=utf-8")
                #expect(String(buffer: response.body).contains(":focus"))
            }
        }
    }

    @Test func aGroupPageHasSubscribeLinksPerPlatformAndComingSessions() async throws {
        let dependencies = try Fixtures.dependencies()
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: "/groups/vienna", method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains(#"href="webcal://calendars.example.org/calendars/vienna.ics""#))
                #expect(
                    html.contains(
                        #"href="https://calendars.example.org/calendars/vienna/observances.ics">Observance days (AT)"#))
                #expect(html.contains(#"href="https://calendars.example.org/calendars/network.ics""#))
                #expect(
                    html.contains(
                        #"href="https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fcalendars.example.org%2Fcalendars%2Fvienna.ics""#
                    ))
                #expect(html.contains(#"<label for="feed-url">"#))
                #expect(html.contains(#"value="https://calendars.example.org/calendars/vienna.ics""#))
                #expect(html.contains("Android"))
                // The fixed clock is 15 January 2027: the kick-off on the 19th comes first.
                let first = try #require(html.range(of: "<time datetime=\""))
                #expect(html[first.upperBound...].hasPrefix("2027-01-19T16:00"))
                #expect(!html.contains("@example.org"))  // no e-mails on a public page
                #expect(!html.contains("Safe"))  // confidential sessions show only as busy
            }
            try await client.execute(uri: "/groups/nowhere", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func subscribeLinksFollowEachPlatform() {
        let links = SubscribeLinks(feedURL: "http://127.0.0.1:8080/calendars/vienna.ics")
        #expect(links.webcal == "webcal://127.0.0.1:8080/calendars/vienna.ics")
        #expect(
            links.google
                == "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F127.0.0.1%3A8080%2Fcalendars%2Fvienna.ics"
        )
        #expect(links.https == "http://127.0.0.1:8080/calendars/vienna.ics")
    }
}
