import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL
import NIOWebSocket
import SIPCore
import Synchronization

/// What the test WebSocket server sees.
enum ServerEvent: Sendable, Equatable {
    /// An upgrade request offering the given `Sec-WebSocket-Protocol` (nil when none).
    case upgraded(offered: String?)
    /// A text or binary frame, and whether the client masked it.
    case text(String, masked: Bool)
    /// A Close frame with its code (nil when it had none).
    case close(UInt16?)
    /// A pong with its payload.
    case pong([UInt8])
    /// The TCP connection closed.
    case closed
}

/// A small NIO WebSocket server on loopback for the `SIPWebSocketTransport` tests: it selects
/// the configured subprotocol, answers each SIP request with a 200 (To tag `ws1`), answers pings
/// and Close frames, and lets a test send any frame. Given a TLS context it serves `wss://`.
final class WebSocketTestServer: Sendable {
    /// What the server selects in `Sec-WebSocket-Protocol`.
    enum Subprotocol: Sendable {
        case sip, absent, other(String)
    }

    /// What the server received, in order.
    let log: AsyncLog<ServerEvent>
    /// The port listened on (127.0.0.1).
    let port: Int
    /// Whether the server speaks TLS (`wss://`).
    let isSecure: Bool
    private let listener: any Channel
    private let connection: ConnectionBox

    /// The server's current connection.
    private final class ConnectionBox: Sendable {
        let channel = Mutex<(any Channel)?>(nil)
    }

    /// Listens on an ephemeral loopback port; when `answersClose` is false the server logs a
    /// client's Close frame and neither answers it nor closes the connection. With `tls` every
    /// connection starts with a TLS handshake (server side of that context).
    init(group: any EventLoopGroup, subprotocol: Subprotocol = .sip, answersClose: Bool = true,
         tls: NIOSSLContext? = nil) async throws {
        isSecure = tls != nil
        let (stream, continuation) = AsyncStream.makeStream(of: ServerEvent.self)
        let connection = ConnectionBox()
        self.connection = connection
        log = AsyncLog.collecting(stream)
        let upgrader = NIOWebSocketServerUpgrader(
            maxFrameSize: 1 << 20, automaticErrorHandling: false,
            shouldUpgrade: { channel, head in
                continuation.yield(.upgraded(offered: head.headers["Sec-WebSocket-Protocol"].first))
                var headers = HTTPHeaders()
                switch subprotocol {
                case .sip: headers.add(name: "Sec-WebSocket-Protocol", value: "sip")
                case .absent: break
                case .other(let name): headers.add(name: "Sec-WebSocket-Protocol", value: name)
                }
                return channel.eventLoop.makeSucceededFuture(headers)
            },
            upgradePipelineHandler: { channel, _ in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(FrameHandler(continuation: continuation, answersClose: answersClose))
                    connection.channel.withLock { $0 = channel }
                }
            })
        listener = try await ServerBootstrap(group: group)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                if let tls {
                    do {
                        try channel.pipeline.syncOperations.addHandler(NIOSSLServerHandler(context: tls))
                    } catch {
                        return channel.eventLoop.makeFailedFuture(error)
                    }
                }
                return channel.pipeline.configureHTTPServerPipeline(
                    withServerUpgrade: (upgraders: [upgrader], completionHandler: { _ in }))
            }
            .bind(host: "127.0.0.1", port: 0).get()
        port = listener.localAddress?.port ?? 0
    }

    /// The `ws://` (or `wss://`) URL of the server, on `host` (which must be a loopback name or
    /// address).
    func url(path: String = "/sip", host: String = "127.0.0.1") -> String {
        "\(isSecure ? "wss" : "ws")://\(host):\(port)\(path)"
    }

    /// Sends frames (unmasked, as a server does) on the current connection.
    func send(_ frames: [WebSocketFrame]) async throws {
        guard let channel = connection.channel.withLock({ $0 }) else { throw TestTimeout() }
        for frame in frames { channel.write(frame, promise: nil) }
        channel.flush()
        _ = try await channel.eventLoop.submit {}.get()
    }

    /// Sends one final text frame.
    func sendText(_ text: String) async throws {
        try await send([WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(string: text))])
    }

    /// Sends a Close frame with `code`.
    func sendClose(code: UInt16) async throws {
        var body = ByteBuffer()
        body.writeInteger(code)
        try await send([WebSocketFrame(fin: true, opcode: .connectionClose, data: body)])
    }

    /// Closes the TCP connection without a Close frame.
    func dropConnection() async throws {
        try await connection.channel.withLock({ $0 })?.close()
    }

    /// Stops listening and closes the connection.
    func close() async {
        try? await connection.channel.withLock({ $0 })?.close()
        try? await listener.close()
    }

    private final class FrameHandler: ChannelDuplexHandler {
        typealias InboundIn = WebSocketFrame
        typealias OutboundIn = WebSocketFrame
        typealias OutboundOut = WebSocketFrame

        private let continuation: AsyncStream<ServerEvent>.Continuation
        private let answersClose: Bool
        private var closeSent = false

        init(continuation: AsyncStream<ServerEvent>.Continuation, answersClose: Bool) {
            self.continuation = continuation
            self.answersClose = answersClose
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            let frame = unwrapInboundIn(data)
            switch frame.opcode {
            case .text, .binary:
                let text = String(buffer: frame.unmaskedData)
                continuation.yield(.text(text, masked: frame.maskKey != nil))
                if let request = try? SIPMessage(parsing: text), request.isRequest,
                   let response = try? SIPMessageBuilder.response(to: request, status: 200, toTag: "ws1") {
                    let reply = WebSocketFrame(fin: true, opcode: .text, data: ByteBuffer(bytes: response.serialized()))
                    context.writeAndFlush(wrapOutboundOut(reply), promise: nil)
                }
            case .ping:
                context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .pong, data: frame.unmaskedData)),
                                      promise: nil)
            case .pong:
                var payload = frame.unmaskedData
                continuation.yield(.pong(payload.readBytes(length: payload.readableBytes) ?? []))
            case .connectionClose:
                var payload = frame.unmaskedData
                let code = payload.readInteger(as: UInt16.self)
                continuation.yield(.close(code))
                if !answersClose {
                    return
                } else if closeSent {
                    context.close(promise: nil)
                } else {
                    closeSent = true
                    let channel = context.channel
                    context.writeAndFlush(wrapOutboundOut(WebSocketFrame(fin: true, opcode: .connectionClose,
                                                                         data: frame.unmaskedData)))
                        .whenComplete { _ in channel.close(promise: nil) }
                }
            default:
                break
            }
        }

        func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
            if unwrapOutboundIn(data).opcode == .connectionClose { closeSent = true }
            context.write(data, promise: promise)
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.yield(.closed)
            context.fireChannelInactive()
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            context.close(promise: nil)
        }
    }
}
