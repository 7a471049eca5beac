/// The two G.711 companding laws (ITU-T G.711 §2, RFC 3551 §4.5.14).
public enum G711Law: Sendable, Hashable, CaseIterable {
    /// µ-law: PCMU, static payload type 0 (RFC 3551 Table 4).
    case muLaw
    /// A-law: PCMA, static payload type 8 (RFC 3551 Table 4).
    case aLaw

    /// The static RTP payload type (RFC 3551 §6, Table 4): 0 for PCMU, 8 for PCMA.
    public var payloadType: UInt8 {
        switch self {
        case .muLaw: 0
        case .aLaw: 8
        }
    }

    /// The SDP `rtpmap` encoding name (RFC 3551 §6): `PCMU` or `PCMA`.
    public var encodingName: String {
        switch self {
        case .muLaw: "PCMU"
        case .aLaw: "PCMA"
        }
    }
}
