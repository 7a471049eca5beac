import CaptureFile
import SIPCore

/// How a SIP message travelled.
public enum CaptureTransport: String, Sendable, Hashable, Codable {
    /// SIP over UDP.
    case udp = "UDP"
    /// SIP over TCP, framed by Content-Length.
    case tcp = "TCP"
    /// SIP over WebSocket (RFC 7118).
    case webSocket = "WS"
}

/// A SIP message found in a capture, as the stack's parser read it (lenient: what it had to
/// repair or could not accept is kept in ``problems``).
public struct CapturedSIPMessage: Sendable {
    /// The frame that completed it.
    public var frame: Int
    /// When, in nanoseconds since the epoch.
    public var timestamp: Int64
    /// Who sent it.
    public var source: CaptureEndpoint
    /// To whom.
    public var destination: CaptureEndpoint
    /// How.
    public var transport: CaptureTransport
    /// The message; nil when even the lenient parser could not read it.
    public var message: SIPMessage?
    /// The bytes as captured.
    public var bytes: [UInt8]
    /// What the parser repaired (warnings) or refused (errors), with the problem.
    public var problems: [String]

    /// The start line's summary: `INVITE sip:bob@…`, `180 Ringing`, or `?` when unreadable.
    public var summary: String {
        guard let message else { return "? (unparsable, \(bytes.count) bytes)" }
        if let method = message.method {
            return "\(method.rawValue) \(message.requestURI?.description ?? "")"
        }
        return "\(message.statusCode ?? 0) \(message.reasonPhrase ?? "")"
    }
}
