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

    @Test func everyWriteDocumentsWhoMayMakeIt() throws {
        let text = String(buffer: try Fixtures.dependencies().resources.openAPI)
        let document = try #require(try Yams.load(yaml: text) as? [String: Any])
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        for (path, item) in paths {
            for method in ["post", "put", "delete"] {
                guard let operation = item[method] as? [String: Any] else { continue }
                let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path)")
                // Every write says who may make it: the API's need a token (and say 401/403); an
                // open form (anonymous feedback) says so with an empty `security`.
                #expect(operation["security"] != nil, "\(method) \(path) lacks security")
                if path.hasPrefix("/api/") {
                    #expect(responses["401"] != nil && responses["403"] != nil, "\(method) \(path) lacks 401/403")
                } else {
                    #expect((operation["security"] as? [Any])?.isEmpty == true, "\(method) \(path) is open or not")
                }
            }
        }
    }

    /// The served document, parsed.
    static func document() throws -> [String: Any] {
        let text = String(buffer: try Fixtures.dependencies().resources.openAPI)
        return try #require(try Yams.load(yaml: text) as? [String: Any])
    }

    /// Every operation: its method, path, and the operation object with the path's parameters
    /// added to its own.
    static func operations(_ document: [String: Any]) throws -> [(
        method: String, path: String, operation: [String: Any]
    )] {
        let paths = try #require(document["paths"] as? [String: [String: Any]])
        var operations: [(String, String, [String: Any])] = []
        for (path, item) in paths.sorted(by: { $0.key < $1.key }) {
            let shared = item["parameters"] as? [[String: Any]] ?? []
            for method in ["get", "put", "post", "delete"] {
                guard var operation = item[method] as? [String: Any] else { continue }
                operation["parameters"] = shared + (operation["parameters"] as? [[String: Any]] ?? [])
                operations.append((method, path, operation))
            }
        }
        return operations
    }

    /// A parameter object, following a `$ref` into `components/parameters`.
    static func resolve(_ parameter: [String: Any], in document: [String: Any]) -> [String: Any] {
        guard let ref = parameter["$ref"] as? String else { return parameter }
        let name = ref.split(separator: "/").last.map(String.init) ?? ""
        let components = document["components"] as? [String: Any]
        return (components?["parameters"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// The statuses each handler can answer, as far as they follow from the operation's shape:
    /// a path parameter can name nothing (404); a body can be malformed (400) or too large
    /// (413); a validated query can be wrong (400); a bearer token can be missing or of another
    /// group (401, 403), also on the group's public reads, which accept a token; a write under a
    /// group takes If-Match (412); a planning run can be overtaken (409) or fall short (422);
    /// every API operation reads the store, which another process may hold locked (503).
    @Test func everyOperationDocumentsTheStatusesItsHandlerCanAnswer() throws {
        let document = try Self.document()
        var missing: [String] = []
        for (method, path, operation) in try Self.operations(document) {
            let responses = try #require(operation["responses"] as? [String: Any], "\(method) \(path)")
            let parameters = (operation["parameters"] as? [[String: Any]] ?? []).map { Self.resolve($0, in: document) }
            var expected: Set<String> = []
            if parameters.contains(where: { $0["in"] as? String == "path" }) { expected.insert("404") }
            if parameters.contains(where: { $0["in"] as? String == "query" }) { expected.insert("400") }
            if operation["requestBody"] != nil { expected.formUnion(["400", "413"]) }
            if let security = operation["security"] as? [Any], !security.isEmpty { expected.formUnion(["401", "403"]) }
            if path.hasPrefix("/api/v1/groups/{group}/") { expected.formUnion(["401", "403", "404"]) }
            if path.hasPrefix("/api/v1/groups/{group}/"), method != "get" {
                expected.insert("412")
                if !parameters.contains(where: {
                    $0["name"] as? String == "If-Match" && $0["in"] as? String == "header"
                }) {
                    missing.append("\(method) \(path): If-Match")
                }
            }
            if path.hasSuffix("/plan") { expected.formUnion(["409", "422"]) }
            if path.hasPrefix("/api/") { expected.insert("503") }
            for status in expected.sorted() where responses[status] == nil {
                missing.append("\(method) \(path): \(status)")
            }
        }
        #expect(missing == [])
    }

    /// Every schema says what it holds: an object names its properties (or what its values
    /// are), an array what its items are; no bare `type: object`.
    @Test func everySchemaIsTyped() throws {
        var untyped: [String] = []
        func walk(_ value: Any, at path: String) {
            if let object = value as? [String: Any] {
                let types = (object["type"] as? [String]) ?? [(object["type"] as? String) ?? ""]
                if path.contains("schema"), types.contains("object"), object["properties"] == nil,
                    object["additionalProperties"] == nil
                {
                    untyped.append(path)
                }
                if path.contains("schema"), types.contains("array"), object["items"] == nil { untyped.append(path) }
                for (key, child) in object { walk(child, at: path + "/" + key) }
            } else if let array = value as? [Any] {
                for (index, child) in array.enumerated() { walk(child, at: path + "/\(index)") }
            }
        }
        walk(try Self.document(), at: "")
        #expect(untyped.sorted() == [])
    }

    /// Every error the JSON API answers is documented as the error body (or, for 422, the
    /// shortfall with its plan).
    @Test func everyAPIErrorIsDocumentedAsTheErrorBody() throws {
        let document = try Self.document()
        let responses = try #require((document["components"] as? [String: Any])?["responses"] as? [String: Any])
        var wrong: [String] = []
        for (method, path, operation) in try Self.operations(document) where path.hasPrefix("/api/") {
            for (status, response) in operation["responses"] as? [String: Any] ?? [:]
            where status.hasPrefix("4") || status.hasPrefix("5") {
                var object = response as? [String: Any] ?? [:]
                if let ref = object["$ref"] as? String, let name = ref.split(separator: "/").last {
                    object = responses[String(name)] as? [String: Any] ?? [:]
                }
                let schema = ((object["content"] as? [String: Any])?["application/json"] as? [String: Any])?["schema"]
                let ref = (schema as? [String: Any])?["$ref"] as? String ?? ""
                let allowed = status == "422" ? ref.hasSuffix("Shortfall") : ref == "#/components/schemas/Error"
                if !allowed { wrong.append("\(method) \(path) \(status)") }
            }
        }
        #expect(wrong == [])
    }

    /// openapi-spec-validator (PyPI, in the test virtual environment) accepts the served
    /// document as OpenAPI 3.1.
    @Test func theDocumentIsValidOpenAPI() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("openapi-\(UUID().uuidString).yaml")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(try Fixtures.dependencies().resources.openAPI.readableBytesView).write(to: file)
        let (status, output) = try await ExternalTools.run(
            try ExternalTools.python(), ["-m", "openapi_spec_validator", file.path])
        #expect(status == 0, "\(output)")
        #expect(output.contains(": OK"), "\(output)")
    }
}
