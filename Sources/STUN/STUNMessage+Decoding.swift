/// Decoding one STUN message from one datagram (RFC 8489 §5, §6.3, §14).
extension STUNMessage {
    /// Decodes the message that fills `bytes` exactly (one UDP datagram).
    ///
    /// Checks the header (zero bits, magic cookie, length a multiple of 4 and equal to the bytes
    /// that follow) and walks the attributes: each value plus padding to a multiple of 4 must fit;
    /// padding bytes may hold anything (RFC 8489 §14). Attributes this module models are decoded
    /// and their lengths checked; others are kept as ``STUNAttribute/other(_:_:)``, and the
    /// comprehension-required ones among them are listed in
    /// ``unknownComprehensionRequiredAttributes`` (a server answers 420, RFC 8489 §6.3.1).
    /// Attributes a receiver must ignore (after MESSAGE-INTEGRITY and FINGERPRINT) are kept too,
    /// as ``STUNAttribute/other(_:_:)`` when their value is malformed.
    ///
    /// No byte is copied: the message keeps `bytes` (sharing its storage) for verification.
    /// Never traps; every problem is a ``STUNDecodingError``.
    public init(decoding bytes: ArraySlice<UInt8>) throws(STUNDecodingError) {
        let header = try STUNMessageHeader(decoding: bytes)
        let available = bytes.count - STUNMessageHeader.size
        guard header.length == available else {
            throw STUNDecodingError(
                .lengthMismatch(declared: header.length, available: available), offset: 2, header: header)
        }
        var attributes: [STUNAttribute] = []
        attributes.reserveCapacity(min(header.length / 8, 16))
        var significance = STUNAttributeSignificance()
        var layout = STUNWireLayout()
        let base = bytes.startIndex
        var offset = STUNMessageHeader.size
        while offset < bytes.count {
            let remaining = bytes.count - offset
            guard remaining >= 4 else {
                throw STUNDecodingError(.truncatedAttributeHeader(remaining: remaining), offset: offset, header: header)
            }
            let type = STUNAttributeType(bytes.bigEndianValue(at: base + offset, as: UInt16.self))
            let length = Int(bytes.bigEndianValue(at: base + offset + 2, as: UInt16.self))
            let padded = (length + 3) & ~3
            guard padded <= remaining - 4 else {
                throw STUNDecodingError(
                    .attributeOverrun(length: padded, remaining: remaining - 4), offset: offset,
                    attributeType: type, header: header)
            }
            let value = bytes[(base + offset + 4)..<(base + offset + 4 + length)]
            let significant = significance.admit(type)
            do {
                attributes.append(try STUNAttribute.decode(
                    type: type, value: value, transactionID: header.transactionID, offset: offset))
            } catch {
                guard !significant else {
                    var error = error
                    error.header = header
                    throw error
                }
                // RFC 8489 §14.5–§14.7: ignored anyway; keep the bytes.
                attributes.append(.other(type, Array(value)))
                offset += 4 + padded
                continue
            }
            if significant { layout.note(type, offset: offset, length: length) }
            offset += 4 + padded
        }
        self.init(header.messageClass, method: header.method, transactionID: header.transactionID,
                  attributes: attributes)
        self.received = STUNReceivedWire(bytes: bytes, layout: layout)
    }

    /// Decodes the message that fills `bytes` exactly; shares the array's storage.
    public init(decoding bytes: [UInt8]) throws(STUNDecodingError) {
        try self.init(decoding: bytes[...])
    }

    /// Decodes the message that fills `buffer` exactly (for example a NIO `ByteBuffer`'s
    /// readable bytes). The bytes are copied once, into the array the message keeps for
    /// verification.
    public init(decoding buffer: UnsafeRawBufferPointer) throws(STUNDecodingError) {
        try self.init(decoding: Array(buffer)[...])
    }
}
