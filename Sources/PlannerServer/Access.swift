import Foundation
import Hummingbird
import Logging
import NIOCore
import PlannerStore
import Planning
import Synchronization

/// Who is asking, as far as one group is concerned.
enum Access: Equatable {
    /// No token: public data only.
    case anonymous
    /// A valid API token of this group.
    case member(TokenRole)
    /// A member's organiser-feed token of this group, sent as a bearer token: it may record the
    /// outcome of the sessions that member organises, and nothing else of the API.
    case organiser(Slug)

    /// Who is looking, for the visibility policy.
    var viewer: Viewer {
        switch self {
        case .anonymous: .anonymous
        case .organiser(let member): .organiser(member)
        case .member(.reader): .reader
        case .member(.coordinator): .coordinator
        }
    }
}

/// Records when tokens were last used, off the request path.
///
/// Checking a token only reads; the time of use is queued here and written by one serial
/// queue, a batch at a time. While another process holds the store's write lock, requests go
/// on being answered; a batch that could not be written is kept and tried again a little later
/// (a few times, then logged and dropped). Never a request's failure.
final class TokenUseRecorder: Sendable {
    private struct State {
        var uses: [Int64: Date] = [:]
        var flushing = false
        var failures = 0
    }

    /// How long to wait before writing a batch again after a failure.
    static let retryDelay: DispatchTimeInterval = .seconds(2)
    /// How many failures in a row before a batch is dropped.
    static let attempts = 5

    private let store: PlannerStore
    private let logger: Logger
    private let queue = DispatchQueue(label: "plannerd.token-uses")
    private let state = Mutex(State())

    init(store: PlannerStore, logger: Logger) {
        self.store = store
        self.logger = logger
    }

    /// Notes that `token` was used at `now`; written soon unless it was written lately.
    func noteUse(of token: AccessToken, at now: Date) {
        guard PlannerStore.needsUseRecorded(token, at: now) else { return }
        let startFlush = state.withLock { state -> Bool in
            state.uses[token.id] = max(state.uses[token.id] ?? now, now)
            guard !state.flushing else { return false }
            state.flushing = true
            return true
        }
        if startFlush { queue.async { self.flush() } }
    }

    /// Writes what is pending until nothing is, or schedules a retry; on the recorder's queue.
    private func flush() {
        while true {
            let batch = state.withLock { state -> [Int64: Date] in
                defer { state.uses = [:] }
                if state.uses.isEmpty { state.flushing = false }
                return state.uses
            }
            guard !batch.isEmpty else { return }
            do {
                try store.recordTokenUses(batch)
                state.withLock { $0.failures = 0 }
            } catch {
                let retry = state.withLock { state -> Bool in
                    state.failures += 1
                    guard state.failures < Self.attempts else {
                        state.failures = 0
                        return false
                    }
                    state.uses.merge(batch) { max($0, $1) }
                    return true
                }
                logger.warning(
                    "token use times not recorded",
                    metadata: ["tokens": "\(batch.count)", "error": "\(error)", "retry": "\(retry)"])
                if retry {
                    queue.asyncAfter(deadline: .now() + Self.retryDelay) { self.flush() }
                    return
                }
            }
        }
    }

    /// Waits until every use noted so far has been written or given up: for tests and shutdown.
    func drain() {
        while state.withLock({ $0.flushing }) {
            queue.sync {}
            Thread.sleep(forTimeInterval: 0.01)
        }
    }
}

/// Checks tokens: the API's bearer tokens and the feeds' `?token=`.
struct TokenAuthenticator: Sendable {
    let store: PlannerStore
    let uses: TokenUseRecorder
    let clock: @Sendable () -> Date

    /// The active token whose secret this is, or nil; its use is recorded off the request path.
    func authenticate(secret: String) throws -> AccessToken? {
        guard let token = try store.authenticate(secret: secret) else { return nil }
        uses.noteUse(of: token, at: clock())
        return token
    }

    /// The access a request has to `group`: anonymous without a token; otherwise the token must
    /// be valid (else 401) and of this group (else 403); an API token gives its role, an
    /// organiser's feed token ``Access/organiser(_:)``, the members' feed token and a member's
    /// personal link nothing (403).
    func access(_ request: Request, to group: Slug) throws -> Access {
        guard let header = request.headers[.authorization] else { return .anonymous }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { throw APIError.unauthorised }
        guard let token = try authenticate(secret: String(parts[1]).trimmingCharacters(in: .whitespaces)) else {
            throw APIError.unauthorised
        }
        guard token.group == group else { throw APIError.forbidden("this token belongs to another group") }
        switch token.scope {
        case .api(let role): return .member(role)
        case .organiserFeed(let member): return .organiser(member)
        case .membersFeed, .member: throw APIError.forbidden(Self.feedTokenRefusal)
        }
    }

    /// What a feed token or a personal link hears where the API needs an API token.
    static let feedTokenRefusal =
        "this is a feed token or a personal link; the API needs an API token (planner token create --kind api)"
}

/// Reads JSON request bodies of at most `max-body-bytes` (413 beyond), naming the wrong field
/// on 400.
struct JSONBodies: Sendable {
    let maxBytes: Int

    func decode<T: Decodable>(_ type: T.Type, from request: Request) async throws -> T {
        let buffer = try await request.body.collect(upTo: maxBytes)
        guard buffer.readableBytes > 0 else { throw APIError(.badRequest, "the request needs a JSON body") }
        return try JSONDecoder.api.decode(T.self, from: Data(buffer.readableBytesView))
    }
}

/// JSON answers, encoded the API's way.
enum JSONResponse {
    /// `value` as JSON with `status`. Never kept by a shared cache (an answer to a token holder
    /// carries member data) and revalidated by clients on every use.
    static func make<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try JSONEncoder.api.encode(value)
        return Response(
            status: status,
            headers: [.contentType: "application/json; charset=utf-8", .cacheControl: "private, no-cache"],
            body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
