/// An ICE candidate, the value of `a=candidate` (RFC 8839 §5.1):
/// `<foundation> <component-id> <transport> <priority> <connection-address> <port> typ
/// <cand-type> [raddr <address>] [rport <port>] *(<extension-att-name> <extension-att-value>)`.
///
/// Extension pairs (`tcptype` of RFC 6544, `generation`, `network-id`, `ufrag`, …) are kept
/// in order; `tcpType` and `generation` read and write them.
public struct SDPCandidate: Sendable, Hashable, CustomStringConvertible {
    /// The candidate type after `typ` (RFC 8839 §5.1, RFC 8445 §5.1.1).
    public struct CandidateType: RawRepresentable, Sendable, Hashable {
        /// The type as written (`host`, `srflx`, `prflx`, `relay` or an extension token).
        public var rawValue: String
        /// Creates a candidate type.
        public init(rawValue: String) { self.rawValue = rawValue }
        /// A host candidate.
        public static let host = CandidateType(rawValue: "host")
        /// A server-reflexive candidate.
        public static let serverReflexive = CandidateType(rawValue: "srflx")
        /// A peer-reflexive candidate.
        public static let peerReflexive = CandidateType(rawValue: "prflx")
        /// A relayed candidate.
        public static let relay = CandidateType(rawValue: "relay")
    }

    /// The `tcptype` extension of a TCP candidate (RFC 6544 §4.5).
    public enum TCPType: String, Sendable, Hashable {
        /// Opens outgoing connections only.
        case active
        /// Accepts incoming connections only.
        case passive
        /// Simultaneous open.
        case simultaneousOpen = "so"
    }

    /// One `name value` extension pair (RFC 8839 §5.1 `cand-extension`).
    public struct Extension: Sendable, Hashable {
        /// The extension name.
        public var name: String
        /// The extension value.
        public var value: String
        /// Creates an extension pair.
        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// The foundation, 1–32 `ice-char`s.
    public var foundation: String
    /// The component ID, 1 for RTP (and RTCP with rtcp-mux), 2 for RTCP; 1–256.
    public var component: UInt16
    /// The transport as written (`udp`, `UDP`, `tcp`, …).
    public var transport: String
    /// The candidate priority (RFC 8445 §5.1.2).
    public var priority: UInt32
    /// The connection address: IPv4, IPv6 or an FQDN (e.g. an mDNS `.local` name).
    public var address: String
    /// The port.
    public var port: UInt16
    /// The candidate type.
    public var type: CandidateType
    /// The related address (`raddr`), for reflexive and relayed candidates.
    public var relatedAddress: String?
    /// The related port (`rport`).
    public var relatedPort: UInt16?
    /// The extension pairs after `typ`/`raddr`/`rport`, in order.
    public var extensions: [Extension]

    /// Creates a candidate (RFC 8839 §5.1).
    public init(foundation: String, component: UInt16 = 1, transport: String = "udp", priority: UInt32,
                address: String, port: UInt16, type: CandidateType = .host, relatedAddress: String? = nil,
                relatedPort: UInt16? = nil, extensions: [Extension] = []) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.port = port
        self.type = type
        self.relatedAddress = relatedAddress
        self.relatedPort = relatedPort
        self.extensions = extensions
    }

    /// Parses a candidate (RFC 8839 §5.1): the value of `a=candidate`, also accepted with a
    /// leading `candidate:` or `a=candidate:` (the trickle form of RFC 8840 §4.1); nil when
    /// it does not follow the grammar.
    public init?(parsing text: some StringProtocol) {
        guard let candidate = SDPGrammar.withBytes(text, { SDPCandidate(bytes: $0) }) else { return nil }
        self = candidate
    }

    /// Parses the bytes of a candidate (the `a=candidate` value or its trickle forms).
    init?(bytes: UnsafeBufferPointer<UInt8>) {
        guard let scanned = SDPCandidateScan(bytes) else { return nil }
        foundation = scanned.foundation.string
        component = scanned.component
        transport = scanned.transport.string
        priority = scanned.priority
        address = scanned.address.string
        port = scanned.port
        type = CandidateType(rawValue: scanned.type.string)
        relatedAddress = scanned.relatedAddress?.string
        relatedPort = scanned.relatedPort
        var extensions: [Extension] = []
        if scanned.extensionCount > 0 {
            extensions.reserveCapacity(scanned.extensionCount)
            var fields = scanned.extensions
            while let name = fields.next(), let value = fields.next() {
                extensions.append(Extension(name: name.string, value: value.string))
            }
        }
        self.extensions = extensions
    }

    /// True when the bytes are a valid candidate.
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool { SDPCandidateScan(bytes) != nil }

    /// The `tcptype` extension (RFC 6544 §4.5); setting nil removes it.
    public var tcpType: TCPType? {
        get { extensionValue("tcptype").flatMap { TCPType(rawValue: SDPGrammar.lowercased($0)) } }
        set { setExtension("tcptype", newValue?.rawValue) }
    }

    /// The `generation` extension (a de-facto extension of libwebrtc); setting nil removes it.
    public var generation: UInt32? {
        get { extensionValue("generation").flatMap { SDPGrammar.number($0, as: UInt32.self) } }
        set { setExtension("generation", newValue.map { String($0) }) }
    }

    /// True when the transport is TCP (RFC 6544).
    public var isTCP: Bool { SDPGrammar.equalsIgnoringCase(transport, "tcp") }

    /// True when the transport is UDP.
    public var isUDP: Bool { SDPGrammar.equalsIgnoringCase(transport, "udp") }

    /// The value of the first extension named `name`.
    public func extensionValue(_ name: String) -> String? {
        extensions.first { $0.name == name }?.value
    }

    /// Replaces (in place) or appends extension `name`, or removes it when `value` is nil.
    public mutating func setExtension(_ name: String, _ value: String?) {
        guard let value else {
            extensions.removeAll { $0.name == name }
            return
        }
        if let index = extensions.firstIndex(where: { $0.name == name }) {
            extensions[index].value = value
        } else {
            extensions.append(Extension(name: name, value: value))
        }
    }

    /// The value of `a=candidate` (without the `candidate:` prefix).
    public var attributeValue: String {
        var text = "\(foundation) \(component) \(transport) \(priority) \(address) \(port) typ \(type.rawValue)"
        if let relatedAddress { text += " raddr " + relatedAddress }
        if let relatedPort { text += " rport " + String(relatedPort) }
        for item in extensions { text += " " + item.name + " " + item.value }
        return text
    }

    /// The trickle form `candidate:<value>` (RFC 8840 §4.1).
    public var description: String { "candidate:" + attributeValue }
}
