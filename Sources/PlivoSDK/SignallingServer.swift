import SIPCore
import SIPTransport

/// One `--server` value: a WebSocket URL (`ws://host:port[/path]` or `wss://…`, RFC 7118) or
/// a SIP URI naming UDP, TCP or TLS (`sip:host:port;transport=udp|tcp|tls`, RFC 3261 §19.1;
/// no `transport` means UDP). A `sips:` URI means TLS (RFC 3261 §26.2.2, default port 5061);
/// it may say `transport=tls` or `transport=tcp` (TLS over TCP), nothing else.
package enum SignallingServer: Sendable, CustomStringConvertible {
    /// A WebSocket server (`ws://` or `wss://`).
    case webSocket(SIPWebSocketURL)
    /// A UDP, TCP or TLS server at `host` (as written: IP literal or name) and `port`.
    case sip(kind: SIPTransportKind, host: String, port: Int)

    /// Why a `--server` value is refused.
    package struct ParseError: Error, CustomStringConvertible {
        /// The message shown with the usage.
        package var description: String
    }

    /// Parses one `--server` value.
    package init(parsing text: String) throws(ParseError) {
        let lower = text.lowercased()
        if lower.hasPrefix("ws://") || lower.hasPrefix("wss://") {
            guard let url = SIPWebSocketURL(text) else {
                throw ParseError(description: "\(text): not a ws[s]://host:port[/path] URL")
            }
            self = .webSocket(url)
            return
        }
        let secure = lower.hasPrefix("sips:")
        guard lower.hasPrefix("sip:") || secure, let uri = try? SIPURI(text), let host = uri.host else {
            throw ParseError(description:
                "\(text): expected ws[s]://host:port[/path], sip:host:port;transport=udp|tcp|tls or sips:host:port")
        }
        guard uri.user == nil else { throw ParseError(description: "\(text): a server URI has no user part") }
        let transport = uri.parameters.value(of: "transport")?.lowercased() ?? (secure ? "tls" : "udp")
        let kind: SIPTransportKind
        switch (transport, secure) {
        case ("udp", false): kind = .udp
        case ("tcp", false): kind = .tcp
        case ("tls", _), ("tcp", true): kind = .tls
        case ("udp", true): throw ParseError(description: "\(text): a sips: URI needs TLS, not transport=udp")
        case ("ws", _), ("wss", _):
            throw ParseError(description: "\(text): for SIP over WebSocket give a ws:// or wss:// URL")
        default: throw ParseError(description: "\(text): transport=\(transport) is not udp, tcp or tls")
        }
        let name: String
        switch host {
        case .ipv4(let address), .domain(let address), .ipv6(let address): name = address
        }
        self = .sip(kind: kind, host: name, port: uri.port ?? kind.defaultPort)
    }

    /// The server host as written (brackets removed): the domain of the address of record.
    package var host: String {
        switch self {
        case .webSocket(let url): SIPTransportAddress(host: url.host, port: url.port).host
        case .sip(_, let host, _): SIPTransportAddress(host: host, port: 0).host
        }
    }

    /// The host as a SIP URI host: IPv4 or IPv6 literal, else a domain name.
    package var uriHost: SIPURI.Host { Self.uriHost(host) }

    /// `host` classified as an IPv4 literal, an IPv6 literal or a domain name.
    package static func uriHost(_ host: String) -> SIPURI.Host {
        if host.contains(":") { return .ipv6(host) }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                && (Int(part) ?? 256) <= 255
        }
        return isIPv4 ? .ipv4(host) : .domain(host)
    }

    /// The value as given on the command line, normalized.
    package var description: String {
        switch self {
        case .webSocket(let url): url.description
        case .sip(let kind, let host, let port):
            "sip:\(SIPTransportAddress(host: host, port: port).description);transport=\(kind.uriParameter)"
        }
    }
}
