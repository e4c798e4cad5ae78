import CalendarFeeds
import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerStore
import Planning
import Testing

@testable import PlannerServer

/// Routes and links come from one site map: every route the router serves is a `SiteRoute`,
/// every `SiteRoute` is served, and every `SitePath` the site links to is served by its route.
@Suite struct SiteMapTests {
    @Test func theRouterServesExactlyTheSiteMapsRoutes() throws {
        let router = try buildRouter(try Fixtures.dependencies())
        // HEAD routes are generated from GET ones; they are the same paths.
        let served = Set(router.routes.map { "/" + $0.path.description.drop { $0 == "/" } })
        let mapped = Set(SiteRoute.allCases.map(\.pattern))
        #expect(
            served == mapped,
            "served but not mapped: \(served.subtracting(mapped)); mapped but not served: \(mapped.subtracting(served))"
        )
    }

    @Test func everyLinkOfTheExampleGroupIsServedByItsRoute() async throws {
        let store = try Fixtures.store()
        let dependencies = try Fixtures.dependencies(store)
        let vienna = try Fixtures.slug("vienna")
        let plan = try store.snapshot(of: vienna).plan
        let catalogue = try store.catalogue()
        let isPublic = { (activity: Slug) in
            plan.activity(activity).flatMap { catalogue.kind($0.kind) }?.privacy == .public
        }
        let session = try #require(plan.sessions.first { isPublic($0.activity) })
        var paths: [SitePath] = [
            .home, .groupPage(vienna), .networkFeed, .countryObservances, .stylesheet, .script,
            .activityPage(vienna, activity: session.activity),
            .sessionPage(vienna, activity: session.activity, ruleDate: session.ruleDate),
            .sessionEvent(vienna, activity: session.activity, ruleDate: session.ruleDate),
            .feed(.group, group: vienna), .feed(.observances, group: vienna),
        ]
        if let theme = catalogue.themes.first { paths.append(.feed(.theme(theme.slug), group: vienna)) }
        paths.append(.feed(.kind(try #require(plan.activity(session.activity)).kind), group: vienna))
        for path in paths {
            // The path fits its route's pattern segment by segment.
            let pattern = path.route.pattern.split(separator: "/")
            let parts = path.description.split(separator: "/")
            #expect(pattern.count == parts.count, "\(path) against \(path.route.pattern)")
            for (template, part) in zip(pattern, parts) where !template.contains("{") {
                #expect(template == part, "\(path) against \(path.route.pattern)")
            }
        }
        let served = paths
        try await Fixtures.app(dependencies).test(.router) { client in
            for path in served {
                try await client.execute(uri: path.description, method: .get) { response in
                    #expect(response.status == .ok, "GET \(path)")
                }
            }
        }
    }
}
