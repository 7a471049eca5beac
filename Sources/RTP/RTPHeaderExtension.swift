/// The header extension block of an RTP packet (RFC 3550 §5.3.1) and, for the RFC 8285 profiles,
/// its elements.
public struct RTPHeaderExtension<Bytes: RandomAccessCollection>
where Bytes.Element == UInt8, Bytes.Index == Int, Bytes.SubSequence == Bytes {
    /// How the extension data is organised (RFC 8285 §4.1).
    public enum Form: Sendable, Hashable {
        /// Profile 0xBEDE: one-byte element headers (RFC 8285 §4.2).
        case oneByte
        /// Profile 0x100X: two-byte element headers; `appBits` are the low 4 bits (RFC 8285 §4.3).
        case twoByte(appBits: UInt8)
        /// Any other profile: opaque data (RFC 3550 §5.3.1).
        case other(profile: UInt16)
    }

    /// The 16-bit "defined by profile" field (RFC 3550 §5.3.1).
    public let profile: UInt16
    /// The extension data after the 4-byte extension header: length × 4 bytes.
    public let data: Bytes

    /// Creates a view of an extension block.
    @inlinable
    public init(profile: UInt16, data: Bytes) {
        self.profile = profile
        self.data = data
    }

    /// The form the profile field announces (RFC 8285 §4.1).
    @inlinable
    public var form: Form {
        if profile == RTPPacketLayout.oneByteProfile { return .oneByte }
        if profile & 0xFFF0 == RTPPacketLayout.twoByteProfile { return .twoByte(appBits: UInt8(profile & 0x0F)) }
        return .other(profile: profile)
    }

    /// The RFC 8285 elements in order, padding skipped; empty for other profiles. Stops at a
    /// one-byte ID 15 (RFC 8285 §4.2) or at a malformed element (which a parsed packet never has).
    @inlinable
    public var elements: RTPHeaderExtensionElements<Bytes> {
        RTPHeaderExtensionElements(data: data, form: form)
    }

    /// The value of the first element with `id`.
    @inlinable
    public func element(id: UInt8) -> Bytes? {
        for element in elements where element.id == id {
            return element.value
        }
        return nil
    }
}

extension RTPHeaderExtension: Sendable where Bytes: Sendable {}
