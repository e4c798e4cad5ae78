import Catalogues
import Foundation
import Logging
import Planning
import PlannerStore

/// What the daemon does to a store before serving it, and what it prints once it listens.
enum FirstRun {
    /// Installs the catalogue from `configuration.catalogue` (a no-op when unchanged) and, when
    /// the store has no group yet, imports the example group so a first run shows a calendar.
    static func prepare(store: PlannerStore, configuration: ServerConfiguration, logger: Logger) throws {
        let directory = URL(fileURLWithPath: configuration.catalogue, isDirectory: true)
        if FileManager.default.fileExists(atPath: directory.path) {
            let changes = try store.installCatalogue(CatalogueLoader.load(directory: directory))
            if !changes.isEmpty {
                logger.info("catalogue installed", metadata: ["from": "\(directory.path)", "changes": "\(changes.count)"])
            }
        } else if try store.catalogue().themes.isEmpty {
            throw ConfigurationError(
                "the store has no catalogue and the catalogue folder \(directory.path) does not exist: set catalogue")
        }
        guard try store.groups().isEmpty, !configuration.exampleGroup.isEmpty else { return }
        let file = URL(fileURLWithPath: configuration.exampleGroup)
        guard FileManager.default.fileExists(atPath: file.path) else {
            logger.warning("the store is empty and the example group file does not exist", metadata: ["file": "\(file.path)"])
            return
        }
        let plan = try GroupLoader.load(file: file, catalogue: store.catalogue())
        let report = try store.importGroup(plan)
        logger.info(
            "imported the example group into the empty store",
            metadata: ["group": "\(report.group)", "file": "\(file.path)", "changes": "\(report.changes.count)"])
    }

    /// Prints where to look and what to subscribe to, once the server listens on `port`.
    static func announce(store: PlannerStore, configuration: ServerConfiguration, port: Int, logger: Logger) {
        var listening = configuration
        listening.port = port
        let base = listening.publicBaseURL
        var lines = ["plannerd is listening on \(configuration.host):\(port)", "  open       \(base)/"]
        for group in (try? store.groups()) ?? [] {
            let links = SubscribeLinks(feedURL: base + SiteURL.publicFeed(group.slug))
            lines.append("  \(group.slug): page \(base)\(SiteURL.groupPage(group.slug))")
            lines.append("  \(group.slug): subscribe \(links.webcal)  (or \(links.https))")
        }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        logger.info("listening", metadata: ["address": "\(configuration.host):\(port)", "store": "\(configuration.store)"])
    }
}
