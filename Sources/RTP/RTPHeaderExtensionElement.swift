/// One RFC 8285 header extension element read in place: its local ID and its value bytes
/// (RFC 8285 §4.2, §4.3).
public struct RTPHeaderExtensionElement<Bytes: RandomAccessCollection>
where Bytes.Element == UInt8, Bytes.Index == Int {
    /// The local identifier negotiated with `a=extmap` (1–14 one-byte, 1–255 two-byte).
    public let id: UInt8
    /// The element data.
    public let value: Bytes

    /// Creates an element view.
    @inlinable
    init(id: UInt8, value: Bytes) {
        self.id = id
        self.value = value
    }
}

extension RTPHeaderExtensionElement: Sendable where Bytes: Sendable {}
