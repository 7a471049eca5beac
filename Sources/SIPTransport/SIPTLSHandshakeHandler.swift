import NIOCore
import NIOSSL
import NIOTLS

/// Sits right behind a `NIOSSLHandler` and turns the TLS handshake into one outcome: `promise`
/// succeeds when NIOSSL reports `handshakeCompleted`, and fails with
/// `SIPTransportError.tlsHandshakeFailed` on a handshake error (untrusted or mismatched
/// certificate, alert from the peer), on a close before the handshake ended, or when it takes
/// longer than `timeout` (the connection is closed then). It removes itself once the handshake
/// is done, so it costs nothing per message.
///
/// A handshake error is not passed on: the handlers behind it see only the connection close.
final class SIPTLSHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let promise: EventLoopPromise<Void>
    private let timeout: TimeAmount
    private var timer: Scheduled<Void>?
    private var decided = false

    /// Creates the handler; `promise` is always completed, at the latest when the handler leaves
    /// the pipeline.
    init(promise: EventLoopPromise<Void>, timeout: TimeAmount) {
        self.promise = promise
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { startTimer(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        startTimer(context: context)
        context.fireChannelActive()
    }

    private func startTimer(context: ChannelHandlerContext) {
        guard timer == nil, !decided else { return }
        let (channel, promise) = (context.channel, self.promise)
        let failure = SIPTransportError.tlsHandshakeFailed("no handshake within \(Self.describe(timeout))")
        timer = context.eventLoop.scheduleTask(in: timeout) {
            promise.fail(failure)
            channel.close(promise: nil)
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        guard let tlsEvent = event as? TLSUserEvent, case .handshakeCompleted = tlsEvent else {
            context.fireUserInboundEventTriggered(event)
            return
        }
        // The handlers behind see the event first (the stream handler reports `connected`).
        context.fireUserInboundEventTriggered(event)
        decide(nil)
        context.pipeline.syncOperations.removeHandler(context: context, promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard !decided else {
            context.fireErrorCaught(error)
            return
        }
        decide(.tlsHandshakeFailed(Self.reason(for: error)))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        decide(.tlsHandshakeFailed("connection closed during the handshake"))
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        decide(.tlsHandshakeFailed("connection closed during the handshake"))
    }

    private func decide(_ failure: SIPTransportError?) {
        guard !decided else { return }
        decided = true
        timer?.cancel()
        timer = nil
        if let failure {
            promise.fail(failure)
        } else {
            promise.succeed(())
        }
    }

    /// A short reason for a NIOSSL error: the BoringSSL reason codes
    /// (`CERTIFICATE_VERIFY_FAILED`, `TLSV1_ALERT_UNKNOWN_CA`, …) when there are any, else the
    /// error's own text.
    static func reason(for error: any Error) -> String {
        if let sslError = error as? NIOSSLError {
            switch sslError {
            case .handshakeFailed(.sslError(let stack)), .handshakeFailed(.unknownError(let stack)):
                let reasons = stack.map { reasonCode(in: $0.description) }
                return reasons.isEmpty ? "\(sslError)" : reasons.joined(separator: ", ")
            default:
                return "\(sslError)"
            }
        }
        if let extra = error as? NIOSSLExtraError {
            return extra.description
        }
        return "\(error)"
    }

    /// `CERTIFICATE_VERIFY_FAILED` out of `Error: 268435581 error:1000007d:SSL
    /// routines:OPENSSL_internal:CERTIFICATE_VERIFY_FAILED at file:line`; the text itself when
    /// it has no such part.
    private static func reasonCode(in text: String) -> String {
        let marker = Array("OPENSSL_internal:")
        let characters = Array(text)
        guard let start = characters.indices.first(where: { characters[$0...].starts(with: marker) }) else {
            let trimmed = text.hasPrefix("Error: ") ? text.dropFirst(7) : text[...]
            return String(trimmed.drop { $0 == " " })
        }
        let rest = characters[(start + marker.count)...]
        return String(rest.prefix { $0 != " " })
    }

    private static func describe(_ amount: TimeAmount) -> String {
        let milliseconds = amount.nanoseconds / 1_000_000
        return milliseconds % 1000 == 0 ? "\(milliseconds / 1000) s" : "\(milliseconds) ms"
    }
}
