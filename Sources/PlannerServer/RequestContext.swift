import CalendarFeeds
import Foundation
public import Hummingbird
import Logging
import PlannerStore
import Planning

/// Every request's context: Hummingbird's own, plus — on the API's routes under a group
/// (`{group}` in the path) — the group and who is asking, resolved once by
/// ``GroupAccessMiddleware`` before the handler runs. Handlers read ``group`` and ``access``
/// and never parse the path's group or the `Authorization` header themselves.
public struct PlannerRequestContext: RequestContext {
    /// Hummingbird's storage (parameters, logger, allocator).
    public var coreContext: CoreRequestContextStorage
    /// The group the path names, once resolved.
    var resolvedGroup: Slug?
    /// Who is asking, as far as ``resolvedGroup`` is concerned.
    var access: Access = .anonymous
    /// The client's address, for limits kept in memory (never stored); nil when unknown.
    let clientAddress: String?

    /// A context for a request arriving on `source`'s channel.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// The group the path names. Only routes behind ``GroupAccessMiddleware`` have one; any
    /// other handler asking is a wiring mistake, answered 500 and logged.
    var group: Slug {
        get throws(APIError) {
            guard let resolvedGroup else {
                logger.error("a handler asked for the group of a route without one")
                throw APIError(.internalServerError, "something went wrong on the server; it has been logged")
            }
            return resolvedGroup
        }
    }

    /// The role of the caller's API token of the group: 401 without one.
    func requireToken() throws(APIError) -> TokenRole {
        switch access {
        case .member(let role): return role
        case .organiser: throw APIError.forbidden(TokenAuthenticator.feedTokenRefusal)
        case .anonymous: throw APIError.unauthorised
        }
    }

    /// A coordinator token, or the organiser-feed token of a member who organises `session`:
    /// 401 without a token, 403 for a reader or another member's token.
    func requireCoordinatorOrOrganiser(of session: Session.ID, in plan: GroupPlan) throws(APIError) {
        guard case .organiser(let member) = access else { return try requireCoordinator() }
        let organises = plan.sessions.first { $0.id == session }?.organisers.contains { $0.memberID == member }
        guard organises == true else {
            throw APIError.forbidden("this organiser token is for another member's sessions")
        }
    }

    /// A coordinator token of the group is required: 401 without a token, 403 for a reader.
    func requireCoordinator() throws(APIError) {
        guard try requireToken() == .coordinator else {
            throw APIError.forbidden("this needs a coordinator token; a reader token only reads")
        }
    }

    /// What the caller may see of `plan`'s group: the visibility policy.
    func visibility(of plan: GroupPlan, catalogue: Catalogue) -> Visibility {
        Visibility(access.viewer, group: plan.group, catalogue: catalogue)
    }

    /// `monthly-meeting@2027-03-02T15:00` from the path's `{session}`; anything else names no
    /// session (404).
    func sessionID() throws(APIError) -> Session.ID {
        let text = parameters.get("session")?.removingPercentEncoding ?? ""
        guard let id = Session.ID(parsing: text) else {
            throw APIError.notFound("no session '\(text)': ids look like monthly-meeting@2027-03-02T15:00")
        }
        return id
    }

    /// A code from the path (a feedback code): ASCII letters and digits only, else a 404.
    func code(_ name: String) throws(APIError) -> String {
        guard let text = parameters.get(name), !text.isEmpty, text.count <= 64,
            text.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) })
        else { throw APIError.notFound("no such page") }
        return text
    }

    /// A slug from the path; a malformed one names nothing, so it is a 404.
    func slug(_ name: String) throws(APIError) -> Slug {
        guard let text = parameters.get(name), let slug = try? Slug(text) else {
            throw APIError.notFound("no \(name) '\(parameters.get(name) ?? "")'")
        }
        return slug
    }
}

/// Resolves the path's `{group}` and the caller's access to it, once per request, for every
/// route registered behind it: a malformed group is a 404, a bad token a 401, a token of
/// another group or a feed token a 403 — before any handler runs.
struct GroupAccessMiddleware: RouterMiddleware {
    typealias Context = PlannerRequestContext

    /// Checks the bearer token.
    let tokens: TokenAuthenticator

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard context.parameters.get("group") != nil else { return try await next(request, context) }
        var context = context
        let group = try context.slug("group")
        context.resolvedGroup = group
        context.access = try tokens.access(request, to: group)
        // An organiser's feed token reaches one route of the API: recording an outcome.
        if case .organiser = context.access,
            request.method != .post || context.endpointPath != SiteRoute.apiSessionOutcome.pattern
        {
            throw APIError.forbidden(TokenAuthenticator.feedTokenRefusal)
        }
        return try await next(request, context)
    }
}

extension RouterMethods {
    /// Registers `handler` for `method` at `route`'s pattern: the one way a route is added.
    @discardableResult
    func on(
        _ route: SiteRoute, _ method: HTTPRequest.Method,
        use handler: @escaping @Sendable (Request, Context) async throws -> some ResponseGenerator
    ) -> Self {
        on(RouterPath(route.pattern), method: method, use: handler)
    }
}
