/// A WebSocket server address for SIP over WebSocket (RFC 7118 §5, RFC 6455 §3):
/// `ws://host[:port][/path][?query]` or `wss://…`.
///
/// User information and fragments are not accepted; an IPv6 host is written in brackets.
public struct SIPWebSocketURL: Sendable, Hashable, CustomStringConvertible {
    /// Whether the scheme is `wss` (WebSocket over TLS).
    public var isSecure: Bool
    /// The host: an IP literal (IPv6 without brackets) or a host name.
    public var host: String
    /// The port; 80 for `ws` and 443 for `wss` when the URL names none.
    public var port: Int
    /// The resource name sent in the HTTP request line: the path (at least `/`) plus any query.
    public var resource: String

    /// Creates a URL from its parts; an empty resource becomes `/`.
    public init(isSecure: Bool = false, host: String, port: Int? = nil, resource: String = "/") {
        self.isSecure = isSecure
        self.host = SIPTransportAddress(host: host, port: 0).host
        self.port = port ?? (isSecure ? SIPTransportKind.wss.defaultPort : SIPTransportKind.ws.defaultPort)
        self.resource = resource.isEmpty ? "/" : resource
    }

    /// Parses `ws://…` or `wss://…` (scheme in any case); nil for anything else, a missing
    /// host, a port outside 1…65535, user information or a fragment.
    public init?(_ string: String) {
        let lower = string.lowercased()
        let secure: Bool
        let rest: Substring
        if lower.hasPrefix("ws://") {
            secure = false
            rest = string.dropFirst(5)
        } else if lower.hasPrefix("wss://") {
            secure = true
            rest = string.dropFirst(6)
        } else {
            return nil
        }
        guard !rest.contains("#") else { return nil }
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        var resource = String(rest[authorityEnd...])
        if resource.hasPrefix("?") { resource = "/" + resource }
        guard !authority.contains("@"), let (host, port) = Self.splitAuthority(authority) else { return nil }
        self.init(isSecure: secure, host: host, port: port, resource: resource)
    }

    /// Splits `host[:port]` / `[v6][:port]`; nil when malformed.
    private static func splitAuthority(_ authority: Substring) -> (String, Int?)? {
        let host: Substring
        let portText: Substring?
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { return nil }
            host = authority[authority.index(after: authority.startIndex)..<close]
            let after = authority[authority.index(after: close)...]
            if after.isEmpty {
                portText = nil
            } else {
                guard after.hasPrefix(":") else { return nil }
                portText = after.dropFirst()
            }
        } else if let colon = authority.firstIndex(of: ":") {
            host = authority[..<colon]
            portText = authority[authority.index(after: colon)...]
        } else {
            host = authority
            portText = nil
        }
        guard !host.isEmpty, !host.contains(":") || authority.hasPrefix("[") else { return nil }
        guard let portText else { return (String(host), nil) }
        guard !portText.isEmpty, portText.count <= 5, portText.allSatisfy({ $0.isASCII && $0.isNumber }),
              let port = Int(portText), (1...65535).contains(port) else { return nil }
        return (String(host), port)
    }

    /// The transport kind: `.ws` or `.wss`.
    public var kind: SIPTransportKind { isSecure ? .wss : .ws }

    /// The server's address.
    public var address: SIPTransportAddress { SIPTransportAddress(host: host, port: port) }

    /// The HTTP `Host` header value: the host (IPv6 in brackets) plus the port when it is not
    /// the scheme's default (RFC 6455 §4.1).
    public var hostHeader: String {
        let uriHost = address.uriHost
        return port == kind.defaultPort ? uriHost : "\(uriHost):\(port)"
    }

    /// The URL as text, `ws://host:port/resource`.
    public var description: String {
        "\(isSecure ? "wss" : "ws")://\(address.uriHost):\(port)\(resource)"
    }
}
