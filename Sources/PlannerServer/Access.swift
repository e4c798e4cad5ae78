import Foundation
import Hummingbird
import NIOCore
import Planning
import PlannerStore

/// Who is asking, as far as one group is concerned.
enum Access: Equatable {
    /// No token: public data only.
    case anonymous
    /// A valid API token of this group.
    case member(TokenRole)

    /// True when member data (names with e-mails, assignments, confidential sessions) may be shown.
    var seesMemberData: Bool { self != .anonymous }
}

extension ServerDependencies {
    /// The access a request has to `group`: anonymous without a token; otherwise the token must
    /// be a valid API token (else 401) of this group (else 403).
    func access(_ request: Request, to group: Slug) throws -> Access {
        guard let header = request.headers[.authorization] else { return .anonymous }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthorised }
        guard let token = try store.authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorised
        }
        guard token.group == group else { throw APIError.forbidden("this token belongs to another group") }
        guard case .api(let role) = token.scope else {
            throw APIError.forbidden("this is a feed token; the API needs an API token (planner token create --kind api)")
        }
        return .member(role)
    }

    /// Like ``access(_:to:)`` but a token is required: 401 without one.
    func requireAccess(_ request: Request, to group: Slug) throws -> TokenRole {
        guard case .member(let role) = try access(request, to: group) else { throw APIError.unauthorised }
        return role
    }

    /// A coordinator token of `group` is required (401 without a token, 403 for a reader).
    func requireCoordinator(_ request: Request, of group: Slug) throws {
        guard try requireAccess(request, to: group) == .coordinator else {
            throw APIError.forbidden("this needs a coordinator token; a reader token only reads")
        }
    }

    /// Reads a JSON body of at most `max-body-bytes` (413 beyond), naming the wrong field on 400.
    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: configuration.maxBodyBytes)
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "the request needs a JSON body") }
        return try JSONDecoder.api.decode(T.self, from: Data(buffer.readableBytesView))
    }
}

extension Parameters {
    /// A slug from the path; a malformed one cannot name anything, so it is a 404.
    func slug(_ name: String) throws -> Slug {
        guard let text = self.get(name), let slug = try? Slug(text) else {
            throw APIError.notFound("no \(name) '\(self.get(name) ?? "")'")
        }
        return slug
    }
}

/// JSON answers, encoded the API's way.
enum JSONResponse {
    /// `value` as JSON with `status`; reads of public data may be cached briefly by clients.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(
            status: status, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
