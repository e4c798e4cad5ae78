import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import Testing
import Yams

/// `/openapi.yaml` describes exactly the routes the router has, with the statuses they answer.
@Suite struct OpenAPITests {
    /// `METHOD /path/{param}` for every operation in the document.
    static func documented(_ text: String) throws -> Set<String> {
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        #expect(document["openapi"] as? String == "3.1.0")
        let paths = try #require(document["paths"] as? [String: Any])
        var operations = Set<String>()
        for (path, item) in paths {
            let methods = try #require(item as? [String: Any])
            for method in methods.keys where ["get", "put", "post", "delete", "patch"].contains(method) {
                operations.insert("\(method.uppercased()) \(path)")
            }
        }
        return operations
    }

    @Test func theDocumentAndTheRouterAgree() async throws {
        let dependencies = try Fixtures.dependencies()
        let router = try buildRouter(dependencies)
        let routed = Set(
            router.routes.filter { $0.method != .head }.map { route in
                let path = "\(route.path)"
                return "\(route.method) \(path.hasPrefix("/") ? path : "/" + path)"
            })
        let text = try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/openapi.yaml", method: .get) { response in
                #expect(response.status == .ok)
                return String(buffer: response.body)
            }
        }
        let documented = try Self.documented(text)
        #expect(routed.subtracting(documented).sorted() == [], "routes missing from openapi.yaml")
        #expect(documented.subtracting(routed).sorted() == [], "documented paths that are not routed")
    }

    @Test func everyWriteDocumentsItsAuthErrors() throws {
        let text = String(buffer: try Fixtures.dependencies().resources.openAPI)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            for method in ["post", "put", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path)")
                #expect(responses["401"] != nil && responses["403"] != nil, "\(method) \(path) lacks 401/403")
                #expect(operation["security"] != nil, "\(method) \(path) lacks security")
            }
        }
    }
}
