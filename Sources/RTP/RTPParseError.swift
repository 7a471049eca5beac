/// Why bytes could not be read as an RTP packet, an RTCP packet or an RFC 4733 payload
/// (RFC 3550 §5.1, §6.4, Appendix A.1/A.2; RFC 8285 §4; RFC 4733 §2.3).
///
/// Carries the byte offset of the problem from the first byte given to the parser (the datagram
/// or the compound packet), so a log line can point at the octet.
public struct RTPParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// Fewer bytes than the structure at the offset needs (a fixed header, a CSRC list, an
        /// extension header, a report block, an SDES item, …).
        case truncated(needed: Int, available: Int)
        /// The version field is not 2 (RFC 3550 §5.1, §6.4.1).
        case unsupportedVersion(UInt8)
        /// The padding count (last octet) is 0 or larger than the bytes it may cover
        /// (RFC 3550 §5.1 P bit, §6.4.1).
        case invalidPadding(count: Int)
        /// The header extension's length runs past the end of the packet (RFC 3550 §5.3.1).
        case extensionOverrun(length: Int, available: Int)
        /// A one-byte header extension element with ID 0 and a non-zero length (RFC 8285 §4.2).
        case invalidExtensionElement(id: UInt8)
        /// An RFC 8285 extension element's data runs past the end of the extension block.
        case extensionElementOverrun(id: UInt8, length: Int, available: Int)
        /// An RTCP packet's length field runs past the end of the compound packet (RFC 3550 §6.4.1).
        case lengthOverrun(declared: Int, available: Int)
        /// An SDES chunk has no terminating null item before the end of the packet (RFC 3550 §6.5).
        case unterminatedChunk
        /// Bytes left over after the last structure the count field announces.
        case trailingBytes(Int)
        /// A compound RTCP packet does not start with SR or RR and reduced-size RTCP is not in
        /// use (RFC 3550 §6.1, Appendix A.2; RFC 5506 §3.4.2).
        case firstPacketNotReport(RTCPPacketType)
        /// The padding bit is set on an RTCP packet that is not the last of its compound packet
        /// (RFC 3550 §6.4.1, Appendix A.2).
        case paddingBeforeLastPacket
        /// A telephone-event payload is not 4 octets (RFC 4733 §2.3).
        case invalidTelephoneEventLength(Int)
    }

    /// What is wrong.
    public var kind: Kind
    /// Offset of the problem from the first byte handed to the parser.
    public var offset: Int

    /// Creates an error.
    public init(_ kind: Kind, offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    /// One line naming the problem and the offset.
    public var description: String {
        let text: String
        switch kind {
        case .truncated(let needed, let available):
            text = "truncated: \(needed) bytes needed, \(available) available"
        case .unsupportedVersion(let version):
            text = "unsupported version \(version)"
        case .invalidPadding(let count):
            text = "invalid padding count \(count)"
        case .extensionOverrun(let length, let available):
            text = "header extension of \(length) bytes but \(available) available"
        case .invalidExtensionElement(let id):
            text = "invalid header extension element with ID \(id)"
        case .extensionElementOverrun(let id, let length, let available):
            text = "extension element \(id) of \(length) bytes but \(available) available"
        case .lengthOverrun(let declared, let available):
            text = "RTCP length \(declared) bytes but \(available) available"
        case .unterminatedChunk:
            text = "SDES chunk without a terminating null item"
        case .trailingBytes(let count):
            text = "\(count) trailing bytes"
        case .firstPacketNotReport(let type):
            text = "compound RTCP starts with \(type), not SR or RR"
        case .paddingBeforeLastPacket:
            text = "padding on an RTCP packet that is not the last"
        case .invalidTelephoneEventLength(let count):
            text = "telephone-event payload of \(count) bytes, not 4"
        }
        return text + " at offset \(offset)"
    }
}
