import SIPCore
import SIPTransport

/// One `--server` value: a WebSocket URL (`ws://host:port[/path]`, RFC 7118) or a SIP URI
/// naming UDP or TCP (`sip:host:port;transport=udp|tcp`, RFC 3261 §19.1; no `transport`
/// means UDP). TLS (`wss://`, `sips:`, `transport=tls`) is refused as not supported yet.
enum PhoneServer: Sendable, CustomStringConvertible {
    /// A WebSocket server.
    case webSocket(SIPWebSocketURL)
    /// A UDP or TCP server at `host` (as written: IP literal or name) and `port`.
    case sip(kind: SIPTransportKind, host: String, port: Int)

    /// Why a `--server` value is refused.
    struct ParseError: Error, CustomStringConvertible {
        /// The message shown with the usage.
        var description: String
    }

    /// Parses one `--server` value.
    init(parsing text: String) throws(ParseError) {
        let lower = text.lowercased()
        if lower.hasPrefix("wss://") || lower.hasPrefix("sips:") {
            throw ParseError(description: "\(text): TLS (wss://, sips:) is not supported yet; use ws:// or sip:…;transport=udp|tcp")
        }
        if lower.hasPrefix("ws://") {
            guard let url = SIPWebSocketURL(text) else { throw ParseError(description: "\(text): not a ws://host:port[/path] URL") }
            self = .webSocket(url)
            return
        }
        guard lower.hasPrefix("sip:"), let uri = try? SIPURI(text), let host = uri.host else {
            throw ParseError(description: "\(text): expected ws://host:port[/path] or sip:host:port;transport=udp|tcp")
        }
        guard uri.user == nil else { throw ParseError(description: "\(text): a server URI has no user part") }
        let transport = uri.parameters.value(of: "transport")?.lowercased() ?? "udp"
        let kind: SIPTransportKind
        switch transport {
        case "udp": kind = .udp
        case "tcp": kind = .tcp
        case "tls", "wss": throw ParseError(description: "\(text): transport=\(transport) is not supported yet (no TLS)")
        default: throw ParseError(description: "\(text): transport=\(transport) is not udp or tcp")
        }
        let name: String
        switch host {
        case .ipv4(let address), .domain(let address), .ipv6(let address): name = address
        }
        self = .sip(kind: kind, host: name, port: uri.port ?? kind.defaultPort)
    }

    /// The server host as written (brackets removed): the domain of the address of record.
    var host: String {
        switch self {
        case .webSocket(let url): SIPTransportAddress(host: url.host, port: url.port).host
        case .sip(_, let host, _): SIPTransportAddress(host: host, port: 0).host
        }
    }

    /// The host as a SIP URI host: IPv4 or IPv6 literal, else a domain name.
    var uriHost: SIPURI.Host { Self.uriHost(host) }

    /// `host` classified as an IPv4 literal, an IPv6 literal or a domain name.
    static func uriHost(_ host: String) -> SIPURI.Host {
        if host.contains(":") { return .ipv6(host) }
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        let isIPv4 = parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isASCII) && part.allSatisfy(\.isNumber)
                && (Int(part) ?? 256) <= 255
        }
        return isIPv4 ? .ipv4(host) : .domain(host)
    }

    /// The value as given on the command line, normalized.
    var description: String {
        switch self {
        case .webSocket(let url): url.description
        case .sip(let kind, let host, let port):
            "sip:\(SIPTransportAddress(host: host, port: port).description);transport=\(kind.uriParameter)"
        }
    }
}
