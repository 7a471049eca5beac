/// How a ``SIPConnectionSupervisor`` probes a live connection.
public enum SIPKeepAliveKind: Sendable, Hashable, CustomStringConvertible {
    /// A SIP OPTIONS request (the seed sends it to `sip:admin@<domain>` with body `pong`); any
    /// final response is the pong (Plivo behaviour §4.3: the healthy answer is a 404).
    case options
    /// A CRLF keep-alive on a stream transport: the ping is a double CRLF and the pong a single
    /// CRLF (RFC 5626 §3.5.1, §4.4.1).
    case crlf

    /// `options` or `crlf`.
    public var description: String {
        switch self {
        case .options: "options"
        case .crlf: "crlf"
        }
    }
}
