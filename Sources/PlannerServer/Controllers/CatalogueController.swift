import Foundation
import Hummingbird
import PlannerStore
import Planning

/// The catalogue, read-only and public: themes, GAP priorities, activity kinds, observances.
struct CatalogueController {
    let dependencies: ServerDependencies

    func addRoutes(to group: RouterGroup<BasicRequestContext>) {
        group.get("themes", use: themes)
        group.get("themes/{theme}", use: theme)
        group.get("gap-priorities", use: priorities)
        group.get("gap-priorities/{priority}", use: priority)
        group.get("activity-kinds", use: kinds)
        group.get("activity-kinds/{kind}", use: kind)
        group.get("observances", use: observances)
        group.get("observances/{observance}", use: observance)
    }

    @Sendable func themes(_ request: Request, context: BasicRequestContext) throws -> Response {
        try JSONResponse.make(dependencies.store.catalogue().themes)
    }

    @Sendable func theme(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("theme")
        guard let theme = try dependencies.store.catalogue().theme(slug) else {
            throw APIError.notFound("no theme '\(slug)'")
        }
        return try JSONResponse.make(theme)
    }

    @Sendable func priorities(_ request: Request, context: BasicRequestContext) throws -> Response {
        try JSONResponse.make(dependencies.store.catalogue().gapPriorities)
    }

    @Sendable func priority(_ request: Request, context: BasicRequestContext) throws -> Response {
        let text = context.parameters.get("priority") ?? ""
        guard let id = try? GAPPriorityID(text), let priority = try dependencies.store.catalogue().priority(id) else {
            throw APIError.notFound("no GAP priority '\(text)'")
        }
        return try JSONResponse.make(priority)
    }

    @Sendable func kinds(_ request: Request, context: BasicRequestContext) throws -> Response {
        try JSONResponse.make(dependencies.store.catalogue().activityKinds)
    }

    @Sendable func kind(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("kind")
        guard let kind = try dependencies.store.catalogue().kind(slug) else {
            throw APIError.notFound("no activity kind '\(slug)'")
        }
        return try JSONResponse.make(kind)
    }

    @Sendable func observances(_ request: Request, context: BasicRequestContext) throws -> Response {
        try JSONResponse.make(dependencies.store.catalogue().observances)
    }

    @Sendable func observance(_ request: Request, context: BasicRequestContext) throws -> Response {
        let slug = try context.parameters.slug("observance")
        guard let observance = try dependencies.store.catalogue().observance(slug) else {
            throw APIError.notFound("no observance '\(slug)'")
        }
        return try JSONResponse.make(observance)
    }
}
