/// An IPv4 or IPv6 address as STUN carries it in MAPPED-ADDRESS, XOR-MAPPED-ADDRESS and
/// ALTERNATE-SERVER (RFC 8489 §14.1, §14.2).
///
/// A plain value (no sockets, no Foundation): the ICE layer converts it to and from its socket
/// addresses. Text forms are in `STUNIPAddress+Text.swift`.
public enum STUNIPAddress: Sendable, Hashable {
    /// An IPv4 address; the four octets big-endian (192.0.2.1 is `0xC000_0201`).
    case ipv4(UInt32)
    /// An IPv6 address; octets 0–7 and 8–15, each big-endian.
    case ipv6(high: UInt64, low: UInt64)

    /// The address family number STUN uses (RFC 8489 §14.1): 0x01 IPv4, 0x02 IPv6.
    public var family: UInt8 {
        switch self {
        case .ipv4: return 0x01
        case .ipv6: return 0x02
        }
    }

    /// The number of address octets: 4 or 16.
    public var byteCount: Int {
        switch self {
        case .ipv4: return 4
        case .ipv6: return 16
        }
    }

    /// The address octets in network order.
    public var bytes: [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(byteCount)
        append(to: &result)
        return result
    }

    /// Creates an address from 4 (IPv4) or 16 (IPv6) octets in network order; `nil` otherwise.
    public init?(bytes: some Collection<UInt8>) {
        switch bytes.count {
        case 4:
            var value: UInt32 = 0
            for byte in bytes { value = value << 8 | UInt32(byte) }
            self = .ipv4(value)
        case 16:
            var high: UInt64 = 0
            var low: UInt64 = 0
            for (index, byte) in bytes.enumerated() {
                if index < 8 { high = high << 8 | UInt64(byte) } else { low = low << 8 | UInt64(byte) }
            }
            self = .ipv6(high: high, low: low)
        default:
            return nil
        }
    }

    /// Appends the address octets to `buffer`.
    func append(to buffer: inout [UInt8]) {
        switch self {
        case .ipv4(let value):
            buffer.appendBigEndian(value)
        case .ipv6(let high, let low):
            buffer.appendBigEndian(high)
            buffer.appendBigEndian(low)
        }
    }

    /// The address XOR-ed as XOR-MAPPED-ADDRESS specifies (RFC 8489 §14.2): IPv4 with the magic
    /// cookie, IPv6 with the magic cookie followed by the transaction ID. Applying it twice gives
    /// the address back.
    public func xored(with transactionID: STUNTransactionID) -> STUNIPAddress {
        switch self {
        case .ipv4(let value):
            return .ipv4(value ^ STUNMessage.magicCookie)
        case .ipv6(let high, let low):
            let cookieAndID = UInt64(STUNMessage.magicCookie) << 32 | UInt64(transactionID.high)
            return .ipv6(high: high ^ cookieAndID, low: low ^ transactionID.low)
        }
    }
}
