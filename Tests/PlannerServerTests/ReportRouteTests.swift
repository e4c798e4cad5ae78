import CalendarFeeds
import Catalogues
import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Planning
import Testing

/// The impact report over HTTP: the API needs a coordinator token; the group's page is found
/// only when the group publishes its report or the coordinator asks; formats and periods are
/// checked; the network report holds only the groups that publish.
@Suite struct ReportRouteTests {
    static let year = "from=2027-01-01&to=2027-12-31"

    @Test func aPrivateReportIsTheCoordinatorsAndNotFoundForEveryoneElse() async throws {
        let (store, dependencies) = try OutcomeAPITests.world()
        let vienna = try Fixtures.slug("vienna")
        let coordinator = try store.createToken(in: vienna, scope: .api(.coordinator), label: "c").secret
        let reader = try store.createToken(in: vienna, scope: .api(.reader), label: "r").secret
        let api = "/api/v1/groups/vienna/reports/impact?\(Self.year)"
        let page = SitePath.impactReportPage(vienna).description + "?\(Self.year)"
        try await Fixtures.app(dependencies).test(.router) { client in
            // Organisers for the spring, so that the coordinator's view has duties to show.
            try await client.execute(
                uri: "/api/v1/groups/vienna/assignments/plan", method: .post, headers: Fixtures.bearer(coordinator),
                body: Fixtures.json(#"{"from": "2027-01-01", "to": "2027-05-31", "allowUnfilled": true}"#)
            ) { #expect($0.status == .ok) }
            try await client.execute(uri: api, method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: api, method: .get, headers: Fixtures.bearer(reader)) {
                #expect($0.status == .forbidden)
            }
            try await client.execute(uri: api, method: .get, headers: Fixtures.bearer(coordinator)) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.cacheControl] == "private, no-cache")
                let report =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect(report?["audience"] as? String == "coordinator" && report?["duties"] != nil)
            }
            try await client.execute(uri: api + "&format=csv", method: .get, headers: Fixtures.bearer(coordinator)) {
                #expect($0.headers[.contentType] == "text/csv; charset=utf-8")
                #expect(String(buffer: $0.body).hasPrefix("group,section,key,title,"))
            }
            let base = "/api/v1/groups/vienna/reports/impact"
            for bad in ["?format=pdf", "?from=2027-13-01&to=2027-12-31", "?from=2027-01-01&to=2029-12-31"] {
                try await client.execute(uri: base + bad, method: .get, headers: Fixtures.bearer(coordinator)) {
                    #expect($0.status == .badRequest, "\(bad)")
                }
            }
            // The page: not found for the public or a reader, the coordinator's view with the token.
            for headers in [HTTPFields(), Fixtures.bearer(reader)] {
                try await client.execute(uri: page, method: .get, headers: headers) { #expect($0.status == .notFound) }
            }
            try await client.execute(uri: page, method: .get, headers: Fixtures.bearer(coordinator)) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Organisers' duties (coordinator only)"))
                #expect(html.contains(#"<link rel="stylesheet" href="/static/report.css">"#))
            }
            try await client.execute(uri: "/api/v1/reports/network?\(Self.year)", method: .get) { response in
                let network =
                    try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                #expect((network?["groups"] as? [Any])?.isEmpty == true, "no group publishes its report")
            }
            try await client.execute(uri: SitePath.groupPage(vienna).description, method: .get) {
                #expect(!String(buffer: $0.body).contains("/reports/impact"), "no link to a private report")
            }
            try await client.execute(uri: "/static/report.css", method: .get) {
                #expect($0.status == .ok && String(buffer: $0.body).contains("@media print"))
            }
        }
    }

    @Test func aPublicReportIsTheSummaryWithoutNamesForAnyone() async throws {
        let (store, dependencies) = try OutcomeAPITests.world()
        let vienna = try Fixtures.slug("vienna")
        let plan = try store.snapshot(of: vienna).plan
        let text = try String(contentsOf: Fixtures.exampleGroupFile, encoding: .utf8)
            .replacingOccurrences(of: "report: private", with: "report: public")
        _ = try store.importGroup(
            GroupLoader.load(text: text, name: "example.yaml", catalogue: store.catalogue()))
        let page = SitePath.impactReportPage(vienna).description + "?\(Self.year)"
        try await Fixtures.app(dependencies).test(.router) { client in
            try await client.execute(uri: page, method: .get) { response in
                #expect(response.status == .ok)
                let html = String(buffer: response.body)
                #expect(html.contains("Impact report: Men for Gender Equality Group Vienna"))
                #expect(!html.contains("Organisers' duties"))
                for member in plan.members { #expect(!html.contains(member.name) && !html.contains(member.email)) }
            }
            // The group page links the summary.
            try await client.execute(uri: SitePath.groupPage(vienna).description, method: .get) {
                #expect(String(buffer: $0.body).contains(#"<a href="/groups/vienna/reports/impact">"#))
            }
            try await client.execute(uri: "/reports/network?\(Self.year)", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("Men for Gender Equality Group Vienna"))
            }
        }
    }
}
