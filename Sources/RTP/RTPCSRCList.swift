/// The CSRC identifiers of an RTP packet, read in place from the packet bytes (RFC 3550 §5.1).
public struct RTPCSRCList<Bytes: RandomAccessCollection>: RandomAccessCollection
where Bytes.Element == UInt8, Bytes.Index == Int {
    /// The CSRC list bytes (4 per identifier).
    @usableFromInline let bytes: Bytes

    @inlinable
    init(_ bytes: Bytes) {
        self.bytes = bytes
    }

    /// Index of the first identifier.
    @inlinable
    public var startIndex: Int { 0 }
    /// One past the last identifier.
    @inlinable
    public var endIndex: Int { bytes.count / 4 }

    /// The identifier at `position` (0-based).
    @inlinable
    public subscript(position: Int) -> UInt32 {
        bytes.rtpUInt32(at: 4 * position)
    }
}

extension RTPCSRCList: Sendable where Bytes: Sendable {}
