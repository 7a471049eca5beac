/// An SRTP protection profile negotiated by the DTLS use_srtp extension (RFC 5764 §4.1.2,
/// RFC 7714 §14.2).
public enum DTLSSRTPProfile: Sendable, Hashable, CaseIterable {
    /// `SRTP_AEAD_AES_128_GCM` (0x0007): AES-128-GCM, 16-byte tag (RFC 7714).
    case aeadAES128GCM
    /// `SRTP_AES128_CM_HMAC_SHA1_80` (0x0001): AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 5764).
    case aes128CMSHA1_80

    /// Master key length in bytes (RFC 7714 §12, RFC 5764 §4.1.2).
    public var keyLength: Int {
        switch self {
        case .aeadAES128GCM: 16
        case .aes128CMSHA1_80: 16
        }
    }

    /// Master salt length in bytes (RFC 7714 §12: 12; RFC 3711 §8.2: 14).
    public var saltLength: Int {
        switch self {
        case .aeadAES128GCM: 12
        case .aes128CMSHA1_80: 14
        }
    }

    /// The profile's name in OpenSSL's use_srtp configuration string.
    public var openSSLName: String {
        switch self {
        case .aeadAES128GCM: "SRTP_AEAD_AES_128_GCM"
        case .aes128CMSHA1_80: "SRTP_AES128_CM_SHA1_80"
        }
    }

    /// The SRTPProtectionProfile value on the wire (RFC 5764 §4.1.2, RFC 7714 §14.2).
    public var protectionProfileID: UInt16 {
        switch self {
        case .aeadAES128GCM: 0x0007
        case .aes128CMSHA1_80: 0x0001
        }
    }

    /// The profile with the given wire value, if it is one of ours.
    public init?(protectionProfileID: UInt16) {
        guard let profile = Self.allCases.first(where: { $0.protectionProfileID == protectionProfileID }) else {
            return nil
        }
        self = profile
    }
}
