/// Wire formats of attribute values (RFC 8489 §14.1–§14.15, RFC 8445 §16.1).
extension STUNAttribute {
    /// Decodes the value of an attribute of `type` (without padding).
    ///
    /// `transactionID` undoes the XOR of XOR-MAPPED-ADDRESS; `offset` is the offset of the
    /// attribute header in the message, for errors. Types not modelled become ``other(_:_:)``.
    static func decode(
        type: STUNAttributeType, value: ArraySlice<UInt8>, transactionID: STUNTransactionID,
        offset: Int
    ) throws(STUNDecodingError) -> STUNAttribute {
        func fail(_ kind: STUNDecodingError.Kind) -> STUNDecodingError {
            STUNDecodingError(kind, offset: offset, attributeType: type)
        }
        func requireLength(_ valid: Bool) throws(STUNDecodingError) {
            if !valid { throw fail(.invalidAttributeLength(value.count)) }
        }
        func text(_ bytes: ArraySlice<UInt8>) throws(STUNDecodingError) -> String {
            guard let string = utf8String(bytes) else { throw fail(.invalidUTF8) }
            return string
        }
        let start = value.startIndex
        switch type {
        case .mappedAddress, .alternateServer, .xorMappedAddress:
            let address = try decodeAddress(value, offset: offset, type: type)
            switch type {
            case .mappedAddress: return .mappedAddress(address)
            case .alternateServer: return .alternateServer(address)
            default:
                return .xorMappedAddress(STUNTransportAddress(
                    address: address.address.xored(with: transactionID),
                    port: address.port ^ UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16)))
            }
        case .username: return .username(try text(value))
        case .realm: return .realm(try text(value))
        case .nonce: return .nonce(try text(value))
        case .software: return .software(try text(value))
        case .userhash:
            try requireLength(value.count == 32)
            return .userhash(Array(value))
        case .messageIntegrity:
            try requireLength(value.count == 20)
            return .messageIntegrity(Array(value))
        case .messageIntegritySHA256:
            try requireLength(value.count >= 16 && value.count <= 32 && value.count % 4 == 0)
            return .messageIntegritySHA256(Array(value))
        case .fingerprint:
            try requireLength(value.count == 4)
            return .fingerprint(value.bigEndianValue(at: start, as: UInt32.self))
        case .priority:
            try requireLength(value.count == 4)
            return .priority(value.bigEndianValue(at: start, as: UInt32.self))
        case .useCandidate:
            try requireLength(value.isEmpty)
            return .useCandidate
        case .iceControlled, .iceControlling:
            try requireLength(value.count == 8)
            let tiebreaker = value.bigEndianValue(at: start, as: UInt64.self)
            return type == .iceControlled ? .iceControlled(tiebreaker) : .iceControlling(tiebreaker)
        case .errorCode:
            try requireLength(value.count >= 4)
            let errorClass = value[start + 2] & 0x07
            let number = value[start + 3]
            guard (3...6).contains(errorClass), number <= 99 else {
                throw fail(.invalidErrorCode(errorClass: errorClass, number: number))
            }
            return .errorCode(STUNErrorCode(
                code: Int(errorClass) * 100 + Int(number), reason: try text(value.dropFirst(4))))
        case .unknownAttributes:
            try requireLength(value.count % 2 == 0)
            var types: [STUNAttributeType] = []
            types.reserveCapacity(value.count / 2)
            for index in stride(from: start, to: value.endIndex, by: 2) {
                types.append(STUNAttributeType(value.bigEndianValue(at: index, as: UInt16.self)))
            }
            return .unknownAttributes(types)
        default:
            return .other(type, Array(value))
        }
    }

    /// The text of `bytes` when they are valid UTF-8, else `nil` (what
    /// `String(validating:as:)` gives, with a fast path for ASCII, the usual case).
    static func utf8String(_ bytes: ArraySlice<UInt8>) -> String? {
        bytes.withUnsafeBufferPointer { buffer in
            var nonASCII: UInt8 = 0
            for byte in buffer { nonASCII |= byte }
            // ASCII is valid UTF-8, and decoding it repairs nothing.
            if nonASCII < 0x80 { return String(decoding: buffer, as: UTF8.self) }
            return String(validating: buffer, as: UTF8.self)
        }
    }

    /// Decodes the family, port and address of an address attribute (RFC 8489 §14.1).
    private static func decodeAddress(
        _ value: ArraySlice<UInt8>, offset: Int, type: STUNAttributeType
    ) throws(STUNDecodingError) -> STUNTransportAddress {
        guard value.count >= 4 else {
            throw STUNDecodingError(.invalidAttributeLength(value.count), offset: offset, attributeType: type)
        }
        let start = value.startIndex
        let family = value[start + 1]
        let expected: Int
        switch family {
        case 0x01: expected = 8
        case 0x02: expected = 20
        default:
            throw STUNDecodingError(.unknownAddressFamily(family), offset: offset, attributeType: type)
        }
        guard value.count == expected,
              let address = STUNIPAddress(bytes: value.dropFirst(4)) else {
            throw STUNDecodingError(.invalidAttributeLength(value.count), offset: offset, attributeType: type)
        }
        return STUNTransportAddress(address: address, port: value.bigEndianValue(at: start + 2, as: UInt16.self))
    }

    /// The number of value bytes, without padding.
    var valueLength: Int {
        switch self {
        case .mappedAddress(let address), .xorMappedAddress(let address), .alternateServer(let address):
            return 4 + address.address.byteCount
        case .username(let text), .realm(let text), .nonce(let text), .software(let text):
            return text.utf8.count
        case .userhash(let bytes), .messageIntegrity(let bytes), .messageIntegritySHA256(let bytes),
             .other(_, let bytes):
            return bytes.count
        case .fingerprint, .priority: return 4
        case .useCandidate: return 0
        case .iceControlled, .iceControlling: return 8
        case .errorCode(let error): return 4 + error.reason.utf8.count
        case .unknownAttributes(let types): return 2 * types.count
        }
    }

    /// Appends the value bytes (no header, no padding) to `buffer`.
    ///
    /// Throws ``STUNEncodingError/invalidErrorCode(_:)`` for an ERROR-CODE outside 300–699.
    func appendValue(to buffer: inout [UInt8], transactionID: STUNTransactionID) throws(STUNEncodingError) {
        switch self {
        case .mappedAddress(let address), .alternateServer(let address):
            Self.appendAddress(address, to: &buffer)
        case .xorMappedAddress(let address):
            Self.appendAddress(STUNTransportAddress(
                address: address.address.xored(with: transactionID),
                port: address.port ^ UInt16(truncatingIfNeeded: STUNMessage.magicCookie >> 16)), to: &buffer)
        case .username(let text), .realm(let text), .nonce(let text), .software(let text):
            buffer.append(contentsOf: text.utf8)
        case .userhash(let bytes), .messageIntegrity(let bytes), .messageIntegritySHA256(let bytes),
             .other(_, let bytes):
            buffer.append(contentsOf: bytes)
        case .fingerprint(let value), .priority(let value):
            buffer.appendBigEndian(value)
        case .useCandidate:
            break
        case .iceControlled(let tiebreaker), .iceControlling(let tiebreaker):
            buffer.appendBigEndian(tiebreaker)
        case .errorCode(let error):
            guard (300...699).contains(error.code) else { throw .invalidErrorCode(error.code) }
            buffer.appendBigEndian(UInt16(0))
            buffer.append(UInt8(error.code / 100))
            buffer.append(UInt8(error.code % 100))
            buffer.append(contentsOf: error.reason.utf8)
        case .unknownAttributes(let types):
            for type in types { buffer.appendBigEndian(type.rawValue) }
        }
    }

    /// Appends reserved byte, family, port and address (RFC 8489 §14.1).
    private static func appendAddress(_ address: STUNTransportAddress, to buffer: inout [UInt8]) {
        buffer.append(0)
        buffer.append(address.address.family)
        buffer.appendBigEndian(address.port)
        address.address.append(to: &buffer)
    }
}
