/// The SRTP master keys and salts exported from a finished DTLS handshake (RFC 5764 §4.2),
/// already assigned to this endpoint's directions.
public struct DTLSSRTPKeyingMaterial: Sendable, Hashable {
    /// The negotiated protection profile.
    public var profile: DTLSSRTPProfile
    /// Master key protecting our outgoing packets (the client write key when we are the client).
    public var localKey: [UInt8]
    /// Master salt protecting our outgoing packets.
    public var localSalt: [UInt8]
    /// Master key for unprotecting the peer's packets.
    public var remoteKey: [UInt8]
    /// Master salt for unprotecting the peer's packets.
    public var remoteSalt: [UInt8]

    /// Creates keying material from explicit keys and salts.
    public init(profile: DTLSSRTPProfile, localKey: [UInt8], localSalt: [UInt8], remoteKey: [UInt8],
                remoteSalt: [UInt8]) {
        self.profile = profile
        self.localKey = localKey
        self.localSalt = localSalt
        self.remoteKey = remoteKey
        self.remoteSalt = remoteSalt
    }

    /// Splits the `EXTRACTOR-dtls_srtp` output (RFC 5764 §4.2: client key | server key |
    /// client salt | server salt) and maps it to local/remote by `role`; nil when `exported`
    /// does not have exactly 2 × (key + salt) bytes.
    public init?(profile: DTLSSRTPProfile, role: DTLSRole, exported: [UInt8]) {
        let keyLength = profile.keyLength
        let saltLength = profile.saltLength
        guard exported.count == 2 * (keyLength + saltLength) else { return nil }
        let clientKey = Array(exported[0..<keyLength])
        let serverKey = Array(exported[keyLength..<2 * keyLength])
        let clientSalt = Array(exported[2 * keyLength..<2 * keyLength + saltLength])
        let serverSalt = Array(exported[2 * keyLength + saltLength..<2 * (keyLength + saltLength)])
        switch role {
        case .client:
            self.init(profile: profile, localKey: clientKey, localSalt: clientSalt,
                      remoteKey: serverKey, remoteSalt: serverSalt)
        case .server:
            self.init(profile: profile, localKey: serverKey, localSalt: serverSalt,
                      remoteKey: clientKey, remoteSalt: clientSalt)
        }
    }

    /// Our outgoing master key followed by its salt, the layout libsrtp takes.
    public var localKeyAndSalt: [UInt8] { localKey + localSalt }

    /// The peer's master key followed by its salt, the layout libsrtp takes.
    public var remoteKeyAndSalt: [UInt8] { remoteKey + remoteSalt }
}
