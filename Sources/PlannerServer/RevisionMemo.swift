import Foundation
import PlannerStore
import Planning
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

    private struct State {
        var entries: [Subject: (revision: String, read: ContinuousClock.Instant)] = [:]
        /// Raised by every ``forgetAll()``. A revision read from the store is remembered only
        /// if no forgetting happened since the read began: otherwise a slow reader (read
        /// revision 5, a write lands, the memo forgets, then it stores 5) would re-remember the
        /// old revision, and polls would be answered 304 for a feed that changed.
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    /// How long a remembered revision is trusted; zero reads the store every time.
    public let lifetime: Duration

    /// Creates an empty memo.
    public init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The subject's revision while it is remembered and fresh; nil otherwise (no store read).
    func freshRevision(of subject: Subject) -> String? {
        guard lifetime > .zero, let entry = state.withLock({ $0.entries[subject] }) else { return nil }
        return ContinuousClock.now - entry.read < lifetime ? entry.revision : nil
    }

    /// The subject's revision, from memory while fresh, else from the store.
    func revision(of subject: Subject, store: PlannerStore) throws -> String {
        try revision(of: subject) {
            switch subject {
            case .group(let slug):
                return String(try store.revision(of: slug))
            case .network:
                // Every group's slug and revision (a new group changes it as much as a write
                // does), hashed to keep the entity tag short.
                let groups = try store.groupRevisions().map { "\($0.slug).\($0.revision)" }.joined(separator: "-")
                return "n" + String(CachedFeed.fnv1a(Array(groups.utf8)), radix: 36)
            case .catalogue:
                return String(try store.catalogueRevision().revision)
            }
        }
    }

    /// The subject's revision, from memory while fresh, else from `read`; remembered only if
    /// nothing was forgotten while `read` ran.
    func revision(of subject: Subject, read: () throws -> String) throws -> String {
        if let remembered = freshRevision(of: subject) { return remembered }
        let generation = state.withLock { $0.generation }
        let now = ContinuousClock.now
        let revision = try read()
        if lifetime > .zero {
            state.withLock { state in
                if state.generation == generation { state.entries[subject] = (revision, now) }
            }
        }
        return revision
    }

    /// Forgets every remembered revision (after a write), and keeps any read that began
    /// before from being remembered.
    func forgetAll() {
        state.withLock { state in
            state.entries.removeAll()
            state.generation &+= 1
        }
    }
}
