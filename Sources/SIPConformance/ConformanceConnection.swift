import Crypto
import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import SIPCore
import SIPTransport
import Synchronization

/// The opening handshake of a WebSocket connection (RFC 6455 §4), as the server answered it.
public struct WebSocketHandshake: Sendable, Hashable {
    /// The HTTP status (101 when the upgrade was accepted).
    public var status: Int
    /// The response's header fields, in order (names as sent).
    public var headers: [String: String]
    /// The selected subprotocol (`Sec-WebSocket-Protocol`), nil when none was selected.
    public var subprotocol: String? { headers["sec-websocket-protocol"] }
    /// Whether `Sec-WebSocket-Accept` is the hash of the key sent (RFC 6455 §4.2.2).
    public var acceptValid: Bool
}

/// One connection of a running case to the target: a UDP socket, a TCP or TLS stream, or a
/// WebSocket (the runner's own client, so it can send any frame). What arrives goes to the
/// case's mailbox, parsed by the stack's parser.
final class ConformanceConnection: Sendable {
    /// The scenario's name for it.
    let name: String
    /// The transport.
    let transport: ConformanceTarget.Transport
    /// The local socket address.
    let localAddress: SIPTransportAddress
    /// The host to put in Via and Contact: the socket's for UDP/TCP/TLS, a random `.invalid`
    /// name over WebSocket (RFC 7118 §5.2).
    let viaHost: String
    /// The WebSocket handshake; nil for other transports.
    let handshake: WebSocketHandshake?

    private let channel: any Channel
    /// Where UDP datagrams go (resolved once).
    private let remote: SocketAddress?

    private init(name: String, transport: ConformanceTarget.Transport, channel: any Channel,
                 target: SIPTransportAddress, handshake: WebSocketHandshake?) {
        self.name = name
        self.transport = transport
        self.channel = channel
        self.remote = try? target.socketAddress()
        self.handshake = handshake
        let local = channel.localAddress.flatMap(SIPTransportAddress.init) ?? SIPTransportAddress(host: "127.0.0.1", port: 0)
        localAddress = local
        if transport == .ws || transport == .wss {
            let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
            viaHost = String((0..<12).map { _ in letters.randomElement() ?? "a" }) + ".invalid"
        } else {
            viaHost = local.description
        }
    }

    /// Opens a connection to `target`; over WebSocket also does the opening handshake, offering
    /// `subprotocols` (RFC 7118 §4.1: `sip`). Fails when the socket or the handshake does.
    static func open(name: String, target: ConformanceTarget, mailbox: ConformanceMailbox,
                     insecureTLS: Bool, subprotocols: [String] = ["sip"],
                     timeout: Duration = .seconds(5)) async throws(ConformanceError) -> ConformanceConnection {
        let group = MultiThreadedEventLoopGroup.singleton
        let address = target.address
        let socketAddress: SocketAddress
        do {
            socketAddress = try address.socketAddress()
        } catch {
            throw .connectFailed("\(target): \(error)")
        }
        switch target.transport {
        case .udp:
            let local = address.isIPv6 ? "::1" : "127.0.0.1"
            let bootstrap = DatagramBootstrap(group: group)
                .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        try channel.pipeline.syncOperations.addHandler(DatagramInbound(name: name, mailbox: mailbox))
                    }
                }
            do {
                let bindAddress = try SocketAddress(ipAddress: local, port: 0)
                let channel = try await bootstrap.bind(to: bindAddress).get()
                return ConformanceConnection(name: name, transport: .udp, channel: channel, target: address, handshake: nil)
            } catch {
                throw .connectFailed("\(target): \(error)")
            }
        case .tcp, .tls, .ws, .wss:
            let transport = target.transport
            let webSocket = transport == .ws || transport == .wss
            let key = Data((0..<16).map { _ in UInt8.random(in: 0...255) }).base64EncodedString()
            let handshakePromise = group.next().makePromise(of: WebSocketHandshake.self)
            var sslContext: NIOSSLContext?
            if transport.isSecure {
                var configuration = TLSConfiguration.makeClientConfiguration()
                if insecureTLS { configuration.certificateVerification = .none }
                do { sslContext = try NIOSSLContext(configuration: configuration) } catch {
                    throw .connectFailed("\(target): TLS: \(error)")
                }
            }
            let context = sslContext
            let serverName = Self.isIPLiteral(target.host) ? nil : target.host
            let bootstrap = ClientBootstrap(group: group)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .connectTimeout(TimeAmount(timeout))
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let context {
                            try channel.pipeline.syncOperations.addHandler(
                                try NIOSSLClientHandler(context: context, serverHostname: serverName))
                        }
                        let handler = StreamInbound(name: name, mailbox: mailbox,
                                                    webSocket: webSocket ? (key, handshakePromise) : nil)
                        try channel.pipeline.syncOperations.addHandler(handler)
                    }
                }
            let channel: any Channel
            do {
                channel = try await bootstrap.connect(to: socketAddress).get()
            } catch {
                handshakePromise.fail(error)
                throw .connectFailed("\(target): \(error)")
            }
            guard webSocket else {
                handshakePromise.fail(ConformanceError.connectFailed("not a WebSocket"))
                return ConformanceConnection(name: name, transport: transport, channel: channel, target: address, handshake: nil)
            }
            let request = "GET \(target.path) HTTP/1.1\r\nHost: \(target.hostPort)\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Key: \(key)\r\nSec-WebSocket-Version: 13\r\n"
                + (subprotocols.isEmpty ? "" : "Sec-WebSocket-Protocol: \(subprotocols.joined(separator: ", "))\r\n")
                + "\r\n"
            channel.writeAndFlush(ByteBuffer(string: request), promise: nil)
            let timer = channel.eventLoop.scheduleTask(in: TimeAmount(timeout)) {
                handshakePromise.fail(ConformanceError.connectFailed("\(target): no WebSocket handshake answer"))
            }
            do {
                let handshake = try await handshakePromise.futureResult.get()
                timer.cancel()
                return ConformanceConnection(name: name, transport: transport, channel: channel, target: address,
                                             handshake: handshake)
            } catch {
                timer.cancel()
                try? await channel.close()
                throw .connectFailed("\(target): \(error)")
            }
        }
    }

    /// Sends one message's bytes: a datagram, bytes on the stream, or one WebSocket message
    /// (a text frame when the bytes are UTF-8, else binary; RFC 7118 §5.3).
    func send(_ bytes: [UInt8]) {
        switch transport {
        case .udp:
            guard let remote else { return }
            channel.writeAndFlush(AddressedEnvelope(remoteAddress: remote, data: ByteBuffer(bytes: bytes)), promise: nil)
        case .tcp, .tls:
            channel.writeAndFlush(ByteBuffer(bytes: bytes), promise: nil)
        case .ws, .wss:
            let opcode: WebSocketFrame.Opcode = String(validating: bytes, as: UTF8.self) == nil ? .binary : .text
            send(frame: WebSocketFrame(opcode: opcode, payload: bytes))
        }
    }

    /// Sends one WebSocket frame as given, masked with a fresh key.
    func send(frame: WebSocketFrame) {
        let key = (0..<4).map { _ in UInt8.random(in: 0...255) }
        channel.writeAndFlush(ByteBuffer(bytes: frame.encoded(maskKey: key)), promise: nil)
    }

    /// Closes the socket (over WebSocket, after a Close frame with `code`).
    func close(code: UInt16? = 1000) async {
        if (transport == .ws || transport == .wss), let code, channel.isActive {
            send(frame: WebSocketFrame(opcode: .close, payload: [UInt8(code >> 8), UInt8(code & 0xFF)]))
        }
        try? await channel.close()
    }

    private static func isIPLiteral(_ host: String) -> Bool {
        host.contains(":") || host.allSatisfy { $0.isNumber || $0 == "." }
    }

    /// `Sec-WebSocket-Accept` for `key` (RFC 6455 §4.2.2).
    static func acceptValue(for key: String) -> String {
        let digest = Insecure.SHA1.hash(data: Data((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").utf8))
        return Data(digest).base64EncodedString()
    }
}

/// Parses each datagram with the stack's strict parser.
private final class DatagramInbound: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>

    let name: String
    let mailbox: ConformanceMailbox

    init(name: String, mailbox: ConformanceMailbox) {
        self.name = name
        self.mailbox = mailbox
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var envelope = unwrapInboundIn(data)
        let bytes = envelope.data.readBytes(length: envelope.data.readableBytes) ?? []
        // CRLF keep-alives (RFC 5626 §4.4.1) are not messages.
        if bytes.allSatisfy({ $0 == 13 || $0 == 10 }) { return }
        mailbox.push(ConformanceInbound(connection: name, event: parse(bytes), at: .now))
    }

    func channelInactive(context: ChannelHandlerContext) {
        mailbox.push(ConformanceInbound(connection: name, event: .closed(code: nil), at: .now))
    }
}

/// Parses one message-oriented unit (a datagram or a WebSocket message) with the strict parser,
/// checking that it holds exactly one message (RFC 3261 §18.3, RFC 7118 §5).
private func parse(_ bytes: [UInt8]) -> ConformanceInbound.Event {
    do {
        let message = try SIPMessage(parsing: bytes)
        return .message(message, raw: bytes)
    } catch {
        return .unparsable(raw: bytes, reason: "\(error)")
    }
}

/// A TCP/TLS stream (framed by Content-Length with SIPStreamFramer) or a WebSocket (handshake,
/// then frames; one SIP message per WebSocket message).
private final class StreamInbound: ChannelInboundHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    let name: String
    let mailbox: ConformanceMailbox
    let webSocket: (key: String, promise: EventLoopPromise<WebSocketHandshake>)?
    private var framer = SIPStreamFramer()
    private var handshakeBytes: [UInt8] = []
    private var upgraded = false
    private var frames = WebSocketFrameDecoder()
    private var fragments: [UInt8] = []
    private var fragmentOpcode: WebSocketFrame.Opcode?
    private var closeCode: Int?
    private var broken = false

    init(name: String, mailbox: ConformanceMailbox, webSocket: (String, EventLoopPromise<WebSocketHandshake>)?) {
        self.name = name
        self.mailbox = mailbox
        self.webSocket = webSocket.map { (key: $0.0, promise: $0.1) }
    }

    private func emit(_ event: ConformanceInbound.Event) {
        mailbox.push(ConformanceInbound(connection: name, event: event, at: .now))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        var buffer = unwrapInboundIn(data)
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        guard !broken else { return }
        guard let webSocket else {
            framer.append(bytes)
            readStream()
            return
        }
        if upgraded {
            frames.append(bytes)
            readFrames(context: context)
            return
        }
        handshakeBytes.append(contentsOf: bytes)
        guard let end = Self.headerEnd(handshakeBytes) else {
            if handshakeBytes.count > 65_536 { webSocket.promise.fail(ConformanceError.connectFailed("handshake too long")) }
            return
        }
        let head = String(decoding: handshakeBytes[..<end], as: UTF8.self)
        let lines = head.components(separatedBy: "\r\n")
        let statusParts = (lines.first ?? "").split(separator: " ")
        let status = statusParts.count >= 2 ? Int(statusParts[1]) ?? 0 : 0
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let field = line[..<colon].lowercased()
            let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            headers[field] = headers[field].map { $0 + ", " + value } ?? value
        }
        let accept = headers["sec-websocket-accept"] == ConformanceConnection.acceptValue(for: webSocket.key)
        let rest = handshakeBytes[(end + 4)...]
        handshakeBytes = []
        upgraded = status == 101
        webSocket.promise.succeed(WebSocketHandshake(status: status, headers: headers, acceptValid: accept))
        if upgraded, !rest.isEmpty {
            frames.append(rest)
            readFrames(context: context)
        }
    }

    private func readStream() {
        while true {
            do throws(SIPParseError) {
                guard let frame = try framer.nextFrame() else { return }
                switch frame {
                case .message(let message): emit(.message(message, raw: message.serialized()))
                default: continue
                }
            } catch {
                broken = true
                emit(.unparsable(raw: [], reason: "stream framing: \(error)"))
                return
            }
        }
    }

    private func readFrames(context: ChannelHandlerContext) {
        while !broken {
            let frame: WebSocketFrame
            do throws(WebSocketFrameDecoder.Problem) {
                guard let next = try frames.next() else { return }
                frame = next
            } catch {
                broken = true
                emit(.frameProblem(error.description))
                context.close(promise: nil)
                return
            }
            if frame.masked { emit(.frameProblem("a server frame is masked (RFC 6455 §5.1)")) }
            switch frame.opcode {
            case .ping:
                let pong = WebSocketFrame(opcode: .pong, payload: frame.payload)
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: pong.encoded(maskKey: [1, 2, 3, 4]))), promise: nil)
            case .pong:
                continue
            case .close:
                closeCode = frame.payload.count >= 2 ? Int(frame.payload[0]) << 8 | Int(frame.payload[1]) : 1005
                let echo = WebSocketFrame(opcode: .close, payload: Array(frame.payload.prefix(2)))
                context.writeAndFlush(wrapOutboundOut(ByteBuffer(bytes: echo.encoded(maskKey: [1, 2, 3, 4]))), promise: nil)
                context.close(promise: nil)
                return
            case .text, .binary:
                if fragmentOpcode != nil { emit(.frameProblem("a new data frame inside a fragmented message (RFC 6455 §5.4)")) }
                if frame.fin {
                    deliver(frame.payload, opcode: frame.opcode)
                } else {
                    fragmentOpcode = frame.opcode
                    fragments = frame.payload
                }
            case .continuation:
                guard let opcode = fragmentOpcode else {
                    emit(.frameProblem("a continuation frame with no message started (RFC 6455 §5.4)"))
                    continue
                }
                fragments.append(contentsOf: frame.payload)
                if frame.fin {
                    fragmentOpcode = nil
                    deliver(fragments, opcode: opcode)
                    fragments = []
                }
            }
        }
    }

    /// One WebSocket message: exactly one SIP message (RFC 7118 §5).
    private func deliver(_ payload: [UInt8], opcode: WebSocketFrame.Opcode) {
        if opcode == .text, String(validating: payload, as: UTF8.self) == nil {
            emit(.frameProblem("a text message that is not UTF-8 (RFC 6455 §5.6)"))
        }
        let event = parse(payload)
        if case .message(let message, _) = event, let length = message.contentLength, length != message.bodyLength {
            emit(.frameProblem("the message's Content-Length \(length) is not its \(message.bodyLength) body bytes: more than one message, or a cut one, in a WebSocket message (RFC 7118 §5)"))
        }
        emit(event)
    }

    func channelInactive(context: ChannelHandlerContext) {
        webSocket?.promise.fail(ConformanceError.connectFailed("closed during the handshake"))
        emit(.closed(code: closeCode))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private static func headerEnd(_ bytes: [UInt8]) -> Int? {
        guard bytes.count >= 4 else { return nil }
        for index in 0...(bytes.count - 4)
        where bytes[index] == 13 && bytes[index + 1] == 10 && bytes[index + 2] == 13 && bytes[index + 3] == 10 {
            return index
        }
        return nil
    }
}
