import Foundation
public import Hummingbird
import Logging
import NIOCore
import PlannerStore
import Planning
import Workflows

/// An answer that went wrong, with its HTTP face: a status and `{"error": {"message": …}}`.
///
/// Every error a handler throws becomes one of these in ``PlannerMiddleware``: the domain's and
/// the store's errors keep their message (they never carry SQL); anything else is logged and
/// answered with a plain 500.
public struct APIError: HTTPResponseError, Equatable {
    /// The HTTP status.
    public let status: HTTPResponse.Status
    /// What went wrong, for the caller.
    public let message: String
    /// The request field that was wrong (`start`, `members[0].email`), when one was.
    public let field: String?
    /// Extra headers, e.g. `WWW-Authenticate` on 401.
    public let headers: HTTPFields

    /// Creates an error.
    public init(_ status: HTTPResponse.Status, _ message: String, field: String? = nil, headers: HTTPFields = [:]) {
        self.status = status
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// 404 with the thing that was not found; also what a wrong token gets, so that it does not
    /// tell whether a group or member exists.
    public static func notFound(_ what: String = "no such page") -> APIError { APIError(.notFound, what) }

    /// 401: a bearer token is needed.
    static let unauthorised = APIError(
        .unauthorized, "this needs a token: send Authorization: Bearer <token> (see `planner token create`)",
        headers: [.wwwAuthenticate: #"Bearer realm="plannerd""#])

    /// 403: the token is valid but may not do this.
    static func forbidden(_ message: String) -> APIError { APIError(.forbidden, message) }

    /// 400 for a wrong value of one field.
    static func badField(_ field: String, _ message: String) -> APIError {
        APIError(.badRequest, message, field: field)
    }

    /// The JSON answer: `{"error": {"message": …, "field": …, "status": …}}`, never cached.
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var fields = headers
        fields[.contentType] = "application/json; charset=utf-8"
        fields[.cacheControl] = "no-store"
        let body = ErrorBody(error: .init(message: message, field: field, status: Int(status.code)))
        let data = (try? JSONEncoder.api.encode(body)) ?? Data(#"{"error":{"message":"error"}}"#.utf8)
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private struct ErrorBody: Encodable {
        struct Detail: Encodable {
            let message: String
            let field: String?
            let status: Int
        }
        let error: Detail
    }
}

extension APIError {
    /// The HTTP face of anything a handler may throw.
    static func from(_ error: any Error, logger: Logger) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error.code {
            case .notFound: return APIError(.notFound, error.message)
            case .conflict, .changed: return APIError(.conflict, error.message)
            case .invalid: return APIError(.badRequest, error.message)
            case .database:
                logger.error("store error", metadata: ["error": "\(error.message)"])
                return APIError(.serviceUnavailable, "the store cannot be used just now; try again")
            case .corrupt:
                // The message names the row and may quote what it holds: the log gets it, the
                // caller does not.
                logger.error("a stored row no longer validates", metadata: ["row": "\(error.message)"])
                return APIError(.internalServerError, "something went wrong on the server; it has been logged")
            }
        case let error as WorkflowError:
            return workflow(error)
        case let error as PlanningError:
            return APIError(.badRequest, error.message, field: error.path.isEmpty ? nil : error.path)
        case let error as DecodingError:
            return decoding(error)
        case is NIOTooManyBytesError:
            return APIError(.contentTooLarge, "the request body is larger than this server accepts")
        case let error as HTTPError:
            let message = error.body ?? (error.status == .notFound ? "no such page" : error.status.reasonPhrase)
            return APIError(error.status, message, headers: error.headers)
        default:
            logger.error("unexpected error", metadata: ["error": "\(String(reflecting: error))"])
            return APIError(.internalServerError, "something went wrong on the server; it has been logged")
        }
    }

    /// A workflow's refusal: 400 for a field, 404, 412 for a held revision, 409 for a plan
    /// overtaken by a write.
    private static func workflow(_ error: WorkflowError) -> APIError {
        switch error {
        case .invalid(let field, _): badField(field, error.description)
        case .notFound(let message): APIError(.notFound, message)
        case .changedWhilePlanning(let message): APIError(.conflict, message)
        case .revisionMismatch(let group, let current):
            APIError(
                .preconditionFailed,
                "group '\(group)' changed since the ETag If-Match names; its ETag is now "
                    + "\(GroupPrecondition.entityTag(revision: current)): read it again; nothing was written",
                headers: [.eTag: GroupPrecondition.entityTag(revision: current)])
        }
    }

    /// 400 naming the JSON field that could not be read; a domain rule broken while decoding
    /// keeps its own message and path.
    private static func decoding(_ error: DecodingError) -> APIError {
        func path(_ codingPath: [any CodingKey]) -> String? {
            let parts = codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            let trimmed = parts.hasPrefix(".") ? String(parts.dropFirst()) : parts
            return trimmed.isEmpty ? nil : trimmed
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            return APIError(.badRequest, "'\(field ?? key.stringValue)' is missing", field: field)
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            let field = path(context.codingPath)
            return APIError(.badRequest, "'\(field ?? "body")' should be \(describe(type))", field: field)
        case .dataCorrupted(let context):
            if let planning = context.underlyingError as? PlanningError {
                let outer = path(context.codingPath)
                let inner = planning.path.isEmpty ? nil : planning.path
                let field = [outer, inner].compactMap { $0 }.joined(separator: ".")
                return APIError(.badRequest, planning.message, field: field.isEmpty ? nil : field)
            }
            let field = path(context.codingPath)
            return APIError(
                .badRequest, field.map { "'\($0)' is not valid" } ?? "the body is not valid JSON", field: field)
        @unknown default:
            return APIError(.badRequest, "the body could not be read")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "text"
        case is Int.Type, is Int64.Type, is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}

extension JSONEncoder {
    /// How the API writes JSON: sorted keys, ISO 8601 times, unescaped slashes.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }
}

extension JSONDecoder {
    /// How the API reads JSON: ISO 8601 times.
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
