/// What a datagram on a shared media port carries, from its first two bytes
/// (RFC 7983 §7 first-byte ranges; RFC 5761 §4 RTP/RTCP split).
public enum RTPDatagramKind: Sendable, Hashable {
    /// First byte 0–3: STUN (RFC 7983).
    case stun
    /// First byte 16–19: ZRTP (RFC 7983).
    case zrtp
    /// First byte 20–63: DTLS (RFC 7983).
    case dtls
    /// First byte 64–79: TURN ChannelData (RFC 7983).
    case turnChannel
    /// First byte 128–191 and second byte outside 192–223: RTP (RFC 5761 §4).
    case rtp
    /// First byte 128–191 and second byte 192–223: RTCP (RFC 5761 §4).
    case rtcp
    /// Empty, a first byte in no range, or RTP/RTCP with only one byte: drop it.
    case unknown

    /// Classifies `datagram`; reads at most its first two bytes. Inlinable, so callers get it
    /// specialized for their collection (it runs once per datagram).
    @inlinable
    public init(classifying datagram: some Collection<UInt8>) {
        var bytes = datagram.makeIterator()
        guard let first = bytes.next() else {
            self = .unknown
            return
        }
        switch first {
        case 0...3: self = .stun
        case 16...19: self = .zrtp
        case 20...63: self = .dtls
        case 64...79: self = .turnChannel
        case 128...191:
            guard let second = bytes.next() else {
                self = .unknown
                return
            }
            self = Self.isRTCP(secondByte: second) ? .rtcp : .rtp
        default: self = .unknown
        }
    }

    /// Whether the second byte of an RTP/RTCP datagram is an RTCP packet type: 192–223, the
    /// range RTP payload types 64–95 with the marker bit would collide with (RFC 5761 §4).
    @inlinable
    public static func isRTCP(secondByte: UInt8) -> Bool {
        (192...223).contains(secondByte)
    }
}
