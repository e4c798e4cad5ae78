import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning

/// The catalogue, read-only and public: themes, GAP priorities, activity kinds, observances.
struct CatalogueController {
    let store: PlannerStore

    func addRoutes(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.apiThemes, .get, use: themes)
        router.on(.apiTheme, .get, use: theme)
        router.on(.apiGAPPriorities, .get, use: priorities)
        router.on(.apiGAPPriority, .get, use: priority)
        router.on(.apiActivityKinds, .get, use: kinds)
        router.on(.apiActivityKind, .get, use: kind)
        router.on(.apiObservances, .get, use: observances)
        router.on(.apiObservance, .get, use: observance)
    }

    @Sendable func themes(_ request: Request, context: PlannerRequestContext) throws -> Response {
        try JSONResponse.make(store.catalogue().themes)
    }

    @Sendable func theme(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.slug("theme")
        guard let theme = try store.catalogue().theme(slug) else {
            throw APIError.notFound("no theme '\(slug)'")
        }
        return try JSONResponse.make(theme)
    }

    @Sendable func priorities(_ request: Request, context: PlannerRequestContext) throws -> Response {
        try JSONResponse.make(store.catalogue().gapPriorities)
    }

    @Sendable func priority(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let text = context.parameters.get("priority") ?? ""
        guard let id = try? GAPPriorityID(text), let priority = try store.catalogue().priority(id) else {
            throw APIError.notFound("no GAP priority '\(text)'")
        }
        return try JSONResponse.make(priority)
    }

    @Sendable func kinds(_ request: Request, context: PlannerRequestContext) throws -> Response {
        try JSONResponse.make(store.catalogue().activityKinds)
    }

    @Sendable func kind(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.slug("kind")
        guard let kind = try store.catalogue().kind(slug) else {
            throw APIError.notFound("no activity kind '\(slug)'")
        }
        return try JSONResponse.make(kind)
    }

    @Sendable func observances(_ request: Request, context: PlannerRequestContext) throws -> Response {
        try JSONResponse.make(store.catalogue().observances)
    }

    @Sendable func observance(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let slug = try context.slug("observance")
        guard let observance = try store.catalogue().observance(slug) else {
            throw APIError.notFound("no observance '\(slug)'")
        }
        return try JSONResponse.make(observance)
    }
}
