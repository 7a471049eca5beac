import NIOCore
import NIOHTTP1

/// Sends the HTTP upgrade request of a SIP WebSocket connection (RFC 6455 §4.1) when the
/// channel becomes active, and turns a refused upgrade into a typed failure. It sits behind
/// `NIOHTTPClientUpgradeHandler`, which removes it when the upgrade succeeds.
final class SIPWebSocketHandshakeHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPClientResponsePart
    typealias OutboundOut = HTTPClientRequestPart

    private let url: SIPWebSocketURL
    private let outcome: SIPWebSocketHandshakeOutcome
    private var requestSent = false

    /// Creates the handler for a connection to `url`.
    init(url: SIPWebSocketURL, outcome: SIPWebSocketHandshakeOutcome) {
        self.url = url
        self.outcome = outcome
    }

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { sendRequest(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        sendRequest(context: context)
        context.fireChannelActive()
    }

    private func sendRequest(context: ChannelHandlerContext) {
        guard !requestSent else { return }
        requestSent = true
        var headers = HTTPHeaders()
        headers.add(name: "Host", value: url.hostHeader)
        headers.add(name: "Content-Length", value: "0")
        let head = HTTPRequestHead(version: .http1_1, method: .GET, uri: url.resource, headers: headers)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        // Only a response the upgrade handler refused reaches this handler.
        guard case .head(let head) = unwrapInboundIn(data) else { return }
        let failure: SIPWebSocketHandshakeFailure
        if head.status == .switchingProtocols {
            if SIPWebSocketClientUpgrader.selectsSIP(head.headers) {
                failure = .invalidResponse("upgrade to \(head.headers["Upgrade"].first ?? "nothing") refused")
            } else {
                failure = .subprotocolNotSelected(SIPWebSocketClientUpgrader.selectedProtocol(head.headers))
            }
        } else {
            failure = .rejected(status: Int(head.status.code))
        }
        outcome.fail(.handshakeFailed(failure))
        context.close(promise: nil)
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        // A refusal by the upgrade handler is followed by the response head, read above.
        if let upgradeError = error as? NIOHTTPClientUpgradeError,
           upgradeError == .upgraderDeniedUpgrade || upgradeError == .responseProtocolNotFound {
            return
        }
        outcome.fail(.handshakeFailed(.invalidResponse("\(error)")))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        outcome.fail(.handshakeFailed(.connectionClosed))
        context.fireChannelInactive()
    }
}
