import NIOCore
import NIOHTTPTypes
import Synchronization

/// The listener's limits an outsider cannot push past: how many connections are open at once,
/// and how long a request may take to arrive once it has begun. (Idle connections are closed
/// by Hummingbird's own `idleTimeout`, which also covers a request whose head never ends.)
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
/// as it arrives, and one whose request does not arrive whole within the read timeout.
final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let limits: ConnectionLimits
    private var admitted = false
    private var readDeadline: Scheduled<Void>?

    init(limits: ConnectionLimits) {
        self.limits = limits
    }

    func handlerAdded(context: ChannelHandlerContext) {
        admitted = limits.admit()
        guard !admitted else { return }
        // Closed once the pipeline is set up, not in the middle of it.
        let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
        context.eventLoop.execute { loopBound.value.close(promise: nil) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        readDeadline?.cancel()
        readDeadline = nil
        if admitted {
            admitted = false
            limits.release()
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        if admitted {
            admitted = false
            limits.release()
        }
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head:
            readDeadline?.cancel()
            let loopBound = NIOLoopBound(context, eventLoop: context.eventLoop)
            readDeadline = context.eventLoop.scheduleTask(in: limits.readTimeout) {
                loopBound.value.close(promise: nil)
            }
        case .end:
            readDeadline?.cancel()
            readDeadline = nil
        case .body:
            break
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        context.write(data, promise: promise)
    }
}
