import Foundation
import Planning
import PlannerStore
import Synchronization

/// The groups' revisions, remembered for a moment so that a feed answered from memory (a 304
/// above all) costs no SQLite read.
///
/// A write through this daemon's API forgets them at once (``forgetAll()``), so its own changes
/// show in the next answer; a write by another process (`planner`, a second daemon) shows within
/// ``lifetime``.
public final class RevisionMemo: Sendable {
    /// What a revision is remembered for.
    enum Subject: Hashable, Sendable {
        /// One group (its revision counts catalogue changes too).
        case group(Slug)
        /// Every group at once: the network feed.
        case network
        /// The catalogue alone: the observances of no group.
        case catalogue
    }

    private let entries = Mutex<[Subject: (revision: String, read: ContinuousClock.Instant)]>([:])
    /// How long a remembered revision is trusted; zero reads the store every time.
    public let lifetime: Duration

    /// Creates an empty memo.
    public init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The subject's revision while it is remembered and fresh; nil otherwise (no store read).
    func freshRevision(of subject: Subject) -> String? {
        guard lifetime > .zero, let entry = entries.withLock({ $0[subject] }) else { return nil }
        return ContinuousClock.now - entry.read < lifetime ? entry.revision : nil
    }

    /// The subject's revision, from memory while fresh, else from the store.
    func revision(of subject: Subject, store: PlannerStore) throws -> String {
        if let remembered = freshRevision(of: subject) { return remembered }
        let now = ContinuousClock.now
        let revision: String
        switch subject {
        case .group(let slug):
            revision = String(try store.revision(of: slug))
        case .network:
            // Every group's slug and revision (a new group changes it as much as a write does),
            // hashed to keep the entity tag short.
            let groups = try store.groupRevisions().map { "\($0.slug).\($0.revision)" }.joined(separator: "-")
            revision = "n" + String(CachedFeed.fnv1a(Array(groups.utf8)), radix: 36)
        case .catalogue:
            revision = String(try store.catalogueRevision().revision)
        }
        if lifetime > .zero { entries.withLock { $0[subject] = (revision, now) } }
        return revision
    }

    /// Forgets every remembered revision (after a write).
    func forgetAll() {
        entries.withLock { $0.removeAll() }
    }
}
