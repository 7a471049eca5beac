/// The fixed 20-byte header of a STUN message (RFC 8489 §5), readable on its own so a
/// receiver can match a transaction before decoding the attributes.
public struct STUNMessageHeader: Sendable, Hashable {
    /// The message class.
    public var messageClass: STUNMessageClass
    /// The method.
    public var method: STUNMethod
    /// The message length field: the bytes of attributes after the header.
    public var length: Int
    /// The transaction ID.
    public var transactionID: STUNTransactionID

    /// The size of the header in bytes.
    public static let size = 20

    /// Creates a header value.
    public init(messageClass: STUNMessageClass, method: STUNMethod, length: Int,
                transactionID: STUNTransactionID) {
        self.messageClass = messageClass
        self.method = method
        self.length = length
        self.transactionID = transactionID
    }

    /// Reads the header at the start of `bytes`, checking the two zero bits, the magic cookie
    /// and that the length is a multiple of 4 (RFC 8489 §5). The bytes after the header are
    /// not looked at.
    public init(decoding bytes: ArraySlice<UInt8>) throws(STUNDecodingError) {
        guard bytes.count >= Self.size else {
            throw STUNDecodingError(.truncatedHeader(available: bytes.count), offset: bytes.count)
        }
        let start = bytes.startIndex
        let type = bytes.bigEndianValue(at: start, as: UInt16.self)
        guard type & 0xC000 == 0 else {
            throw STUNDecodingError(.notSTUN(firstByte: bytes[start]), offset: 0)
        }
        let cookie = bytes.bigEndianValue(at: start + 4, as: UInt32.self)
        guard cookie == STUNMessage.magicCookie else {
            throw STUNDecodingError(.badMagicCookie(cookie), offset: 4)
        }
        let length = Int(bytes.bigEndianValue(at: start + 2, as: UInt16.self))
        let (messageClass, method) = Self.split(type: type)
        self.init(
            messageClass: messageClass, method: method, length: length,
            transactionID: STUNTransactionID(
                high: bytes.bigEndianValue(at: start + 8, as: UInt32.self),
                low: bytes.bigEndianValue(at: start + 12, as: UInt64.self)))
        guard length % 4 == 0 else {
            throw STUNDecodingError(.lengthNotMultipleOfFour(length), offset: 2, header: self)
        }
    }

    /// Reads the header at the start of `bytes`, as the `ArraySlice` overload does.
    public init(decoding bytes: [UInt8]) throws(STUNDecodingError) {
        try self.init(decoding: bytes[...])
    }

    /// The 14-bit message type field: method bits M0–M11 interleaved with class bits C0, C1
    /// (RFC 8489 §5, Figure 3).
    public static func type(of messageClass: STUNMessageClass, method: STUNMethod) -> UInt16 {
        let m = method.rawValue
        let c = UInt16(messageClass.rawValue)
        return (m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2)
            | ((c & 0b01) << 4) | ((c & 0b10) << 7)
    }

    /// Splits a message type field into class and method (RFC 8489 §5).
    public static func split(type: UInt16) -> (STUNMessageClass, STUNMethod) {
        let method = (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2)
        let classBits = UInt8(truncatingIfNeeded: ((type >> 4) & 0b01) | ((type >> 7) & 0b10))
        // Two bits always name one of the four classes.
        let messageClass = STUNMessageClass(rawValue: classBits) ?? .request
        return (messageClass, STUNMethod(rawValue: method))
    }
}
