/// One RTCP packet, typed (RFC 3550 §6.4–§6.7, RFC 4585 §6.1).
///
/// Parsing drops the padding (``RTCPPacketView`` keeps it); encoding writes no padding. XR and
/// unknown types are ``other(_:)``, byte-exact.
public enum RTCPPacket: Sendable, Hashable {
    /// SR (RFC 3550 §6.4.1).
    case senderReport(RTCPSenderReport)
    /// RR (RFC 3550 §6.4.2).
    case receiverReport(RTCPReceiverReport)
    /// SDES (RFC 3550 §6.5).
    case sourceDescription(RTCPSourceDescription)
    /// BYE (RFC 3550 §6.6).
    case goodbye(RTCPGoodbye)
    /// APP (RFC 3550 §6.7).
    case applicationDefined(RTCPApplicationDefined)
    /// RTPFB: transport-layer feedback (RFC 4585 §6.2).
    case transportFeedback(RTCPFeedback)
    /// PSFB: payload-specific feedback (RFC 4585 §6.3).
    case payloadSpecificFeedback(RTCPFeedback)
    /// Any other type, raw.
    case other(RTCPRawPacket)

    /// Interprets one packet of a compound packet; errors carry offsets in the compound packet.
    public init<Bytes>(parsing packet: RTCPPacketView<Bytes>) throws(RTPParseError) {
        let count = packet.header.count
        let base = packet.offset + 4
        let body = packet.body
        switch packet.header.packetType {
        case .senderReport:
            self = .senderReport(try RTCPSenderReport(body: body, count: count, base: base))
        case .receiverReport:
            self = .receiverReport(try RTCPReceiverReport(body: body, count: count, base: base))
        case .sourceDescription:
            self = .sourceDescription(try RTCPSourceDescription(body: body, count: count, base: base))
        case .goodbye:
            self = .goodbye(try RTCPGoodbye(body: body, count: count, base: base))
        case .applicationDefined:
            self = .applicationDefined(try RTCPApplicationDefined(body: body, subtype: count, base: base))
        case .transportFeedback:
            self = .transportFeedback(try RTCPFeedback(body: body, format: count, base: base))
        case .payloadSpecificFeedback:
            self = .payloadSpecificFeedback(try RTCPFeedback(body: body, format: count, base: base))
        case .extendedReport, .other:
            self = .other(RTCPRawPacket(count: count, packetType: packet.header.packetType, body: Array(body)))
        }
    }

    /// The packet type.
    public var packetType: RTCPPacketType {
        switch self {
        case .senderReport: return .senderReport
        case .receiverReport: return .receiverReport
        case .sourceDescription: return .sourceDescription
        case .goodbye: return .goodbye
        case .applicationDefined: return .applicationDefined
        case .transportFeedback: return .transportFeedback
        case .payloadSpecificFeedback: return .payloadSpecificFeedback
        case .other(let raw): return raw.packetType
        }
    }

    /// Appends the packet to `bytes` (unchanged on error).
    public func encode(into bytes: inout [UInt8]) throws(RTPWriteError) {
        switch self {
        case .senderReport(let report): try report.encode(into: &bytes)
        case .receiverReport(let report): try report.encode(into: &bytes)
        case .sourceDescription(let description): try description.encode(into: &bytes)
        case .goodbye(let goodbye): try goodbye.encode(into: &bytes)
        case .applicationDefined(let application): try application.encode(into: &bytes)
        case .transportFeedback(let feedback): try feedback.encode(type: .transportFeedback, into: &bytes)
        case .payloadSpecificFeedback(let feedback): try feedback.encode(type: .payloadSpecificFeedback, into: &bytes)
        case .other(let raw): try raw.encode(into: &bytes)
        }
    }

    /// The packet's bytes.
    public func encoded() throws(RTPWriteError) -> [UInt8] {
        var bytes: [UInt8] = []
        try encode(into: &bytes)
        return bytes
    }
}
