#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOPosix
import Synchronization

/// One bound UDP socket of an ICE agent (a host candidate's base), on SwiftNIO.
///
/// Received datagrams (with their source and the socket's own address) are handed to
/// `onDatagram` on the socket's event loop, in arrival order;
/// the owner demultiplexes STUN from media (RFC 7983). With `dscp` on, outgoing packets are
/// marked DSCP EF (IP_TOS 0xB8; IPV6_TCLASS for IPv6), the seed's `dscp` option.
///
/// A media engine can install a tap (``setMediaTap(_:)``): then every non-STUN datagram (first
/// byte above 3, RFC 7983 §7) goes straight to the tap on the socket's event loop, in place in
/// NIO's receive buffer, without an actor hop or a copy; STUN still goes to `onDatagram`.
public final class ICEUDPSocket: Sendable {
    /// Receives a media datagram (DTLS, SRTP, SRTCP) on the socket's event loop; the bytes may be
    /// changed in place (decryption) and are valid only during the call.
    public typealias MediaTap = @Sendable (_ datagram: UnsafeMutableRawBufferPointer, _ source: SocketAddress) -> Void

    /// The address the socket is bound to.
    public let localAddress: ICETransportAddress
    private let channel: any Channel
    private let inbound: Inbound

    private init(channel: any Channel, localAddress: ICETransportAddress, inbound: Inbound) {
        self.channel = channel
        self.localAddress = localAddress
        self.inbound = inbound
    }

    /// The event loop the socket's reads and writes run on.
    public var eventLoop: any EventLoop { channel.eventLoop }

    /// Installs (or, with nil, removes) the media tap.
    public func setMediaTap(_ tap: MediaTap?) {
        inbound.tap.withLock { $0 = tap }
    }

    /// Sends one datagram already in a buffer to a resolved address; for the media path, which
    /// calls it on ``eventLoop`` (it works from any thread).
    public func send(_ buffer: ByteBuffer, to address: SocketAddress) {
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    /// Allocates a buffer for an outgoing datagram from the channel's allocator.
    public func makeBuffer(capacity: Int) -> ByteBuffer {
        channel.allocator.buffer(capacity: capacity)
    }

    /// Binds a socket on `host` (an IP literal) and an ephemeral port (or `port`).
    public static func bind(host: String, port: Int = 0, dscp: Bool = false,
                            group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton,
                            onDatagram: @escaping @Sendable (_ bytes: [UInt8], _ from: ICETransportAddress, _ local: ICETransportAddress) -> Void)
        async throws(ICEError) -> ICEUDPSocket {
        let inbound = Inbound(onDatagram: onDatagram)
        let bootstrap = DatagramBootstrap(group: group)
            .channelOption(.socketOption(.so_reuseaddr), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(inbound)
                }
            }
        let channel: any Channel
        do {
            channel = try await bootstrap.bind(host: host, port: port).get()
        } catch {
            throw .bindFailed("\(host):\(port): \(error)")
        }
        if dscp {
            do {
                if host.contains(":") {
                    try await channel.setOption(.socket(SocketOptionLevel(IPPROTO_IPV6), SocketOptionName(IPV6_TCLASS)),
                                                value: 0xB8).get()
                } else {
                    try await channel.setOption(.socket(SocketOptionLevel(IPPROTO_IP), SocketOptionName(IP_TOS)),
                                                value: 0xB8).get()
                }
            } catch {
                try? await channel.close().get()
                throw .bindFailed("\(host): cannot set DSCP: \(error)")
            }
        }
        guard let bound = channel.localAddress, let boundPort = bound.port else {
            try? await channel.close().get()
            throw .bindFailed("\(host): no local address")
        }
        return ICEUDPSocket(channel: channel, localAddress: ICETransportAddress(host: bound.ipAddress ?? host, port: boundPort),
                            inbound: inbound)
    }

    /// Sends one datagram to `destination` without waiting; failures are dropped (UDP).
    public func send(_ bytes: [UInt8], to destination: ICETransportAddress) {
        guard let address = try? SocketAddress(ipAddress: destination.host, port: destination.port) else { return }
        var buffer = channel.allocator.buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        channel.writeAndFlush(AddressedEnvelope(remoteAddress: address, data: buffer), promise: nil)
    }

    /// The socket's IP_TOS (IPv4) or IPV6_TCLASS (IPv6) value: 0xB8 when bound with `dscp`.
    public func trafficClass() async -> Int? {
        let option: ChannelOptions.Types.SocketOption = localAddress.isIPv6
            ? .socket(SocketOptionLevel(IPPROTO_IPV6), SocketOptionName(IPV6_TCLASS))
            : .socket(SocketOptionLevel(IPPROTO_IP), SocketOptionName(IP_TOS))
        guard let value = try? await channel.getOption(option).get() else { return nil }
        return Int(value)
    }

    /// Closes the socket.
    public func close() async {
        try? await channel.close().get()
    }

    private final class Inbound: ChannelInboundHandler, Sendable {
        typealias InboundIn = AddressedEnvelope<ByteBuffer>
        let onDatagram: @Sendable ([UInt8], ICETransportAddress, ICETransportAddress) -> Void
        let tap = Mutex<MediaTap?>(nil)

        init(onDatagram: @escaping @Sendable ([UInt8], ICETransportAddress, ICETransportAddress) -> Void) {
            self.onDatagram = onDatagram
        }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var envelope = unwrapInboundIn(data)
            if let first = envelope.data.readableBytesView.first, first > 3, let tap = tap.withLock({ $0 }) {
                let source = envelope.remoteAddress
                envelope.data.withUnsafeMutableReadableBytes { tap($0, source) }
                return
            }
            guard let host = envelope.remoteAddress.ipAddress, let port = envelope.remoteAddress.port,
                  let local = context.channel.localAddress, let localHost = local.ipAddress, let localPort = local.port
            else { return }
            onDatagram(Array(envelope.data.readableBytesView), ICETransportAddress(host: host, port: port),
                       ICETransportAddress(host: localHost, port: localPort))
        }

        func errorCaught(context: ChannelHandlerContext, error: any Error) {
            // ICMP errors (port unreachable) surface here on a connected-less UDP socket: ignore.
        }
    }
}
