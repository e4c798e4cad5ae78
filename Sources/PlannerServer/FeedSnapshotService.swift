import CalendarFeeds
import Foundation
import Logging
import PlannerStore
import Planning
import ServiceLifecycle

/// Rewrites the public feeds of every group whose revision changed as files under the feed
/// folder (`Calendars/feeds/vienna.ics`…), and the network feed of every group
/// (`network.ics`) after any of them changed, for a plain web server or a file share.
///
/// It looks every ``interval`` (so writes made by `planner` in another process are seen too),
/// writes only files whose bytes changed, and stops at graceful shutdown. Private feeds are not
/// written: they carry member data and are reached only by token.
struct FeedSnapshotService: Service {
    let dependencies: ServerDependencies
    var interval: Duration = .seconds(2)

    /// Runs until graceful shutdown; `buildApplication` adds it only when a feed folder is set.
    func run() async throws {
        let directory = URL(fileURLWithPath: dependencies.configuration.feedFolder, isDirectory: true)
        var written: [Slug: Int] = [:]
        while !Task.isCancelled {
            writeChanged(to: directory, written: &written)
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
        }
    }

    /// One pass: the public feeds of the groups whose revision differs from the last written
    /// one, then the network feed of every group (each group and the catalogue read once).
    func writeChanged(to directory: URL, written: inout [Slug: Int]) {
        let logger = dependencies.logger
        do {
            guard try dependencies.store.groupRevisions().contains(where: { written[$0.slug] != $0.revision }) else {
                return
            }
            let groups = try dependencies.feeds.groups()
            let options = try dependencies.feeds.options()
            for (snapshot, source) in groups where written[snapshot.plan.group.slug] != snapshot.revision {
                let outcomes = try FeedFiles.write(
                    feedsOf: FeedRenderer(source: source, options: options), to: directory, including: { !$0.isPrivate }
                )
                let changed = outcomes.filter { $0.outcome != .unchanged }.map(\.fileName)
                if !changed.isEmpty {
                    logger.info(
                        "feed snapshots written",
                        metadata: [
                            "group": "\(snapshot.plan.group.slug)", "revision": "\(snapshot.revision)",
                            "files": "\(changed.count)",
                        ])
                }
                written[snapshot.plan.group.slug] = snapshot.revision
            }
            let outcome = try FeedFiles.write([StoredFeeds.network(of: groups, options: options).0], to: directory)
            if outcome.contains(where: { $0.outcome != .unchanged }) {
                logger.info("network feed snapshot written", metadata: ["file": "\(SharedFeeds.networkFileName)"])
            }
        } catch {
            logger.error(
                "feed snapshots could not be written", metadata: ["folder": "\(directory.path)", "error": "\(error)"])
        }
    }
}
