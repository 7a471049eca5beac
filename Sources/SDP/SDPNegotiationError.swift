/// Why an offer could not be answered or an answer could not be accepted (RFC 3264 §6, §7).
/// The SIP layer answers an INVITE whose offer fails with 488 Not Acceptable Here
/// (RFC 3261 §13.3.1.1).
public enum SDPNegotiationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offer has no active `m=audio` stream (none, or all with port 0).
    case noAudioStream
    /// The only active audio streams use a profile this stack does not support (e.g. `RTP/SAVP`
    /// with SDES keys); the proto of the first is given.
    case unsupportedProfile(String)
    /// The audio stream lists none of our codecs.
    case noCommonCodec
    /// The offer asks for DTLS-SRTP but our local media has no fingerprint to answer with.
    case missingLocalFingerprint
    /// The remote side uses a DTLS-SRTP profile without `a=fingerprint` (RFC 5763 §5).
    case missingFingerprint
    /// The remote `a=setup` role cannot be used: `holdconn`, or `actpass` in an answer
    /// (RFC 4145 §4, RFC 5763 §5).
    case unusableSetupRole(SDPSetupRole)
    /// Only one of `a=ice-ufrag` and `a=ice-pwd` is present (RFC 8839 §5.4).
    case incompleteICECredentials
    /// The answer does not have one `m=` line per offered one (RFC 3264 §6).
    case mediaCountMismatch(offered: Int, answered: Int)
    /// The answer's `m=` line for our audio stream is not audio or uses another profile.
    case answerMismatch(mediaIndex: Int)
    /// The answer rejected our audio stream (port 0, RFC 3264 §6).
    case audioRejected

    /// A short English description.
    public var description: String {
        switch self {
        case .noAudioStream: "no active audio stream"
        case .unsupportedProfile(let proto): "unsupported audio profile \(proto)"
        case .noCommonCodec: "no codec in common"
        case .missingLocalFingerprint: "DTLS-SRTP offered but no local fingerprint"
        case .missingFingerprint: "DTLS-SRTP without a=fingerprint"
        case .unusableSetupRole(let role): "unusable a=setup:\(role.rawValue)"
        case .incompleteICECredentials: "a=ice-ufrag without a=ice-pwd or the reverse"
        case .mediaCountMismatch(let offered, let answered): "\(answered) m= lines answer \(offered) offered"
        case .answerMismatch(let index): "the answer's m= line \(index) does not match the offer"
        case .audioRejected: "the audio stream was rejected"
        }
    }
}
