/// An SRTP protection profile this module supports (RFC 5764 §4.1.2, RFC 7714 §14.2).
///
/// The profile fixes the master key and salt lengths, the cipher, and how many bytes
/// `protect` appends to a packet. Both are what WebRTC negotiates in DTLS `use_srtp`.
public enum SRTPProfile: Sendable, Hashable, CaseIterable {
    /// `SRTP_AEAD_AES_128_GCM`: AES-128 in GCM mode with a 16-byte tag (RFC 7714 §14.2).
    case aeadAES128GCM
    /// `SRTP_AES128_CM_HMAC_SHA1_80`: AES-128 counter mode, 80-bit HMAC-SHA1 tag (RFC 3711 §5, RFC 5764 §4.1.2).
    case aes128CMHMACSHA1_80

    /// Master key length in bytes: 16 for both profiles (RFC 7714 §12, RFC 3711 §8.2).
    public var keyLength: Int {
        switch self {
        case .aeadAES128GCM: 16
        case .aes128CMHMACSHA1_80: 16
        }
    }

    /// Master salt length in bytes: 12 for AEAD (RFC 7714 §12), 14 for AES-CM (RFC 3711 §8.2).
    public var saltLength: Int {
        switch self {
        case .aeadAES128GCM: 12
        case .aes128CMHMACSHA1_80: 14
        }
    }

    /// Bytes `protectRTP` appends: the authentication tag (RFC 7714 §7.1: 16, RFC 3711 §4.2: 10).
    public var rtpTagLength: Int {
        switch self {
        case .aeadAES128GCM: 16
        case .aes128CMHMACSHA1_80: 10
        }
    }

    /// Bytes `protectRTCP` appends: the E flag and SRTCP index (4) plus the tag
    /// (RFC 3711 §3.4, RFC 7714 §9.1).
    public var rtcpTrailerLength: Int { 4 + rtpTagLength }

    /// The DTLS-SRTP protection profile identifier (RFC 5764 §4.1.2, RFC 7714 §14.2).
    public var protectionProfileID: UInt16 {
        switch self {
        case .aeadAES128GCM: 0x0007
        case .aes128CMHMACSHA1_80: 0x0001
        }
    }

    /// The profile's name as OpenSSL's `SSL_CTX_set_tlsext_use_srtp` spells it.
    public var dtlsProfileName: String {
        switch self {
        case .aeadAES128GCM: "SRTP_AEAD_AES_128_GCM"
        case .aes128CMHMACSHA1_80: "SRTP_AES128_CM_SHA1_80"
        }
    }

    /// The profile with this DTLS-SRTP identifier, or `nil` for one this module does not
    /// support (RFC 5764 §4.1.2).
    public init?(protectionProfileID: UInt16) {
        switch protectionProfileID {
        case 0x0007: self = .aeadAES128GCM
        case 0x0001: self = .aes128CMHMACSHA1_80
        default: return nil
        }
    }

    /// Bytes of DTLS keying material the profile needs: client and server key and salt
    /// (RFC 5764 §4.2: 2 × (key + salt), 60 for AES-CM, 56 for AEAD).
    public var keyingMaterialLength: Int { 2 * (keyLength + saltLength) }
}
