import Foundation
import Hummingbird
import HummingbirdTesting
import PlannerServer
import PlannerStore
import Testing

/// The whole daemon as `plannerd` builds it, on a real socket on 127.0.0.1 with a file store.
@Suite struct LiveTests {
    @Test func theBuiltDaemonImportsTheExampleOnFirstRunAndServesOverTCP() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("plannerd-live-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.store = folder.appendingPathComponent("planner.sqlite").path
        configuration.catalogue = Fixtures.catalogueFolder.path
        configuration.exampleGroup = Fixtures.exampleGroupFile.path
        configuration.feedFolder = folder.appendingPathComponent("feeds").path
        configuration.logLevel = .error
        let app = try await buildApplication(configuration)
        try await app.test(.live) { client in
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""groups":1"#))
            }
            try await client.execute(uri: "/api/v1/groups/vienna", method: .get) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/groups/vienna", method: .head) { response in
                #expect(response.status == .ok)
                #expect(response.body.readableBytes == 0)
            }
            try await client.execute(uri: "/api/v1/groups/vienna/members", method: .get) { response in
                #expect(response.status == .unauthorized)
            }
        }
        // The store is a real file, readable by another process after the daemon stopped.
        let reopened = try PlannerStore(path: configuration.store)
        #expect(try reopened.groups().map(\.slug.rawValue) == ["vienna"])
    }
}
