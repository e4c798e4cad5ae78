import Foundation
import Hummingbird
import PlannerStore
import Planning

/// A group's entity tag, and the `If-Match` precondition of the API's writes under
/// `/api/v1/groups/{group}/…`.
///
/// `GET /api/v1/groups/{group}` answers the tag; a write that sends it back in `If-Match` is
/// made only while the group is still at that revision (checked inside the write's
/// transaction), otherwise it is answered 412 and writes nothing. `If-Match: *` matches any
/// existing group; a write without `If-Match` is not checked.
enum GroupPrecondition {
    /// The group's entity tag at `revision`, `"g12"`: the one place it is made.
    static func entityTag(revision: Int) -> String { "\"g\(revision)\"" }

    /// The revision the request's `If-Match` holds the group to: nil without `If-Match` or
    /// with `*`; the current revision when one of its tags is the group's; 412 otherwise.
    /// Weak tags never match (`If-Match` compares strongly).
    static func expectedRevision(_ request: Request, of group: Slug, store: PlannerStore) throws -> Int? {
        guard request.headers[.ifMatch] != nil else { return nil }
        return try expectedRevision(request, of: group, current: store.revision(of: group))
    }

    /// Like ``expectedRevision(_:of:store:)`` against a revision already read.
    static func expectedRevision(_ request: Request, of group: Slug, current: Int) throws -> Int? {
        let values = request.headers[values: .ifMatch]
        guard !values.isEmpty else { return nil }
        let tags = values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }
        if tags.contains("*") { return nil }
        guard tags.contains(entityTag(revision: current)) else {
            throw failed(group, current: current, sent: values.joined(separator: ", "))
        }
        return current
    }

    /// 412 saying what the group's tag is now; the answer carries it as `ETag` too.
    static func failed(_ group: Slug, current: Int, sent: String) -> APIError {
        let tag = entityTag(revision: current)
        return APIError(
            .preconditionFailed,
            "If-Match \(sent) does not match group '\(group)', whose ETag is now \(tag): read it again; nothing was written",
            headers: [.eTag: tag])
    }
}

extension PlannerStore {
    /// Runs `write` (given the revision to hold the group to) under the request's `If-Match`:
    /// a tag that does not match, before or inside the write's transaction, is a 412.
    func conditionalWrite<T>(_ request: Request, of group: Slug, _ write: (Int?) throws -> T) throws -> T {
        let expected = try GroupPrecondition.expectedRevision(request, of: group, store: self)
        do {
            return try write(expected)
        } catch let error as StoreError where error.code == .changed {
            let current = (try? revision(of: group)) ?? 0
            throw GroupPrecondition.failed(
                group, current: current, sent: request.headers[values: .ifMatch].joined(separator: ", "))
        }
    }
}
