import NIOCore
import NIOWebSocket
import SIPCore

/// Carries SIP over one upgraded WebSocket connection (RFC 7118 §5) on the event loop, with no
/// actor hop per message: each (reassembled) text or binary frame is one message parsed as a
/// datagram, each outbound message one frame (masked on a client's connection, unmasked on a
/// server's: RFC 6455 §5.1, §5.3), pings are answered with
/// pongs (§5.5.2) and the close handshake (§7) reports the peer's close code.
///
/// A frame over the message-size limit closes the connection with 1009, a WebSocket protocol
/// violation with 1002; a connection lost without a Close frame is reported as 1006.
final class SIPWebSocketHandler: ChannelDuplexHandler {
    typealias InboundIn = WebSocketFrame
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = WebSocketFrame

    /// The outbound user event that sends a WebSocket ping (its pong is reported as a keep-alive).
    struct PingRequest: Sendable {}

    /// The outbound user event that starts the closing handshake with `code` and closes the
    /// connection after `timeout` if the server does not close it first.
    struct CloseRequest: Sendable {
        let code: SIPCloseCode
        let timeout: TimeAmount
    }

    private let sink: SIPTransportEventSink
    private let peer: SIPTransportAddress
    private let options: SIPParserOptions
    private let onClose: @Sendable () -> Void
    private let masksFrames: Bool
    private let validator = SIPValidator()
    private var active = false
    private var closeSent = false
    private var closeReason: SIPCloseCode?
    private var awaitingPong = false
    /// Set by the first error; later errors (a decoder in its error state) are ignored.
    private var failed = false
    private var closeTimer: Scheduled<Void>?

    /// Creates the handler for the connection to `peer`; `onClose` runs when the connection
    /// closes, before `disconnected` is emitted (so the owner can connect again at once).
    /// `masksFrames`: true on a client's connection, false on a server's.
    init(sink: SIPTransportEventSink, peer: SIPTransportAddress, options: SIPParserOptions, masksFrames: Bool = true,
         onClose: @escaping @Sendable () -> Void) {
        self.masksFrames = masksFrames
        self.sink = sink
        self.peer = peer
        self.options = options
        self.onClose = onClose
    }

    func handlerAdded(context: ChannelHandlerContext) {
        guard context.channel.isActive, !active else { return }
        active = true
        sink.count { $0.connectionsOpened += 1 }
        sink.emit(.connectionState(.connected, peer: peer))
    }

    // MARK: - Inbound

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        switch frame.opcode {
        case .text, .binary:
            var payload = frame.unmaskedData
            deliver(payload.readBytes(length: payload.readableBytes) ?? [], context: context)
        case .ping:
            guard !closeSent else { return }
            sink.count {
                $0.keepAlivesReceived += 1
                $0.keepAlivesSent += 1
            }
            context.writeAndFlush(wrapOutboundOut(self.frame(.pong, frame.unmaskedData)), promise: nil)
            sink.emit(.keepAlive(.ping, from: peer))
        case .pong:
            guard awaitingPong else { return }
            awaitingPong = false
            sink.count { $0.keepAlivesReceived += 1 }
            sink.emit(.keepAlive(.pong, from: peer))
        case .connectionClose:
            receivedClose(frame, context: context)
        default:
            break
        }
    }

    /// Parses one frame's payload as a datagram (RFC 7118 §5: Content-Length optional).
    private func deliver(_ bytes: [UInt8], context: ChannelHandlerContext) {
        // CRLF keep-alives over WebSocket (RFC 5626 §3.5.1 practice of SIP WebSocket clients).
        if !bytes.isEmpty, bytes.allSatisfy({ $0 == 13 || $0 == 10 }) {
            sink.count { $0.keepAlivesReceived += 1 }
            if bytes.count >= 4, !closeSent {
                sink.count { $0.keepAlivesSent += 1 }
                let pong = context.channel.allocator.buffer(bytes: [13, 10])
                context.writeAndFlush(wrapOutboundOut(self.frame(.text, pong)), promise: nil)
            }
            sink.emit(.keepAlive(bytes.count >= 4 ? .ping : .pong, from: peer))
            return
        }
        do {
            let message = try SIPMessage(parsing: bytes, options: options)
            sink.count { $0.messagesReceived += 1 }
            sink.emit(.message(message, from: peer))
        } catch {
            let validation = validator.validate(bytes: bytes, options: options).1
            let count = sink.count { stats -> Int in
                stats.parseErrors += 1
                if case .limitExceeded = error.kind { stats.oversizeDropped += 1 }
                return stats.parseErrors
            }
            sink.emit(.parseError(SIPTransportParseFailure(
                error: error, source: peer, count: count, bytes: bytes,
                validation: validation.rejection == nil ? nil : validation)))
        }
    }

    /// RFC 6455 §5.5.1: answers a Close with a Close (echoing the code) unless this side sent
    /// one already, then closes the TCP connection.
    private func receivedClose(_ frame: WebSocketFrame, context: ChannelHandlerContext) {
        var payload = frame.unmaskedData
        let code = payload.readInteger(as: UInt16.self)
        if closeSent {
            context.close(promise: nil)
            return
        }
        closeSent = true
        // 1005: no status code was present (RFC 6455 §7.4.1).
        closeReason = SIPCloseCode(rawValue: code ?? 1005)
        var echo = context.channel.allocator.buffer(capacity: 2)
        if let code { echo.writeInteger(code) }
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(self.frame(.connectionClose, echo))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard active, !failed else { return }
        failed = true
        let code: SIPCloseCode
        switch error {
        case NIOWebSocketError.invalidFrameLength,
             NIOWebSocketFrameAggregator.Error.accumulatedFrameSizeIsTooLarge,
             NIOWebSocketFrameAggregator.Error.tooManyFragments:
            code = .tooBig
            let limit = options.limits.maxMessageSize
            let count = sink.count { stats -> Int in
                stats.parseErrors += 1
                stats.oversizeDropped += 1
                return stats.parseErrors
            }
            let parseError = SIPParseError(.limitExceeded("WebSocket message larger than \(limit) bytes"), offset: limit)
            sink.emit(.parseError(SIPTransportParseFailure(error: parseError, source: peer, count: count)))
        case is NIOWebSocketError, is NIOWebSocketFrameAggregator.Error:
            code = .protocolError
        default:
            // An I/O error: the connection is gone without a closing handshake.
            if closeReason == nil { closeReason = .abnormal }
            context.close(promise: nil)
            return
        }
        closeReason = code
        guard !closeSent else {
            context.close(promise: nil)
            return
        }
        closeSent = true
        var body = context.channel.allocator.buffer(capacity: 2)
        body.writeInteger(code.rawValue)
        let channel = context.channel
        context.writeAndFlush(wrapOutboundOut(self.frame(.connectionClose, body))).whenComplete { _ in
            channel.close(promise: nil)
        }
    }

    func channelInactive(context: ChannelHandlerContext) {
        closeTimer?.cancel()
        closeTimer = nil
        if active {
            active = false
            onClose()
            sink.count { $0.connectionsClosed += 1 }
            sink.emit(.connectionState(.disconnected(reason: closeReason ?? .abnormal), peer: peer))
        }
        context.fireChannelInactive()
    }

    // MARK: - Outbound

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        // RFC 6455 §5.5.1: no data frame after a Close.
        guard !closeSent else {
            promise?.fail(SIPTransportError.closed)
            return
        }
        let payload = unwrapOutboundIn(data)
        let opcode: WebSocketOpcode = Self.isUTF8(payload) ? .text : .binary
        context.write(wrapOutboundOut(self.frame(opcode, payload)), promise: promise)
    }

    func triggerUserOutboundEvent(context: ChannelHandlerContext, event: Any, promise: EventLoopPromise<Void>?) {
        switch event {
        case is PingRequest:
            guard !closeSent else {
                promise?.fail(SIPTransportError.closed)
                return
            }
            awaitingPong = true
            sink.count { $0.keepAlivesSent += 1 }
            context.writeAndFlush(wrapOutboundOut(self.frame(.ping, context.channel.allocator.buffer(capacity: 0))), promise: promise)
        case let request as CloseRequest:
            startClose(request, context: context, promise: promise)
        default:
            context.triggerUserOutboundEvent(event, promise: promise)
        }
    }

    /// RFC 6455 §7.1.2: sends a Close and waits (bounded) for the server to close the connection.
    private func startClose(_ request: CloseRequest, context: ChannelHandlerContext, promise: EventLoopPromise<Void>?) {
        guard !closeSent else {
            promise?.succeed()
            return
        }
        closeSent = true
        closeReason = request.code
        var body = context.channel.allocator.buffer(capacity: 2)
        body.writeInteger(request.code.rawValue)
        let channel = context.channel
        closeTimer = context.eventLoop.scheduleTask(in: request.timeout) { channel.close(promise: nil) }
        context.writeAndFlush(wrapOutboundOut(self.frame(.connectionClose, body)), promise: promise)
    }

    // MARK: - Helpers

    /// A final frame, masked by a client (RFC 6455 §5.3), never by a server (§5.1).
    private func frame(_ opcode: WebSocketOpcode, _ data: ByteBuffer) -> WebSocketFrame {
        WebSocketFrame(fin: true, opcode: opcode, maskKey: masksFrames ? .random() : nil, data: data)
    }

    /// Whether `buffer` is valid UTF-8, so that it may go in a text frame (RFC 6455 §5.6).
    private static func isUTF8(_ buffer: ByteBuffer) -> Bool {
        var iterator = buffer.readableBytesView.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
