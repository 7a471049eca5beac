import NIOCore
import NIOPosix

/// What a raw test client sees.
enum RawClientEvent: Sendable, Equatable {
    /// Bytes read.
    case bytes([UInt8])
    /// The connection closed.
    case closed
}

/// A plain NIO TCP client that writes bytes exactly as a test says and logs what it reads.
final class RawTCPClient: Sendable {
    /// What the client received, in order.
    let log: AsyncLog<RawClientEvent>
    private let channel: any Channel

    private final class Reader: ChannelInboundHandler {
        typealias InboundIn = ByteBuffer
        let continuation: AsyncStream<RawClientEvent>.Continuation

        init(continuation: AsyncStream<RawClientEvent>.Continuation) { self.continuation = continuation }

        func channelRead(context: ChannelHandlerContext, data: NIOAny) {
            var buffer = unwrapInboundIn(data)
            continuation.yield(.bytes(buffer.readBytes(length: buffer.readableBytes) ?? []))
        }

        func channelInactive(context: ChannelHandlerContext) {
            continuation.yield(.closed)
            continuation.finish()
        }
    }

    /// Connects to `host:port`.
    init(group: any EventLoopGroup, host: String, port: Int) async throws {
        let (stream, continuation) = AsyncStream.makeStream(of: RawClientEvent.self)
        log = AsyncLog.collecting(stream)
        channel = try await ClientBootstrap(group: group)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(Reader(continuation: continuation))
                }
            }
            .connect(host: host, port: port).get()
    }

    /// The client's local port.
    var localPort: Int? { channel.localAddress?.port }

    /// Writes `bytes` in one write.
    func write(_ bytes: [UInt8]) async throws {
        try await channel.writeAndFlush(channel.allocator.buffer(bytes: bytes)).get()
    }

    /// Writes `bytes` one byte per write.
    func writeByteByByte(_ bytes: [UInt8]) async throws {
        for byte in bytes { try await write([byte]) }
    }

    /// Reads until `count` bytes have arrived and returns them.
    func read(count: Int) async throws -> [UInt8] {
        var received: [UInt8] = []
        while received.count < count {
            guard let event = try await log.take(where: { _ in true }) else { break }
            guard case .bytes(let bytes) = event else { break }
            received += bytes
        }
        return received
    }

    /// Waits until the server closes the connection.
    func waitForClose() async throws -> Bool {
        try await log.take { $0 == .closed } != nil
    }

    /// Closes the connection.
    func close() async {
        try? await channel.close()
    }
}
