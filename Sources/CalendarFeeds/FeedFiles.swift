public import Foundation

/// Writes rendered feeds as files for a plain web server or a file share.
public enum FeedFiles {
    /// What happened to one file.
    public enum Outcome: String, Hashable, Sendable {
        /// It did not exist.
        case created
        /// Its bytes changed.
        case updated
        /// Its bytes were already these: the file was not touched (its modification time stays).
        case unchanged
    }

    /// Writes each feed to `directory/fileName` (creating the directory), atomically, and only
    /// when its bytes differ from the file's. Returns the outcome per file name, in feed order.
    public static func write(_ feeds: [RenderedFeed], to directory: URL) throws -> [(
        fileName: String, outcome: Outcome
    )] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return try feeds.map { feed -> (fileName: String, outcome: Outcome) in
            let url = directory.appendingPathComponent(feed.fileName)
            let existing = try? Data(contentsOf: url)
            if existing == feed.data { return (feed.fileName, .unchanged) }
            try feed.data.write(to: url, options: .atomic)
            return (feed.fileName, existing == nil ? .created : .updated)
        }
    }

    /// Writes the feeds of `renderer` that `including` admits among ``FeedRenderer/feedsToWrite(existingFiles:)``
    /// for the files already in `directory`: a stale theme, kind or priority file is emptied.
    public static func write(
        feedsOf renderer: FeedRenderer, to directory: URL, including: (FeedKind) -> Bool = { _ in true }
    ) throws -> [(fileName: String, outcome: Outcome)] {
        let feeds = try renderer.feedsToWrite(existingFiles: names(in: directory)).filter(including).map {
            kind throws(FeedError) in try renderer.render(kind)
        }
        return try write(feeds, to: directory)
    }

    /// The names of the files in `directory`; none when it does not exist (yet).
    public static func names(in directory: URL) -> Set<String> {
        Set((try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? [])
    }

    /// Deletes `fileNames` from `directory`; a file already gone is not an error.
    public static func remove(_ fileNames: [String], from directory: URL) throws {
        for name in fileNames {
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else { continue }
            try FileManager.default.removeItem(at: url)
        }
    }
}
