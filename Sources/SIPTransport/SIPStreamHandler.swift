import NIOCore
import NIOTLS
import SIPCore

/// Frames one TCP/TLS connection into SIP messages (RFC 3261 §18.3) with a `SIPStreamFramer`
/// on the event loop, with no actor hop per message, and handles CRLF keep-alives
/// (RFC 5626 §3.5.1): a `CRLFCRLF` ping is answered with a `CRLF` pong.
///
/// Over TLS the handler sits behind the `NIOSSLHandler` and sees plaintext; the connection counts
/// as open (`connected`) only once the TLS handshake has completed, so a connection whose
/// handshake fails is never reported as connected.
///
/// A framing error or an over-limit message is sticky: the connection is closed and reported as
/// `disconnected(reason: .protocolError)` or `.tooBig`.
///
/// NIO fires `channelInactive` before the channel's `closeFuture` completes, so the owner's
/// connection table is cleared through `onClose`, which runs before `disconnected` is emitted:
/// a `connect` or `send` made on seeing `disconnected` opens a fresh connection.
final class SIPStreamHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// The outbound user event that sends a `CRLFCRLF` ping on the connection.
    struct PingRequest: Sendable {}

    private var framer: SIPStreamFramer
    private let sink: SIPTransportEventSink
    private var peer: SIPTransportAddress?
    private var closeReason: SIPCloseCode?
    /// CRLF pairs seen since the last message or keep-alive (a ping may arrive split).
    private var crlfRun = 0
    private var awaitingPong = false
    private var failed = false
    private var active = false
    private let waitsForTLSHandshake: Bool
    private let onClose: @Sendable () -> Void

    /// Creates the handler; `peer` names the connection in events (the address connected to,
    /// or nil to use the channel's remote address). `onClose` runs once when the connection
    /// closes, before `disconnected` is emitted (so the owner can connect again at once).
    /// With `waitsForTLSHandshake` the connection opens at NIOSSL's `handshakeCompleted` event
    /// instead of at `channelActive`.
    init(options: SIPParserOptions, sink: SIPTransportEventSink, peer: SIPTransportAddress?,
         waitsForTLSHandshake: Bool = false, onClose: @escaping @Sendable () -> Void = {}) {
        self.framer = SIPStreamFramer(options: options)
        self.sink = sink
        self.peer = peer
        self.waitsForTLSHandshake = waitsForTLSHandshake
        self.onClose = onClose
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive, !waitsForTLSHandshake { becameActive(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        if !waitsForTLSHandshake { becameActive(context: context) }
        context.fireChannelActive()
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if waitsForTLSHandshake, let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent {
            becameActive(context: context)
        }
        context.fireUserInboundEventTriggered(event)
    }

    private func becameActive(context: ChannelHandlerContext) {
        guard !active else { return }
        active = true
        if peer == nil { peer = context.channel.remoteAddress.flatMap(SIPTransportAddress.init) }
        sink.count { $0.connectionsOpened += 1 }
        if let peer { sink.emit(.connectionState(.connected, peer: peer)) }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !failed else { return }
        let buffer = unwrapInboundIn(data)
        buffer.withUnsafeReadableBytes { framer.append($0) }
        let source = peer ?? SIPTransportAddress(host: "", port: 0)
        while true {
            let frame: SIPStreamFrame?
            do {
                frame = try framer.nextFrame()
            } catch {
                fail(error, source: source, context: context)
                return
            }
            guard let frame else { return }
            switch frame {
            case .message(let message):
                crlfRun = 0
                sink.count { $0.messagesReceived += 1 }
                sink.emit(.message(message, from: source))
            case .keepAlive(let pairs):
                keepAlive(pairs: pairs, source: source, context: context)
            }
        }
    }

    private func keepAlive(pairs: Int, source: SIPTransportAddress, context: ChannelHandlerContext) {
        crlfRun += pairs
        if awaitingPong, crlfRun == 1 {
            awaitingPong = false
            crlfRun = 0
            sink.count { $0.keepAlivesReceived += 1 }
            sink.emit(.keepAlive(.pong, from: source))
        } else if crlfRun >= 2 {
            crlfRun = 0
            sink.count {
                $0.keepAlivesReceived += 1
                $0.keepAlivesSent += 1
            }
            context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: [13, 10])), promise: nil)
            sink.emit(.keepAlive(.ping, from: source))
        }
    }

    private func fail(_ error: SIPParseError, source: SIPTransportAddress, context: ChannelHandlerContext) {
        failed = true
        let tooBig: Bool
        if case .limitExceeded = error.kind { tooBig = true } else { tooBig = false }
        closeReason = tooBig ? .tooBig : .protocolError
        let count = sink.count { stats -> Int in
            stats.parseErrors += 1
            if tooBig { stats.oversizeDropped += 1 }
            return stats.parseErrors
        }
        sink.emit(.parseError(SIPTransportParseFailure(error: error, source: source, count: count)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        onClose()
        if active {
            active = false
            sink.count { $0.connectionsClosed += 1 }
            if let peer { sink.emit(.connectionState(.disconnected(reason: closeReason ?? .normal), peer: peer)) }
        }
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        if closeReason == nil { closeReason = .abnormal }
        context.close(promise: nil)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        guard event is PingRequest else {
            context.triggerUserOutboundEvent(event, promise: promise)
            return
        }
        awaitingPong = true
        sink.count { $0.keepAlivesSent += 1 }
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: [13, 10, 13, 10])), promise: promise)
    }
}
