/// Writes a pcap file (libpcap's format, microsecond or nanosecond timestamps, little-endian):
/// for tests, generated benchmark captures and `sip-replay` exports.
public struct CaptureFileWriter: Sendable {
    /// The bytes written so far (the file header first).
    public private(set) var bytes: [UInt8] = []
    private let nanoseconds: Bool

    /// A file whose frames start with `linkType` (a pcap LINKTYPE value: 1 Ethernet, 101 raw IP,
    /// 113 Linux cooked …), cut at `snapLength` bytes.
    public init(linkType: UInt32 = 1, snapLength: UInt32 = 262_144, nanoseconds: Bool = false) {
        self.nanoseconds = nanoseconds
        append32(nanoseconds ? 0xA1B2_3C4D : 0xA1B2_C3D4)
        append16(2)
        append16(4)
        append32(0)
        append32(0)
        append32(snapLength)
        append32(linkType)
    }

    /// Adds a frame captured at `timestamp` (nanoseconds since the epoch) whose wire length was
    /// `originalLength` (default: all of it).
    public mutating func append(frame: some Collection<UInt8>, timestamp: Int64, originalLength: Int? = nil) {
        let seconds = timestamp / 1_000_000_000, fraction = timestamp % 1_000_000_000
        append32(UInt32(truncatingIfNeeded: seconds))
        append32(UInt32(truncatingIfNeeded: nanoseconds ? fraction : fraction / 1000))
        append32(UInt32(frame.count))
        append32(UInt32(originalLength ?? frame.count))
        bytes.append(contentsOf: frame)
    }

    /// Empties ``bytes`` after the caller saved them (for files written in pieces).
    public mutating func drain() -> [UInt8] {
        defer { bytes = [] }
        return bytes
    }

    private mutating func append16(_ value: UInt16) {
        bytes.append(UInt8(value & 0xFF))
        bytes.append(UInt8(value >> 8))
    }

    private mutating func append32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }
}
