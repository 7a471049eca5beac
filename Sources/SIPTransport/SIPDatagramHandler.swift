import NIOCore
import SIPCore

/// Turns each received datagram into an event (RFC 3261 §18.3: one message per datagram) on the
/// channel's event loop, with no actor hop; answers unparseable requests when configured.
final class SIPDatagramHandler: ChannelInboundHandler {
    typealias InboundIn = AddressedEnvelope<ByteBuffer>
    typealias OutboundOut = AddressedEnvelope<ByteBuffer>

    private let sink: SIPTransportEventSink
    private let configuration: SIPTransportConfiguration
    private let validator = SIPValidator()

    init(sink: SIPTransportEventSink, configuration: SIPTransportConfiguration) {
        self.sink = sink
        self.configuration = configuration
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let envelope = unwrapInboundIn(data)
        guard let source = SIPTransportAddress(envelope.remoteAddress) else { return }
        var buffer = envelope.data
        let bytes = buffer.readBytes(length: buffer.readableBytes) ?? []
        if bytes.isEmpty { return }
        // A datagram of CRLFs is a keep-alive some user agents send over UDP (RFC 5626 §4.4.1
        // uses STUN; CRLFCRLF is the common practice); it is reported, never answered.
        if bytes.allSatisfy({ $0 == 13 || $0 == 10 }) {
            sink.count { $0.keepAlivesReceived += 1 }
            sink.emit(.keepAlive(bytes.count >= 4 ? .ping : .pong, from: source))
            return
        }
        let limits = configuration.parserOptions.limits
        if bytes.count > limits.maxMessageSize {
            let error = SIPParseError(.limitExceeded("message larger than \(limits.maxMessageSize) bytes"),
                                      offset: limits.maxMessageSize)
            let count = sink.count { stats -> Int in
                stats.oversizeDropped += 1
                stats.parseErrors += 1
                return stats.parseErrors
            }
            sink.emit(.parseError(SIPTransportParseFailure(error: error, source: source, count: count)))
            return
        }
        let message: SIPMessage
        do {
            message = try SIPMessage(parsing: bytes, options: configuration.parserOptions)
        } catch {
            reject(bytes, error: error, source: source, envelope: envelope, context: context)
            return
        }
        sink.count { $0.messagesReceived += 1 }
        sink.emit(.message(message, from: source))
    }

    /// Counts and reports an unparseable datagram, and answers it when configured.
    private func reject(_ bytes: [UInt8], error: SIPParseError, source: SIPTransportAddress,
                        envelope: AddressedEnvelope<ByteBuffer>, context: ChannelHandlerContext) {
        let validation = validator.validate(bytes: bytes, options: configuration.parserOptions).1
        let count = sink.count { stats -> Int in
            stats.parseErrors += 1
            if case .limitExceeded = error.kind { stats.oversizeDropped += 1 }
            return stats.parseErrors
        }
        let failure = SIPTransportParseFailure(error: error, source: source, count: count, bytes: bytes,
                                               validation: validation.rejection == nil ? nil : validation)
        sink.emit(.parseError(failure))
        guard configuration.answersMalformedRequests,
              let response = failure.rejectionResponse(limits: configuration.parserOptions.limits) else { return }
        let reply = AddressedEnvelope(remoteAddress: envelope.remoteAddress,
                                      data: context.channel.allocator.buffer(bytes: response.serialized()))
        let sink = self.sink
        context.writeAndFlush(wrapOutboundOut(reply)).assumeIsolated().whenComplete { result in
            switch result {
            case .success: sink.count { $0.rejectionsSent += 1 }
            case .failure: sink.count { $0.sendFailures += 1 }
            }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A UDP socket keeps working after an error of one datagram (ICMP unreachable, EMSGSIZE).
        sink.count { $0.sendFailures += 1 }
    }
}
