import StackCore

/// Checking MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT of a received message
/// (RFC 8489 §14.5, §14.6, §14.7).
extension STUNMessage {
    /// Checks the message's integrity attribute against `key` and returns the one checked.
    ///
    /// MESSAGE-INTEGRITY-SHA256 is checked when present, otherwise MESSAGE-INTEGRITY
    /// (RFC 8489 §9.1.3, §9.2.4). The HMAC covers the received bytes up to the attribute, with
    /// the length field set to end after it (RFC 8489 §14.5, §14.6); a truncated
    /// MESSAGE-INTEGRITY-SHA256 (16–28 bytes) is compared on its length. Attributes that come
    /// after the integrity attributes, other than FINGERPRINT, play no part. The comparison
    /// takes the same time whatever the bytes.
    @discardableResult
    public func verifyIntegrity(key: STUNIntegrityKey) throws(STUNVerificationError) -> STUNIntegrityAlgorithm {
        let wire = try wire()
        let algorithm: STUNIntegrityAlgorithm
        let found: (offset: Int, length: Int)
        if let sha256 = wire.layout.integritySHA256 {
            algorithm = .hmacSHA256
            found = sha256
        } else if let sha1 = wire.layout.integrity {
            algorithm = .hmacSHA1
            found = sha1
        } else {
            throw .missingIntegrity
        }
        let matches = wire.bytes.withUnsafeBytes { bytes -> Bool in
            let end = found.offset + 4 + found.length
            // The layout only lists attributes inside the bytes; checked again for the pointers.
            guard found.offset >= STUNMessageHeader.size, end <= bytes.count,
                  found.length <= algorithm.codeLength else { return false }
            // The header with the length field ending after the integrity attribute.
            let adjustedLength = UInt16(truncatingIfNeeded: end - STUNMessageHeader.size)
            let header = (bytes[0], bytes[1], UInt8(truncatingIfNeeded: adjustedLength >> 8),
                          UInt8(truncatingIfNeeded: adjustedLength))
            return withUnsafeBytes(of: header) { header in
                algorithm.withAuthenticationCode(
                    key: key, header, UnsafeRawBufferPointer(rebasing: bytes[4..<found.offset])
                ) { expected in
                    guard found.length <= expected.count else { return false }
                    var difference: UInt8 = 0
                    for index in 0..<found.length {
                        difference |= bytes[found.offset + 4 + index] ^ expected[index]
                    }
                    return difference == 0
                }
            }
        }
        guard matches else { throw .integrityMismatch(algorithm) }
        return algorithm
    }

    /// Checks that FINGERPRINT is present, last, and equal to the CRC-32 of the bytes before it
    /// XOR 0x5354554E (RFC 8489 §14.7).
    public func verifyFingerprint() throws(STUNVerificationError) {
        let wire = try wire()
        guard let offset = wire.layout.fingerprint else { throw .missingFingerprint }
        guard offset + 8 == wire.bytes.count else { throw .fingerprintNotLast }
        let (expected, received) = wire.bytes.withUnsafeBytes { bytes -> (UInt32, UInt32) in
            let expected = CRC32.checksum(UnsafeRawBufferPointer(rebasing: bytes[..<offset])) ^ Self.fingerprintXOR
            let received = UInt32(bigEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
            return (expected, received)
        }
        guard expected == received else { throw .fingerprintMismatch(expected: expected, received: received) }
    }

    /// The received bytes and their layout, or the message encoded as it stands and its layout.
    private func wire() throws(STUNVerificationError) -> STUNReceivedWire {
        if let received { return received }
        do {
            let bytes = try encoded()[...]
            return STUNReceivedWire(bytes: bytes, layout: STUNWireLayout(scanning: bytes))
        } catch {
            throw .unencodable(error)
        }
    }
}

/// Message bytes with the positions of their significant integrity and fingerprint attributes.
struct STUNReceivedWire: Sendable {
    /// The whole message.
    var bytes: ArraySlice<UInt8>
    /// Where the integrity and fingerprint attributes are in `bytes`.
    var layout: STUNWireLayout
}

/// Where the significant integrity and fingerprint attributes are, by offset from the first
/// byte of the message (recorded while decoding, or found by ``init(scanning:)``).
struct STUNWireLayout: Sendable {
    /// MESSAGE-INTEGRITY (20 bytes).
    var integrity: (offset: Int, length: Int)?
    /// MESSAGE-INTEGRITY-SHA256 (16–32 bytes, a multiple of 4).
    var integritySHA256: (offset: Int, length: Int)?
    /// FINGERPRINT (4 bytes).
    var fingerprint: Int?

    /// No attribute found yet.
    init() {}

    /// Walks the attribute headers of well-formed message bytes (decoded or encoded here);
    /// stops at anything out of bounds instead of trapping.
    init(scanning bytes: ArraySlice<UInt8>) {
        var significance = STUNAttributeSignificance()
        let base = bytes.startIndex
        var offset = STUNMessageHeader.size
        while offset + 4 <= bytes.count {
            let type = STUNAttributeType(bytes.bigEndianValue(at: base + offset, as: UInt16.self))
            let length = Int(bytes.bigEndianValue(at: base + offset + 2, as: UInt16.self))
            guard offset + 4 + length <= bytes.count else { break }
            if significance.admit(type) { note(type, offset: offset, length: length) }
            offset += 4 + (length + 3) & ~3
        }
    }

    /// Records a significant attribute of `type` at `offset` whose value has `length` bytes,
    /// when it is the first well-sized integrity or fingerprint attribute of its kind.
    mutating func note(_ type: STUNAttributeType, offset: Int, length: Int) {
        switch type {
        case .messageIntegrity where integrity == nil && length == 20:
            integrity = (offset, length)
        case .messageIntegritySHA256 where integritySHA256 == nil
            && length >= 16 && length <= 32 && length % 4 == 0:
            integritySHA256 = (offset, length)
        case .fingerprint where fingerprint == nil && length == 4:
            fingerprint = offset
        default:
            break
        }
    }
}
