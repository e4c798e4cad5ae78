import CalendarFeeds
import Foundation
import Logging
import PlannerStore

/// Prints where to look and what to subscribe to, once the server listens on `port`.
func announce(store: PlannerStore, configuration: ServerConfiguration, port: Int, logger: Logger) {
    var listening = configuration
    listening.port = port
    let links = SiteLinks(baseURL: listening.publicBaseURL)
    var lines = ["plannerd is listening on \(configuration.host):\(port)", "  open       \(links.url(.home))"]
    for group in (try? store.groups()) ?? [] {
        let subscribe = SubscribeLinks(feedURL: links.url(.feed(.group, group: group.slug)))
        lines.append("  \(group.slug): page \(links.url(.groupPage(group.slug)))")
        lines.append("  \(group.slug): subscribe \(subscribe.webcal)  (or \(subscribe.https))")
    }
    lines.append("  every group: subscribe \(SubscribeLinks(feedURL: links.url(.networkFeed)).webcal)")
    FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    logger.info("listening", metadata: ["address": "\(configuration.host):\(port)", "store": "\(configuration.store)"])
}
