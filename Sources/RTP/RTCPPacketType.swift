/// The RTCP packet type octet (RFC 3550 §12.1, RFC 4585 §6.1, RFC 3611 §2).
///
/// Types this module does not model stay lossless as ``other(_:)``.
public enum RTCPPacketType: Sendable, Hashable, CustomStringConvertible {
    /// 200 SR: sender report (RFC 3550 §6.4.1).
    case senderReport
    /// 201 RR: receiver report (RFC 3550 §6.4.2).
    case receiverReport
    /// 202 SDES: source description (RFC 3550 §6.5).
    case sourceDescription
    /// 203 BYE: goodbye (RFC 3550 §6.6).
    case goodbye
    /// 204 APP: application-defined (RFC 3550 §6.7).
    case applicationDefined
    /// 205 RTPFB: transport-layer feedback (RFC 4585 §6.2).
    case transportFeedback
    /// 206 PSFB: payload-specific feedback (RFC 4585 §6.3).
    case payloadSpecificFeedback
    /// 207 XR: extended report (RFC 3611), kept raw.
    case extendedReport
    /// Any other value.
    case other(UInt8)

    /// Creates the type for the wire value.
    public init(rawValue: UInt8) {
        switch rawValue {
        case 200: self = .senderReport
        case 201: self = .receiverReport
        case 202: self = .sourceDescription
        case 203: self = .goodbye
        case 204: self = .applicationDefined
        case 205: self = .transportFeedback
        case 206: self = .payloadSpecificFeedback
        case 207: self = .extendedReport
        default: self = .other(rawValue)
        }
    }

    /// The wire value.
    public var rawValue: UInt8 {
        switch self {
        case .senderReport: return 200
        case .receiverReport: return 201
        case .sourceDescription: return 202
        case .goodbye: return 203
        case .applicationDefined: return 204
        case .transportFeedback: return 205
        case .payloadSpecificFeedback: return 206
        case .extendedReport: return 207
        case .other(let value): return value
        }
    }

    /// The RFC name (SR, RR, SDES, BYE, APP, RTPFB, PSFB, XR) or the number.
    public var description: String {
        switch self {
        case .senderReport: return "SR"
        case .receiverReport: return "RR"
        case .sourceDescription: return "SDES"
        case .goodbye: return "BYE"
        case .applicationDefined: return "APP"
        case .transportFeedback: return "RTPFB"
        case .payloadSpecificFeedback: return "PSFB"
        case .extendedReport: return "XR"
        case .other(let value): return "RTCP type \(value)"
        }
    }
}
