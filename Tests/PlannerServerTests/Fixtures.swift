import Catalogues
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PlannerServer
import PlannerStore
import Planning

/// The real catalogue and example group from `Config/`, loaded into real stores.
enum Fixtures {
    /// The package's root folder.
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static var catalogueFolder: URL { root.appendingPathComponent("Config/catalogue", isDirectory: true) }
    static var exampleGroupFile: URL { root.appendingPathComponent("Config/groups/example.yaml") }

    /// An in-memory store with the catalogue, the example group `vienna` and a second group
    /// `skopje` (the same file under another slug), at a fixed clock.
    static func store(clock: @escaping @Sendable () -> Date = { Fixtures.now }) throws -> PlannerStore {
        let store = try PlannerStore.inMemory(clock: clock)
        try fill(store)
        return store
    }

    static func fill(_ store: PlannerStore) throws {
        let catalogue = try CatalogueLoader.load(directory: catalogueFolder)
        _ = try store.installCatalogue(catalogue)
        let text = try String(contentsOf: exampleGroupFile, encoding: .utf8)
        _ = try store.importGroup(GroupLoader.load(text: text, name: "example.yaml", catalogue: catalogue))
        let skopje = text.replacingOccurrences(of: "slug: vienna", with: "slug: skopje")
            .replacingOccurrences(
                of: "name: Men for Gender Equality Group Vienna", with: "name: Men for Gender Equality Group Skopje")
        _ = try store.importGroup(GroupLoader.load(text: skopje, name: "skopje.yaml", catalogue: catalogue))
    }

    static func configuration() -> ServerConfiguration {
        var configuration = ServerConfiguration()
        configuration.baseURL = "https://calendars.example.org"
        configuration.feedFolder = ""
        configuration.maxBodyBytes = 4_096
        return configuration
    }

    static func dependencies(_ store: PlannerStore? = nil, configuration: ServerConfiguration = configuration()) throws
        -> ServerDependencies
    {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return try ServerDependencies(
            configuration: configuration, store: store ?? Fixtures.store(), logger: logger, clock: { now },
            revisions: RevisionMemo(lifetime: .zero))
    }

    static func app(_ dependencies: ServerDependencies) throws -> some ApplicationProtocol {
        Application(router: try buildRouter(dependencies), logger: dependencies.logger)
    }

    /// The tests' "now": Friday 15 January 2027, 08:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_800_000_000)

    static func slug(_ text: String) throws -> Slug { try Slug(text) }

    static func bearer(_ secret: String) -> HTTPFields { [.authorization: "Bearer \(secret)"] }

    static func json(_ text: String) -> ByteBuffer { ByteBuffer(string: text) }

    /// The `error` object of an error answer.
    struct ErrorAnswer: Decodable {
        struct Detail: Decodable {
            let message: String
            let field: String?
        }
        let error: Detail
    }

    /// `error.message` of an error answer; empty when the body is not one.
    static func errorMessage(_ body: ByteBuffer) -> String {
        (try? JSONDecoder().decode(ErrorAnswer.self, from: Data(body.readableBytesView)))?.error.message ?? ""
    }

    /// `error.field` of an error answer.
    static func errorField(_ body: ByteBuffer) -> String? {
        (try? JSONDecoder().decode(ErrorAnswer.self, from: Data(body.readableBytesView)))?.error.field
    }

    static func decode<T: Decodable>(_ type: T.Type, _ body: ByteBuffer) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(body.readableBytesView))
    }
}

/// Runs blocking work (sockets, child processes) on a thread of its own: blocking a thread of
/// Swift's small cooperative pool (two on this machine) would starve the handlers of the servers
/// other tests run in this process.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
