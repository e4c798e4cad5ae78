import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Prometheus
import Synchronization

/// The one layer every request passes, doing in one frame (each extra layer is another async
/// frame and context copy on the hot path of a feed poll):
/// - an error a handler throws becomes its JSON answer (``APIError``), store failures counted;
///   a path that exists but not for this method is a 405 naming the methods it has (`Allow`);
/// - a request that may write (not GET or HEAD) forgets the remembered revisions
///   (``RevisionMemo``), so the daemon's own changes show in the next answer — unless it was
///   refused (4xx: no token, bad input, a conflict), which wrote nothing: an outsider's failing
///   requests never cost the feeds their memo;
/// - every answer gets the security headers, and an answer to a request that carries a token
///   is `Cache-Control: private`;
/// - every answer, error answers included, is counted by route pattern, method and status.
///
/// Polls answered by ``PollFastPath`` never come here: a 304 without a body needs none of it.
struct PlannerMiddleware: RouterMiddleware {
    typealias Context = PlannerRequestContext

    let metrics: ServerMetrics
    let revisions: RevisionMemo
    let routes: RouteTable

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let mayWrite = request.method != .get && request.method != .head
        var refused = false
        defer { if mayWrite && !refused { revisions.forgetAll() } }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            var answer = APIError.from(error, logger: context.logger)
            if answer.status == .serviceUnavailable { metrics.storeErrors.increment() }
            if let error = error as? HTTPError, error.status == .notFound {
                answer = routes.methodNotAllowed(request.method, path: request.uri.path) ?? answer
            }
            response = try answer.response(from: request, context: context)
        }
        refused = (400..<500).contains(response.status.code)
        SecurityHeaders.add(to: &response.headers)
        if SecurityHeaders.carriesToken(request) {
            SecurityHeaders.makePrivate(&response.headers)
        }
        // The route pattern, not the raw path, so the label set stays small.
        metrics.countRequest(
            route: context.endpointPath ?? "unmatched", method: request.method, status: response.status)
        return response
    }
}

/// The headers every page and API answer carries, and the rule for private answers.
enum SecurityHeaders {
    /// Scripts and styles from this server only, never inline; no framing; no plugins.
    static let contentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let referrerPolicy = HTTPField.Name("Referrer-Policy")!

    /// Adds the security headers (token URLs exist: no `Referer` may carry one elsewhere).
    static func add(to headers: inout HTTPFields) {
        headers[.contentSecurityPolicy] = contentSecurityPolicy
        headers[.xContentTypeOptions] = "nosniff"
        headers[referrerPolicy] = "no-referrer"
    }

    /// Whether the request carries a secret: a bearer token or a feed token in the query.
    static func carriesToken(_ request: Request) -> Bool {
        request.headers[.authorization] != nil
            || (request.uri.query.map { !$0.isEmpty } == true && request.uri.queryParameters.get("token") != nil)
    }

    /// `Cache-Control: private` on an answer made for one token holder: a shared cache must not
    /// keep it (a revoked token's answers would outlive the token). `no-store` stays as it is.
    static func makePrivate(_ headers: inout HTTPFields) {
        guard let control = headers[.cacheControl] else {
            headers[.cacheControl] = "private, no-cache"
            return
        }
        let directives = control.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        if directives.contains("no-store") || directives.contains("private") { return }
        headers[.cacheControl] = (["private"] + directives.filter { $0 != "public" }).joined(separator: ", ")
    }
}

/// The router's own table of paths and methods, for `405 Method Not Allowed` with `Allow`.
///
/// Filled once the router has every route (``buildRouter(_:)``), so a new route is covered
/// without editing this list.
final class RouteTable: Sendable {
    private let routes = Mutex<[(path: RouterPath, methods: Set<HTTPRequest.Method>)]>([])

    /// Takes the router's routes; a path with GET also answers HEAD (the router makes those).
    func fill(from descriptions: [Router<PlannerRequestContext>.RouteDescription]) {
        var byPath: [String: (path: RouterPath, methods: Set<HTTPRequest.Method>)] = [:]
        for description in descriptions {
            byPath[description.path.description, default: (description.path, [])].methods.insert(description.method)
        }
        let table = byPath.values.map { route in
            (path: route.path, methods: route.methods.contains(.get) ? route.methods.union([.head]) : route.methods)
        }
        routes.withLock { $0 = table }
    }

    /// The methods `path` answers, by the route the router would pick; empty when none.
    func allowedMethods(for path: String) -> [HTTPRequest.Method] {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        let matching = routes.withLock { routes in
            routes.filter { route in
                route.path.components.count == components.count
                    && zip(route.path.components, components).allSatisfy { pattern, component in pattern ~= component }
            }
        }
        // Like the router: a literal component beats a capture at the first place they differ.
        let best = matching.max { Self.specificity($0.path).lexicographicallyPrecedes(Self.specificity($1.path)) }
        return (best?.methods ?? []).sorted { $0.rawValue < $1.rawValue }
    }

    /// 405 with `Allow` when `path` exists but not for `method`; nil when the path is unknown.
    func methodNotAllowed(_ method: HTTPRequest.Method, path: String) -> APIError? {
        let allowed = allowedMethods(for: path)
        guard !allowed.isEmpty, !allowed.contains(method) else { return nil }
        let list = allowed.map(\.rawValue).joined(separator: ", ")
        return APIError(.methodNotAllowed, "\(path) answers \(list) only", headers: [.allow: list])
    }

    /// 2 for a literal component, 1 for a partial capture (`{group}.ics`), 0 for a whole one.
    private static func specificity(_ path: RouterPath) -> [Int] {
        path.components.map { component in
            let text = component.description
            if !text.contains("{") && !text.contains("*") { return 2 }
            return text.hasPrefix("{") && text.hasSuffix("}") || text == "*" || text == "**" ? 0 : 1
        }
    }
}

/// The debug log line of each request, with every token redacted (`?token=***`).
struct RequestLogMiddleware: RouterMiddleware {
    typealias Context = PlannerRequestContext

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        context.logger.debug(
            "Request",
            metadata: [
                "hb.request.path": "\(Redaction.redact(request.uri.description))",
                "hb.request.method": "\(request.method)",
            ])
        return try await next(request, context)
    }
}

/// Secrets out of log text: feed tokens in queries and bearer tokens.
enum Redaction {
    /// `text` with the value of every `token=` parameter and `Bearer` credential replaced by `***`.
    static func redact(_ text: String) -> String {
        guard text.contains("token=") || text.contains("Bearer ") else { return text }
        return text.replacing(#/(token=|Bearer )[^&\s"',;]+/#) { match in match.output.1 + "***" }
    }
}
