import StackCore

/// Encoding a STUN message, with MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT
/// computed as RFC 8489 §14.5, §14.6 and §14.7 specify.
extension STUNMessage {
    /// Encodes the message into `buffer`, replacing its contents and reusing its storage.
    ///
    /// The attributes are written in order, each padded to a multiple of 4 with `paddingByte`
    /// (RFC 8489 §14 asks for zero; RFC 5769 used 0x20). Then, with an `integrityKey`, one
    /// integrity attribute per entry of `integrity` in that order (HMAC over the message so far,
    /// its length field counting up to the end of that attribute), and with `fingerprint`,
    /// FINGERPRINT last (CRC-32 XOR 0x5354554E over everything before it). Integrity or
    /// fingerprint attributes already in ``attributes`` are written as they are.
    ///
    /// Throws only for values this side built that do not fit the format.
    public func encode(
        into buffer: inout [UInt8], integrityKey: STUNIntegrityKey? = nil,
        integrity: [STUNIntegrityAlgorithm] = [.hmacSHA1], fingerprint: Bool = false,
        paddingByte: UInt8 = 0
    ) throws(STUNEncodingError) {
        // Size first, so the buffer grows at most once and nothing is written on failure.
        var bodyLength = 0
        for attribute in attributes {
            let length = attribute.valueLength
            guard length <= Int(UInt16.max) else { throw .attributeTooLong(attribute.type, length: length) }
            bodyLength += 4 + (length + 3) & ~3
        }
        if integrityKey != nil {
            for algorithm in integrity { bodyLength += 4 + algorithm.codeLength }
        }
        if fingerprint { bodyLength += 8 }
        guard bodyLength <= Int(UInt16.max) else { throw .messageTooLong(length: bodyLength) }

        buffer.removeAll(keepingCapacity: true)
        buffer.reserveCapacity(STUNMessageHeader.size + bodyLength)
        buffer.appendBigEndian(STUNMessageHeader.type(of: messageClass, method: method))
        buffer.appendBigEndian(UInt16(bodyLength))
        buffer.appendBigEndian(Self.magicCookie)
        transactionID.append(to: &buffer)

        for attribute in attributes {
            let length = attribute.valueLength
            buffer.appendBigEndian(attribute.type.rawValue)
            buffer.appendBigEndian(UInt16(length))
            do {
                try attribute.appendValue(to: &buffer, transactionID: transactionID)
            } catch {
                buffer.removeAll(keepingCapacity: true)
                throw error
            }
            let padding = (4 - length % 4) % 4
            for _ in 0..<padding { buffer.append(paddingByte) }
        }

        if let integrityKey {
            for algorithm in integrity {
                let start = buffer.count
                let codeLength = algorithm.codeLength
                buffer.setUInt16(UInt16(start + 4 + codeLength - STUNMessageHeader.size), at: 2)
                buffer.appendBigEndian(algorithm.attributeType.rawValue)
                buffer.appendBigEndian(UInt16(codeLength))
                buffer.append(contentsOf: repeatElement(0, count: codeLength))
                // The HMAC of the bytes before the attribute, written into its value in place.
                buffer.withUnsafeMutableBytes { bytes in
                    let value = UnsafeMutableRawBufferPointer(rebasing: bytes[(start + 4)..<(start + 4 + codeLength)])
                    algorithm.withAuthenticationCode(
                        key: integrityKey, UnsafeRawBufferPointer(rebasing: bytes[..<start]),
                        UnsafeRawBufferPointer(start: nil, count: 0)
                    ) { code in
                        value.copyMemory(from: UnsafeRawBufferPointer(rebasing: code.prefix(codeLength)))
                    }
                }
            }
        }

        if fingerprint {
            let start = buffer.count
            buffer.setUInt16(UInt16(start + 8 - STUNMessageHeader.size), at: 2)
            let crc = buffer.withUnsafeBytes { CRC32.checksum($0) } ^ Self.fingerprintXOR
            buffer.appendBigEndian(STUNAttributeType.fingerprint.rawValue)
            buffer.appendBigEndian(UInt16(4))
            buffer.appendBigEndian(crc)
        }
        buffer.setUInt16(UInt16(buffer.count - STUNMessageHeader.size), at: 2)
    }

    /// Encodes the message into a new array (see ``encode(into:integrityKey:integrity:fingerprint:paddingByte:)``).
    public func encoded(
        integrityKey: STUNIntegrityKey? = nil, integrity: [STUNIntegrityAlgorithm] = [.hmacSHA1],
        fingerprint: Bool = false, paddingByte: UInt8 = 0
    ) throws(STUNEncodingError) -> [UInt8] {
        var buffer: [UInt8] = []
        try encode(into: &buffer, integrityKey: integrityKey, integrity: integrity,
                   fingerprint: fingerprint, paddingByte: paddingByte)
        return buffer
    }
}
