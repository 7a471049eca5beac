/// Why bytes could not be decoded as a STUN message (RFC 8489 §5, §6.3, §14).
///
/// Carries the byte offset (from the first byte of the message), the attribute type when the
/// problem is inside an attribute, and the header when the first 20 bytes were a STUN header,
/// so a server can still answer a malformed request with 400 (RFC 8489 §6.3.1).
public struct STUNDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong.
    public enum Kind: Sendable, Hashable {
        /// Fewer than 20 bytes: no complete header (RFC 8489 §5).
        case truncatedHeader(available: Int)
        /// One of the two most significant bits is set: not STUN (RFC 8489 §5, RFC 7983).
        case notSTUN(firstByte: UInt8)
        /// The magic cookie is not 0x2112A442 (RFC 8489 §5; RFC 3489 messages are not accepted).
        case badMagicCookie(UInt32)
        /// The message length is not a multiple of 4 (RFC 8489 §5).
        case lengthNotMultipleOfFour(Int)
        /// The message length field does not match the bytes after the header: the datagram is
        /// cut short or has trailing bytes (RFC 8489 §6.3).
        case lengthMismatch(declared: Int, available: Int)
        /// Fewer than 4 bytes left where an attribute header should start (RFC 8489 §14).
        case truncatedAttributeHeader(remaining: Int)
        /// An attribute's value plus padding to 4 runs past the end of the message (RFC 8489 §14).
        case attributeOverrun(length: Int, remaining: Int)
        /// An attribute this module understands has a length its definition does not allow.
        case invalidAttributeLength(Int)
        /// An address attribute with a family other than 0x01 or 0x02 (RFC 8489 §14.1).
        case unknownAddressFamily(UInt8)
        /// A text attribute (USERNAME, REALM, NONCE, SOFTWARE, reason phrase) is not UTF-8.
        case invalidUTF8
        /// ERROR-CODE with a class outside 3–6 or a number above 99 (RFC 8489 §14.8).
        case invalidErrorCode(errorClass: UInt8, number: UInt8)
    }

    /// What is wrong.
    public var kind: Kind
    /// Offset of the problem from the first byte of the message.
    public var offset: Int
    /// The attribute the problem is in, if any.
    public var attributeType: STUNAttributeType?
    /// The message header, when the first 20 bytes held one.
    public var header: STUNMessageHeader?

    /// Creates an error.
    public init(_ kind: Kind, offset: Int, attributeType: STUNAttributeType? = nil,
                header: STUNMessageHeader? = nil) {
        self.kind = kind
        self.offset = offset
        self.attributeType = attributeType
        self.header = header
    }

    /// One line naming the problem, the offset and the attribute.
    public var description: String {
        var text: String
        switch kind {
        case .truncatedHeader(let available):
            text = "truncated STUN header: \(available) of 20 bytes"
        case .notSTUN(let firstByte):
            text = "not STUN: first byte 0x\(STUNHex.string([firstByte]))"
        case .badMagicCookie(let cookie):
            text = "bad magic cookie 0x\(STUNHex.string(UInt64(cookie), digits: 8))"
        case .lengthNotMultipleOfFour(let length):
            text = "message length \(length) is not a multiple of 4"
        case .lengthMismatch(let declared, let available):
            text = "message length \(declared) but \(available) bytes follow the header"
        case .truncatedAttributeHeader(let remaining):
            text = "truncated attribute header: \(remaining) bytes left"
        case .attributeOverrun(let length, let remaining):
            text = "attribute length \(length) (padded) runs past the end: \(remaining) bytes left"
        case .invalidAttributeLength(let length):
            text = "invalid attribute length \(length)"
        case .unknownAddressFamily(let family):
            text = "unknown address family 0x\(STUNHex.string([family]))"
        case .invalidUTF8:
            text = "text attribute is not valid UTF-8"
        case .invalidErrorCode(let errorClass, let number):
            text = "invalid error code class \(errorClass) number \(number)"
        }
        text += " at offset \(offset)"
        if let attributeType { text += " in \(attributeType)" }
        return text
    }
}
