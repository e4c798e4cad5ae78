import NIOCore
import NIOHTTPTypes
import Synchronization

/// The listener's limits an outsider cannot push past: how many connections are open at once,
/// and how long a request may take to arrive once its first byte has. (Connections idle
/// between requests are closed by Hummingbird's own `idleTimeout`.)
final class ConnectionLimits: Sendable {
    /// The most connections open at once.
    let maxConnections: Int
    /// How long a request may take from its head to its end.
    let readTimeout: TimeAmount
    private let open = Atomic<Int>(0)

    init(maxConnections: Int, readTimeout: TimeAmount) {
        self.maxConnections = maxConnections
        self.readTimeout = readTimeout
    }

    /// How many connections are open now.
    var openConnections: Int { open.load(ordering: .relaxed) }

    /// Counts a new connection in; false (and not counted) when the cap is reached.
    fileprivate func admit() -> Bool {
        var current = open.load(ordering: .relaxed)
        while current < maxConnections {
            let (exchanged, original) = open.compareExchange(
                expected: current, desired: current + 1, ordering: .relaxed)
            if exchanged { return true }
            current = original
        }
        return false
    }

    fileprivate func release() {
        open.subtract(1, ordering: .relaxed)
    }

    /// A fresh handler for one connection's pipeline.
    func handler() -> ConnectionGuard { ConnectionGuard(limits: self) }
}

/// First in each connection's pipeline after HTTP decoding: closes a connection over the cap
/// as it arrives, and one whose request does not arrive whole within the read timeout, counted
/// from the request's first byte (a head sent a byte at a time counts too).
final class ConnectionGuard: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    private let limits: ConnectionLimits
    private var admitted = false
    /// When the request under way began; nil between requests.
    private var requestStart: NIODeadline?
    /// The one pending check of the connection: a timer per connection, not per request, so
    /// that a keep-alive connection polled many times costs a clock reading per request.
    private var readCheck: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = limits.admit()
        guard admitted else {
            // Closed once the pipeline is set up, not in the middle of it.
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            context.eventLoop.execute { loopBound.value.close(promise: nil) }
            return
        }
        // The HTTP decoder sees bytes only once a request is whole enough to decode: the first
        // byte is watched for before it.
        try? context.pipeline.syncOperations.addHandler(
            RequestStartWatcher(guard: self, context: context), position: .first)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        stopChecking()
        release()
    }

    func channelInactive(context: ChannelHandlerContext) {
        stopChecking()
        release()
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head: requestBegan(context: context)
        case .end: requestStart = nil
        case .body: break
        }
        context.fireChannelRead(data)
    }

    /// A request's first byte (or head) arrived: it must end within the read timeout.
    fileprivate func requestBegan(context: ChannelHandlerContext) {
        guard requestStart == nil else { return }
        let start = NIODeadline.now()
        requestStart = start
        if readCheck == nil { check(context: context, at: start + limits.readTimeout) }
    }

    /// At `deadline`: closes the connection if the request under way began a read timeout ago
    /// or more, else checks again when the current one's time is up.
    private func check(context: ChannelHandlerContext, at deadline: NIODeadline) {
        let loopBound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        readCheck = context.eventLoop.scheduleTask(deadline: deadline) {
            let (handler, context) = loopBound.value
            handler.readCheck = nil
            guard let start = handler.requestStart else { return }
            let due = start + handler.limits.readTimeout
            if due <= .now() {
                context.close(promise: nil)
            } else {
                handler.check(context: context, at: due)
            }
        }
    }

    private func stopChecking() {
        readCheck?.cancel()
        readCheck = nil
        requestStart = nil
    }

    private func release() {
        if admitted {
            admitted = false
            limits.release()
        }
    }
}

/// At the front of the pipeline: tells ``ConnectionGuard`` when bytes of a request arrive.
private final class RequestStartWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    private weak var connectionGuard: ConnectionGuard?
    private let guardContext: ChannelHandlerContext

    init(guard connectionGuard: ConnectionGuard, context: ChannelHandlerContext) {
        self.connectionGuard = connectionGuard
        guardContext = context
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        connectionGuard?.requestBegan(context: guardContext)
        context.fireChannelRead(data)
    }
}
