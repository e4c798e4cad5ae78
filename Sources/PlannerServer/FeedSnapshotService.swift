import CalendarFeeds
import Foundation
import Logging
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

    func run() async throws {
        let folder = dependencies.configuration.feedFolder
        guard !folder.isEmpty else {
            // Nothing to write; a service that returned early would stop the whole daemon.
            try? await gracefulShutdown()
            return
        }
        let directory = URL(fileURLWithPath: folder, isDirectory: true)
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

    /// One pass: the groups whose revision differs from the last written one.
    func writeChanged(to directory: URL, written: inout [Slug: Int]) {
        let logger = dependencies.logger
        do {
            var anyChanged = false
            for group in try dependencies.store.groupRevisions() where written[group.slug] != group.revision {
                anyChanged = true
                let (renderer, snapshot) = try FeedRendering.renderer(of: group.slug, dependencies: dependencies)
                let existing = Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
                let feeds = try renderer.feedsToWrite(existingFiles: existing).filter { !$0.isPrivate }.map {
                    kind throws(FeedError) in try renderer.render(kind)
                }
                let outcomes = try FeedFiles.write(feeds, to: directory)
                let changed = outcomes.filter { $0.outcome != .unchanged }.map(\.fileName)
                if !changed.isEmpty {
                    logger.info(
                        "feed snapshots written",
                        metadata: ["group": "\(group.slug)", "revision": "\(snapshot.revision)", "files": "\(changed.count)"])
                }
                written[group.slug] = snapshot.revision
            }
            if anyChanged {
                let outcome = try FeedFiles.write([FeedRendering.network(dependencies).0], to: directory)
                if outcome.contains(where: { $0.outcome != .unchanged }) {
                    logger.info("network feed snapshot written", metadata: ["file": "\(SharedFeeds.networkFileName)"])
                }
            }
        } catch {
            logger.error("feed snapshots could not be written", metadata: ["folder": "\(directory.path)", "error": "\(error)"])
        }
    }
}
