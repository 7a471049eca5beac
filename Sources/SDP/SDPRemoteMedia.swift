/// What the remote description says about its audio stream, read once for offer and answer
/// processing: ICE (media level first, then session level, RFC 8839 §5), DTLS (RFC 8122,
/// RFC 4145), direction (RFC 3264 §5.1), address and SSRCs.
struct SDPRemoteMedia {
    var ice: SDPICEParameters?
    var candidates: [SDPCandidate]
    var endOfCandidates: Bool
    var fingerprints: [SDPFingerprint]
    var setup: SDPSetupRole?
    var direction: SDPDirection
    var address: String?
    var port: UInt16
    var rtcpPort: UInt16?
    var ssrcs: [UInt32]
    var packetTime: Int?

    init(session: SDPSession, media: SDPMediaDescription) throws(SDPNegotiationError) {
        let ufrag = media.iceUsernameFragment ?? session.iceUsernameFragment
        let password = media.icePassword ?? session.icePassword
        switch (ufrag, password) {
        case let (ufrag?, password?):
            let mediaOptions = media.iceOptions
            let options = mediaOptions.isEmpty ? session.iceOptions : mediaOptions
            ice = SDPICEParameters(usernameFragment: ufrag, password: password, options: options,
                                   isLite: session.isICELite)
        case (nil, nil):
            ice = nil
        default:
            throw .incompleteICECredentials
        }
        candidates = media.candidates
        endOfCandidates = media.hasEndOfCandidates || session.hasEndOfCandidates
        let mediaFingerprints = media.fingerprints
        fingerprints = mediaFingerprints.isEmpty ? session.fingerprints : mediaFingerprints
        setup = media.setup ?? session.setup
        direction = media.direction ?? session.direction ?? .sendrecv
        address = (media.connection ?? session.connection)?.host
        port = media.port
        rtcpPort = media.rtcpPort
        ssrcs = media.distinctSSRCs
        packetTime = media.packetTime
    }
}
