import Foundation
import Hummingbird
import Logging
import NIOCore
import PlannerStore
import Prometheus

/// `/healthz` (the process answers), `/readyz` (the store answers), `/metrics` (Prometheus) and
/// `/openapi.yaml` (the API's description).
struct HealthController {
    let dependencies: ServerDependencies

    func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("healthz", use: health)
        router.get("readyz", use: ready)
        router.get("metrics", use: metrics)
        router.get("openapi.yaml", use: openAPI)
    }

    @Sendable func openAPI(_ request: Request, context: BasicRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "application/yaml; charset=utf-8", .cacheControl: "max-age=3600"],
            body: .init(byteBuffer: dependencies.resources.openAPI))
    }

    @Sendable func health(_ request: Request, context: BasicRequestContext) -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
    }

    /// 200 with the number of groups when the store can be read; 503 otherwise.
    @Sendable func ready(_ request: Request, context: BasicRequestContext) throws -> Response {
        let groups: Int
        do {
            groups = try dependencies.store.groups().count
        } catch {
            context.logger.warning("not ready: the store cannot be read", metadata: ["error": "\(error)"])
            throw APIError(.serviceUnavailable, "the store cannot be read")
        }
        return Response(
            status: .ok, headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(string: #"{"groups":\#(groups),"store":"ok"}"#)))
    }

    @Sendable func metrics(_ request: Request, context: BasicRequestContext) -> Response {
        let bytes = dependencies.metrics.registry.emitToBuffer()
        return Response(
            status: .ok,
            headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8", .cacheControl: "no-store"],
            body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
