import NIOCore
import NIOHTTP1
import NIOWebSocket

/// NIO's WebSocket client upgrader plus the `sip` subprotocol (RFC 7118 §4.1): it offers
/// `Sec-WebSocket-Protocol: sip` and refuses an upgrade response that does not select it.
final class SIPWebSocketClientUpgrader: NIOHTTPClientProtocolUpgrader {
    /// The subprotocol name RFC 7118 §4.1 registers.
    static let subprotocol = "sip"

    private let base: NIOWebSocketClientUpgrader

    /// Creates the upgrader; `upgradePipelineHandler` runs once the WebSocket frame codec is in
    /// the pipeline.
    init(maxFrameSize: Int,
         upgradePipelineHandler: @escaping @Sendable (any Channel, HTTPResponseHead) -> EventLoopFuture<Void>) {
        base = NIOWebSocketClientUpgrader(maxFrameSize: maxFrameSize, automaticErrorHandling: false,
                                          upgradePipelineHandler: upgradePipelineHandler)
    }

    var supportedProtocol: String { base.supportedProtocol }
    var requiredUpgradeHeaders: [String] { base.requiredUpgradeHeaders }

    func addCustom(upgradeRequestHeaders: inout HTTPHeaders) {
        base.addCustom(upgradeRequestHeaders: &upgradeRequestHeaders)
        upgradeRequestHeaders.add(name: "Sec-WebSocket-Protocol", value: Self.subprotocol)
    }

    func shouldAllowUpgrade(upgradeResponse: HTTPResponseHead) -> Bool {
        base.shouldAllowUpgrade(upgradeResponse: upgradeResponse) && Self.selectsSIP(upgradeResponse.headers)
    }

    func upgrade(context: ChannelHandlerContext, upgradeResponse: HTTPResponseHead) -> EventLoopFuture<Void> {
        base.upgrade(context: context, upgradeResponse: upgradeResponse)
    }

    /// The `Sec-WebSocket-Protocol` value(s) of a response, comma-joined; nil when absent.
    static func selectedProtocol(_ headers: HTTPHeaders) -> String? {
        let values = headers["Sec-WebSocket-Protocol"]
        return values.isEmpty ? nil : values.joined(separator: ", ")
    }

    /// Whether the response selects exactly `sip` (RFC 6455 §4.2.2: one of the offered values).
    static func selectsSIP(_ headers: HTTPHeaders) -> Bool {
        selectedProtocol(headers)?.trimmingSpaces().lowercased() == subprotocol
    }
}

private extension String {
    func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
