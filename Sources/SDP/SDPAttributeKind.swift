/// The attribute names the validator and the typed views know, recognised once per line (ASCII
/// case-insensitive) so that lookups compare one byte instead of re-reading the name.
enum SDPAttributeKind: UInt8, Sendable, Hashable {
    /// Not an `a=` line.
    case notAttribute
    /// An attribute with a name not listed here.
    case other
    case sendrecv, sendonly, recvonly, inactive
    case rtcpMux, rtcpRsize, endOfCandidates, iceLite
    case rtpmap, fmtp, rtcpFB, candidate, fingerprint, setup, mid, group, ssrc, msid, extmap
    case iceUfrag, icePwd, iceOptions, rtcp, ptime, maxptime

    /// The kind of the attribute named `name` (the bytes before the first colon).
    static func recognize(_ name: UnsafeBufferPointer<UInt8>) -> SDPAttributeKind {
        guard let first = name.first else { return .other }
        switch (name.count, SDPGrammar.lower(first)) {
        case (3, 0x6D): return name.equalsIgnoringCase("mid") ? .mid : .other
        case (4, 0x66): return name.equalsIgnoringCase("fmtp") ? .fmtp : .other
        case (4, 0x73): return name.equalsIgnoringCase("ssrc") ? .ssrc : .other
        case (4, 0x6D): return name.equalsIgnoringCase("msid") ? .msid : .other
        case (4, 0x72): return name.equalsIgnoringCase("rtcp") ? .rtcp : .other
        case (5, 0x73): return name.equalsIgnoringCase("setup") ? .setup : .other
        case (5, 0x67): return name.equalsIgnoringCase("group") ? .group : .other
        case (5, 0x70): return name.equalsIgnoringCase("ptime") ? .ptime : .other
        case (6, 0x72): return name.equalsIgnoringCase("rtpmap") ? .rtpmap : .other
        case (6, 0x65): return name.equalsIgnoringCase("extmap") ? .extmap : .other
        case (7, 0x72): return name.equalsIgnoringCase("rtcp-fb") ? .rtcpFB : .other
        case (7, 0x69): return name.equalsIgnoringCase("ice-pwd") ? .icePwd : .other
        case (8, 0x73):
            if name.equalsIgnoringCase("sendrecv") { return .sendrecv }
            return name.equalsIgnoringCase("sendonly") ? .sendonly : .other
        case (8, 0x72):
            if name.equalsIgnoringCase("recvonly") { return .recvonly }
            return name.equalsIgnoringCase("rtcp-mux") ? .rtcpMux : .other
        case (8, 0x69):
            if name.equalsIgnoringCase("inactive") { return .inactive }
            return name.equalsIgnoringCase("ice-lite") ? .iceLite : .other
        case (8, 0x6D): return name.equalsIgnoringCase("maxptime") ? .maxptime : .other
        case (9, 0x63): return name.equalsIgnoringCase("candidate") ? .candidate : .other
        case (9, 0x69): return name.equalsIgnoringCase("ice-ufrag") ? .iceUfrag : .other
        case (10, 0x72): return name.equalsIgnoringCase("rtcp-rsize") ? .rtcpRsize : .other
        case (11, 0x66): return name.equalsIgnoringCase("fingerprint") ? .fingerprint : .other
        case (11, 0x69): return name.equalsIgnoringCase("ice-options") ? .iceOptions : .other
        case (17, 0x65): return name.equalsIgnoringCase("end-of-candidates") ? .endOfCandidates : .other
        default: return .other
        }
    }

    /// The kind of the attribute named `name`.
    static func recognize(_ name: String) -> SDPAttributeKind {
        SDPGrammar.withBytes(name) { recognize($0) }
    }

    /// The kind of an `a=` line value (its name is the part before the first colon).
    static func recognize(lineValue value: UnsafeBufferPointer<UInt8>) -> SDPAttributeKind {
        recognize(value.slice(0, value.index(of: 0x3A) ?? value.count))
    }

    /// The direction a direction attribute names.
    var direction: SDPDirection? {
        switch self {
        case .sendrecv: .sendrecv
        case .sendonly: .sendonly
        case .recvonly: .recvonly
        case .inactive: .inactive
        default: nil
        }
    }

    /// True for the property attributes whose line must have no value (RFC 8866 §5.13).
    var isFlag: Bool {
        switch self {
        case .sendrecv, .sendonly, .recvonly, .inactive, .rtcpMux, .rtcpRsize, .endOfCandidates, .iceLite: true
        default: false
        }
    }
}
