import CalendarFeeds
import Foundation
import Hummingbird
import Logging
import NIOCore
import PlannerStore
import Prometheus

/// `/healthz` (the process answers), `/readyz` (the store answers), `/metrics` (Prometheus) and
/// `/openapi.yaml` (the API's description).
struct HealthController {
    let store: PlannerStore
    let metrics: ServerMetrics
    /// The bytes of `openapi.yaml`.
    let openAPI: ByteBuffer

    func addRoutes(to router: some RouterMethods<PlannerRequestContext>) {
        router.on(.health, .get, use: health)
        router.on(.ready, .get, use: ready)
        router.on(.metrics, .get, use: prometheus)
        router.on(.openAPI, .get, use: openAPIDocument)
    }

    @Sendable func openAPIDocument(_ request: Request, context: PlannerRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: openAPI))
    }

    @Sendable func health(_ request: Request, context: PlannerRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }

    /// 200 with the number of groups when the store can be read; 503 otherwise.
    @Sendable func ready(_ request: Request, context: PlannerRequestContext) throws -> Response {
        let groups: Int
        do {
            groups = try store.groups().count
        } catch {
            context.logger.warning("not ready: the store cannot be read", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, "the store cannot be read")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"groups":\#(groups),"store":"ok"}"#)))
    }

    @Sendable func prometheus(_ request: Request, context: PlannerRequestContext) -> Response {
        let bytes = metrics.registry.emitToBuffer()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
