/// An IPv4 or IPv6 address as seen in a capture.
public enum CaptureIPAddress: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// IPv4, in network order as a number.
    case v4(UInt32)
    /// IPv6: the high and low 64 bits.
    case v6(UInt64, UInt64)

    /// `127.0.0.1` or `::1` (RFC 5952: lowercase, the longest run of zero groups as `::`).
    public var description: String {
        switch self {
        case .v4(let value):
            return "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
        case let .v6(high, low):
            let groups = (0..<8).map { index -> UInt16 in
                let word = index < 4 ? high : low
                return UInt16(truncatingIfNeeded: word >> (UInt64(3 - index % 4) * 16))
            }
            var bestStart = -1, bestLength = 0, index = 0
            while index < 8 {
                guard groups[index] == 0 else { index += 1; continue }
                let start = index
                while index < 8, groups[index] == 0 { index += 1 }
                if index - start > bestLength, index - start >= 2 { bestStart = start; bestLength = index - start }
            }
            func hex(_ range: Range<Int>) -> String { groups[range].map { String($0, radix: 16) }.joined(separator: ":") }
            guard bestStart >= 0 else { return hex(0..<8) }
            return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
        }
    }

    public static func < (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case let (.v4(a), .v4(b)): a < b
        case (.v4, .v6): true
        case (.v6, .v4): false
        case let (.v6(a1, a2), .v6(b1, b2)): (a1, a2) < (b1, b2)
        }
    }
}

/// An address and port.
public struct CaptureEndpoint: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The IP address.
    public var address: CaptureIPAddress
    /// The UDP or TCP port.
    public var port: UInt16

    /// An endpoint.
    public init(address: CaptureIPAddress, port: UInt16) {
        self.address = address
        self.port = port
    }

    /// `127.0.0.1:5060` or `[::1]:5060`.
    public var description: String {
        if case .v6 = address { return "[\(address)]:\(port)" }
        return "\(address):\(port)"
    }

    public static func < (lhs: Self, rhs: Self) -> Bool { (lhs.address, lhs.port) < (rhs.address, rhs.port) }
}
