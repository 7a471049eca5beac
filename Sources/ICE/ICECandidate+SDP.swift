import SDP

extension ICECandidate {
    /// The candidate of an SDP `a=candidate` line (RFC 8839 §5.1), or nil when it cannot take
    /// part in checks here: not UDP, an address that is not an IP literal (e.g. an mDNS
    /// `.local` name), an unknown type, or a component other than 1–256.
    public init?(_ sdp: SDPCandidate) {
        guard sdp.isUDP, Self.isIPLiteral(sdp.address), (1...256).contains(Int(sdp.component)) else { return nil }
        let type: ICECandidateType
        switch sdp.type {
        case .host: type = .host
        case .serverReflexive: type = .serverReflexive
        case .peerReflexive: type = .peerReflexive
        case .relay: type = .relayed
        default: return nil
        }
        var related: ICETransportAddress?
        if let host = sdp.relatedAddress, let port = sdp.relatedPort, Self.isIPLiteral(host) {
            related = ICETransportAddress(host: host, port: Int(port))
        }
        self.init(foundation: sdp.foundation, component: Int(sdp.component), transport: "udp", priority: sdp.priority,
                  address: ICETransportAddress(host: sdp.address, port: Int(sdp.port)), type: type, relatedAddress: related)
    }

    /// The SDP form of this candidate (`raddr`/`rport` for reflexive ones; `generation 0`).
    public var sdpCandidate: SDPCandidate {
        let sdpType: SDPCandidate.CandidateType
        switch type {
        case .host: sdpType = .host
        case .serverReflexive: sdpType = .serverReflexive
        case .peerReflexive: sdpType = .peerReflexive
        case .relayed: sdpType = .relay
        }
        return SDPCandidate(
            foundation: foundation, component: UInt16(clamping: component), transport: transport, priority: priority,
            address: address.host, port: UInt16(clamping: address.port), type: sdpType,
            relatedAddress: type == .host ? nil : relatedAddress?.host,
            relatedPort: type == .host ? nil : relatedAddress.map { UInt16(clamping: $0.port) })
    }

    /// Whether `text` is an IPv4 or IPv6 literal (no name lookups happen in ICE).
    static func isIPLiteral(_ text: String) -> Bool {
        if text.contains(":") {
            return text.utf8.allSatisfy { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") || isHex($0) }
        }
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { part in
            !part.isEmpty && part.count <= 3 && part.allSatisfy(\.isNumber) && (Int(part) ?? 256) <= 255
        }
    }

    private static func isHex(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66) || (byte >= 0x41 && byte <= 0x46)
    }
}
