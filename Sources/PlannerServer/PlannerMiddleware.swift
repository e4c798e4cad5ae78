import Hummingbird

/// The one layer every request passes, doing three things in one frame (each extra layer is
/// another async frame and context copy on the hot path of a feed poll):
/// - an error a handler throws becomes its JSON answer (``APIError``), store failures counted;
/// - a request that may write (not GET or HEAD) forgets the remembered revisions
///   (``RevisionMemo``), so the daemon's own changes show in the next answer;
/// - every answer, error answers included, is counted by route pattern, method and status.
struct PlannerMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext

    let metrics: ServerMetrics
    let revisions: RevisionMemo

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let mayWrite = request.method != .get && request.method != .head
        defer { if mayWrite { revisions.forgetAll() } }
        let response: Response
        do {
            response = try await next(request, context)
        } catch {
            let answer = APIError.from(error, logger: context.logger)
            if answer.status == .serviceUnavailable { metrics.storeErrors.increment() }
            response = try answer.response(from: request, context: context)
        }
        // The route pattern, not the raw path, so the label set stays small.
        metrics.countRequest(route: context.endpointPath ?? "unmatched", method: request.method, status: response.status)
        return response
    }
}
