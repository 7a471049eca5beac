import SIPCore
import SIPTransport

/// Where the runner sends: a `sip:HOST:PORT;transport=udp|tcp|tls` URI or a `ws://` /
/// `wss://` URL (RFC 7118).
public struct ConformanceTarget: Sendable, Hashable, CustomStringConvertible {
    /// The transport the target is reached over.
    public enum Transport: String, Sendable, Hashable, CaseIterable {
        case udp, tcp, tls, ws, wss

        /// The Via transport token (RFC 3261 §20.42, RFC 7118 §5.2).
        public var viaToken: String { rawValue.uppercased() }
        /// Whether messages are delimited by the transport (datagrams, frames) rather than by
        /// Content-Length on a byte stream.
        public var isMessageOriented: Bool { self == .udp || self == .ws || self == .wss }
        /// Whether the transport is reliable (no retransmissions, RFC 3261 §17.1.1.2).
        public var isReliable: Bool { self != .udp }
        /// Whether it runs over TLS.
        public var isSecure: Bool { self == .tls || self == .wss }
    }

    /// Host (IP literal or name) and port.
    public var host: String
    /// The port.
    public var port: Int
    /// The transport.
    public var transport: Transport
    /// The WebSocket resource path (`/` when the URL has none); unused for SIP URIs.
    public var path: String
    /// The text the target was given as.
    public var text: String

    /// Parses `text`; throws ``ConformanceError/badTarget(_:)`` with the reason.
    public init(_ text: String) throws(ConformanceError) {
        self.text = text
        let lower = text.lowercased()
        if lower.hasPrefix("ws://") || lower.hasPrefix("wss://") {
            transport = lower.hasPrefix("wss://") ? .wss : .ws
            let rest = text.dropFirst(transport == .wss ? 6 : 5)
            let authority = rest.prefix { $0 != "/" }
            let remainder = rest.dropFirst(authority.count)
            path = remainder.isEmpty ? "/" : String(remainder)
            (host, port) = try Self.hostPort(authority, defaultPort: transport == .wss ? 443 : 80, text: text)
        } else if lower.hasPrefix("sip:") || lower.hasPrefix("sips:") {
            // The stack's own URI parser (RFC 3261 §19.1): host forms, port, parameters.
            guard let uri = try? SIPURI(text), let uriHost = uri.host else { throw .badTarget("\(text): not a SIP URI with a host") }
            let secure = uri.scheme == .sips
            var chosen: Transport = secure ? .tls : .udp
            if let value = uri.parameter("transport")?.lowercased() {
                guard let named = Transport(rawValue: value), !named.isMessageOriented || named == .udp else {
                    throw .badTarget("\(text): transport=\(value) is not udp, tcp or tls")
                }
                chosen = named
            }
            let port = uri.port ?? (chosen == .tls ? 5061 : 5060)
            guard (1...65_535).contains(port) else { throw .badTarget("\(text): bad port") }
            transport = chosen
            path = "/"
            switch uriHost {
            case .ipv4(let value), .ipv6(let value), .domain(let value): host = value
            }
            self.port = port
        } else {
            throw .badTarget("\(text): not ws://, wss:// or sip:HOST:PORT;transport=udp|tcp|tls")
        }
    }

    /// The socket address.
    public var address: SIPTransportAddress { SIPTransportAddress(host: host, port: port) }

    /// `host:port`, IPv6 hosts in brackets.
    public var hostPort: String { address.description }

    /// The text the target was given as.
    public var description: String { text }

    private static func hostPort(_ authority: Substring, defaultPort: Int, text: String) throws(ConformanceError) -> (String, Int) {
        guard !authority.isEmpty else { throw .badTarget("\(text): no host") }
        if authority.hasPrefix("[") {
            guard let close = authority.firstIndex(of: "]") else { throw .badTarget("\(text): unclosed IPv6 bracket") }
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let after = authority[authority.index(after: close)...]
            if after.isEmpty { return (host, defaultPort) }
            guard after.hasPrefix(":"), let port = Int(after.dropFirst()), (1...65_535).contains(port) else {
                throw .badTarget("\(text): bad port")
            }
            return (host, port)
        }
        let pieces = authority.split(separator: ":", omittingEmptySubsequences: false)
        switch pieces.count {
        case 1: return (String(authority), defaultPort)
        case 2:
            guard let port = Int(pieces[1]), (1...65_535).contains(port), !pieces[0].isEmpty else {
                throw .badTarget("\(text): bad port")
            }
            return (String(pieces[0]), port)
        default:
            throw .badTarget("\(text): an IPv6 host must be in brackets")
        }
    }
}

/// The role the target plays, which decides the cases that apply (a scenario's `roles:`).
public enum ConformanceRole: String, Sendable, Hashable, CaseIterable {
    /// A registrar only (RFC 3261 §10).
    case registrar
    /// A registrar and proxy (RFC 3261 §10, §16), like Kamailio or OpenSIPS.
    case proxy
    /// A user agent server: a phone, a media server, a B2BUA's leg (RFC 3261 §8.2, §13, §17.2).
    case uas
    /// A SIP-over-WebSocket edge that registers and routes browser clients (RFC 7118).
    case edge
}

/// What can stop a run before its cases: a bad argument, a bad scenario file, an unreachable target.
public enum ConformanceError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The target text is not a usable URL.
    case badTarget(String)
    /// A scenario file does not follow the format (file, line, why).
    case badScenario(file: String, line: Int, reason: String)
    /// A scenario folder or file cannot be read.
    case unreadable(String)
    /// No connection to the target could be opened.
    case connectFailed(String)

    /// The reason, for people.
    public var description: String {
        switch self {
        case .badTarget(let why): "bad target: \(why)"
        case .badScenario(let file, let line, let reason): "\(file):\(line): \(reason)"
        case .unreadable(let why): "cannot read \(why)"
        case .connectFailed(let why): "cannot connect: \(why)"
        }
    }
}
