/// One ICE candidate (RFC 8445 §5.1): a transport address with its type, priority, foundation
/// and base. Only UDP candidates take part in checks here; others are kept but never paired.
public struct ICECandidate: Sendable, Hashable, CustomStringConvertible {
    /// Groups candidates of the same type, base IP, STUN server and transport (§5.1.1.3).
    public var foundation: String
    /// The component (1: RTP, and RTCP too with rtcp-mux, the only component used here).
    public var component: Int
    /// `udp` (or `tcp`, kept but not used).
    public var transport: String
    /// The priority (§5.1.2).
    public var priority: UInt32
    /// The candidate's address.
    public var address: ICETransportAddress
    /// The type.
    public var type: ICECandidateType
    /// For reflexive candidates, the base (host) address; the related address of the SDP line.
    public var relatedAddress: ICETransportAddress?
    /// The address packets are sent from: the candidate itself for host, the related address
    /// for server- and peer-reflexive (§5.1.1.3: a reflexive candidate's base is its host).
    public var base: ICETransportAddress { type == .host || type == .relayed ? address : (relatedAddress ?? address) }

    /// Creates a candidate.
    public init(foundation: String, component: Int = 1, transport: String = "udp", priority: UInt32,
                address: ICETransportAddress, type: ICECandidateType, relatedAddress: ICETransportAddress? = nil) {
        self.foundation = foundation
        self.component = component
        self.transport = transport
        self.priority = priority
        self.address = address
        self.type = type
        self.relatedAddress = relatedAddress
    }

    /// Whether this is a UDP candidate (the only transport checked).
    public var isUDP: Bool { transport.lowercased() == "udp" }

    /// The priority formula of RFC 8445 §5.1.2.1: `2^24·type + 2^8·local + (256 − component)`.
    /// `localPreference` is 0–65535 (65535 for a single interface; lower for less preferred ones).
    public static func priority(type: ICECandidateType, localPreference: UInt32 = 65_535, component: Int = 1) -> UInt32 {
        let componentPart = UInt32(max(0, min(256, 256 - component)))
        return (type.preference << 24) &+ (min(localPreference, 65_535) << 8) &+ componentPart
    }

    /// A foundation for a candidate of `type` whose base is `baseHost`, learned through
    /// `server` (srflx) (§5.1.1.3): equal inputs give the same foundation, different ones
    /// (almost surely) different; digits only, 1–10 characters (RFC 8839 `foundation` is
    /// 1*32 ice-char).
    public static func foundation(type: ICECandidateType, baseHost: String, server: String? = nil,
                                  transport: String = "udp") -> String {
        // FNV-1a, 32 bits: stable across runs and processes (Swift's Hasher is seeded per run).
        var hash: UInt32 = 0x811C_9DC5
        for byte in "\(type.rawValue)|\(baseHost)|\(server ?? "")|\(transport.lowercased())".utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 0x0100_0193
        }
        return String(hash)
    }

    /// `foundation component transport priority address port typ type [raddr … rport …]`.
    public var description: String {
        var text = "\(foundation) \(component) \(transport) \(priority) \(address.host) \(address.port) typ \(type.rawValue)"
        if let related = relatedAddress { text += " raddr \(related.host) rport \(related.port)" }
        return text
    }
}
