import CalendarFeeds
import Foundation
import Hummingbird
import PlannerStore
import Planning
import Workflows

/// `/api/v1/groups/{group}/tokens`: a coordinator lists, makes, rotates and revokes the group's
/// feed and API tokens. A secret is in the answer only when it is made or rotated.
///
/// Tokens are not part of the group's revision, so `If-Match` is checked when the request
/// arrives, not inside the token's write.
struct TokensController {
    let store: PlannerStore
    let bodies: JSONBodies
    let links: SiteLinks

    func addRoutes(to api: some RouterMethods<PlannerRequestContext>) {
        api.on(.apiTokens, .get, use: list)
        api.on(.apiTokens, .post, use: create)
        api.on(.apiRotateToken, .post, use: rotate)
        api.on(.apiToken, .delete, use: revoke)
    }

    /// The body of `POST …/tokens`.
    struct NewToken: Decodable {
        /// `api`, `members-feed`, `organiser-feed` or `member`.
        let kind: String
        /// For `api`: `coordinator` or `reader`.
        let role: TokenRole?
        /// For `organiser-feed` and `member`: the member.
        let member: Slug?
        /// Who or what it is for.
        let label: String

        func scope() throws -> TokenScope {
            guard let tokenKind = TokenKind(rawValue: kind) else {
                throw APIError.badField("kind", "kind '\(kind)' is not \(TokenKind.listed)")
            }
            do {
                return try TokenScope(kind: tokenKind, role: role, member: member)
            } catch .role {
                throw APIError.badField("role", "an api token needs a role: coordinator or reader")
            } catch .member {
                throw APIError.badField("member", "an \(kind) token needs the member")
            }
        }
    }

    /// A token just made or rotated, with its secret and the URL it opens (feeds, personal links).
    struct Issued: Encodable {
        let token: AccessToken
        let secret: String
        let url: String?
    }

    @Sendable func list(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        return try JSONResponse.make(store.tokens(of: group))
    }

    @Sendable func create(_ request: Request, context: PlannerRequestContext) async throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        let body = try await bodies.decode(NewToken.self, from: request)
        let issued = try store.conditionalWrite(request, of: group) { _ in
            try store.createToken(in: group, scope: body.scope(), label: body.label)
        }
        return try JSONResponse.make(answer(issued), status: .created)
    }

    @Sendable func rotate(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        let id = try tokenID(context)
        let issued = try store.conditionalWrite(request, of: group) { _ in
            try store.rotateToken(id, in: group)
        }
        return try JSONResponse.make(answer(issued))
    }

    @Sendable func revoke(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let group = try context.group
        try context.requireCoordinator()
        let id = try tokenID(context)
        return try JSONResponse.make(
            store.conditionalWrite(request, of: group) { _ in try store.revokeToken(id, in: group) }
        )
    }

    private func tokenID(_ context: PlannerRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("token"), let id = Int64(text) else {
            throw APIError.notFound("no token '\(context.parameters.get("token") ?? "")'")
        }
        return id
    }

    private func answer(_ issued: IssuedToken) -> Issued {
        Issued(token: issued.token, secret: issued.secret, url: issued.feedURL(links))
    }
}
