import Foundation
import Hummingbird
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
    private let entries = Mutex<[Slug: (revision: Int, read: ContinuousClock.Instant)]>([:])
    /// How long a remembered revision is trusted; zero reads the store every time.
    public let lifetime: Duration

    /// Creates an empty memo.
    public init(lifetime: Duration = .seconds(1)) {
        self.lifetime = lifetime
    }

    /// The group's revision, from memory while fresh, else from the store.
    func revision(of group: Slug, store: PlannerStore) throws -> Int {
        let now = ContinuousClock.now
        if lifetime > .zero, let entry = entries.withLock({ $0[group] }), now - entry.read < lifetime {
            return entry.revision
        }
        let revision = try store.revision(of: group)
        if lifetime > .zero { entries.withLock { $0[group] = (revision, now) } }
        return revision
    }

    /// Forgets every remembered revision (after a write).
    func forgetAll() {
        entries.withLock { $0.removeAll() }
    }
}

/// Forgets the remembered revisions after every request that may write (not GET or HEAD).
struct RevisionMemoMiddleware<Context: RequestContext>: RouterMiddleware {
    let memo: RevisionMemo

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.method != .get, request.method != .head else { return try await next(request, context) }
        defer { memo.forgetAll() }
        return try await next(request, context)
    }
}
