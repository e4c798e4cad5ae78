import Foundation
import Hummingbird
import PlannerStore
import Planning

/// `/api/v1/groups/{group}/tokens`: a coordinator lists, makes, rotates and revokes the group's
/// feed and API tokens. A secret is in the answer only when it is made or rotated.
///
/// Tokens are not part of the group's revision, so `If-Match` is checked when the request
/// arrives, not inside the token's write.
struct TokensController {
    let dependencies: ServerDependencies

    func addRoutes(to api: RouterGroup<BasicRequestContext>) {
        api.get("groups/{group}/tokens", use: list)
        api.post("groups/{group}/tokens", use: create)
        api.post("groups/{group}/tokens/{token}/rotate", use: rotate)
        api.delete("groups/{group}/tokens/{token}", use: revoke)
    }

    /// The body of `POST …/tokens`.
    struct NewToken: Decodable {
        /// `api`, `members-feed` or `organiser-feed`.
        let kind: String
        /// For `api`: `coordinator` or `reader`.
        let role: TokenRole?
        /// For `organiser-feed`: the member.
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
                throw APIError.badField("member", "an organiser-feed token needs the member")
            }
        }
    }

    /// A token just made or rotated, with its secret and the URL it opens (feeds).
    struct Issued: Encodable {
        let token: AccessToken
        let secret: String
        let url: String?
    }

    @Sendable func list(_ request: Request, context: BasicRequestContext) throws -> Response {
        let group = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: group)
        return try JSONResponse.make(dependencies.store.tokens(of: group))
    }

    @Sendable func create(_ request: Request, context: BasicRequestContext) async throws -> Response {
        let group = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: group)
        let body = try await dependencies.decode(NewToken.self, from: request)
        let issued = try dependencies.conditionalWrite(request, of: group) { _ in
            try dependencies.store.createToken(in: group, scope: body.scope(), label: body.label)
        }
        return try JSONResponse.make(answer(issued), status: .created)
    }

    @Sendable func rotate(_ request: Request, context: BasicRequestContext) throws -> Response {
        let group = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: group)
        let id = try tokenID(context)
        let issued = try dependencies.conditionalWrite(request, of: group) { _ in
            try dependencies.store.rotateToken(id, in: group)
        }
        return try JSONResponse.make(answer(issued))
    }

    @Sendable func revoke(_ request: Request, context: BasicRequestContext) throws -> Response {
        let group = try context.parameters.slug("group")
        try dependencies.requireCoordinator(request, of: group)
        let id = try tokenID(context)
        return try JSONResponse.make(
            dependencies.conditionalWrite(request, of: group) { _ in try dependencies.store.revokeToken(id, in: group) }
        )
    }

    private func tokenID(_ context: BasicRequestContext) throws -> Int64 {
        guard let text = context.parameters.get("token"), let id = Int64(text) else {
            throw APIError.notFound("no token '\(context.parameters.get("token") ?? "")'")
        }
        return id
    }

    private func answer(_ issued: IssuedToken) -> Issued {
        Issued(
            token: issued.token, secret: issued.secret,
            url: Self.feedURL(issued, base: dependencies.configuration.publicBaseURL))
    }

    /// The private feed URL a feed token opens; `nil` for API tokens.
    static func feedURL(_ issued: IssuedToken, base: String) -> String? {
        SiteURL.privateFeed(issued).map { base + $0 }
    }
}
