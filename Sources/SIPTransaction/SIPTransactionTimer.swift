/// The transaction timers of RFC 3261 §17 (Table 4) and RFC 6026 §8, named by their letter.
///
/// Timer C (proxy INVITE, §16.6) belongs to a proxy core, not to a transaction, and is absent.
/// ``provisional`` is the 200 ms delay after which an INVITE server transaction sends
/// `100 Trying` itself (RFC 3261 §17.2.1).
public enum SIPTransactionTimer: Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// INVITE request retransmit interval, unreliable transports only (RFC 3261 §17.1.1.2).
    case a
    /// INVITE transaction timeout (RFC 3261 §17.1.1.2).
    case b
    /// Wait time for response retransmits in the INVITE client's Completed state (RFC 3261 §17.1.1.2).
    case d
    /// Non-INVITE request retransmit interval, unreliable transports only (RFC 3261 §17.1.2.2).
    case e
    /// Non-INVITE transaction timeout (RFC 3261 §17.1.2.2).
    case f
    /// INVITE final-response retransmit interval, unreliable transports only (RFC 3261 §17.2.1).
    case g
    /// Wait time for ACK receipt (RFC 3261 §17.2.1).
    case h
    /// Wait time for ACK retransmits in the INVITE server's Confirmed state (RFC 3261 §17.2.1).
    case i
    /// Wait time for request retransmits in the non-INVITE server's Completed state (RFC 3261 §17.2.2).
    case j
    /// Wait time for response retransmits in the non-INVITE client's Completed state (RFC 3261 §17.1.2.2).
    case k
    /// Wait time for retransmitted INVITEs in the INVITE server's Accepted state (RFC 6026 §8.7).
    case l
    /// Wait time for 2xx retransmissions in the INVITE client's Accepted state (RFC 6026 §8.4).
    case m
    /// Delay before an INVITE server transaction sends `100 Trying` itself (RFC 3261 §17.2.1).
    case provisional

    /// The timer's name as the RFC writes it (`A`, `B`, … or `100 Trying`).
    public var description: String {
        switch self {
        case .a: return "A"
        case .b: return "B"
        case .d: return "D"
        case .e: return "E"
        case .f: return "F"
        case .g: return "G"
        case .h: return "H"
        case .i: return "I"
        case .j: return "J"
        case .k: return "K"
        case .l: return "L"
        case .m: return "M"
        case .provisional: return "100 Trying"
        }
    }
}
